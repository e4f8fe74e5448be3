"""Plan setup in the app: the Plan Settings dialog and the New Plan calendar question."""

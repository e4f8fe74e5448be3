"""The server tests' cluster, ``server_url`` and ``plan_location`` fixtures live in
tests/plan_locations.py, shared with the store, services, CLI and merge suites."""

"""Allow ``python -m relm_desktop``."""

from relm_desktop.cli import main

raise SystemExit(main())

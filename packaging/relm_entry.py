"""Entry script for the desktop bundle (PyInstaller)."""

import sys

from relm_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())

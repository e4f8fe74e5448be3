"""RELM Desktop: release planning for release coordinators."""

__version__ = "0.1.0"

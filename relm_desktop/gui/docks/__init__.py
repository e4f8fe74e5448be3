"""Dock panels around the central views: portfolio, properties, problems."""

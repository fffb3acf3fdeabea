"""qualicert: an open platform for a national quality-certification system."""

__version__ = "0.1.0"

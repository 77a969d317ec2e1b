"""Swedish scorecard report extraction pipeline."""

__version__ = "0.1.0"

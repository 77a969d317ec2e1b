"""Swedish scorecard report extraction pipeline."""

__version__ = "0.1.0"
PIPELINE_VERSION = __version__  # in the manifest: a new version extracts every source again

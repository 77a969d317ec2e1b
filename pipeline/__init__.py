"""Swedish scorecard report extraction pipeline."""

DISTRIBUTION = "styrkort-pipeline"  # the name on PyPI and for pip; the import package is ``pipeline``
__version__ = "0.3.0"  # the one place: pyproject.toml reads it
PIPELINE_VERSION = __version__  # in the manifest: a new version extracts every source again

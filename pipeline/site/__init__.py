"""A static HTML scorecard site over an ``out/`` directory: ``pipeline report OUT --html SITE``."""

from pipeline.site.build import build_pages, build_site
from pipeline.site.load import NotAnOutDir, load

__all__ = ["build_site", "build_pages", "load", "NotAnOutDir"]

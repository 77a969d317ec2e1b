"""What a reader opens over an ``out/`` directory: the static HTML scorecard site
(``pipeline report OUT --html SITE``) and the Excel workbook (``excel``: ``pipeline export OUT --xlsx FILE``),
in one Swedish vocabulary (``labels``)."""

from pipeline.site.build import build_pages, build_site
from pipeline.site.load import NotAnOutDir, load

__all__ = ["build_site", "build_pages", "load", "NotAnOutDir"]

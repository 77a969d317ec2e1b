"""Engine lookup: name -> render(doc, style, out, tmp)."""

from __future__ import annotations

import importlib
import tempfile
from pathlib import Path

from fixtures_build.model import Doc, Style

ENGINES = {"reportlab": "fixtures_build.engine_reportlab", "libreoffice": "fixtures_build.engine_docx",
           "chromium": "fixtures_build.engine_html"}


def render(engine: str, doc: Doc, style: Style, out: Path) -> None:
    module = importlib.import_module(ENGINES[engine])
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fixtures-") as tmp:
        module.render(doc, style, out, Path(tmp))

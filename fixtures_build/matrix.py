"""The rendering matrix of issue 8: both sample text exports, three engines, varied table looks."""

from __future__ import annotations

from dataclasses import dataclass

from fixtures_build.model import Style

SOURCES = {"2021-04": "samples/rn-run-delarsrapport-2021-04.txt",
           "2022-04": "samples/rn-run-delarsrapport-2022-04.txt"}


@dataclass(frozen=True)
class Rendering:
    period: str  # key of SOURCES
    engine: str  # reportlab | libreoffice | chromium
    style: Style

    @property
    def name(self) -> str:
        s = self.style
        rules = {"grid": "grid", "rows": "rowrules", "none": "norules"}[s.rules]
        parts = [self.period, self.engine, rules + ("-shaded" if s.shading == "alternate" else ""), s.marks,
                 "legend" if s.legend else "nolegend"]
        if s.narrow:
            parts.append("narrow")
        if not s.repeat_header:
            parts.append("norepeat")
        if s.ligatures:
            parts.append("ligatures")
        return ".".join(parts)

    @property
    def source(self) -> str:
        return SOURCES[self.period]


def _style(rules: str, marks: str, legend: bool, *, shaded: bool = False, narrow: bool = False,
           repeat: bool = True, ligatures: bool = False) -> Style:
    return Style(name="", rules=rules, marks=marks, legend=legend, narrow=narrow, repeat_header=repeat,
                 shading="alternate" if shaded else "header", ligatures=ligatures)


MATRIX: tuple[Rendering, ...] = (
    Rendering("2021-04", "reportlab", _style("grid", "glyph", True)),
    Rendering("2022-04", "reportlab", _style("rows", "vector", False)),
    Rendering("2021-04", "reportlab", _style("none", "raster", False, shaded=True, repeat=False)),
    Rendering("2022-04", "reportlab", _style("grid", "vector", True, narrow=True, repeat=False)),
    Rendering("2021-04", "libreoffice", _style("grid", "glyph", True)),
    Rendering("2022-04", "libreoffice", _style("rows", "raster", False)),
    Rendering("2021-04", "libreoffice", _style("none", "raster", True, shaded=True, narrow=True, repeat=False)),
    Rendering("2021-04", "chromium", _style("rows", "vector", False, narrow=True, ligatures=True)),
    Rendering("2022-04", "chromium", _style("grid", "glyph", True)),
    Rendering("2022-04", "chromium", _style("none", "raster", False, shaded=True, narrow=True, repeat=False)),
    Rendering("2021-04", "chromium", _style("rows", "vector", True, narrow=True, repeat=False)),
)

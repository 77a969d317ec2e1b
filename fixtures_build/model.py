"""What a fixture shows, independent of the engine that typesets it.

A `Doc` is a flat list of blocks (headings, paragraphs, tables, legends, page breaks). Every
engine renders the same `Doc`; a `Style` says how tables and marks look.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mark:
    """A status, trend or state sign: drawn as a glyph, a vector shape or a raster icon."""

    shape: str  # circle | diamond | check | cross | play | clock | arrow_up | arrow_right | arrow_down
    color: str  # "#rrggbb"
    filled: bool = True

    @property
    def glyph(self) -> str:
        return GLYPHS[(self.shape, self.filled)]


GLYPHS = {
    ("circle", True): "●", ("circle", False): "○", ("diamond", False): "◇", ("diamond", True): "◆",
    ("check", True): "✔", ("cross", True): "✖", ("play", True): "▶", ("clock", True): "◔",
    ("arrow_up", True): "↑", ("arrow_right", True): "➔", ("arrow_down", True): "↓",
}


@dataclass(frozen=True)
class Cell:
    text: str = ""
    mark: Mark | None = None  # printed before the text (or alone)
    progress: int | None = None  # a färdiggrad bar, 0..100
    label: str | None = None  # bold lead-in, e.g. "Kommentar:"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: str = "data"  # data | subheader (full width, bold, shaded) | comment (full width)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # relative column widths, summing to 1
    mark_columns: tuple[int, ...] = ()  # columns that hold only a mark (centred)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0 = document title, 1..4


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str | None = None  # bold lead-in ("Status:", "Kommentar:")


@dataclass(frozen=True)
class LegendBlock:
    title: str
    entries: tuple[tuple[Mark, str], ...]


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | LegendBlock | PageBreak


@dataclass(frozen=True)
class Doc:
    blocks: tuple[Block, ...]
    title: str  # PDF metadata Title
    author: str = ""
    subject: str = ""
    header: str = ""  # running header text (left | right split by " | ")
    footer: str = ""  # running footer; "{page}" and "{pages}" are filled in where the engine can
    meta: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Style:
    """How tables and marks look. One fixture = one Doc + one Style + one engine."""

    name: str
    rules: str = "grid"  # grid | rows | none
    shading: str = "header"  # header | alternate (header + alternating body rows) | none
    marks: str = "glyph"  # glyph | vector | raster
    legend: bool = True
    narrow: bool = False  # narrow columns: cells wrap to 2-4 lines
    repeat_header: bool = True  # repeat the header row when a table breaks across a page
    header_fill: str = "#d9d9d9"
    header_text: str = "#000000"
    body_fills: tuple[str, ...] = ("#ffffff", "#f2f2f2")
    subheader_fill: str = "#dce6f1"
    font_size: float = 10.0
    mark_pt: float = 9.0  # side of a vector or raster mark
    table_width: float = 1.0  # share of the text width

    @property
    def width_share(self) -> float:
        return NARROW_SHARE if self.narrow else self.table_width


NARROW_SHARE = 0.7  # narrow tables: text columns shrink to this share so cells wrap to 2-4 lines


def column_widths(table: Table, style: Style) -> tuple[float, ...]:
    """Column widths as shares of the text width. Narrow styles shrink text columns only, so
    mark columns keep room for their one-word headers."""
    if not table.mark_columns:  # only scorecard and goal tables are narrowed
        return table.widths
    return tuple(w if i in table.mark_columns else w * style.width_share for i, w in enumerate(table.widths))

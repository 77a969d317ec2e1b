"""What a fixture shows, independent of the engine that typesets it.

A `Doc` is a flat list of blocks (headings, paragraphs, tables, legends, page breaks). Every
engine renders the same `Doc`; a `Style` says how tables and marks look.
"""

from __future__ import annotations

import re
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
    ("smile", True): "😊", ("neutral_face", True): "😐", ("frown", True): "😒",
}


@dataclass(frozen=True)
class Cell:
    text: str = ""
    mark: Mark | None = None  # printed before the text (or alone)
    progress: int | None = None  # a färdiggrad bar, 0..100
    label: str | None = None  # bold lead-in, e.g. "Kommentar:"
    color: str | None = None  # "#rrggbb" of the text (an outcome printed in dark red: target missed)
    fill: str | None = None  # the cell's own background ("#rrggbb"): a status told by colour


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
    narrowable: tuple[int, ...] = ()  # text columns a narrow style shrinks


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
    table_font_size: float = 8.5  # small enough that headers and targets fit their columns unbroken
    mark_pt: float = 9.0  # side of a vector or raster mark
    ligatures: bool = False  # print "fi"/"fl" as the one-glyph ligatures U+FB01/U+FB02, as some tools do
    table_width: float = 1.0  # share of the text width

    @property
    def width_share(self) -> float:
        return NARROW_SHARE if self.narrow else self.table_width


NARROW_SHARE = 0.6  # narrow tables: text columns shrink to this share so cells wrap to 2-4 lines
SOFT_HYPHEN_MIN_WORD = 10  # narrow tables: words this long get soft hyphens, as Word's auto-hyphenation would
VOWELS = set("aeiouyåäö")


def column_widths(table: Table, style: Style) -> tuple[float, ...]:
    """Column widths as shares of the text width; a narrow style shrinks the narrowable columns."""
    share = style.width_share
    return tuple(w * share if i in table.narrowable else w for i, w in enumerate(table.widths))


def soft_hyphenate(text: str) -> str:
    """Soft hyphens inside long words, so an engine that honours them breaks "kulturmil-/jöområdet"
    with a visible hyphen, as Word's auto-hyphenation would. Cuts go before a consonant that starts
    a syllable (consonant + vowel), a rough Swedish rule; the reader joins by lexicon anyway."""
    def split(m: re.Match) -> str:
        w = m.group(0)
        cuts = [i for i in range(2, len(w) - 2)
                if w[i].lower() not in VOWELS and w[i + 1].lower() in VOWELS]
        return "\u00ad".join(w[a:b] for a, b in zip((0, *cuts), (*cuts, len(w)), strict=True))
    return re.sub(rf"\w{{{SOFT_HYPHEN_MIN_WORD},}}", split, text)


LIGATURES = {"ffi": "\ufb03", "ffl": "\ufb04", "ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02"}


def ligate(text: str, style: Style) -> str:
    if not style.ligatures:
        return text
    for seq, lig in LIGATURES.items():  # longest first
        text = text.replace(seq, lig)
    return text


def fit(text: str, table: Table, style: Style) -> str:
    """Cell text as an engine that honours soft hyphens should print it."""
    return soft_hyphenate(text) if style.narrow and table.narrowable else text

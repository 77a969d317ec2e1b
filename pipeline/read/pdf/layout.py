"""Plain layout values the PDF reader passes between its steps: glyphs, words, lines, rules,
grids, marks and page-local items. A page's layout outlives the page object."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import BBox, BlockKind, Mark, PageInfo
from pipeline.settings.pdf import TextSettings
from pipeline.status.marks import is_mark_glyph

_DASHES = {"–", "-"}  # bullets only when a tab stop, not a space, follows them
BULLETS = {"•", "\uf0b7", "▪", "◦", "\uf0a7", "‣", "∙"}

@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    color: str | None


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    glyphs: tuple[Glyph, ...]

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return BBox(self.x0, self.top, self.x1, self.bottom)

    @property
    def style(self) -> tuple[float, bool, bool]:
        """(size, bold, italic) of the line's text, ignoring mark glyphs and bullets."""
        words = [w for w in self.words if not is_mark_glyph(w.text) and w.text not in BULLETS] or list(self.words)
        n = sum(len(w.text) for w in words) or 1
        size = max(Counter(round(w.size * 2) / 2 for w in words).items(), key=lambda kv: kv[1])[0]
        if small_caps(words):  # "7.2 GRANSKNING AV ...": the capitals' size is the heading's
            size = max(round(w.size * 2) / 2 for w in words)
        bold = sum(len(w.text) for w in words if w.bold) * 2 > n
        italic = sum(len(w.text) for w in words if w.italic) * 2 > n
        return size, bold, italic


@dataclass(frozen=True, slots=True)
class Shape:
    """A small vector shape or raster image that may be a status/trend mark."""

    x0: float
    top: float
    x1: float
    bottom: float
    mark: Mark


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: column and row boundaries from the drawn rules."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    verticals: tuple[Rule, ...] = ()  # the drawn column rules: a row a rule does not cross spans columns

    @property
    def bbox(self) -> BBox:
        return BBox(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


@dataclass(frozen=True, slots=True)
class RowCell:
    text: str
    bbox: BBox
    marks: tuple[Mark, ...] = ()
    color: str | None = None  # "#rrggbb" most of the cell's text is printed in (marks aside)
    fill: str | None = None  # the cell's own background colour ("#rrggbb"), not a row's band


@dataclass(frozen=True, slots=True)
class Item:
    """A block before char offsets are known; page-local."""

    kind: BlockKind
    text: str
    page: int
    bbox: BBox
    level: int | None = None
    style: str | None = None
    cells: tuple[RowCell, ...] = ()
    table: int | None = None  # id of the physical table part on its page
    page_end: int | None = None


@dataclass(frozen=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]  # flow text (outside tables)
    tables: tuple[tuple[Item, ...], ...]  # table parts as TABLE_ROW items, in page order
    figures: tuple[BBox, ...] = ()
    shapes: tuple[Shape, ...] = ()  # marks outside tables (legend lines)
    n_cid: int = 0
    n_chars: int = 0
    n_images: int = 0
    n_big_images: int = 0  # over the pixel budget: not decoded (a warning names the page)
    info: PageInfo | None = None  # the first look: the page's kind and object counts

@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


def is_bullet(ln: Line, ts: TextSettings) -> bool:
    if len(ln.words) < 2:
        return False
    first, nxt = ln.words[0], ln.words[1]
    if first.text in BULLETS:
        return True
    return first.text in _DASHES and nxt.x0 - first.x1 > ts.bullet_gap_em * max(first.size, 1.0)


def small_caps(words: Sequence[Word]) -> bool:
    """A line set in small caps (a Word heading style): capitals only, at two or more sizes.
    Its size is that of the larger capitals, not of the most letters."""
    letters = "".join(w.text for w in words)
    return (any(c.isalpha() for c in letters) and not any(c.islower() for c in letters)
            and len({round(w.size * 2) / 2 for w in words}) > 1)

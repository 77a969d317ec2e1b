"""Born-digital PDF reports -> Document, with pdfplumber (algorithm ``read.pdf.v1``).

Per page (the page is closed before the next one is opened, so memory stays bounded):
    page_to_layout: chars (own de-duplication), rules, shaded fills, mark shapes, images
    chars_to_lines -> lines_to_words
    rules_to_grids (ruled tables) -> grid_to_rows (words and marks into cells)
    lines_to_light_tables (row rules only, or columns aligned by whitespace)
Per document:
    layouts_to_furniture (running headers, footers, page numbers)
    lines_to_items (headings by font size/weight, paragraphs, list items, TOC entries)
    items_to_blocks (paragraphs and table rows broken across pages re-joined, char offsets)

pdfplumber's ``extract_table`` loses colours and shapes, so cells are filled from the
words and mark objects found inside each cell's bbox.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pipeline.hyphenation import is_word, is_word_or_compound, join_two, restore_suspension_hyphens
from pipeline.marks import (
    glyph_to_mark,
    is_legend_heading,
    is_mark_glyph,
    pairs_to_legend,
    pdf_color_to_hex,
)
from pipeline.model import (
    BBox,
    Block,
    BlockKind,
    Cell,
    Document,
    ErrorRecord,
    Legend,
    Mark,
    Provenance,
    Severity,
)
from pipeline.profile import Profile
from pipeline.read import ReadError

ALGORITHM = "read.pdf.v1"

_CID = re.compile(r"\(cid:\d+\)")
_BULLETS = {"•", "\uf0b7", "▪", "◦", "\uf0a7", "‣", "∙"}
# short words that end or start a wrapped line on their own; never halves of a broken word
_SHORT_WORDS = {"och", "med", "i", "på", "av", "för", "till", "en", "ett", "som", "om", "är", "att", "de",
                "det", "den", "vid", "per", "ny", "nya", "god", "hela", "inom", "samt", "eller", "år"}
_DASHES = {"–", "-"}  # bullets only when a tab stop, not a space, follows them
_LEADER = re.compile(r"^(?P<title>.*?)\s*(?:\.{3,}|…{2,}|\s{3,})\s*(?P<page>\d{1,4})$")
_PAGE_NUMBER = re.compile(r"^(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:\(|/|av|of)\s*\d{1,4}\)?)?$", re.I)
_SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "”", "»")
_TIGHT = {BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY, BlockKind.LIST_ITEM, BlockKind.LEGEND}
# typical descent (em) of a text font, for fonts whose descriptor gives none
_DESCENT = 0.22
# white space (em) between two lines of a light table that no wrapped cell text leaves
_ROW_GAP_EM = 0.6


# ----------------------------------------------------------------------------- layout types

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
        words = [w for w in self.words if not is_mark_glyph(w.text) and w.text not in _BULLETS] or list(self.words)
        n = sum(len(w.text) for w in words) or 1
        size = max(Counter(round(w.size * 2) / 2 for w in words).items(), key=lambda kv: kv[1])[0]
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

    @property
    def bbox(self) -> BBox:
        return BBox(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


@dataclass(frozen=True, slots=True)
class RowCell:
    text: str
    bbox: BBox
    marks: tuple[Mark, ...] = ()


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


# ----------------------------------------------------------------------------- opening

def open_pdf(data: bytes):
    """Open with pdfplumber; encryption and corruption become ReadErrors that say why."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = len(pdf.pages)
    except Exception as exc:  # pdfplumber wraps pdfminer errors in PdfminerException
        raise _read_error(exc) from exc
    return pdf


def _read_error(exc: BaseException) -> ReadError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(inner).lower():
        return ReadError("encrypted PDF: a password is required to read it")
    name = type(inner).__name__
    if name in ("PSEOF",) or "EOF" in str(inner):
        return ReadError(f"truncated or corrupt PDF: unexpected end of file ({name})")
    return ReadError(f"corrupt PDF: {name}: {inner}")


# ----------------------------------------------------------------------------- chars

@lru_cache(maxsize=1024)
def _font_flags(fontname: str) -> tuple[bool, bool]:
    base = fontname.split("+", 1)[-1].lower()
    return ("bold" in base or "black" in base or "heavy" in base or "semibold" in base,
            "italic" in base or "oblique" in base)


def chars_to_glyphs(chars: Iterable[dict]) -> tuple[list[Glyph], int]:
    """pdfplumber chars -> glyphs, exact duplicates dropped (Word draws some text twice for
    fake bold). A hash set keeps this linear, unlike pdfplumber's dedupe_chars."""
    seen: set[tuple] = set()
    out: list[Glyph] = []
    n_cid = 0
    colors: dict[object, str | None] = {}  # a page uses a handful of colours; convert each once
    for ch in chars:
        if not ch.get("upright", True):
            continue
        text = ch["text"]
        if text.startswith("(cid:"):
            n_cid += 1
            text = "\ufffd"
        key = (text, round(ch["x0"], 1), round(ch["top"], 1))
        if key in seen:
            continue
        seen.add(key)
        bold, italic = _font_flags(ch.get("fontname", ""))
        raw = ch.get("non_stroking_color")
        try:
            color = colors[raw]
        except (KeyError, TypeError):
            color = pdf_color_to_hex(raw)
            try:
                colors[raw] = color
            except TypeError:  # unhashable pattern colours
                pass
        top, bottom = ch["top"], ch["bottom"]
        m = ch.get("matrix")
        if m and "y0" in ch and abs(ch["y0"] - m[5]) < 0.01 and ch.get("size"):
            # the font declares no descent, so pdfminer set the box on the baseline: move it down
            # to where the glyphs are drawn (boxes in the debug view and provenance fit the ink)
            top, bottom = top + _DESCENT * ch["size"], bottom + _DESCENT * ch["size"]
        out.append(Glyph(text, ch["x0"], top, ch["x1"], bottom, ch.get("size", 0.0), bold, italic, color))
    return out, n_cid


T = TypeVar("T", "Glyph", "Word")


def rows_by_centre(items: Sequence[T]) -> list[list[T]]:
    """Group glyphs or words into text lines by vertical centre, each line left to right; a
    mark glyph in a bigger font sits a little lower or higher than the text beside it, hence
    the tolerance in em."""
    rows: list[list[T]] = []
    centres: list[float] = []
    for it in sorted(items, key=lambda it: ((it.top + it.bottom) / 2, it.x0)):
        c = (it.top + it.bottom) / 2
        if rows and abs(c - centres[-1]) <= 0.35 * max(it.size, 1.0):
            rows[-1].append(it)
        else:
            rows.append([it])
            centres.append(c)
    return [sorted(r, key=lambda it: it.x0) for r in rows]


def glyphs_to_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    return rows_by_centre(glyphs)


def line_to_words(glyphs: list[Glyph]) -> list[Word]:
    """Split one line into words at spaces and at gaps wider than a fraction of the font size."""
    words: list[Word] = []
    cur: list[Glyph] = []

    def flush() -> None:
        if cur:
            text = unicodedata.normalize("NFC", "".join(g.text for g in cur))
            sizes = Counter(round(g.size, 1) for g in cur)
            words.append(Word(text, cur[0].x0, min(g.top for g in cur), max(g.x1 for g in cur),
                              max(g.bottom for g in cur), sizes.most_common(1)[0][0],
                              sum(g.bold for g in cur) * 2 > len(cur), sum(g.italic for g in cur) * 2 > len(cur),
                              tuple(cur)))
            cur.clear()

    for g in glyphs:
        if not g.text.strip():
            flush()
            continue
        if cur:
            gap = g.x0 - cur[-1].x1
            mark_edge = is_mark_glyph(g.text) or is_mark_glyph(cur[-1].text)
            if gap > 0.2 * max(g.size, 1.0) or (mark_edge and gap > 0.5):
                flush()
        cur.append(g)
    flush()
    return words


def glyphs_to_words(glyphs: list[Glyph]) -> list[Word]:
    return [w for row in glyphs_to_lines(glyphs) for w in line_to_words(row)]


def words_to_lines(words: Sequence[Word]) -> list[Line]:
    """Words (possibly a subset of a page's) -> lines in reading order."""
    return [Line(tuple(r)) for r in rows_by_centre(words)]


# ----------------------------------------------------------------------------- rules and grids

@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


def objects_to_rules(lines: Iterable[dict], rects: Iterable[dict], max_mark: float) -> list[Rule]:
    """Drawn lines and thin rects -> rules; stroked rects give their four edges. Filled-only
    rects (cell shading) are not rules. Duplicates (drawn twice) are dropped."""
    out: set[Rule] = set()

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        out.add(Rule(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))

    for ln in lines:
        if abs(ln["top"] - ln["bottom"]) < 1.5 or abs(ln["x0"] - ln["x1"]) < 1.5:
            add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if h < 2 and w > 2 or w < 2 and h > 2:
            add(r["x0"], r["top"], r["x1"], r["bottom"])
        elif r.get("stroke") and w > max_mark and h > max_mark / 2:
            add(r["x0"], r["top"], r["x1"], r["top"])
            add(r["x0"], r["bottom"], r["x1"], r["bottom"])
            add(r["x0"], r["top"], r["x0"], r["bottom"])
            add(r["x1"], r["top"], r["x1"], r["bottom"])
    return sorted(out, key=lambda r: (r.top, r.x0))


def _cluster(values: Iterable[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def rules_to_grids(rules: Sequence[Rule], tol: float = 2.0) -> tuple[list[Grid], list[Rule]]:
    """Connected horizontal + vertical rules -> grids. Returns (grids, lone horizontal rules):
    horizontal rules with no verticals are the row rules of a light table."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids: list[Grid] = []
    lone: list[Rule] = []
    for gh, gv in groups.values():
        if len(gh) >= 2 and len(gv) >= 2:
            xs = _cluster([v.x0 for v in gv], tol)
            ys = _cluster([h.top for h in gh], tol)
            if len(xs) >= 2 and len(ys) >= 2:
                grids.append(Grid(tuple(xs), tuple(ys)))
                continue
        if not gv:
            lone.extend(gh)
    grids.sort(key=lambda g: g.ys[0])
    return grids, lone


# ----------------------------------------------------------------------------- marks (shapes, images)

def curve_to_mark(obj: dict) -> Mark | None:
    """A small filled (or stroked) vector path -> Mark, shape read from its points."""
    pts = obj.get("pts") or []
    x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    w, h = x1 - x0, bottom - top
    if w <= 0.5 or h <= 0.5:
        return None
    filled = bool(obj.get("fill"))
    color = pdf_color_to_hex(obj.get("non_stroking_color") if filled else obj.get("stroking_color"))
    curved = any(seg and seg[0] in ("c", "v", "y") for seg in obj.get("path") or ())
    shape = "circle" if curved else polygon_to_shape([(p[0], p[1]) for p in pts], (x0, top, x1, bottom))
    return Mark(shape, color, shape, filled, "vector", BBox(x0, top, x1, bottom))


def polygon_to_shape(pts: list[tuple[float, float]], bbox: tuple[float, float, float, float]) -> str:
    """Name a straight-edged path's shape by rasterising it and reading the pixel mask, so
    vector and raster marks are judged by the same rules."""
    from PIL import Image, ImageDraw

    x0, top, x1, bottom = bbox
    w, h = max(x1 - x0, 1e-6), max(bottom - top, 1e-6)
    n = 32
    im = Image.new("L", (n, n), 0)
    if len(pts) >= 3:
        ImageDraw.Draw(im).polygon([((x - x0) / w * (n - 1), (y - top) / h * (n - 1)) for x, y in pts], fill=255)
    data = list(im.tobytes())
    return mask_to_shape([v > 127 for v in data], n, n) or "shape"


def rect_to_mark(obj: dict) -> Mark:
    filled = bool(obj.get("fill"))
    color = pdf_color_to_hex(obj.get("non_stroking_color") if filled else obj.get("stroking_color"))
    return Mark("square", color, "square", filled, "vector",
                BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))


def image_to_mark(obj: dict) -> Mark | None:
    """A small raster icon -> Mark: dominant ink colour and shape from its pixels."""
    try:
        pixels, size = _image_pixels(obj)
    except Exception:  # unsupported encodings are not fatal: the cell just has no image mark
        return None
    bbox = BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    color, shape, filled = pixels_to_mark(pixels, size)
    if shape is None:
        return None
    return Mark(shape, color, shape, filled, "image", bbox)


def _image_pixels(obj: dict) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    from PIL import Image

    stream = obj["stream"]
    attrs = stream.attrs
    w, h = int(attrs.get("Width", obj.get("srcsize", (0, 0))[0])), int(attrs.get("Height", obj.get("srcsize", (0, 0))[1]))
    filters = str(attrs.get("Filter", ""))
    if "DCT" in filters or "JPX" in filters:
        img = Image.open(io.BytesIO(stream.get_rawdata())).convert("RGB")
    else:
        data = stream.get_data()
        cs = str(attrs.get("ColorSpace", ""))
        bpc = int(attrs.get("BitsPerComponent", 8))
        if bpc != 8:
            raise ValueError("only 8-bit images")
        if "Gray" in cs or len(data) == w * h:
            img = Image.frombytes("L", (w, h), data).convert("RGB")
        elif "CMYK" in cs or len(data) == 4 * w * h:
            img = Image.frombytes("CMYK", (w, h), data).convert("RGB")
        else:
            img = Image.frombytes("RGB", (w, h), data[: 3 * w * h])
    img = img.convert("RGBA")
    smask = attrs.get("SMask")
    if smask is not None:
        from pdfminer.pdftypes import resolve1

        ms = resolve1(smask)
        mdata = ms.get_data()
        mw, mh = int(ms.attrs.get("Width", w)), int(ms.attrs.get("Height", h))
        alpha = Image.frombytes("L", (mw, mh), mdata[: mw * mh]).resize(img.size)
        img.putalpha(alpha)
    if max(img.size) > 64:  # shape and colour survive downscaling; pixel loops stay cheap
        img = img.resize((64, max(1, round(64 * img.size[1] / img.size[0]))) if img.size[0] >= img.size[1]
                         else (max(1, round(64 * img.size[0] / img.size[1])), 64), Image.NEAREST)
    raw = img.tobytes()
    return [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)], img.size


def pixels_to_mark(pixels: Sequence[tuple[int, int, int, int]], size: tuple[int, int]
                   ) -> tuple[str | None, str | None, bool | None]:
    """(colour hex, shape, filled) of the ink in an icon; ink = opaque and not near-white."""
    import colorsys

    w, h = size
    ink = [False] * (w * h)
    buckets: Counter = Counter()
    sums: dict[tuple, list[int]] = {}
    for i, (r, g, b, a) in enumerate(pixels):
        if a < 128:
            continue
        _, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        if v > 0.92 and s < 0.08:
            continue
        ink[i] = True
        key = (r >> 5, g >> 5, b >> 5)
        buckets[key] += 1
        acc = sums.setdefault(key, [0, 0, 0])
        acc[0] += r
        acc[1] += g
        acc[2] += b
    n = sum(ink)
    if n == 0:
        return None, None, None
    key, cnt = buckets.most_common(1)[0]
    r, g, b = (c / cnt / 255 for c in sums[key])
    from pipeline.marks import rgb_to_hex

    color = rgb_to_hex((r, g, b))
    rows = [sum(ink[y * w:(y + 1) * w]) for y in range(h)]
    cols = [sum(ink[y * w + x] for y in range(h)) for x in range(w)]
    ys = [y for y, c in enumerate(rows) if c]
    xs = [x for x, c in enumerate(cols) if c]
    bw, bh = xs[-1] - xs[0] + 1, ys[-1] - ys[0] + 1
    fill = n / (bw * bh)
    cx, cy = (xs[0] + xs[-1]) // 2, (ys[0] + ys[-1]) // 2
    centre_ink = ink[cy * w + cx]
    filled = centre_ink or fill > 0.45
    if not filled:
        # hollow: judge the outline shape by its ink at the corners vs the edge midpoints
        corner = ink[ys[0] * w + xs[0]] or ink[ys[-1] * w + xs[-1]]
        return color, ("square" if corner else "diamond" if bw > 4 else "circle"), False
    return color, mask_to_shape(ink, w, h), True


def mask_to_shape(ink: Sequence[bool], w: int, h: int) -> str | None:
    """Shape of the ink in a w x h mask: square, circle, diamond, triangle_* or arrow_*.

    Fill ratio separates square (~1), circle (~0.79) and the rest (~0.5). An arrow has a
    stem: a third of its length of constant, narrow width; a triangle is widest at one end,
    a diamond in the middle.
    """
    rows = [sum(ink[y * w:(y + 1) * w]) for y in range(h)]
    cols = [sum(ink[y * w + x] for y in range(h)) for x in range(w)]
    ys = [y for y, c in enumerate(rows) if c]
    xs = [x for x, c in enumerate(cols) if c]
    if not ys:
        return None
    band = rows[ys[0]:ys[-1] + 1]
    colw = cols[xs[0]:xs[-1] + 1]
    fill = sum(band) / (len(band) * len(colw))
    if fill > 0.9:
        return "square"
    if fill > 0.68:
        return "circle"

    def stem(seq: list[int]) -> bool:
        part = seq[: max(2, len(seq) // 3)]
        top = max(seq)
        return all(0 < v <= 0.6 * top for v in part) and max(part) - min(part) <= 0.1 * top + 0.5

    if stem(band[::-1]):
        return "arrow_up"
    if stem(band):
        return "arrow_down"
    if stem(colw):
        return "arrow_right"
    if stem(colw[::-1]):
        return "arrow_left"
    widest = max(range(len(band)), key=lambda i: band[i])
    if widest < len(band) / 4:
        return "triangle_down"
    if widest >= 3 * len(band) / 4:
        return "triangle_up"
    tallest = max(range(len(colw)), key=lambda i: colw[i])
    if tallest < len(colw) / 4:
        return "triangle_left"
    if tallest >= 3 * len(colw) / 4:
        return "triangle_right"
    return "diamond"


def objects_to_shapes(page, max_mark: float) -> tuple[list[Shape], list[BBox]]:
    """Small curves, rects and images -> mark candidates; large images -> figure boxes."""
    shapes: list[Shape] = []
    figures: list[BBox] = []
    seen: set[tuple] = set()
    for obj in page.curves:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w <= max_mark and h <= max_mark and max(w, h) >= 2:
            key = (round(obj["x0"]), round(obj["top"]), round(w), round(h))
            if key in seen:
                continue
            seen.add(key)
            m = curve_to_mark(obj)
            if m:
                shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], m))
    for obj in page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if 3 <= w <= max_mark and 3 <= h <= max_mark and 0.6 <= w / h <= 1.6:
            key = (round(obj["x0"]), round(obj["top"]), round(w), round(h))
            if key in seen:
                continue
            seen.add(key)
            shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], rect_to_mark(obj)))
    for obj in page.images:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w <= max_mark and h <= max_mark:
            m = image_to_mark(obj)
            if m:
                shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], m))
        elif w > 3 * max_mark or h > 3 * max_mark:
            figures.append(BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    return shapes, figures


def _shaded(fills: Sequence[dict], box: BBox) -> bool:
    """True when a non-white filled rect covers most of ``box`` (a shaded header row)."""
    for f in fills:
        if f["x0"] <= box.x0 + 2 and f["x1"] >= box.x0 + 10 and f["top"] <= box.top + 2 and f["bottom"] >= box.bottom - 2:
            col = pdf_color_to_hex(f.get("non_stroking_color"))
            if col and col not in ("#ffffff",):
                return True
    return False


# ----------------------------------------------------------------------------- cells

def join_cell_lines(lines: Sequence[tuple[str, float, float]], right_edge: float) -> str:
    """Join a cell's wrapped lines. Each line is (text, x1, size).

    Word breaks a word that is wider than the column without a hyphen ("kulturmiljöområde" /
    "t"): such a line reaches the column's right edge and the join makes a word, or the
    remainder is not a word on its own. Line-end hyphens go through hyphenation.join_two.
    """
    out = ""
    prev_x1, prev_size, prev_alone = 0.0, 10.0, False
    for text, x1, size in lines:
        text = text.strip()
        if not text:
            continue
        if not out:
            out, prev_x1, prev_size, prev_alone = text, x1, size, " " not in text
            continue
        out = _join_fragments(out, text, at_edge=right_edge - prev_x1 <= 0.6 * prev_size, alone=prev_alone)
        prev_x1, prev_size, prev_alone = x1, size, " " not in text
    return out


def _join_fragments(first: str, second: str, *, at_edge: bool, alone: bool = False) -> str:
    """Join two wrapped fragments; ``alone``: the first line was one word that filled the
    column, which only happens when the word itself was too wide (long compounds the word
    list does not know: "kompetensförstärk" / "ningsrådet")."""
    if first.endswith("-") and len(first) > 1 and not first[-2].isalpha() and not first[-2].isspace():
        return first + second  # "2021-" / "2027", "(1%-" / "regeln)"
    if at_edge and first[-1:].isalpha() and second[:1].isalpha() and second[:1].islower():
        left = re.search(r"([^\W\d_]+)$", first)
        right = re.match(r"([^\W\d_]+)", second)
        if left and right:
            lw, rw = left.group(1), right.group(1)
            # the word list knows stray letters ("t", "n"), so a short remainder proves little;
            # two long real words side by side ("regional" / "utveckling") were wrapped at a space
            both_words = (is_word_or_compound(lw) and is_word_or_compound(rw) and len(lw) > 3 and len(rw) > 3
                          or lw.lower() in _SHORT_WORDS or rw.lower() in _SHORT_WORDS)
            if not both_words and (alone or is_word_or_compound(lw + rw)):
                return first + second
            # a lone over-wide word that is not a word by itself, completed by a short ending the
            # word list would otherwise take for a word of its own ("Norrbottensmusik" / "en,")
            if (alone and rw.lower() in _SHORT_WORDS and not is_word(lw)
                    and is_word_or_compound(lw + rw)):
                return first + second
    return join_two(first, second)


def words_to_cell(words: Sequence[Word], box: BBox, shapes: Sequence[Shape]) -> RowCell:
    """The words and marks inside one cell's bbox -> its text (wrapped lines joined) and marks."""
    lines = words_to_lines(words)
    # the cell's inner padding, measured on the left, tells where its text column ends
    pad = min(max(min((ln.x0 for ln in lines), default=box.x0 + 3) - box.x0, 1.0), 8.0)
    text = restore_suspension_hyphens(join_cell_lines([(ln.text, ln.x1, ln.style[0]) for ln in lines], box.x1 - pad))
    marks: list[Mark] = []
    for w in words:
        for g in w.glyphs:
            if is_mark_glyph(g.text):
                marks.append(glyph_to_mark(g.text, g.color, BBox(g.x0, g.top, g.x1, g.bottom)))
    for s in shapes:
        cx, cy = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
        if box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom:
            marks.append(s.mark)
    return RowCell(unicodedata.normalize("NFC", text), box, tuple(marks))


def _inside(w: Word, box: BBox, tol: float = 1.0) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box.x0 - tol <= cx <= box.x1 + tol and box.top - tol <= cy <= box.bottom + tol


def grid_to_rows(grid: Grid, words: Sequence[Word], shapes: Sequence[Shape], fills: Sequence[dict],
                 page: int, table: int) -> list[Item]:
    """One TABLE_ROW item per grid row with any text or mark; the first row is the header when
    it is shaded or bold."""
    xs, ys = grid.xs, grid.ys
    buckets: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        i = _index(xs, cx)
        j = _index(ys, cy)
        if i is not None and j is not None:
            buckets.setdefault((j, i), []).append(w)
    items: list[Item] = []
    for j in range(len(ys) - 1):
        cells = []
        for i in range(len(xs) - 1):
            box = BBox(xs[i], ys[j], xs[i + 1], ys[j + 1])
            cells.append(words_to_cell(buckets.get((j, i), []), box, shapes))
        if not any(c.text or c.marks for c in cells):
            continue
        row_box = BBox(xs[0], ys[j], xs[-1], ys[j + 1])
        header = not items and (_shaded(fills, cells[0].bbox) or all(
            w.bold for i in range(len(xs) - 1) for w in buckets.get((j, i), [])))
        items.append(Item(BlockKind.TABLE_ROW, "\t".join(c.text for c in cells), page, row_box,
                          style="table_header" if header else None, cells=tuple(cells), table=table))
    return items


def _index(bounds: Sequence[float], v: float) -> int | None:
    for k in range(len(bounds) - 1):
        if bounds[k] <= v < bounds[k + 1]:
            return k
    return None


# ----------------------------------------------------------------------------- light tables

def line_to_segments(line: Line, gap_em: float) -> list[list[Word]]:
    """Split a line at horizontal gaps wider than ``gap_em`` em: candidate table columns."""
    segs: list[list[Word]] = [[line.words[0]]]
    for w in line.words[1:]:
        if w.x0 - segs[-1][-1].x1 > gap_em * max(w.size, 1.0):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def lines_to_light_tables(lines: Sequence[Line], row_rules: Sequence[Rule], gap_em: float,
                          para_gap_em: float) -> list[tuple[int, int, list[float]]]:
    """Find runs of lines laid out in whitespace-aligned columns.

    Returns (first line index, end index, column starts). A run needs at least two lines with
    two or more segments whose starts line up; single-segment lines inside a run are wrapped
    cell text when they start at a column and stay within it.
    """
    # a bullet and its text are separated by a tab stop, not a column gap
    segs = [[list(ln.words)] if _is_bullet(ln) else line_to_segments(ln, gap_em) for ln in lines]
    found: list[tuple[int, int, list[float]]] = []
    i = 0
    while i < len(lines):
        if len(segs[i]) < 2:
            i += 1
            continue
        cols = [s[0].x0 for s in segs[i]]
        j = i + 1
        multi = 1
        while j < len(lines):
            size = lines[j].style[0]
            gap = lines[j].top - lines[j - 1].bottom
            if gap > 2.5 * size:
                break
            tol = 0.5 * size
            starts = [s[0].x0 for s in segs[j]]
            aligned = all(any(abs(x - c) <= tol for c in cols) for x in starts)
            if len(segs[j]) >= 2:
                if not aligned and sum(any(abs(x - c) <= tol for c in cols) for x in starts) < 2:
                    break
                for x in starts:
                    if not any(abs(x - c) <= tol for c in cols):
                        cols = sorted([*cols, x])
                multi += 1
            else:
                k = next((n for n, c in enumerate(cols) if abs(starts[0] - c) <= tol), None)
                limit = cols[k + 1] if k is not None and k + 1 < len(cols) else float("inf")
                if k is None or lines[j].x1 > limit or gap > para_gap_em * size * 1.5:
                    break
            j += 1
        if multi >= 2 and len(cols) >= 2:
            found.append((i, j, cols))
            i = j
        else:
            i += 1
    return found


def light_table_to_rows(lines: Sequence[Line], cols: list[float], row_rules: Sequence[Rule], gap_em: float,
                        shapes: Sequence[Shape], page: int, table: int, right: float) -> list[Item]:
    """Lines of one light table -> TABLE_ROW items. Row rules split rows when present;
    otherwise a line with text in the first column and in another column starts a row."""
    size = lines[0].style[0]
    tol = 0.5 * size
    rules_y = sorted(r.top for r in row_rules
                     if r.x0 <= cols[0] + tol and r.x1 >= cols[-1] and lines[0].top - size <= r.top <= lines[-1].bottom + size)
    groups: list[list[Line]] = []
    prev_band = None
    for ln in lines:
        band = sum(1 for y in rules_y if y < (ln.top + ln.bottom) / 2)
        starts = [s[0].x0 for s in line_to_segments(ln, gap_em)]
        first_col = abs(starts[0] - cols[0]) <= tol
        if rules_y:
            new = band != prev_band
        else:
            # a row starts with text in the first column, or after a gap wider than the leading of
            # wrapped cell text (goal tables leave the first cell of a factor's row empty)
            gap = ln.top - groups[-1][-1].bottom if groups else 0.0
            new = first_col and (len(starts) >= 2 or not groups) or gap > _ROW_GAP_EM * size
        if new or not groups:
            groups.append([])
        groups[-1].append(ln)
        prev_band = band
    bounds = [*cols[1:], right]
    items: list[Item] = []
    for g in groups:
        top, bottom = min(ln.top for ln in g), max(ln.bottom for ln in g)
        cells = []
        for k, c0 in enumerate(cols):
            x0 = cols[0] - 2 if k == 0 else c0 - tol
            x1 = bounds[k] - tol if k + 1 < len(cols) else right
            box = BBox(x0, top - 1, x1, bottom + 1)
            ws = [w for ln in g for w in ln.words if x0 <= w.x0 < x1]
            cells.append(words_to_cell(ws, box, shapes))
        if not any(c.text or c.marks for c in cells):
            continue
        header = not items and all(w.bold for ln in g for w in ln.words)
        items.append(Item(BlockKind.TABLE_ROW, "\t".join(c.text for c in cells), page,
                          BBox(cols[0], top, right, bottom), style="table_header" if header else None,
                          cells=tuple(cells), table=table))
    if items and items[0].style is None and len(items) > 1:
        # the first row of a light table is its header (issue 3: header roles come from the profile)
        items[0] = replace(items[0], style="table_header")
    return items


# ----------------------------------------------------------------------------- pages

def page_to_layout(page, profile: Profile) -> PageLayout:
    """Everything the reader needs from one page, as plain values; the page can be closed."""
    rs = profile.read
    glyphs, n_cid = chars_to_glyphs(page.chars)
    words = glyphs_to_words(glyphs)
    rules = objects_to_rules(page.lines, page.rects, rs.max_mark_size)
    fills = [r for r in page.rects if r.get("fill") and (r["x1"] - r["x0"]) > rs.max_mark_size]
    shapes, figures = objects_to_shapes(page, rs.max_mark_size)
    grids, row_rules = rules_to_grids(rules)
    n = page.page_number
    tables: list[tuple[Item, ...]] = []
    used: set[int] = set()
    for g in grids:
        box = g.bbox
        inside = [w for w in words if _inside(w, box)]
        if not inside:
            continue
        used.update(id(w) for w in inside)
        rows = grid_to_rows(g, inside, shapes, fills, n, len(tables))
        if rows:
            tables.append(tuple(rows))
    flow_words = [w for w in words if id(w) not in used]
    lines = words_to_lines(flow_words)
    light = lines_to_light_tables(lines, row_rules, rs.column_gap_em, rs.paragraph_gap_em)
    taken: set[int] = set()
    right = page.width - 40
    for a, b, cols in light:
        part = lines[a:b]
        right_edge = max(ln.x1 for ln in part) + 2
        rows = light_table_to_rows(part, cols, row_rules, rs.column_gap_em, shapes, n, len(tables), max(right_edge, min(right, right_edge)))
        if len(rows) >= 2:
            tables.append(tuple(rows))
            taken.update(range(a, b))
    # the layout outlives the page: keep only the glyphs a later step reads (legend marks), so a
    # long document does not hold every character of every page as an object
    flow = tuple(_slim_line(ln) for k, ln in enumerate(lines) if k not in taken)
    table_boxes = [BBox(t[0].bbox.x0, t[0].bbox.top, t[-1].bbox.x1, t[-1].bbox.bottom) for t in tables]
    loose = tuple(s for s in shapes if not any(b.x0 - 1 <= s.x0 and s.x1 <= b.x1 + 1 and b.top - 1 <= s.top
                                                and s.bottom <= b.bottom + 1 for b in table_boxes))
    return PageLayout(n, float(page.width), float(page.height), flow, tuple(tables), tuple(figures), loose,
                      n_cid, len(glyphs), len(page.images))


def _slim_line(ln: Line) -> Line:
    return Line(tuple(replace(w, glyphs=tuple(g for g in w.glyphs if is_mark_glyph(g.text))) for w in ln.words))


# ----------------------------------------------------------------------------- furniture

def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def layouts_to_furniture(layouts: Sequence[PageLayout], profile: Profile) -> set[tuple[int, int]]:
    """(page, line index) of running headers/footers and page numbers.

    A line in the top or bottom margin band whose text (digits masked) repeats at about the
    same height on enough pages is furniture; so is a lone page number in a margin band.
    """
    share = profile.read.margin_share
    seen: dict[tuple[str, int], set[int]] = {}
    cands: list[tuple[int, int, str, int]] = []
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            if ln.bottom <= lay.height * share or ln.top >= lay.height * (1 - share):
                key = _furniture_key(ln.text)
                band = round(ln.top / 6)
                cands.append((lay.number, k, key, band))
                seen.setdefault((key, band), set()).add(lay.number)
    need = max(2, int(len(layouts) * profile.read.furniture_min_share + 0.999))
    out: set[tuple[int, int]] = set()
    for page, k, key, band in cands:
        pages = seen.get((key, band), set()) | seen.get((key, band - 1), set()) | seen.get((key, band + 1), set())
        lay = layouts[page - 1] if layouts[page - 1].number == page else next(x for x in layouts if x.number == page)
        if len(pages) >= need or _PAGE_NUMBER.match(lay.lines[k].text.strip()):
            out.add((page, k))
    return out


# ----------------------------------------------------------------------------- flow -> items

@dataclass
class _Styles:
    body: tuple[float, bool, bool]
    levels: dict[tuple[float, bool, bool], int] = field(default_factory=dict)


def lines_to_styles(layouts: Sequence[PageLayout], furniture: set[tuple[int, int]]) -> _Styles:
    """Body style = most text; heading styles = larger, or bold at body size, ranked 1.. by size."""
    counts: Counter = Counter()
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            if (lay.number, k) not in furniture:
                counts[ln.style] += len(ln.text)
    if not counts:
        return _Styles((10.0, False, False))
    body = counts.most_common(1)[0][0]
    title = next((ln.style for lay in layouts for k, ln in enumerate(lay.lines) if (lay.number, k) not in furniture), None)
    # the title's style ranks above every heading; numbering starts below it
    heads = [s for s in counts if _is_heading_style(s, body) and s != title]
    heads.sort(key=lambda s: (-s[0], not s[1], s[2]))
    return _Styles(body, {s: i + 1 for i, s in enumerate(heads)})


def _is_heading_style(style: tuple[float, bool, bool], body: tuple[float, bool, bool]) -> bool:
    size, bold, _ = style
    return size >= body[0] + 0.75 or (bold and not body[1] and size >= body[0] - 0.25)


def lines_to_items(layout: PageLayout, furniture: set[tuple[int, int]], styles: _Styles, profile: Profile,
                   state: dict, legend_lines: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset()
                   ) -> list[Item]:
    """Flow lines of one page -> heading, paragraph, list item, TOC and legend items; tables
    and figures slotted in by their top."""
    rs = profile.read
    toc_heads = {h.lower() for h in rs.toc_headings}
    max_words = profile.sections.max_heading_words
    flow = [(ln.top, "legend" if (layout.number, k) in legend_lines else "line", ln)
            for k, ln in enumerate(layout.lines) if (layout.number, k) not in furniture]
    flow += [(t[0].bbox.top, "table", t) for t in layout.tables]
    flow += [(f.top, "figure", f) for f in layout.figures]
    flow.sort(key=lambda t: t[0])
    items: list[Item] = []
    cur: list[Line] = []
    cur_kind: BlockKind | None = None

    def flush() -> None:
        nonlocal cur, cur_kind
        if not cur:
            return
        style = cur[0].style
        text = _join_paragraph(cur)
        kind = cur_kind or BlockKind.PARAGRAPH
        level = None
        if kind == BlockKind.PARAGRAPH and style in styles.levels and len(text.split()) <= max_words:
            kind, level = BlockKind.HEADING, styles.levels[style]
        if not state.get("title_done"):
            state["title_done"] = True
            if kind in (BlockKind.HEADING, BlockKind.PARAGRAPH):
                kind, level = BlockKind.TITLE, None
        box = cur[0].bbox
        for ln in cur[1:]:
            box = box.union(ln.bbox)
        if kind == BlockKind.LIST_ITEM:
            text = text.split(" ", 1)[1] if " " in text else text
        items.append(Item(kind, text, layout.number, box, level=level,
                          style="bold" if style[1] and kind == BlockKind.PARAGRAPH else None))
        if kind == BlockKind.HEADING:
            state["in_toc"] = text.lower() in toc_heads
        elif kind == BlockKind.TITLE:
            state["in_toc"] = False
        cur, cur_kind = [], None

    for _, what, obj in flow:
        if what == "table":
            flush()
            state["in_toc"] = False
            items.extend(obj)
            continue
        if what == "figure":
            flush()
            items.append(Item(BlockKind.CHART, "", layout.number, obj))
            continue
        if what == "legend":
            flush()
            items.append(Item(BlockKind.LEGEND, unicodedata.normalize("NFC", obj.text), layout.number, obj.bbox))
            continue
        ln: Line = obj
        size = ln.style[0]
        first = ln.words[0].text
        bullet = _is_bullet(ln)
        if cur:
            prev = cur[-1]
            gap = ln.top - prev.bottom
            new = (gap > rs.paragraph_gap_em * size or ln.style != prev.style or bullet
                   or (cur_kind == BlockKind.LIST_ITEM and ln.x0 < cur[0].words[min(1, len(cur[0].words) - 1)].x0 - 2)
                   or is_mark_glyph(first) or _mark_left_of(ln, layout.shapes))
            if new:
                flush()
        if state.get("in_toc"):
            m = _LEADER.match(ln.text)
            if m:
                flush()
                title, pageno = m.group("title").strip(), m.group("page")
                cells = (RowCell(title, ln.bbox), RowCell(pageno, ln.bbox))
                items.append(Item(BlockKind.TOC_ENTRY, f"{title}\t{pageno}", layout.number, ln.bbox, cells=cells))
                continue
        if not cur:
            cur_kind = BlockKind.LIST_ITEM if bullet else None
        cur.append(ln)
    flush()
    return items


def _mark_left_of(ln: Line, shapes: Sequence[Shape]) -> Mark | None:
    """A vector or image mark just left of a line's first word (a legend line)."""
    first = ln.words[0]
    for s in shapes:
        if s.x1 <= first.x0 + 1 and first.x0 - s.x1 < 3 * first.size and s.top < ln.bottom and s.bottom > ln.top:
            return s.mark
    return None


def _is_bullet(ln: Line) -> bool:
    if len(ln.words) < 2:
        return False
    first, nxt = ln.words[0], ln.words[1]
    if first.text in _BULLETS:
        return True
    return first.text in _DASHES and nxt.x0 - first.x1 > 0.6 * max(first.size, 1.0)


def _join_paragraph(lines: Sequence[Line]) -> str:
    out = ""
    for ln in lines:
        out = ln.text if not out else _join_fragments(out, ln.text, at_edge=False)
    return restore_suspension_hyphens(unicodedata.normalize("NFC", out))


# a word glued to "och": Word drew "livs- och" with a non-breaking hyphen that some PDF
# producers drop, leaving "livsoch drivmedelshandlare" on the page
# ----------------------------------------------------------------------------- legend

def layouts_to_legend(layouts: Sequence[PageLayout], styles: _Styles, profile: Profile) -> Legend | None:
    """Lines after a legend heading that start with a mark (glyph, shape or icon) -> Legend."""
    return pairs_to_legend(layouts_to_legend_lines(layouts, styles, profile)[0], profile)


def layouts_to_legend_lines(layouts: Sequence[PageLayout], styles: _Styles, profile: Profile
                            ) -> tuple[list[tuple[Mark, str]], set[tuple[int, int]]]:
    """(mark, label) pairs of the legend, and the (page, line index) of every legend line: its
    own heading when set as body text ("Teckenförklaring"), the mark lines, and a line of trend
    arrows with their meanings ("Utveckling: ↑ förbättrad ➔ oförändrad ↓ försämrad"). These
    lines become LEGEND blocks, so "Målet är uppnått" is never read as narrative."""
    pairs: list[tuple[Mark, str]] = []
    lines: set[tuple[int, int]] = set()
    active = 0
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            text = ln.text
            if is_legend_heading(text, profile):
                active = 12
                if ln.style not in styles.levels:
                    lines.add((lay.number, k))
                continue
            if not active:
                continue
            active -= 1
            first = ln.words[0]
            mark = None
            label = text
            if is_mark_glyph(first.text[:1]) and first.glyphs:
                g = first.glyphs[0]
                mark = glyph_to_mark(g.text, g.color, BBox(g.x0, g.top, g.x1, g.bottom))
                label = text[len(g.text):]
            else:
                mark = _mark_left_of(ln, lay.shapes)
            if mark is not None:
                pairs.append((mark, label.strip()))
                lines.add((lay.number, k))
            elif sum(is_mark_glyph(w.text) for w in ln.words) >= 2 and len(ln.words) <= 12:
                lines.add((lay.number, k))  # a row of arrows, each followed by its meaning
            elif ln.style in styles.levels and ln.style[0] > styles.body[0]:
                active = 0  # the next heading ends the legend
        if pairs and not active:
            break
    return pairs, lines


# ----------------------------------------------------------------------------- document

def _continues(prev: Item, nxt: Item) -> bool:
    """A paragraph split by a page break: no sentence end before, lower case after."""
    if prev.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or nxt.kind != BlockKind.PARAGRAPH:
        return False
    first = nxt.text.lstrip()[:1]
    return bool(first) and first.islower() and not prev.text.rstrip().endswith(_SENTENCE_END)


def _is_split_row(prev: Item, header: Item, row: Item) -> bool:
    """Word and LibreOffice let a row break across pages: the part on the next page repeats the
    header and continues the cells mid-sentence (lower case), or leaves the row's label cell
    empty where the row above had one."""
    if prev.kind != BlockKind.TABLE_ROW or prev.style == "table_header" or len(prev.cells) != len(row.cells):
        return False
    texts = [c.text for c in row.cells if c.text]
    if not texts or len(texts) == len(row.cells):
        return False
    if all(t[:1].islower() for t in texts):
        return True
    return (not row.cells[0].text and bool(prev.cells[0].text)
            and all(p.text for p, c in zip(prev.cells, row.cells, strict=True) if c.text))


def merge_page_breaks(pages: Sequence[list[Item]]) -> list[Item]:
    """Join paragraphs and table rows broken by a page break; the running header/footer is
    already gone, so the parts are adjacent."""
    out: list[Item] = []
    for items in pages:
        items = list(items)
        if out and items:
            last = out[-1]
            if _continues(last, items[0]):
                out[-1] = replace(last, text=join_two(last.text, items[0].text), bbox=last.bbox,
                                  page_end=items[0].page)
                items = items[1:]
            elif (len(items) >= 2 and items[0].style == "table_header" and items[1].kind == BlockKind.TABLE_ROW
                  and items[1].table == items[0].table and _is_split_row(last, items[0], items[1])):
                row = items[1]
                cells = tuple(
                    replace(a, text=_join_fragments(a.text, b.text, at_edge=False) if a.text and b.text else a.text or b.text,
                            marks=a.marks + b.marks)
                    for a, b in zip(last.cells, row.cells, strict=True))
                out[-1] = replace(last, cells=cells, text="\t".join(c.text for c in cells), page_end=row.page)
                rest = items[2:]
                still = [it for it in rest if it.table == items[0].table and it.kind == BlockKind.TABLE_ROW]
                # a repeated header with no rows of its own left would be an empty table part
                items = ([items[0]] if still else []) + rest
        out.extend(items)
    return out


def items_to_blocks(items: Sequence[Item]) -> tuple[str, tuple[Block, ...]]:
    """Lay items out in the full text (same separators as the text reader) with offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    prev_kind: BlockKind | None = None
    for it in items:
        text = it.text
        if it.kind in (BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY):
            text = "\t".join(c.text for c in it.cells)
        sep = "" if not parts else ("\n" if it.kind in _TIGHT and prev_kind == it.kind else "\n\n")
        pos += len(sep)
        parts.append(sep + text)
        start, end = pos, pos + len(text)
        cells: list[Cell] = []
        c_pos = start
        for c in it.cells:
            cells.append(Cell(c.text, Provenance(c_pos, c_pos + len(c.text), it.page, None, c.bbox), c.marks))
            c_pos += len(c.text) + 1
        blocks.append(Block(it.kind, text, Provenance(start, end, it.page, it.page_end, it.bbox), level=it.level,
                            cells=tuple(cells), style=it.style))
        pos = end
        prev_kind = it.kind
    return "".join(parts), tuple(blocks)


def read_pdf(path: Path, data: bytes, profile: Profile) -> Document:
    """A born-digital PDF -> Document. Raises ReadError for encrypted, corrupt or image-only PDFs."""
    from pipeline.read.pdf_pages import read_pages  # one long PDF: page ranges in worker processes

    return layouts_to_document(path, data, read_pages(data, profile), profile)


def read_layouts(data: bytes, profile: Profile, pages: range | None = None,
                 on_page: Callable[[int, int], None] | None = None) -> list[PageLayout]:
    """The layouts of ``pages`` (0-based; all by default), in page order; ``on_page(done, total)``
    after each."""
    pdf = open_pdf(data)
    layouts: list[PageLayout] = []
    try:
        chosen = pdf.pages if pages is None else [pdf.pages[i] for i in pages]
        for page in chosen:
            try:
                layouts.append(page_to_layout(page, profile))
            except ReadError:
                raise
            except Exception as exc:
                raise ReadError(f"corrupt PDF: page {page.page_number} cannot be read "
                                f"({type(exc).__name__}: {exc})") from exc
            finally:
                page.close()  # drops the page's cached objects: memory stays flat on long documents
            if on_page is not None:
                on_page(len(layouts), len(chosen))
    finally:
        pdf.close()
    return layouts


def layouts_to_document(path: Path, data: bytes, layouts: list[PageLayout], profile: Profile) -> Document:
    """The steps that look across pages (furniture, styles, legend, page breaks)."""
    if not layouts:
        raise ReadError("PDF has no pages")
    if sum(lay.n_chars for lay in layouts) == 0:
        raise ReadError("no text layer; OCR is not supported")
    warnings: list[ErrorRecord] = []
    for lay in layouts:
        if lay.n_cid:
            warnings.append(ErrorRecord("read", f"page {lay.number}: {lay.n_cid} glyph(s) without a Unicode "
                                        "mapping ((cid:NN)), shown as U+FFFD", Severity.WARNING, lay.number))
        if lay.n_chars == 0 and lay.n_images:
            warnings.append(ErrorRecord("read", f"page {lay.number}: no text layer (scanned page?); OCR is not "
                                        "supported", Severity.WARNING, lay.number))
    furniture = layouts_to_furniture(layouts, profile)
    styles = lines_to_styles(layouts, furniture)
    state: dict = {}
    legend_pairs, legend_lines = layouts_to_legend_lines(layouts, styles, profile)
    legend_lines -= furniture
    pages = [lines_to_items(lay, furniture, styles, profile, state, legend_lines) for lay in layouts]
    items = merge_page_breaks(pages)
    text, blocks = items_to_blocks(items)
    legend = pairs_to_legend(legend_pairs, profile)
    return Document(source_path=str(path), source_format="pdf", sha256=hashlib.sha256(data).hexdigest(),
                    text=text, blocks=blocks, page_count=len(layouts), legend=legend, warnings=tuple(warnings))

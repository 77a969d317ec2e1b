"""chars -> glyphs -> words -> lines; the tolerances are ``TextSettings`` (``ts``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NotRequired, TypedDict, TypeVar

from pipeline.read.chars import clean_text
from pipeline.read.pdf.layout import Glyph, Line, Word
from pipeline.settings.pdf import TextSettings
from pipeline.status.marks import is_mark_glyph, pdf_color_to_hex

if TYPE_CHECKING:  # typing.ReadOnly from Python 3.13; only mypy reads it here
    from typing_extensions import ReadOnly

@lru_cache(maxsize=1024)
def _font_flags(fontname: str) -> tuple[bool, bool]:
    base = fontname.split("+", 1)[-1].lower()
    return ("bold" in base or "black" in base or "heavy" in base or "semibold" in base,
            "italic" in base or "oblique" in base)


class GlyphChar(TypedDict):
    """What ``chars_to_glyphs`` reads of a character: a pdfplumber char (``CharObject``) or one
    the page triage builds from pdfium (``triage.pdfium_chars``: no ``upright``, ``matrix``, ``y0``).
    Read-only, so a ``CharObject``, which has every key, is one too."""

    text: ReadOnly[str]
    x0: ReadOnly[float]
    x1: ReadOnly[float]
    top: ReadOnly[float]
    bottom: ReadOnly[float]
    size: ReadOnly[NotRequired[float]]
    fontname: ReadOnly[NotRequired[str]]
    non_stroking_color: ReadOnly[NotRequired[tuple[object, ...]]]
    upright: ReadOnly[NotRequired[bool]]
    matrix: ReadOnly[NotRequired[tuple[float, float, float, float, float, float]]]
    y0: ReadOnly[NotRequired[float]]


def chars_to_glyphs(chars: Iterable[GlyphChar], ts: TextSettings) -> tuple[list[Glyph], int]:
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
        if m and "y0" in ch and abs(ch["y0"] - m[5]) < ts.baseline_tolerance and ch.get("size"):
            # the font declares no descent, so pdfminer set the box on the baseline: move it down
            # to where the glyphs are drawn (boxes in the debug view and provenance fit the ink)
            top, bottom = top + ts.descent_em * ch["size"], bottom + ts.descent_em * ch["size"]
        out.append(Glyph(text, ch["x0"], top, ch["x1"], bottom, ch.get("size", 0.0), bold, italic, color))
    return out, n_cid


T = TypeVar("T", "Glyph", "Word")


def rows_by_centre(items: Sequence[T], ts: TextSettings) -> list[list[T]]:
    """Group glyphs or words into text lines by vertical centre, each line left to right; a
    mark glyph in a bigger font sits a little lower or higher than the text beside it, hence
    the tolerance in em."""
    rows: list[list[T]] = []
    centres: list[float] = []
    tol = ts.line_centre_tolerance_em  # read once: this loop runs per glyph
    for it in sorted(items, key=lambda it: ((it.top + it.bottom) / 2, it.x0)):
        c = (it.top + it.bottom) / 2
        if rows and abs(c - centres[-1]) <= tol * max(it.size, 1.0):
            rows[-1].append(it)
        else:
            rows.append([it])
            centres.append(c)
    return [sorted(r, key=lambda it: it.x0) for r in rows]


def glyphs_to_lines(glyphs: list[Glyph], ts: TextSettings) -> list[list[Glyph]]:
    return rows_by_centre(glyphs, ts)


def line_to_words(glyphs: list[Glyph], ts: TextSettings) -> list[Word]:
    """Split one line into words at spaces and at gaps wider than a fraction of the font size."""
    words: list[Word] = []
    cur: list[Glyph] = []

    def flush() -> None:
        if cur:
            text = clean_text("".join(g.text for g in cur), keep_hyphens=True)
            sizes = Counter(round(g.size, 1) for g in cur)
            words.append(Word(text, cur[0].x0, min(g.top for g in cur), max(g.x1 for g in cur),
                              max(g.bottom for g in cur), sizes.most_common(1)[0][0],
                              sum(g.bold for g in cur) * 2 > len(cur), sum(g.italic for g in cur) * 2 > len(cur),
                              tuple(cur)))
            cur.clear()

    space = False
    word_gap, mark_gap, space_advance = ts.word_gap_em, ts.mark_gap_tolerance, ts.space_min_advance_em
    for g in glyphs:
        if not g.text.strip():
            space = True  # a break only if the text after it moves on (see ts.space_min_advance_em)
            continue
        if cur:
            gap = g.x0 - cur[-1].x1
            mark_edge = is_mark_glyph(g.text) or is_mark_glyph(cur[-1].text)
            if (gap > word_gap * max(g.size, 1.0) or (mark_edge and gap > mark_gap)
                    or (space and gap > space_advance * max(g.size, 1.0))):
                flush()
        space = False
        cur.append(g)
    flush()
    return words


def glyphs_to_words(glyphs: list[Glyph], ts: TextSettings) -> list[Word]:
    return [w for row in glyphs_to_lines(glyphs, ts) for w in line_to_words(row, ts)]


def words_to_lines(words: Sequence[Word], ts: TextSettings) -> list[Line]:
    """Words (possibly a subset of a page's) -> lines in reading order."""
    return [Line(tuple(r)) for r in rows_by_centre(words, ts)]

"""Words and marks inside one cell's box -> cell text (wrapped lines joined) and marks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.hyphenation import is_word, is_word_or_compound, join_two, restore_suspension_hyphens
from pipeline.marks import glyph_to_mark, is_mark_glyph
from pipeline.model import BBox, Mark
from pipeline.read.chars import clean_text
from pipeline.read.pdf.glyphs import words_to_lines
from pipeline.read.pdf.layout import RowCell, Shape, Word

# short words that end or start a wrapped line on their own; never halves of a broken word
SHORT_WORDS = {"och", "med", "i", "på", "av", "för", "till", "en", "ett", "som", "om", "är", "att", "de",
               "det", "den", "vid", "per", "ny", "nya", "god", "hela", "inom", "samt", "eller", "år"}

# a wrapped line ending within this many em of the column's right edge filled the column
EDGE_TOLERANCE_EM = 0.6
# a cell's inner left padding (pt): assumed when it has no text, and its plausible range
CELL_PADDING_DEFAULT = 3.0
CELL_PADDING_MIN = 1.0
CELL_PADDING_MAX = 8.0
# a word whose centre is this close (pt) outside a box still belongs to it
INSIDE_TOLERANCE = 1.0

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
        out = join_fragments(out, text, at_edge=right_edge - prev_x1 <= EDGE_TOLERANCE_EM * prev_size, alone=prev_alone)
        prev_x1, prev_size, prev_alone = x1, size, " " not in text
    return out


def join_fragments(first: str, second: str, *, at_edge: bool, alone: bool = False) -> str:
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
                          or lw.lower() in SHORT_WORDS or rw.lower() in SHORT_WORDS)
            if not both_words and (alone or is_word_or_compound(lw + rw)):
                return first + second
            # a lone over-wide word that is not a word by itself, completed by a short ending the
            # word list would otherwise take for a word of its own ("Norrbottensmusik" / "en,")
            if (alone and rw.lower() in SHORT_WORDS and not is_word(lw)
                    and is_word_or_compound(lw + rw)):
                return first + second
    return join_two(first, second)


def words_to_cell(words: Sequence[Word], box: BBox, shapes: Sequence[Shape]) -> RowCell:
    """The words and marks inside one cell's bbox -> its text (wrapped lines joined) and marks."""
    lines = words_to_lines(words)
    # the cell's inner padding, measured on the left, tells where its text column ends
    pad = min(max(min((ln.x0 for ln in lines), default=box.x0 + CELL_PADDING_DEFAULT) - box.x0, CELL_PADDING_MIN),
              CELL_PADDING_MAX)
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
    return RowCell(clean_text(text), box, tuple(marks))


def inside(w: Word, box: BBox, tol: float = INSIDE_TOLERANCE) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box.x0 - tol <= cx <= box.x1 + tol and box.top - tol <= cy <= box.bottom + tol

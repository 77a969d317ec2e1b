"""Words and marks inside one cell's box -> cell text (wrapped lines joined) and marks.
Tolerances: ``CellSettings`` (``cs``), and ``PdfSettings`` (``pdf``) where lines are made too."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.model import BBox, Mark
from pipeline.read.chars import AUTO_HYPHEN, clean_text
from pipeline.read.pdf.glyphs import words_to_lines
from pipeline.read.pdf.layout import RowCell, Shape, Word
from pipeline.settings.pdf import CellSettings, PdfSettings
from pipeline.status.marks import glyph_to_mark, is_mark_glyph
from pipeline.text.hyphenation import is_word, is_word_or_compound, join_two, restore_suspension_hyphens

# short words that end or start a wrapped line on their own; never halves of a broken word
SHORT_WORDS = {"och", "med", "i", "på", "av", "för", "till", "en", "ett", "som", "om", "är", "att", "de",
               "det", "den", "vid", "per", "ny", "nya", "god", "hela", "inom", "samt", "eller", "år"}
# verb particles that start a wrapped line on their own ("följa" / "upp"), never a word's end
PARTICLES = {"upp", "ut", "fram", "bort", "ner", "in", "sig", "över", "undan", "tillbaka"}

# consonant pairs a Swedish word may start with; any other pair starts the rest of a cut word
ONSETS = {"bl", "br", "dr", "dj", "fl", "fr", "gl", "gr", "gn", "hj", "kl", "kn", "kr", "kv", "lj", "mj", "pl",
          "pr", "ps", "sc", "sf", "sh", "sj", "sk", "sl", "sm", "sn", "sp", "st", "sv", "th", "tj", "tr", "tv",
          "vr", "ch", "ph", "wh", "kh"}
_VOWELS = set("aeiouyåäöéü")


def bad_onset(word: str) -> bool:
    """True when ``word`` starts with two consonants no Swedish word starts with ("ndeutveckling")."""
    w = word.lower()
    return len(w) >= 2 and w[0] not in _VOWELS and w[1] not in _VOWELS and w[:2].isalpha() and w[:2] not in ONSETS


def join_cell_lines(lines: Sequence[tuple[str, float, float]], right_edge: float, cs: CellSettings) -> str:
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
        out = join_fragments(out, text, at_edge=right_edge - prev_x1 <= cs.edge_tolerance_em * prev_size, alone=prev_alone)
        prev_x1, prev_size, prev_alone = x1, size, " " not in text
    return out


def join_fragments(first: str, second: str, *, at_edge: bool, alone: bool = False) -> str:
    """Join two wrapped fragments; ``alone``: the first line was one word that filled the
    column, which only happens when the word itself was too wide (long compounds the word
    list does not know: "kompetensförstärk" / "ningsrådet")."""
    if first.endswith(AUTO_HYPHEN) and second[:1].isalpha():
        return first[:-1] + second  # a browser's automatic hyphenation point
    if first.endswith("-") and len(first) > 1 and not first[-2].isalpha() and not first[-2].isspace():
        return first + second  # "2021-" / "2027", "(1%-" / "regeln)"
    if first.endswith("–") and first[-2:-1].isdigit() and second[:1].isdigit():
        return first + second  # a span of years broken at its dash: "2027–" / "2030"
    if at_edge and first[-1:].isalpha() and second[:1].isalpha() and second[:1].islower():
        left = re.search(r"([^\W\d_]+)$", first)
        right = re.match(r"([^\W\d_]+)", second)
        if left and right:
            lw, rw = left.group(1), right.group(1)
            # the word list knows stray letters ("t", "n"), so a short remainder proves little;
            # two long real words side by side ("regional" / "utveckling") were wrapped at a space
            lo, ro = lw.lower(), rw.lower()
            both_words = (len(lw) > 3 and len(rw) > 3 and is_word_or_compound(lo) and is_word_or_compound(ro)
                          and (is_word(lo) or is_word(ro))
                          or lo in SHORT_WORDS or ro in SHORT_WORDS)
            # a compound joins only where the list knows the whole, or a half is no word by itself
            # ("tagit" / "del" and "Nära" / "mat" are two words, though they make compounds)
            if not both_words and (alone or is_word_or_compound(lw + rw) and (
                    is_word(lw + rw) or not is_word(lw.lower()) or not is_word(rw.lower()))):
                return first + second
            # a lone over-wide word that is not a word by itself, completed by a short ending the
            # word list would otherwise take for a word of its own ("Norrbottensmusik" / "en,")
            if (alone and rw.lower() in SHORT_WORDS and not is_word(lw)
                    and is_word_or_compound(lw + rw)):
                return first + second
            # a dictionary word cut at the column edge by a wrapper that splits long words without
            # a hyphen ("fram" / "tagen", "Handlings" / "plan"): the whole is a word, not two
            if (len(lw) > 1 and len(rw) > 3 and lw.lower() not in SHORT_WORDS and rw.lower() not in SHORT_WORDS
                    and rw.lower() not in PARTICLES and is_word((lw + rw).lower())):
                return first + second
            # one or two stray letters cut off a word ("resandeutvecklinge" / "n")
            whole = second[len(rw):len(rw) + 1] in ("", " ", ",", ".", ";", ":", ")")  # not itself cut ("ekono-")
            if (len(rw) <= 2 and whole and rw.lower() not in SHORT_WORDS and rw.lower() not in PARTICLES
                    and (not is_word(lw.lower()) or is_word((lw + rw).lower()))):
                return first + second
            # the remainder of a word cut there is no word of its own ("resa" / "ndeutvecklingen")
            if (len(rw) > 3 and whole and lw.lower() not in SHORT_WORDS and not is_word_or_compound(rw.lower())
                    and (not is_word(lw.lower()) or bad_onset(rw))):
                return first + second
    if at_edge and second[:1] in ",.;:)" and first[-1:].isalnum():
        return first + second  # a wrapper that breaks anywhere left the comma on the next line
    return join_two(first, second)


def words_to_cell(words: Sequence[Word], box: BBox, shapes: Sequence[Shape], pdf: PdfSettings,
                  right: float | None = None) -> RowCell:
    """The words and marks inside one cell's bbox -> its text (wrapped lines joined) and marks.
    ``right``: where the column's text ends, when the box's edge is not drawn (a gutter's middle)."""
    cs = pdf.cells
    lines = words_to_lines(words, pdf.text)
    if right is None:
        # the cell's inner padding, measured on the left, tells where its text column ends
        pad = min(max(min((ln.x0 for ln in lines), default=box.x0 + cs.cell_padding_default) - box.x0,
                      cs.cell_padding_min), cs.cell_padding_max)
        right = box.x1 - pad
    text = restore_suspension_hyphens(join_cell_lines([(ln.text, ln.x1, ln.style[0]) for ln in lines], right, cs))
    marks: list[Mark] = []
    colors: Counter[str | None] = Counter()
    for w in words:
        for g in w.glyphs:
            if is_mark_glyph(g.text):
                marks.append(glyph_to_mark(g.text, g.color, BBox(g.x0, g.top, g.x1, g.bottom)))
            elif g.text.strip():
                colors[g.color] += 1
    for s in shapes:
        cx, cy = (s.x0 + s.x1) / 2, (s.top + s.bottom) / 2
        if box.x0 <= cx <= box.x1 and box.top <= cy <= box.bottom:
            marks.append(s.mark)
    color = colors.most_common(1)[0][0] if colors else None
    return RowCell(clean_text(text), box, tuple(marks), color)


def inside(w: Word, box: BBox, tol: float) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box.x0 - tol <= cx <= box.x1 + tol and box.top - tol <= cy <= box.bottom + tol

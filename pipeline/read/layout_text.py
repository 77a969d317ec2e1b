"""Tables of a layout-preserving text export (``pdftotext -layout``): columns aligned with spaces,
no TABs, each cell's text wrapped over many lines.

A header line whose segments (text runs separated by two or more spaces) are all column names
of the profile, one of them naming the rows (Uppdrag, Aktivitet, ...), opens a table; the
segments' start columns are its columns. Body lines are cut at those columns. A row starts at a
line whose first column has text and whose second column starts with a state or status word
("Avslutad", "Pågående"), as such tables print the state on the row's first line; the lines up to
the next row are its cells' wrapped text. A page footer followed by the same header continues
the table on the next page; any other line left of the table ends it.

Steps: find_header -> table_lines (page breaks skipped) -> lines_to_rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.text.hyphenation import join_two

# two or more spaces separate segments (columns); one space separates words
_SEGMENT = re.compile(r"\S+(?: \S+)*")
# a running footer or header ends with the page number: "... 35 (40)", "Sida 3 av 12"
_PAGE_NUMBER = re.compile(r"(?:\d+\s*\(\d+\)|sida \d+(?: av \d+)?)\s*$", re.I)


@dataclass(frozen=True)
class Vocabulary:
    """What the profile says a layout table looks like: header names (lower case, one space), the
    subset that names a table's rows, the words a row's state starts with, and the tolerances
    (``[read.text]``)."""

    names: frozenset[str]
    row_names: frozenset[str]
    starts: tuple[str, ...]
    column_tolerance: int  # a segment this many characters right of a column start is in that column
    max_break_lines: int  # blank lines allowed between a footer and the header repeated on the next page


@dataclass(frozen=True)
class LayoutTable:
    first: int  # index of the header line
    end: int  # index after the last line taken
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]  # index of each row's first line
    guessed: bool = False  # the first row starts with no state word: rows may be merged


def segments(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(line)]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def find_header(line: str, vocab: Vocabulary) -> list[tuple[int, str]] | None:
    """The line's segments when they name the columns of a follow-up table."""
    if "\t" in line:
        return None
    segs = segments(line)
    keys = [_key(t) for _, t in segs]
    if len(segs) >= 2 and all(k in vocab.names for k in keys) and any(k in vocab.row_names for k in keys):
        return segs
    return None


def _cut(line: str, starts: Sequence[int], tol: int) -> list[str]:
    """The line's text per column: each segment goes to the last column starting at or left of it."""
    out = [""] * len(starts)
    for pos, text in segments(line):
        k = max((i for i, s in enumerate(starts) if s <= pos + tol), default=0)
        out[k] = f"{out[k]} {text}" if out[k] else text
    return out


def _starts_row(cells: list[str], vocab: Vocabulary) -> bool:
    """A row's first line: its name starts a sentence and its next cell starts with a state word
    (a comment line "Pågår även ..." beside a wrapped name line is no new row)."""
    if not cells[0] or len(cells) < 2 or not cells[1] or not (cells[0][0].isupper() or cells[0][0].isdigit()):
        return False
    low = _key(cells[1])
    return any(low == w or low.startswith(w) and not low[len(w)].isalpha() for w in vocab.starts)


def _continues(lines: Sequence[str], i: int, header: list[str], max_break: int) -> int | None:
    """After a footer at ``lines[i]``: the index of the repeated header on the next page, if any."""
    if not _PAGE_NUMBER.search(lines[i]):
        return None
    for j in range(i + 1, min(len(lines), i + 2 + max_break)):
        if not lines[j].strip():
            continue
        return j if [t for _, t in segments(lines[j])] == header else None
    return None


def table_at(lines: Sequence[str], first: int, vocab: Vocabulary) -> LayoutTable | None:
    segs = find_header(lines[first], vocab)
    if segs is None:
        return None
    header = [t for _, t in segs]
    starts = [p for p, _ in segs]
    left = starts[0]
    rows: list[list[list[str]]] = []  # per row, per column, its lines
    row_lines: list[int] = []
    guessed = False
    i, end = first + 1, first + 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if len(line) - len(line.lstrip()) < left - 1:  # left of the table: a footer, or the end
            nxt = _continues(lines, i, header, vocab.max_break_lines)
            if nxt is None:
                break
            starts = [p for p, _ in segments(lines[nxt])]
            i = end = nxt + 1
            continue
        cells = _cut(line, starts, vocab.column_tolerance)
        starts_row = _starts_row(cells, vocab)
        if starts_row or not rows:
            guessed = guessed or not starts_row and not rows
            rows.append([[] for _ in starts])
            row_lines.append(i)
        for k, c in enumerate(cells):
            if c:
                rows[-1][k].append(c)
        i = end = i + 1
    if not rows:
        return None
    joined = tuple(tuple(_join(col) for col in r) for r in rows)
    return LayoutTable(first, end, tuple(header), joined, tuple(row_lines), guessed)


def _join(lines: Sequence[str]) -> str:
    text = ""
    for ln in lines:
        text = join_two(text, ln) if text else ln
    return text


def layout_tables(lines: Sequence[str], vocab: Vocabulary) -> list[LayoutTable]:
    """Every layout table of the export, in order."""
    out: list[LayoutTable] = []
    i = 0
    while i < len(lines):
        t = table_at(lines, i, vocab) if "  " in lines[i] else None
        if t is not None:
            out.append(t)
            i = t.end
        else:
            i += 1
    return out

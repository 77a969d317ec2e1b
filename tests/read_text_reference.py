"""The text reader's steps from text to blocks as first written (before the speed work of issue 10):
the oracle the faster ones are held to. Not used by the pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.model import Block, BlockKind, Cell, Provenance
from pipeline.settings.profile import Profile
from pipeline.text.hyphenation import join_two, restore_suspension_hyphens

_BULLET = re.compile(r"^\s*(?:[-•–*]|\u2022|\uf0b7)\s+")
_LEADER = re.compile(r"\.{3,}\s*$")
_TERMINAL = (".", "!", "?", ":", ";", ",")
_SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "”", "»")


@dataclass(frozen=True)
class Unit:
    """One physical unit of the export before classification."""

    kind: str  # text | row | chart
    text: str
    line: int  # 1-based line number in the source, for error messages
    cells: tuple[str, ...] = ()


def text_to_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    for no, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            units.append(Unit("row", line, no, tuple(c.strip() for c in line.split("\t"))))
        elif not line.strip(" \u00a0\u202f\f"):
            # an empty line separates paragraphs; a line of (no-break) spaces is where a chart was
            if line and (not units or units[-1].kind != "chart"):
                units.append(Unit("chart", "", no))
        else:
            units.append(Unit("text", line.strip(), no))
    return units


def _continues(prev: str, nxt: str) -> bool:
    """A paragraph split by a page break: no sentence end before, lower case after."""
    if _BULLET.match(nxt):
        return False
    first = nxt.lstrip()[:1]
    return bool(first) and first.islower() and not prev.rstrip().endswith(_SENTENCE_END)


def repair_page_breaks(units: list[Unit]) -> list[Unit]:
    """Join text units split across a page ("I Kiruna kommun genomförs" / "en utredning ...",
    "Statens kul-" / "turråd"). Chart placeholders between the parts are kept after the join."""
    out: list[Unit] = []
    pending_charts: list[Unit] = []
    for u in units:
        if u.kind == "chart" and out and out[-1].kind == "text":
            pending_charts.append(u)
            continue
        if u.kind == "text" and out and out[-1].kind == "text" and _continues(out[-1].text, u.text):
            out[-1] = replace(out[-1], text=join_two(out[-1].text, u.text))
            continue
        out.extend(pending_charts)
        pending_charts = []
        out.append(u)
    out.extend(pending_charts)
    return out


def _is_heading(text: str, profile: Profile) -> bool:
    s = profile.sections
    if any(text.startswith(p) for p in (*s.goal_prefixes, *s.factor_prefixes)):
        return True
    if _BULLET.match(text) or text.endswith(_TERMINAL) or not any(ch.isalpha() for ch in text):
        return False  # a line of numbers is table debris, not a heading
    if len(text.split()) > s.max_heading_words:
        return False
    first = text[:1]
    return first.isupper() or first.isdigit() or first in "\"”»"


def classify_unit(u: Unit, profile: Profile, *, first_text: bool, in_toc: bool) -> tuple[BlockKind, str]:
    if u.kind == "chart":
        return BlockKind.CHART, ""
    if u.kind == "row":
        return (BlockKind.TOC_ENTRY if in_toc else BlockKind.TABLE_ROW), u.text
    if first_text:
        return BlockKind.TITLE, u.text
    if _BULLET.match(u.text):
        return BlockKind.LIST_ITEM, _BULLET.sub("", u.text)
    return (BlockKind.HEADING if _is_heading(u.text, profile) else BlockKind.PARAGRAPH), u.text


_TIGHT = frozenset({BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY, BlockKind.LIST_ITEM})
_ROWS = frozenset({BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY})  # blocks that keep their cells


def _row_cells(cells: tuple[str, ...], start: int) -> tuple[Cell, ...]:
    """Cells of a row laid out from ``start``, one TAB apart."""
    out = []
    for c in cells:
        out.append(Cell(c, Provenance(start, start + len(c))))
        start += len(c) + 1
    return tuple(out)


def units_to_blocks(units: list[Unit], profile: Profile) -> tuple[str, tuple[Block, ...]]:
    """Classify units and lay them out in the normalised full text, with char offsets."""
    toc_heads = {h.lower() for h in profile.read.toc_headings}
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    seen_text = False
    in_toc = False
    prev_kind: BlockKind | None = None
    for u in units:
        kind, text = classify_unit(u, profile, first_text=not seen_text and u.kind == "text", in_toc=in_toc)
        if u.kind == "text":
            seen_text = True
            in_toc = text.lower() in toc_heads
        row = kind in _ROWS
        if row:
            cells = (_LEADER.sub("", u.cells[0]).strip(), *u.cells[1:]) if kind == BlockKind.TOC_ENTRY else u.cells
            text = "\t".join(cells)
        sep = "" if not parts else ("\n" if prev_kind == kind and kind in _TIGHT else "\n\n")
        pos += len(sep)
        parts.append(sep + text)
        blocks.append(Block(kind, text, Provenance(pos, pos + len(text)), cells=_row_cells(cells, pos) if row else ()))
        pos += len(text)
        prev_kind = kind
    return "".join(parts), tuple(blocks)


def _restored(u: Unit) -> Unit:
    """The unit with its suspension hyphens restored; the same unit when it has none to restore."""
    if u.kind != "text" or (restored := restore_suspension_hyphens(u.text)) == u.text:
        return u
    return replace(u, text=restored)


def text_to_blocks(text: str, profile: Profile) -> tuple[str, tuple[Block, ...]]:
    return units_to_blocks([_restored(u) for u in repair_page_breaks(text_to_units(text))], profile)

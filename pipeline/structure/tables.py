"""Logical tables: physical table parts grouped, continuations merged, cells cleaned, header
cells mapped to column roles through the profile.

Steps: blocks_to_parts -> part_to_roles -> parts_to_tables (merge continuations, de-hyphenate
narrowed parts) -> tables in document order with stable ids (t01, t02, ...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from pipeline.model import (
    METRIC_ROLES,
    Block,
    BlockKind,
    Cell,
    ColumnRole,
    Extraction,
    Provenance,
    Table,
    TableKind,
)
from pipeline.settings.profile import Profile, TableSettings
from pipeline.status.phrases import leading_word
from pipeline.text.hyphenation import dehyphenate_cell

_ROW_KINDS = (BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY)
# blocks that may sit between two parts of one table (a page break leaves at most a chart)
_TRANSPARENT = (BlockKind.CHART,)
TOC_HEADER = ("Rubrik", "Sida")
SPAN = "table_span"  # reader's style of a full-width row (one cell across all columns)


@dataclass(frozen=True)
class Part:
    """Consecutive table rows of one kind, as printed on one page."""

    rows: tuple[Block, ...]
    kind: BlockKind
    follows_text: bool  # a heading or paragraph lies between this part and the previous one (a
    # footnote at the foot of the previous part's page, the page break between them, does not count)


def blocks_to_parts(blocks: tuple[Block, ...]) -> list[Part]:
    parts: list[Part] = []
    current: list[Block] = []
    first_keys: list[str] = []  # header keys of the current part's first row
    text_between = True
    between: list[Block] = []  # text since the last part
    last_page: int | None = None  # page of the last part's last row
    for b in blocks:
        if (b.kind in _ROW_KINDS and current and current[-1].kind == b.kind
                and not _repeats_header(b, first_keys)):
            current.append(b)
            continue
        if current:
            parts.append(Part(tuple(current), current[0].kind, text_between))
            last_page = current[-1].prov.page_end or current[-1].prov.page
            current, text_between, between = [], False, []
        if b.kind in _ROW_KINDS:
            current = [b]
            first_keys = _header_keys(b)
            text_between = text_between or (bool(between) and not _footnotes_only(between, last_page, b))
        elif b.kind not in _TRANSPARENT:
            between.append(b)
            text_between = text_between or last_page is None
    if current:
        parts.append(Part(tuple(current), current[0].kind, text_between))
    return parts


def _footnotes_only(between: list[Block], last_page: int | None, first_row: Block) -> bool:
    """The text between two parts is only paragraphs at the foot of the earlier part's page (a
    footnote under a table the page break cut), and the later part opens a new page."""
    return (last_page is not None and first_row.prov.page is not None and first_row.prov.page > last_page
            and all(b.kind == BlockKind.PARAGRAPH and b.prov.page == last_page for b in between))


def is_repeated_header(b: Block, first: Block) -> bool:
    """A row repeating the part's header starts a new part (the PDF reader also flags them)."""
    return _repeats_header(b, _header_keys(first))


def _repeats_header(b: Block, first_keys: list[str]) -> bool:
    """``is_repeated_header`` given the header keys of the part's first row (a part asks for
    every row)."""
    if b.style == "table_header":
        return True
    # cell by cell: a body row differs from the header in its first cell, as a rule
    return len(b.cells) == len(first_keys) and all(
        header_key(c.text) == k for c, k in zip(b.cells, first_keys, strict=True))


def _header_keys(b: Block) -> list[str]:
    return [header_key(c.text) for c in b.cells]


@lru_cache(maxsize=4096)  # pure, and asked for every header cell of every row and every role name
def header_key(text: str) -> str:
    """Header text for comparison: hyphens from narrow columns removed, case folded."""
    return " ".join(text.replace("-", "").replace("\u00ad", "").lower().split())


# what may follow a role name in a header: a year, a period or a unit ("Utfall 2025", "Utfall T2")
_HEADER_TAIL = re.compile(r"^(?:\d{4}(?:[-/]\d{2,4})?|t\d|tertial \d|halvår \d|[a-zåäö]{3}|\(.*\)|%|\d{4} \(.*\))$")


def role_names(tab: TableSettings) -> dict[str, str]:
    """Header key -> column role, from the profile's role names."""
    return {header_key(n): role for role, ns in tab.roles.items() for n in ns}


def header_to_roles(header: tuple[str, ...], tab: TableSettings,
                    names: dict[str, str] | None = None) -> tuple[str | None, ...]:
    """Column role of each header cell; ``names`` is ``role_names(tab)`` when the caller has it."""
    names = role_names(tab) if names is None else names
    return tuple(_role_of(header_key(h), names) for h in header)


def _role_of(key: str, names: dict[str, str]) -> str | None:
    if key in names:
        return names[key]
    head, _, tail = key.rpartition(" ")
    while head:
        if head in names and _HEADER_TAIL.match(tail):
            return names[head]
        head, _, more = head.rpartition(" ")
        tail = f"{more} {tail}"
    return None


# columns that follow a row up: a metric-like column needs one of them to be a scorecard (an
# economy plan "Verksamhet | Åtgärd | Bedömd effekt 2017" lists measures and amounts, no follow-up)
FOLLOW_UP_ROLES = (ColumnRole.STATUS, ColumnRole.TARGET, ColumnRole.OUTCOME, ColumnRole.TREND, ColumnRole.PROGRESS,
                   ColumnRole.COMMENT)


def table_kind(roles: tuple[str | None, ...]) -> TableKind:
    """scorecard: a metric-like column and a follow-up column; goal: a goal column and no
    metric-like one; else data."""
    r = set(roles)
    if r & set(METRIC_ROLES):
        return TableKind.SCORECARD if r & set(FOLLOW_UP_ROLES) else TableKind.DATA
    if ColumnRole.STRATEGIC_GOAL in r:
        return TableKind.GOAL
    return TableKind.DATA


# share of body rows whose answer starts with a status word for a titled two-column table to be
# review questions answered on the profile's scale ("Nämndens mål uppnås | Endast delvis")
QUESTION_ANSWER_SHARE = 0.5


def question_roles(part: Part, words: Mapping[str, str]) -> tuple[str | None, ...] | None:
    """(question, status) for a two-column table under a title row (one cell across the table,
    "Verksamhetsstyrning och uppföljning", padded or alone) whose answers mostly start with a status word of the
    profile ("Ja (genom budget)", "Endast delvis"): the question column has no header of its
    own, so its role comes from the values beside it."""
    title = _cells(part.rows[0])
    body = [_cells(b) for b in part.rows[1:]]
    if not (1 <= len(title) <= 2) or not title[0].text or any(c.text for c in title[1:]) or not body:
        return None
    answered = sum(1 for r in body if len(r) == 2 and r[0].text and leading_word(r[1].text, words))
    if answered < max(2, QUESTION_ANSWER_SHARE * len(body)):
        return None
    return ColumnRole.QUESTION, ColumnRole.STATUS


def _continues_row(cells: tuple[Cell, ...], above: tuple[Cell, ...]) -> bool:
    """The first row of a continued part goes on with the last row above: its name cell is
    empty and another cell has text, in the same columns."""
    return len(cells) == len(above) > 1 and not cells[0].text and any(c.text for c in cells[1:])


def _joined(above: tuple[Cell, ...], below: tuple[Cell, ...]) -> tuple[Cell, ...]:
    return tuple(dataclasses.replace(a, text=f"{a.text} {b.text}".strip(), marks=a.marks + b.marks)
                 for a, b in zip(above, below, strict=True))
# an economy line item is a short name: "Övriga kostnader", "Verksamhetens intäkter"
ECONOMY_ITEM_MAX_WORDS = 3


def is_economy(rows: list[tuple[Cell, ...]], roles: tuple[str | None, ...], items: list[str]) -> bool:
    """A table whose metric-like column names only economy line items (every row at least two,
    "Intäkter", "Personalkostnader", "Nettokostnad"), and that has no target or status column:
    an economy table, whatever its first column is called."""
    if not items or ColumnRole.TARGET in roles or ColumnRole.STATUS in roles:
        return False
    k = next(i for i, r in enumerate(roles) if r in METRIC_ROLES)
    names = [" ".join(re.sub(r"[^\w\s]", " ", row[k].text.lower()).split()) for row in rows if len(row) > k]
    names = [n for n in names if n]
    stems = tuple(items)
    return len(names) >= 2 and all(len(n.split()) <= ECONOMY_ITEM_MAX_WORDS and n.split()[-1].endswith(stems)
                                   for n in names)


def _cells(b: Block) -> tuple[Cell, ...]:
    return b.cells or (Cell(b.text, b.prov),)


def _clean(cell: Cell) -> Cell:
    text = dehyphenate_cell(cell.text)
    return cell if text == cell.text else dataclasses.replace(cell, text=text)


def _span(parts: list[Part]) -> Provenance:
    first, last = parts[0].rows[0].prov, parts[-1].rows[-1].prov
    bbox = None
    if first.bbox and first.page == last.page:
        bbox = first.bbox
        for p in parts:
            for r in p.rows:
                bbox = bbox.union(r.prov.bbox) if r.prov.bbox and r.prov.page == first.page else bbox
    return Provenance(first.char_start, last.char_end, first.page,
                      last.page_end if last.page_end is not None else last.page, bbox)


def parts_to_tables(parts: list[Part], tab: TableSettings,
                    status_words: Mapping[str, str] = MappingProxyType({})) -> tuple[Table, ...]:
    """Table parts -> logical tables; ``status_words`` (the scorecard's) tell a question column
    with no header by the answers beside it."""
    groups: list[tuple[list[Part], tuple[str, ...], tuple[str | None, ...], TableKind]] = []
    names = role_names(tab)
    for part in parts:
        if part.kind == BlockKind.TOC_ENTRY:
            groups.append(([part], TOC_HEADER, (None, None), TableKind.TOC))
            continue
        raw_header = tuple(c.text for c in _cells(part.rows[0]))
        roles = header_to_roles(raw_header, tab, names)
        if not any(roles) and (found := question_roles(part, status_words)):
            # a title row the page break left alone has one cell: the title heads both columns
            roles, raw_header = found, (raw_header[0], *("",) * (len(found) - 1))
        kind = table_kind(roles)
        prev = groups[-1] if groups else None
        if prev and not part.follows_text and prev[3] in (TableKind.SCORECARD, TableKind.GOAL):
            same_header = [header_key(h) for h in raw_header] == [header_key(h) for h in prev[1]]
            headerless = kind == TableKind.DATA and len(raw_header) == len(prev[1])
            if same_header or headerless:
                prev[0].append(part)
                continue
        groups.append(([part], raw_header, roles, kind))

    tables = []
    for i, (grp, raw_header, roles, kind) in enumerate(groups, start=1):
        rows: list[tuple[Cell, ...]] = []
        styles: list[str | None] = []
        for j, part in enumerate(grp):
            part_header = tuple(c.text for c in _cells(part.rows[0]))
            has_header = kind != TableKind.TOC and (j == 0 or header_to_roles(part_header, tab, names) == roles)
            body = part.rows[1:] if has_header else part.rows
            if j and not has_header and rows and body and _continues_row(_cells(body[0]), rows[-1]):
                rows[-1] = _joined(rows[-1], _cells(body[0]))  # a row the page break cut in two
                body = body[1:]
            # a part whose header had to be de-hyphenated was set in narrow columns
            narrowed = any("-" in h for h in part_header) and has_header
            for b in body:
                cells = _cells(b)
                rows.append(tuple(_clean(c) for c in cells) if narrowed else cells)
                styles.append(b.style if b.style == SPAN else None)
        if kind == TableKind.SCORECARD and is_economy(rows, roles, tab.economy_items):
            kind = TableKind.DATA  # "Intäkter 7,8 %": economy, not styrmått
        header = tuple(dehyphenate_cell(h) if roles[k] else h for k, h in enumerate(raw_header)) \
            if kind != TableKind.TOC else raw_header
        tables.append(Table(table_id=f"t{i:02d}", kind=kind, header=header, roles=roles,
                            rows=tuple(rows), prov=_span(grp), n_parts=len(grp), row_styles=tuple(styles)))
    return tuple(tables)


def document_to_tables(ex: Extraction, profile: Profile) -> Extraction:
    parts = blocks_to_parts(ex.document.blocks)
    return dataclasses.replace(ex, tables=parts_to_tables(parts, profile.tables, profile.scorecard.status_words))

"""What a scorecard table row is, whatever the template: a data row, a full-width comment
(``Kommentar: ...``) or a full-width sub-header naming the parent goal; cells by column role."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.model import Cell, Provenance
from pipeline.settings.profile import ScorecardSettings
from pipeline.text.similarity import slug


def col(row: tuple[Cell, ...], roles: tuple[str | None, ...], role: str, last: bool = False) -> Cell | None:
    """The row's cell in the column of ``role`` (the last such column with ``last``: the newest
    of several "Utfall 20xx" columns)."""
    if role not in roles:
        return None
    i = len(roles) - 1 - roles[::-1].index(role) if last else roles.index(role)
    return row[i] if i < len(row) else None


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# roles of the columns that print a period's value, current or earlier ("Utfall 2024", "Målvärde 2025")
DATED_ROLES = ("outcome", "target")


def header_year(header: str) -> int | None:
    """The year a column header names ("Utfall 2024" -> 2024); None without one, or with two."""
    years = _YEAR.findall(header)
    return int(years[0]) if len(years) == 1 else None


@lru_cache(maxsize=4096)  # pure; asked for every row of a table
def current_index(header: tuple[str, ...], roles: tuple[str | None, ...], role: str, year: int | None) -> int | None:
    """The column of ``role`` for the report's year: the one whose header names ``year``; else the
    last outcome column (the newest of several "Utfall 20xx") or the first target column."""
    found = [i for i, r in enumerate(roles) if r == role]
    if not found:
        return None
    same = [i for i in found if year is not None and i < len(header) and header_year(header[i]) == year]
    if same:
        return same[0]
    return found[-1] if role == "outcome" else found[0]


@lru_cache(maxsize=4096)  # pure; asked for every row of a table
def earlier_indexes(header: tuple[str, ...], roles: tuple[str | None, ...], year: int | None) -> tuple[int, ...]:
    """Outcome and target columns of a year before the report's ("Utfall 2024" in a 2025 report),
    none of them a current column."""
    if year is None:
        return ()
    current = {current_index(header, roles, r, year) for r in DATED_ROLES}
    return tuple(i for i, r in enumerate(roles) if r in DATED_ROLES and i not in current and i < len(header)
                 and (y := header_year(header[i])) is not None and y < year)


def row_prov(row: tuple[Cell, ...]) -> Provenance:
    provs = [c.prov for c in row]
    bbox = None
    for p in provs:
        if p.bbox and p.page == provs[0].page:
            bbox = p.bbox if bbox is None else bbox.union(p.bbox)
    return Provenance(provs[0].char_start, provs[-1].char_end, provs[0].page, provs[-1].page, bbox)


def strip_comment_prefix(text: str, sc: ScorecardSettings) -> str | None:
    """The comment without its label, when ``text`` starts with one ("Kommentar: ...")."""
    for p in sorted(sc.comment_prefixes, key=len, reverse=True):
        if text[:len(p)].lower() == p.lower() and (p.endswith(":") or len(text) == len(p)
                                                     or not text[len(p)].isalpha()):
            return text[len(p):].lstrip(" :\n").strip()
    return None


def only_text(row: tuple[Cell, ...]) -> str | None:
    """The text of a row whose only non-empty cell is its first (a full-width row flattened)."""
    if row and row[0].text and not any(c.text or c.marks for c in row[1:]):
        return row[0].text
    return None


def comment_text(row: tuple[Cell, ...], sc: ScorecardSettings, span: bool) -> str | None:
    """The comment of a full-width ``Kommentar:`` row (or a one-cell row starting so)."""
    text = row[0].text if span else only_text(row)
    if text is None:
        return None
    return strip_comment_prefix(text, sc)


def level_slug(header: str) -> str:
    """The template's own name of a goal level, as a slug: "Nämndmål" -> "namndmal"."""
    return slug(header, 40).replace("-", "_")

"""What a scorecard table row is, whatever the template: a data row, a full-width comment
(``Kommentar: ...``) or a full-width sub-header naming the parent goal; cells by column role."""

from __future__ import annotations

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

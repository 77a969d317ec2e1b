"""Where a table sits: its enclosing perspective, goal and factor sections, and its theme."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.model import Section, SectionKind


class Context:
    """Finds the enclosing perspective / goal / factor section of a char offset."""

    def __init__(self, sections: tuple[Section, ...]):
        self.sections = sections
        self.by_id = {s.section_id: s for s in sections}
        self._of_kind: dict[SectionKind, list[Section]] = {}
        for s in sections:
            self._of_kind.setdefault(s.kind, []).append(s)
        self._enclosing: dict[tuple[int, SectionKind], Section | None] = {}  # every row of a table asks

    def enclosing(self, offset: int, kind: SectionKind) -> Section | None:
        key = (offset, kind)
        if key not in self._enclosing:
            found = None
            for s in self._of_kind.get(kind, ()):
                if s.prov.char_start <= offset <= s.prov.char_end:
                    found = s
            self._enclosing[key] = found
        return self._enclosing[key]

    def children(self, section: Section | None, kind: SectionKind) -> list[Section]:
        if section is None:
            return []
        return [s for s in self.sections if s.parent_id == section.section_id and s.kind == kind]

    def title(self, offset: int, kind: SectionKind) -> str:
        s = self.enclosing(offset, kind)
        return s.title if s else ""


_GENERIC = re.compile(r"^(?:mål|målen|måluppfyllelse|uppföljning|verksamhetsmål|nämndmål|strategiska mål|"
                      r"aktiviteter|uppdrag|indikatorer|styrmått)\b", re.I)


_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")


def theme_of(offset: int, ctx: Context, summaries: Sequence[str] = ()) -> str | None:
    """The heading a goal or row sits under: the nearest enclosing heading that names a theme (not
    a generic label such as "Verksamhetsmål", nor a heading of ``summaries`` such as "7.1.2
    Sammanfattad bedömning", which sums up the heading above it) printed after its perspective,
    else the perspective.
    (A chapter named like a perspective, "Ekonomi", is no theme of the goal chapter after it.)"""
    persp = ctx.enclosing(offset, SectionKind.PERSPECTIVE)
    after = persp.prov.char_start if persp is not None else -1
    best = None
    summary = {x.lower() for x in summaries}
    for s in ctx.sections:
        if (s.kind == SectionKind.HEADING and after < s.prov.char_start <= offset <= s.prov.char_end
                and not _GENERIC.match(s.title) and _NUMBER.sub("", s.title).lower() not in summary):
            best = s
    if best is not None:
        return best.title
    return persp.title if persp is not None else None

"""Where a table sits: its enclosing perspective, goal and factor sections, and its theme."""

from __future__ import annotations

import re

from pipeline.model import Section, SectionKind


class Context:
    """Finds the enclosing perspective / goal / factor section of a char offset."""

    def __init__(self, sections: tuple[Section, ...]):
        self.sections = sections
        self.by_id = {s.section_id: s for s in sections}

    def enclosing(self, offset: int, kind: SectionKind) -> Section | None:
        found = None
        for s in self.sections:
            if s.kind == kind and s.prov.char_start <= offset <= s.prov.char_end:
                found = s
        return found

    def children(self, section: Section | None, kind: SectionKind) -> list[Section]:
        if section is None:
            return []
        return [s for s in self.sections if s.parent_id == section.section_id and s.kind == kind]

    def title(self, offset: int, kind: SectionKind) -> str:
        s = self.enclosing(offset, kind)
        return s.title if s else ""


_GENERIC = re.compile(r"^(?:mål|målen|måluppfyllelse|uppföljning|verksamhetsmål|nämndmål|strategiska mål|"
                      r"aktiviteter|uppdrag|indikatorer|styrmått)\b", re.I)


def theme_of(offset: int, ctx: Context) -> str | None:
    """The heading a goal or row sits under: its perspective, else the nearest enclosing heading
    that names a theme (not a generic label such as "Verksamhetsmål")."""
    persp = ctx.enclosing(offset, SectionKind.PERSPECTIVE)
    if persp is not None:
        return persp.title
    best = None
    for s in ctx.sections:
        if (s.kind == SectionKind.HEADING and s.prov.char_start <= offset <= s.prov.char_end
                and not _GENERIC.match(s.title)):
            best = s
    return best.title if best else None

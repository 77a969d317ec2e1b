"""Goals printed as headings over their own indicator tables: "Mål 1: Antalet bränder ska minska",
then `Indikator | Utfall 2024 | Målvärde 2025 | Utfall 2025`, then prose.

A goal section (a heading with a goal prefix or a goal word and number, ``structure.sections``)
that no goal table names and that holds a scorecard table is a goal, and the parent of that
table's rows: the metrics take the section's title as their goal (``metrics._goal_before``). A
numbered heading without a goal word ("1 Olycksförebyggande verksamhet") stays a theme. The
goal's status is what the prose after its tables states: the status stage reads it
(``pipeline.status.precedence``).
"""

from __future__ import annotations

from pipeline.model import BlockKind, Extraction, Goal, SectionKind, StatusReading, TableKind
from pipeline.scorecard.context import Context, theme_of
from pipeline.scorecard.goals import section_assessment
from pipeline.scorecard.keys import goal_key
from pipeline.scorecard.rows import level_slug
from pipeline.settings.profile import Profile
from pipeline.status.phrases import assessment_status
from pipeline.structure.sections import goal_heading


def sections_to_goals(ex: Extraction, ctx: Context, goals: list[Goal], profile: Profile) -> list[Goal]:
    """The goals printed only as a heading over a scorecard table, in document order."""
    named = {g.section_id for g in goals if g.section_id} | {g.strategic_goal for g in goals}
    holders = {s.section_id for t in ex.tables if t.kind == TableKind.SCORECARD
               if (s := ctx.enclosing(t.prov.char_start, SectionKind.STRATEGIC_GOAL)) is not None}
    headings = {b.prov.char_start: b for b in ex.document.blocks if b.kind == BlockKind.HEADING}
    org, committee = (ex.meta.organisation, ex.meta.committee) if ex.meta else (None, None)
    out = []
    for s in ctx.sections:
        if s.kind != SectionKind.STRATEGIC_GOAL or s.section_id not in holders or s.section_id in named \
                or s.title in named:
            continue
        heading = headings.get(s.prov.char_start)
        found = goal_heading(heading.text, profile.sections) if heading is not None else None
        assessment = section_assessment(s, ex, profile.scorecard)
        out.append(Goal(goal_key=goal_key(org, committee, s.title),
                        perspective=ctx.title(s.prov.char_start, SectionKind.PERSPECTIVE), strategic_goal=s.title,
                        status=StatusReading(None, None), assessment=assessment, success_factors=(),
                        prov=heading.prov if heading is not None else s.prov, section_id=s.section_id,
                        forecast=assessment_status(assessment or "", profile)[2],
                        goal_level=level_slug(found[0]) if found else None, theme=theme_of(s.prov.char_start, ctx)))
    return out


def with_heading_goals(goals: list[Goal], ex: Extraction, ctx: Context, profile: Profile) -> list[Goal]:
    """``goals`` (from goal tables) and the heading goals, in document order."""
    extra = sections_to_goals(ex, ctx, goals, profile)
    return sorted([*goals, *extra], key=lambda g: g.prov.char_start) if extra else goals

"""Goals from goal tables, whatever the template calls its goal level.

A goal table has a goal column (Strategiskt mål, Verksamhetsmål, Nämndmål, ...) and no
metric-like column. Every row that names a goal is a goal; a later row with only a factor adds
a success factor to the goal above (the region template); a full-width ``Kommentar:`` row is
the comment of the goal above. Status comes from the row's mark or word; the comment, or the
goal section's assessment paragraph, is narrative evidence.

Steps: table_to_goal_rows -> goal_row_to_goal.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from pipeline.model import BlockKind, Cell, ErrorRecord, Extraction, Goal, SectionKind, Table
from pipeline.scorecard.cells import cell_status, marks_status, unmatched_mark
from pipeline.scorecard.context import Context, theme_of
from pipeline.scorecard.coverage import Tally
from pipeline.scorecard.fills import fill_guess_warning, with_fill
from pipeline.scorecard.keys import goal_key
from pipeline.scorecard.rows import col, comment_text, level_slug, row_prov
from pipeline.settings.profile import Profile, ScorecardSettings
from pipeline.status.phrases import assessment_status
from pipeline.structure.sections import own_blocks
from pipeline.text.similarity import best_match


@dataclass
class GoalRow:
    """One goal as its table prints it, before it is read."""

    cells: tuple[Cell, ...]
    name: str
    index: int  # the row's index in its table
    factors: list[Cell] = field(default_factory=list)
    comment: str | None = None


def table_to_goal_rows(t: Table, sc: ScorecardSettings, tally: Tally) -> list[GoalRow]:
    out: list[GoalRow] = []
    for i, row in enumerate(t.rows):
        if not tally.seen(row):
            continue
        span = i < len(t.row_styles) and t.row_styles[i] is not None
        comment = comment_text(row, sc, span)
        if comment is not None:
            if not out:
                tally.drop(t.table_id, i, row, "a comment row before any goal")
                continue
            out[-1].comment = f"{out[-1].comment}\n{comment}" if out[-1].comment else comment
            tally.kept()
            continue
        name_cell = col(row, t.roles, "strategic_goal")
        factor_cell = col(row, t.roles, "success_factor")
        has_factor = factor_cell is not None and bool(factor_cell.text)
        if name_cell is not None and name_cell.text:
            out.append(GoalRow(row, name_cell.text, i))
            tally.kept()
        elif not out and not has_factor and not any(c.text for c in row):
            tally.drop(t.table_id, i, row, "a mark without a goal name, before any goal")
            continue
        elif not out:
            out.append(GoalRow(row, "", i))  # the region template prints the goal once, as a heading
        elif has_factor:
            tally.kept()
        else:
            tally.drop(t.table_id, i, row, "no goal name and no success factor")
            continue
        if has_factor and factor_cell is not None:  # has_factor says it is not None; mypy needs it here
            out[-1].factors.append(factor_cell)
    return out


def goal_row_to_goal(gr: GoalRow, t: Table, ex: Extraction, ctx: Context, profile: Profile
                     ) -> tuple[Goal, list[ErrorRecord]]:
    errors: list[ErrorRecord] = []
    offset = gr.cells[0].prov.char_start if gr.cells else t.prov.char_start
    section = ctx.enclosing(offset, SectionKind.STRATEGIC_GOAL)
    name = gr.name or (section.title if section else "")
    factors = _factors(gr, name, ctx, section, profile.scorecard, errors)
    assessment = section_assessment(section, ex, profile.scorecard)
    if assessment is None and gr.comment and gr.comment.startswith(tuple(profile.scorecard.assessment_prefixes)):
        assessment = gr.comment
    forecast = assessment_status(assessment or gr.comment or "", profile)[2]  # the status: pipeline.status.precedence
    reading = cell_status(col(gr.cells, t.roles, "status"), ex.document, profile)
    if reading.status is None and reading.symbol is None:
        reading = marks_status(col(gr.cells, t.roles, "strategic_goal"), ex.document, profile) or reading
    reading = with_fill(reading, col(gr.cells, t.roles, "status"), col(gr.cells, t.roles, "strategic_goal"),
                        ex.document, profile, f"goal {name[:60]!r}", errors)
    if reading.status is None and reading.color is not None:
        errors.append(unmatched_mark(f"goal {name[:60]!r}", reading, gr.cells[0].prov.page if gr.cells else None))
    org, committee = (ex.meta.organisation, ex.meta.committee) if ex.meta else (None, None)
    prov = row_prov(gr.cells) if gr.cells else t.prov
    level = level_slug(t.header[t.roles.index("strategic_goal")]) if "strategic_goal" in t.roles else None
    return Goal(goal_key=goal_key(org, committee, name), perspective=ctx.title(offset, SectionKind.PERSPECTIVE),
                strategic_goal=name, status=reading, assessment=assessment, success_factors=tuple(factors),
                prov=prov, section_id=section.section_id if section else None, forecast=forecast,
                goal_level=level, theme=theme_of(offset, ctx), comment=gr.comment), errors


def _factors(gr: GoalRow, name: str, ctx: Context, section, sc: ScorecardSettings,
             errors: list[ErrorRecord]) -> list[str]:
    """Factor names reconciled with the factor headings under the goal's section."""
    headings = [s.title for s in ctx.children(section, SectionKind.SUCCESS_FACTOR)]
    out = []
    for cell in gr.factors:
        i, score = best_match(cell.text, headings)
        if score >= sc.factor_match_threshold:
            out.append(headings[i])
        else:
            out.append(cell.text)
            errors.append(ErrorRecord("scorecard", f"goal {name!r}: factor {cell.text!r} has no matching "
                                                   f"factor heading (best {score:.2f})", page=cell.prov.page))
    return out


def section_assessment(section, ex: Extraction, sc: ScorecardSettings) -> str | None:
    """The goal section's paragraph that starts like an overall assessment ("Sammantaget bedöms ...")."""
    if section is None:
        return None
    for b in own_blocks(section, ex.sections, ex.document.blocks):
        if b.kind == BlockKind.PARAGRAPH and b.text.startswith(tuple(sc.assessment_prefixes)):
            return b.text
    return None


def goal_table_to_goals(t: Table, ex: Extraction, ctx: Context, profile: Profile, tally: Tally
                        ) -> tuple[list[Goal], list[ErrorRecord]]:
    goals: list[Goal] = []
    errors: list[ErrorRecord] = []
    for gr in table_to_goal_rows(t, profile.scorecard, tally):
        g, errs = goal_row_to_goal(gr, t, ex, ctx, profile)
        if g.strategic_goal:
            goals.append(g)
            if not gr.name:  # named by its section: counted here, not when its row was read
                tally.kept()
        else:
            tally.drop(t.table_id, gr.index, gr.cells, "no goal name in the row or in a goal heading above it")
        errors += errs
    errors += fill_guess_warning(t.table_id, [(g.strategic_goal, g.status, g.prov.page) for g in goals])
    return goals, errors


def dedupe_goals(goals: list[Goal]) -> list[Goal]:
    """A goal table split by a page break without a repeated goal cell yields one goal."""
    out: list[Goal] = []
    for g in goals:
        if out and out[-1].goal_key == g.goal_key:
            prev = out[-1]
            out[-1] = dataclasses.replace(prev, success_factors=prev.success_factors + g.success_factors,
                                          comment=prev.comment or g.comment)
            continue
        out.append(g)
    return out


def link_parents(goals: list[Goal]) -> list[Goal]:
    """A goal of a lower level (nämndmål) belongs to the nearest goal of the level above it
    (verksamhetsmål) printed before it under the same theme. Levels rank by first appearance:
    templates print the upper level first."""
    rank: dict[str | None, int] = {}
    for g in goals:
        rank.setdefault(g.goal_level, len(rank))
    out: list[Goal] = []
    for g in goals:
        r = rank[g.goal_level]
        parent = next((p for p in reversed(out) if rank[p.goal_level] == r - 1 and p.theme == g.theme), None)
        out.append(dataclasses.replace(g, parent_goal_key=parent.goal_key) if parent and r > 0 else g)
    return out

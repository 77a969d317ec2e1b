"""Scorecard: goals and metrics from the logical tables and the section tree, whatever the
template calls its levels.

Modules: ``goals`` (goal tables of any level), ``metrics`` (styrmått, indikatorer, aktiviteter,
uppdrag), ``rows`` (comment and sub-header rows, cells by role), ``cells`` (status, trend, state,
progress of one cell), ``context`` (enclosing sections, theme), ``keys`` (stable keys).
Status precedence is pipeline.status.phrases's one rule: a decoded mark, symbol or word decides; the
narrative fills a missing status and is kept as evidence either way.
"""

from __future__ import annotations

import dataclasses

from pipeline.model import ColumnRole, ErrorRecord, Extraction, Goal, Metric, Scorecard, Severity, TableKind
from pipeline.scorecard.cells import cell_status
from pipeline.scorecard.context import Context
from pipeline.scorecard.coverage import Tally, factors_from_headings
from pipeline.scorecard.goals import dedupe_goals, goal_table_to_goals, link_parents
from pipeline.scorecard.heading_goals import with_heading_goals
from pipeline.scorecard.keys import dedupe_keys, goal_key, metric_key
from pipeline.scorecard.metrics import table_to_metrics
from pipeline.scorecard.outcome_colors import status_from_outcome_color
from pipeline.settings.profile import Profile
from pipeline.status.phrases import assessment_status
from pipeline.structure.tables import METRIC_ROLES

__all__ = ["NO_SCORECARD", "assessment_status", "cell_status", "extract_scorecard", "goal_key", "metric_key"]

NO_SCORECARD = "no scorecard tables found: sections, tables, facts written"
# columns that assess something: a table with one of them but no goal or metric column is said
ASSESSMENT_ROLES = frozenset({ColumnRole.STATUS, ColumnRole.TARGET, ColumnRole.TREND, ColumnRole.PROGRESS})


def extract_scorecard(ex: Extraction, profile: Profile) -> Extraction:
    ctx = Context(ex.sections)
    goals: list[Goal] = []
    metrics: list[Metric] = []
    errors: list[ErrorRecord] = []
    tally = Tally()
    for t in ex.tables:  # goals first: an activity table may name a goal printed after it
        if t.kind == TableKind.GOAL:
            gs, errs = goal_table_to_goals(t, ex, ctx, profile, tally)
            goals += gs
            errors += errs
    goals = with_heading_goals(dedupe_goals(goals), ex, ctx, profile)  # a goal printed as a heading over its table
    goals, errs = factors_from_headings(link_parents(goals), ctx, profile.scorecard, tally)
    errors += errs
    for t in ex.tables:
        if t.kind == TableKind.DATA and set(t.roles) & set(METRIC_ROLES):  # named, but not followed up
            errors.append(ErrorRecord("scorecard", f"table {t.table_id}: header {' | '.join(t.header)[:120]!r} has no "
                                                   "status, target, outcome, progress or comment column: not a "
                                                   "follow-up; kept in tables", Severity.WARNING, t.prov.page))
        elif t.kind == TableKind.DATA and set(t.roles) & ASSESSMENT_ROLES:  # assessed, but what is it about?
            errors.append(ErrorRecord("scorecard", f"table {t.table_id}: header {' | '.join(t.header)[:120]!r} names "
                                                   "no goal or metric column; kept in tables", Severity.WARNING,
                                      t.prov.page))
        if t.kind == TableKind.SCORECARD:
            ms, errs = table_to_metrics(t, ex, ctx, goals, profile, tally)
            metrics += ms
            errors += errs
    if not goals and not metrics:  # an economy or narrative report: nothing wrong, nothing to invent
        errors.append(ErrorRecord("scorecard", NO_SCORECARD, Severity.WARNING))
    metrics = status_from_outcome_color(metrics, ex)  # where red outcome figures mean a missed target
    card = Scorecard(tuple(goals), tuple(dedupe_keys(metrics)), tally.coverage())
    return dataclasses.replace(ex, scorecard=card, errors=(*ex.errors, *errors, *tally.errors))

"""Metrics from scorecard tables: styrmått, indikatorer, aktiviteter and uppdrag, one row each.

A scorecard table has a metric-like column; its header says the kind (Styrmått -> styrmatt,
Indikator -> indikator, Aktivitet -> aktivitet, Uppdrag -> uppdrag; a styrmått row starting
"Aktivitet:" is an activity). The factor is the row's factor cell, else the enclosing
``Framgångsfaktor:`` heading, else null. The goal is the full-width sub-header row above the
row (matched to a known goal by its text, never by position), else the goal section or the
goal table printed before the table.

Steps: table_to_metrics walks the rows (comment rows and sub-headers change state) and
row_to_metric reads one data row.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import (
    METRIC_ROLES,
    Cell,
    ErrorRecord,
    Extraction,
    Goal,
    Metric,
    PastValue,
    SectionKind,
    Severity,
    StatusReading,
    Table,
    Target,
)
from pipeline.scorecard.cells import (
    cell_state,
    cell_status,
    cell_trend,
    marks_status,
    progress_of,
    state_label,
    unmatched_mark,
)
from pipeline.scorecard.context import Context, theme_of
from pipeline.scorecard.coverage import Tally
from pipeline.scorecard.fills import fill_guess_warning, with_fill
from pipeline.scorecard.keys import metric_key
from pipeline.scorecard.rows import (
    col,
    comment_text,
    current_index,
    earlier_indexes,
    header_year,
    row_prov,
    strip_comment_prefix,
)
from pipeline.settings.profile import Profile, ScorecardSettings
from pipeline.structure.sections import metric_name, strip_prefix
from pipeline.text.numbers import parse_target, parse_year
from pipeline.text.similarity import best_match, similarity

KIND_OF_ROLE = {"metric": "styrmatt", "indicator": "indikator", "activity": "aktivitet", "assignment": "uppdrag",
                "recommendation": "rekommendation", "question": "granskningsfraga"}
# kinds whose status cell may print a state ("Pågående") and whose printed word is kept
STATE_KINDS = ("aktivitet", "uppdrag", "rekommendation")
# an audit asks the same question of every nämnd: the heading it sits under (the audit, the
# nämnd) is part of its key, as a success factor is of a styrmått's
AUDIT_KINDS = ("rekommendation", "granskningsfraga")


@dataclass
class TableState:
    """What the rows above say about the next one."""

    goal: str
    previous_factor: str = ""
    theme: str | None = None  # the heading the table sits under (``context.theme_of``): one per table


def table_to_metrics(t: Table, ex: Extraction, ctx: Context, goals: list[Goal], profile: Profile, tally: Tally
                     ) -> tuple[list[Metric], list[ErrorRecord]]:
    metrics: list[Metric] = []
    errors: list[ErrorRecord] = []
    role = next(r for r in t.roles if r in METRIC_ROLES)
    state = TableState(goal=_goal_before(t, ctx, goals),
                       theme=theme_of(t.prov.char_start, ctx, profile.sections.summary_headings))
    for i, row in enumerate(t.rows):
        if not tally.seen(row):
            continue
        span = i < len(t.row_styles) and t.row_styles[i] is not None
        comment = comment_text(row, profile.scorecard, span)
        if comment is not None and metrics:
            last = metrics[-1]
            metrics[-1] = dataclasses.replace(last, comment=f"{last.comment}\n{comment}" if last.comment else comment)
            tally.kept()
            continue
        if span and comment is None and len(t.header) > 1:  # a full-width row names the parent goal
            state.goal = _subheader_goal(row[0].text, goals, t, row, errors, profile.scorecard.subheader_goal_threshold)
            tally.kept()
            continue
        m = row_to_metric(row, i, t, role, state, ex, ctx, profile, errors)
        if m is None:
            tally.drop(t.table_id, i, row, f"no text in its {t.header[t.roles.index(role)]!r} column "
                                           "(kept in the tables dataset only)")
            continue
        metrics.append(m)
        tally.kept()
    errors += fill_guess_warning(t.table_id, [(m.metric, m.status, m.prov.page) for m in metrics])
    return metrics, errors


def _subheader_goal(text: str, goals: list[Goal], t: Table, row, errors: list[ErrorRecord], threshold: float) -> str:
    names = [g.strategic_goal for g in goals]
    i, score = best_match(text, names)
    if score >= threshold:
        return names[i]
    errors.append(ErrorRecord("scorecard", f"table {t.table_id}: sub-header {text[:80]!r} names no goal found in "
                                           f"the report (best {score:.2f}); kept as printed", page=row[0].prov.page))
    return text


def _goal_before(t: Table, ctx: Context, goals: list[Goal]) -> str:
    """The goal section around the table, else the last goal printed before it in its perspective."""
    section = ctx.enclosing(t.prov.char_start, SectionKind.STRATEGIC_GOAL)
    if section is not None:
        return section.title
    persp = ctx.title(t.prov.char_start, SectionKind.PERSPECTIVE)
    before = [g for g in goals if g.prov.char_start < t.prov.char_start and g.perspective == persp]
    return before[-1].strategic_goal if before else ""


def row_to_metric(row: tuple[Cell, ...], i: int, t: Table, role: str, state: TableState, ex: Extraction,
                  ctx: Context, profile: Profile, errors: list[ErrorRecord]) -> Metric | None:
    where = f"table {t.table_id} row {i + 1}"
    confidence = 1.0
    if len(row) < len(t.header):
        missing = ", ".join(t.header[len(row):])
        errors.append(ErrorRecord("scorecard", f"{where}: {len(row)} cells, header has {len(t.header)}; missing "
                                               f"{missing}; read as best aligned", Severity.WARNING, row[0].prov.page))
        confidence -= profile.scorecard.short_row_penalty
    metric_cell = col(row, t.roles, role)
    if metric_cell is None or not metric_cell.text:
        return None  # dropped by the caller, with a warning quoting the row
    factor, confidence = _factor(row, t, state, ctx, profile.scorecard, confidence)
    text = metric_cell.text
    activity = strip_prefix(text, profile.scorecard.activity_prefixes) if role == "metric" else None
    kind = "aktivitet" if activity is not None else KIND_OF_ROLE[role]
    comment_cell = col(row, t.roles, "comment")
    comment = _comment(comment_cell, profile.scorecard)
    trend, trend_symbol = cell_trend(col(row, t.roles, "trend"), profile.scorecard)
    org, committee = (ex.meta.organisation, ex.meta.committee) if ex.meta else (None, None)
    name = strip_fields(activity if activity is not None else text, profile.scorecard.field_labels)
    status = _status(row, t, role, ex, profile)
    status = with_fill(status, col(row, t.roles, "status"), metric_cell, ex.document, profile,
                       f"{where}: {name[:80]!r}", errors)
    state_cells = (col(row, t.roles, "status"), metric_cell, comment_cell)
    label, date = state_label(state_cells, profile.scorecard) if kind in STATE_KINDS else (None, None)
    status = dataclasses.replace(status, label=status.label or label)
    if kind == "granskningsfraga" and comment is None:  # "Ja, 2024-12-16, § 191": the answer says more
        comment = _answer(col(row, t.roles, "status"), status.label)
    if status.status is None and status.color is not None:
        errors.append(unmatched_mark(where, status, row[0].prov.page))
    target, outcome, history = _values(row, t, ex, profile)
    theme = state.theme
    return Metric(
        metric_key=metric_key(org, committee, factor or (theme if kind in AUDIT_KINDS else None) or "",
                              metric_name(strip_fields(text, profile.scorecard.field_labels), profile.scorecard)),
        perspective=ctx.title(t.prov.char_start, SectionKind.PERSPECTIVE), strategic_goal=state.goal or None,
        success_factor=factor, metric=name, metric_kind=kind,
        target=target,
        status=status, trend=trend, trend_symbol=trend_symbol, table_id=t.table_id,
        row_index=i, confidence=max(confidence, 0.0), prov=row_prov(row),
        state=cell_state(state_cells, profile.scorecard) if kind in STATE_KINDS else None, status_date=date,
        progress=progress_of(col(row, t.roles, "progress")),
        outcome=outcome, comment=comment, theme=theme, history=history)


# an earlier year's cell holding only a dash printed no value ("–": not measured then)
_NO_VALUE = frozenset({"", "-", "–", "—", "..", "…"})


def _values(row: tuple[Cell, ...], t: Table, ex: Extraction, profile: Profile
            ) -> tuple[Target | None, Target | None, tuple[PastValue, ...]]:
    """Target and outcome of the report's year (the columns whose header names it, else as printed
    last / first), and the earlier years' values the row prints beside them."""
    directions = (tuple(profile.scorecard.directions.items()), tuple(profile.scorecard.comparators.items()))
    year = ex.meta.period_end.year if ex.meta is not None and ex.meta.period_end is not None else None

    def cell(k: int | None) -> Cell | None:
        return row[k] if k is not None and k < len(row) else None

    k_target = current_index(t.header, t.roles, "target", year)
    target_cell = cell(k_target)
    outcome_cell = cell(current_index(t.header, t.roles, "outcome", year))
    history = tuple(PastValue(header_year(t.header[k]) or 0, t.header[k], t.roles[k] or "",
                              _target(c.text, directions))
                    for k in earlier_indexes(t.header, t.roles, year)
                    if (c := cell(k)) is not None and c.text.strip() not in _NO_VALUE)
    header = t.header[k_target] if k_target is not None else ""
    return (_target_of(target_cell, header, directions, profile.scorecard),
            _target(outcome_cell.text, directions) if outcome_cell is not None and outcome_cell.text else None,
            history)


def _target_of(cell: Cell | None, header: str, directions: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]],
               sc: ScorecardSettings) -> Target | None:
    """A target cell, typed; under a year header ("Målår") a year or span of years is kind year."""
    if cell is None:
        return None
    if any(header.strip().lower() == y.lower() for y in sc.year_targets) and (year := parse_year(cell.text)):
        return year
    return _target(cell.text, directions)


@lru_cache(maxsize=16384)  # pure; a target cell is a few words, and a batch of reports prints the same ones again
def _target(raw: str, directions: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]) -> Target:
    return parse_target(raw, dict(directions[0]), dict(directions[1]))


def _factor(row, t: Table, state: TableState, ctx: Context, sc: ScorecardSettings, confidence: float
            ) -> tuple[str | None, float]:
    factor_section = ctx.enclosing(t.prov.char_start, SectionKind.SUCCESS_FACTOR)
    cell = col(row, t.roles, "success_factor")
    if cell is None:  # no factor column: the heading, or no factor at all
        return (factor_section.title if factor_section else None), confidence
    factor = cell.text or state.previous_factor
    if not factor:  # a cell spanning rows is printed once; otherwise use the heading
        factor = factor_section.title if factor_section else ""
        confidence -= sc.no_factor_penalty
    elif factor_section and similarity(factor, factor_section.title) < sc.factor_match_threshold:
        confidence -= sc.factor_mismatch_penalty
    state.previous_factor = factor
    return factor, confidence


def _status(row, t: Table, role: str, ex: Extraction, profile: Profile) -> StatusReading:
    """The status column; without one, an icon in the metric, outcome or target cell."""
    if "status" in t.roles:
        return cell_status(col(row, t.roles, "status"), ex.document, profile)
    for r in (role, "outcome", "target"):
        reading = marks_status(col(row, t.roles, r, last=r == "outcome"), ex.document, profile)
        if reading is not None:
            return reading
    return StatusReading(None, None)


def strip_fields(name: str, labels: list[str]) -> str:
    """A name cell without the labelled fields printed after the name in the same cell
    ("... i detta arbete. Uppdragsår 2025 Typ av KF/KS-uppdrag ..."): the fields stay in tables."""
    low = name.lower()
    cut = min((i for lab in labels if (i := low.find(f" {lab.lower()} ")) > 0), default=len(name))
    return name[:cut].rstrip()


def _answer(cell: Cell | None, label: str | None) -> str | None:
    """A review question's answer as printed, when it says more than its status word: the
    reasons after "Ja", or a count ("7 st") that is on no scale."""
    if cell is None or not cell.text or cell.text == label:
        return None
    return cell.text


def _comment(cell: Cell | None, sc: ScorecardSettings) -> str | None:
    if cell is None or not cell.text:
        return None
    return strip_comment_prefix(cell.text, sc) or cell.text

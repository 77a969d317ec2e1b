"""Scorecard: goals and metrics from the logical tables and the section tree.

Steps: goal_table_to_goal (factor names reconciled with the factor headings, status from
mark, symbol, word or assessment paragraph) and table_to_metrics (typed target, status, trend,
stable metric_key). Status language and its precedence rule live in ``pipeline.status``.
"""

from __future__ import annotations

import dataclasses
import hashlib

from pipeline.marks import status_from_mark, trend_from_mark
from pipeline.model import (
    BlockKind,
    Cell,
    Document,
    ErrorRecord,
    Extraction,
    Goal,
    Metric,
    Provenance,
    Section,
    SectionKind,
    Severity,
    StatusReading,
    Table,
)
from pipeline.numbers import parse_target
from pipeline.profile import Profile
from pipeline.sections import metric_name, own_blocks, strip_prefix
from pipeline.similarity import best_match, normalise, similarity, slug
from pipeline.status import apply_narrative, assessment_status, word_to_status

NO_STATUS = StatusReading(None, None)
NO_SCORECARD = "no scorecard tables found: sections, tables, facts written"


def _digest(*parts: str | None) -> str:
    return hashlib.sha1("|".join(normalise(p or "") for p in parts).encode()).hexdigest()[:8]


def metric_key(org: str | None, committee: str | None, factor: str, metric: str) -> str:
    """Readable and stable: committee, factor and metric slugs plus a hash of organisation and
    the normalised texts, so it depends on what the row says, never on where it is."""
    return f"{committee or 'x'}.{slug(factor, 24)}.{slug(metric, 40)}.{_digest(org, committee, factor, metric)}"


def goal_key(org: str | None, committee: str | None, goal: str) -> str:
    return f"{committee or 'x'}.{slug(goal, 60)}.{_digest(org, committee, goal)}"


def cell_status(cell: Cell | None, doc: Document, profile: Profile) -> StatusReading:
    if cell is None:
        return NO_STATUS
    if cell.marks:
        return status_from_mark(cell.marks[0], doc.legend, profile)
    symbol = cell.text.strip()
    if not symbol:
        return NO_STATUS
    status = profile.scorecard.symbols.get(symbol)
    if status == "assessed":
        return StatusReading(None, None, symbol)  # ● in a text export: assessed, colour unknown
    if status is not None:
        return StatusReading(status, "symbol", symbol)
    # a word ("Grön", "Delvis uppnått") or emoji: the profile's vocabulary says what it means
    status = word_to_status(symbol, profile)
    return StatusReading(status, "profile" if status else None, symbol)


def cell_trend(cell: Cell | None, profile: Profile) -> tuple[str | None, str | None]:
    if cell is None:
        return None, None
    for mark in cell.marks:
        trend, symbol = trend_from_mark(mark, profile)
        if trend:
            return trend, symbol
    symbol = cell.text.strip()
    if not symbol:
        return None, None
    return profile.scorecard.arrows.get(symbol), symbol


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


def _col(row: tuple[Cell, ...], roles: tuple[str | None, ...], role: str) -> Cell | None:
    if role not in roles:
        return None
    i = roles.index(role)
    return row[i] if i < len(row) else None


def _row_prov(row: tuple[Cell, ...]) -> Provenance:
    provs = [c.prov for c in row]
    bbox = None
    for p in provs:
        if p.bbox and p.page == provs[0].page:
            bbox = p.bbox if bbox is None else bbox.union(p.bbox)
    return Provenance(provs[0].char_start, provs[-1].char_end, provs[0].page, provs[-1].page, bbox)


def goal_table_to_goal(t: Table, ex: Extraction, ctx: Context, profile: Profile) -> tuple[Goal, list[ErrorRecord]]:
    errors: list[ErrorRecord] = []
    first = t.rows[0] if t.rows else ()
    name_cell = _col(first, t.roles, "strategic_goal")
    section = ctx.enclosing(t.prov.char_start, SectionKind.STRATEGIC_GOAL)
    name = (name_cell.text if name_cell and name_cell.text else "") or (section.title if section else "")
    perspective = ctx.title(t.prov.char_start, SectionKind.PERSPECTIVE)
    headings = [s.title for s in ctx.children(section, SectionKind.SUCCESS_FACTOR)]
    factors = []
    for row in t.rows:
        cell = _col(row, t.roles, "success_factor")
        if not cell or not cell.text:
            continue
        i, score = best_match(cell.text, headings)
        if score >= profile.scorecard.factor_match_threshold:
            factors.append(headings[i])
        else:
            factors.append(cell.text)
            errors.append(ErrorRecord("scorecard", f"goal {name!r}: factor {cell.text!r} has no matching "
                                                   f"factor heading (best {score:.2f})", page=cell.prov.page))
    assessment = None
    if section is not None:
        for b in own_blocks(section, ctx.sections, ex.document.blocks):
            if b.kind == BlockKind.PARAGRAPH and b.text.startswith(tuple(profile.scorecard.assessment_prefixes)):
                assessment = b.text
                break
    status, evidence, forecast = assessment_status(assessment or "", profile)
    reading = apply_narrative(cell_status(_col(first, t.roles, "status"), ex.document, profile), status, evidence)
    org, committee = (ex.meta.organisation, ex.meta.committee) if ex.meta else (None, None)
    prov = _row_prov(first) if first else t.prov
    return Goal(goal_key=goal_key(org, committee, name), perspective=perspective, strategic_goal=name,
                status=reading, assessment=assessment, success_factors=tuple(factors), prov=prov,
                section_id=section.section_id if section else None, forecast=forecast), errors


def table_to_metrics(t: Table, ex: Extraction, ctx: Context, profile: Profile) -> tuple[list[Metric], list[ErrorRecord]]:
    metrics: list[Metric] = []
    errors: list[ErrorRecord] = []
    org, committee = (ex.meta.organisation, ex.meta.committee) if ex.meta else (None, None)
    factor_section = ctx.enclosing(t.prov.char_start, SectionKind.SUCCESS_FACTOR)
    goal = ctx.title(t.prov.char_start, SectionKind.STRATEGIC_GOAL)
    perspective = ctx.title(t.prov.char_start, SectionKind.PERSPECTIVE)
    previous_factor = ""
    for i, row in enumerate(t.rows):
        confidence = 1.0
        where = f"table {t.table_id} row {i + 1}"
        if not any(c.text or c.marks for c in row):
            continue
        if len(row) < len(t.header):
            missing = [h for h in t.header[len(row):]]
            errors.append(ErrorRecord("scorecard", f"{where}: {len(row)} cells, header has {len(t.header)}; "
                                                   f"missing {', '.join(missing)}", Severity.ERROR, row[0].prov.page))
            confidence -= 0.3
        metric_cell = _col(row, t.roles, "metric")
        if metric_cell is None or not metric_cell.text:
            errors.append(ErrorRecord("scorecard", f"{where}: no metric text; row skipped", Severity.ERROR,
                                      row[0].prov.page))
            continue
        factor_cell = _col(row, t.roles, "success_factor")
        factor = factor_cell.text if factor_cell and factor_cell.text else previous_factor
        if not factor:  # a cell spanning rows is printed once; otherwise use the heading
            factor = factor_section.title if factor_section else ""
            confidence -= 0.2
        elif factor_section and similarity(factor, factor_section.title) < profile.scorecard.factor_match_threshold:
            confidence -= 0.1
        previous_factor = factor
        text = metric_cell.text
        activity = strip_prefix(text, profile.scorecard.activity_prefixes)
        target_cell = _col(row, t.roles, "target")
        trend, trend_symbol = cell_trend(_col(row, t.roles, "trend"), profile)
        metrics.append(Metric(
            metric_key=metric_key(org, committee, factor, metric_name(text, profile)), perspective=perspective,
            strategic_goal=goal, success_factor=factor, metric=activity if activity is not None else text,
            metric_kind="aktivitet" if activity is not None else "styrmatt",
            target=parse_target(target_cell.text if target_cell else "", profile.scorecard.directions),
            status=cell_status(_col(row, t.roles, "status"), ex.document, profile), trend=trend,
            trend_symbol=trend_symbol, table_id=t.table_id, row_index=i, confidence=max(confidence, 0.0),
            prov=_row_prov(row)))
    return metrics, errors


def dedupe_keys(metrics: list[Metric]) -> list[Metric]:
    """The same text twice under one factor gets -2, -3 ... in order of appearance."""
    seen: dict[str, int] = {}
    out = []
    for m in metrics:
        n = seen.get(m.metric_key, 0) + 1
        seen[m.metric_key] = n
        out.append(m if n == 1 else dataclasses.replace(m, metric_key=f"{m.metric_key}-{n}"))
    return out


def extract_scorecard(ex: Extraction, profile: Profile) -> Extraction:
    ctx = Context(ex.sections)
    goals: list[Goal] = []
    metrics: list[Metric] = []
    errors: list[ErrorRecord] = []
    for t in ex.tables:
        if t.kind == "goal":
            g, errs = goal_table_to_goal(t, ex, ctx, profile)
            goals.append(g)
            errors += errs
        elif t.kind == "scorecard":
            ms, errs = table_to_metrics(t, ex, ctx, profile)
            metrics += ms
            errors += errs
    if not goals and not metrics:  # an economy or narrative report: nothing wrong, nothing to invent
        errors.append(ErrorRecord("scorecard", NO_SCORECARD, Severity.WARNING))
    return dataclasses.replace(ex, goals=tuple(goals), metrics=tuple(dedupe_keys(metrics)),
                               errors=(*ex.errors, *errors))

"""Rows of the output datasets: ``extraction_to_rows`` turns one document's ``Extraction`` into
typed records (``pipeline.output.records``, one per schema of ``pipeline.output.schemas``);
``pipeline.output.parquet`` encodes them (in a
worker process, for a batch) and ``pipeline.output.files`` writes the bytes, one file per report per
dataset (temporary names, one fsync round, renames). No pyarrow here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

from pipeline.model import (
    ErrorReason,
    ErrorRecord,
    Extraction,
    Goal,
    Metric,
    PastValue,
    ReportMeta,
    ReportStatus,
    Section,
    Severity,
)
from pipeline.output.files import dataset_file
from pipeline.output.records import (
    EntityRow,
    ErrorRow,
    FactRow,
    GoalRow,
    HistoryRow,
    LinkRow,
    MetricRow,
    PageRow,
    ReportRecords,
    ReportRow,
    SectionRow,
    TableCellRow,
)

SCHEMA_VERSION = "2.0"

# one column's value in a row read back from a file (``parquet.read_rows``), as the schemas
# (pipeline.output.schemas) declare the columns: string, int, float, date or timestamp, list of
# strings, or null. Rows built from an Extraction are typed records (pipeline.output.records).
Value = str | int | float | date | list[str] | None
Row = dict[str, Value]


# A column of a row read back from a file, as its schema declares it. No check: every row was
# read from a file written against the schema (``parquet.rows_to_table`` rejects one that breaks it).
def text(row: Row, column: str) -> str:
    return cast(str, row[column])


def text_or_none(row: Row, column: str) -> str | None:
    return cast("str | None", row.get(column))


def integer(row: Row, column: str) -> int:
    return cast(int, row[column])


def int_or_none(row: Row, column: str) -> int | None:
    return cast("int | None", row.get(column))


def float_or_none(row: Row, column: str) -> float | None:
    return cast("float | None", row.get(column))


def date_or_none(row: Row, column: str) -> date | None:
    return cast("date | None", row.get(column))

PER_REPORT = ("reports", "sections", "goals", "metrics", "links", "facts", "entities", "tables", "errors", "pages",
              "history")


def report_status(ex: Extraction) -> ReportStatus:
    # a page that cannot be read leaves the rest of the document: partial, not failed
    if any(e.severity == Severity.ERROR and e.stage in ("read", "run") and e.page is None for e in ex.errors):
        return ReportStatus.FAILED
    if any(e.severity == Severity.ERROR for e in ex.errors):  # no scorecard is not an error (issue 9)
        return ReportStatus.PARTIAL
    if any(e.reason == ErrorReason.GUESSED for e in ex.errors):  # a guessed field, said in its warning
        return ReportStatus.PARTIAL
    cov = ex.coverage
    if cov is not None and (cov.rows_dropped or cov.marks_undecoded):  # said in errors by the coverage stage
        return ReportStatus.PARTIAL
    if ex.meta is not None and identity_guessed(ex.meta):  # said in errors by the report stage
        return ReportStatus.PARTIAL
    return ReportStatus.OK


# an identity part read below this confidence was guessed (a name that only recurs in the body,
# a file name): the report is partial, and the report stage's warning says which part and why
GUESSED_CONFIDENCE = 0.7


def identity_guessed(meta: ReportMeta) -> bool:
    found = (meta.organisation_confidence, meta.committee_confidence, meta.report_kind_confidence,
             meta.period_confidence)
    return any(c is not None and c < GUESSED_CONFIDENCE for c in found)


def extraction_to_rows(ex: Extraction, *, report_id: str, profile: str, pipeline_version: str,
                       extracted_at: datetime) -> ReportRecords:
    rid = report_id
    return ReportRecords(
        reports=(_report_row(ex, rid, profile, pipeline_version, extracted_at),),
        sections=tuple(_section_row(s, rid) for s in ex.sections),
        goals=tuple(_goal_row(g, rid) for g in ex.goals),
        metrics=tuple(_metric_row(m, rid) for m in ex.metrics),
        links=tuple(LinkRow(report_id=rid, metric_key=k.metric_key, section_id=k.section_id, method=k.method,
                            score=k.score, evidence=k.evidence) for k in ex.links),
        facts=tuple(FactRow(report_id=rid, section_id=f.section_id, metric_key=f.metric_key, sentence=f.sentence,
                            raw=f.raw, value=f.value, value_max=f.value_max, unit=f.unit, qualifier=f.qualifier,
                            gender=f.gender, char_start=f.char_start, char_end=f.char_end) for f in ex.facts),
        entities=tuple(EntityRow(report_id=rid, section_id=e.section_id, text=e.text, label=e.label,
                                 char_start=e.char_start, char_end=e.char_end) for e in ex.entities),
        tables=table_rows(ex, rid),
        errors=tuple(error_row(rid, ex.document.source_path, e) for e in ex.errors),
        pages=tuple(PageRow(report_id=rid, page=p.number, kind=p.kind.value, n_chars=p.n_chars, n_paths=p.n_paths,
                            n_images=p.n_images, n_texts=p.n_texts) for p in ex.document.pages),
        history=tuple(_history_row(m, h, rid) for m in ex.metrics for h in m.history),
    )


def _history_row(m: Metric, h: PastValue, rid: str) -> HistoryRow:
    """An earlier year's value of a metrics row; (report_id, table_id, row_index) is the row's."""
    return HistoryRow(report_id=rid, table_id=m.table_id, row_index=m.row_index, metric=m.metric, year=h.year,
                      role=h.role, header=h.header, value_raw=h.value.raw, value_kind=h.value.kind,
                      value=h.value.value, unit=h.value.unit, direction=h.value.direction, page=m.prov.page)


def error_row(report_id: str | None, source_path: str, e: ErrorRecord) -> ErrorRow:
    """The one builder of an ``errors`` row."""
    return ErrorRow(report_id=report_id, source_path=source_path, stage=e.stage, page=e.page,
                    severity=e.severity.value, message=e.message, reason=e.reason.value if e.reason else None)


def _report_row(ex: Extraction, rid: str, profile: str, pipeline_version: str, extracted_at: datetime) -> ReportRow:
    doc, meta, cov = ex.document, ex.meta, ex.coverage
    n_warn = sum(e.severity == Severity.WARNING for e in ex.errors)
    row = ReportRow(
        report_id=rid, schema_version=SCHEMA_VERSION, source_path=doc.source_path,
        source_format=doc.source_format, source_sha256=doc.sha256, page_count=doc.page_count, profile=profile,
        pipeline_version=pipeline_version, extracted_at=extracted_at,
        status=report_status(ex).value, n_goals=len(ex.goals), n_metrics=len(ex.metrics),
        n_links=len(ex.links), n_warnings=n_warn, n_errors=len(ex.errors) - n_warn,
        n_sections=len(ex.sections), n_tables=len(ex.tables), n_facts=len(ex.facts),
        n_entities=len(ex.entities),
        rows_read=cov.rows_read if cov else None, rows_written=cov.rows_written if cov else None,
        rows_dropped=cov.rows_dropped if cov else None, marks_undecoded=cov.marks_undecoded if cov else None,
    )
    if meta is None:
        return row
    return row._replace(
        title=meta.title, organisation=meta.organisation, organisation_code=meta.organisation_code,
        organisation_name=meta.organisation_name, committee=meta.committee, committee_name=meta.committee_name,
        report_kind=meta.report_kind, period_start=meta.period_start, period_end=meta.period_end,
        organisation_printed=meta.organisation_printed,
        organisation_source=meta.organisation_source, organisation_confidence=meta.organisation_confidence,
        committee_source=meta.committee_source, committee_confidence=meta.committee_confidence,
        report_kind_source=meta.report_kind_source, report_kind_confidence=meta.report_kind_confidence,
        period_source=meta.period_source, period_confidence=meta.period_confidence, published=meta.published,
        organisation_members=tuple(meta.organisation_members) if meta.organisation_members else None,
    )


def _section_row(s: Section, rid: str) -> SectionRow:
    return SectionRow(report_id=rid, section_id=s.section_id, parent_id=s.parent_id, level=s.level,
                      kind=s.kind.value, title=s.title, text=s.text, page_start=s.prov.page,
                      page_end=s.prov.page_end if s.prov.page_end is not None else s.prov.page,
                      char_start=s.prov.char_start, char_end=s.prov.char_end)


def _goal_row(g: Goal, rid: str) -> GoalRow:
    st, b = g.status, g.prov.bbox
    return GoalRow(
        report_id=rid, goal_key=g.goal_key, perspective=g.perspective, strategic_goal=g.strategic_goal,
        status=st.status, status_source=st.source, status_symbol=st.symbol, status_color=st.color,
        status_evidence=st.evidence, assessment=g.assessment, n_success_factors=len(g.success_factors),
        page=g.prov.page, section_id=g.section_id, success_factors=tuple(g.success_factors), forecast=g.forecast,
        bbox_x0=b.x0 if b else None, bbox_top=b.top if b else None, bbox_x1=b.x1 if b else None,
        bbox_bottom=b.bottom if b else None, char_start=g.prov.char_start, char_end=g.prov.char_end,
        goal_level=g.goal_level, parent_goal_key=g.parent_goal_key, theme=g.theme, comment=g.comment,
        status_label=st.label,
    )


def _metric_row(m: Metric, rid: str) -> MetricRow:
    st, b, t, o = m.status, m.prov.bbox, m.target, m.outcome
    return MetricRow(
        report_id=rid, metric_key=m.metric_key, perspective=m.perspective, strategic_goal=m.strategic_goal,
        success_factor=m.success_factor, metric=m.metric, metric_kind=m.metric_kind,
        # the target columns are all null where the template prints no target
        target_raw=t.raw if t else None, target_kind=t.kind if t else None, target_value=t.value if t else None,
        target_value_2=t.value_2 if t else None, target_unit=t.unit if t else None,
        target_women=t.women if t else None, target_men=t.men if t else None,
        target_direction=t.direction if t else None,
        status=st.status, status_source=st.source, status_symbol=st.symbol, status_color=st.color,
        status_evidence=st.evidence, trend=m.trend, trend_symbol=m.trend_symbol, page=m.prov.page,
        bbox_x0=b.x0 if b else None, bbox_top=b.top if b else None, bbox_x1=b.x1 if b else None,
        bbox_bottom=b.bottom if b else None, table_id=m.table_id, row_index=m.row_index, confidence=m.confidence,
        char_start=m.prov.char_start, char_end=m.prov.char_end, state=m.state, progress=m.progress,
        outcome_raw=o.raw if o else None, outcome_value=o.value if o else None, comment=m.comment, theme=m.theme,
        outcome_women=o.women if o else None, outcome_men=o.men if o else None,
        status_label=st.label, status_date=m.status_date,
    )


def table_rows(ex: Extraction, rid: str) -> tuple[TableCellRow, ...]:
    from pipeline.text.numbers import parse_number  # local: numbers is a leaf module

    rows: list[TableCellRow] = []
    for t in ex.tables:
        for r, row in enumerate(t.rows):
            label = row[0].text if row else None
            for c, cell in enumerate(row):
                rows.append(TableCellRow(
                    report_id=rid, table_id=t.table_id, table_kind=t.kind, page=cell.prov.page, row_index=r,
                    col_index=c, header=t.header[c] if c < len(t.header) else None,
                    role=t.roles[c] if c < len(t.roles) else None, row_label=label, value_raw=cell.text,
                    value_num=parse_number(cell.text)))
    return tuple(rows)


def report_write_order(names: Iterable[str]) -> list[str]:
    # reports/ last: a reader that sees the report row sees all of its other files
    names = list(names)
    return [n for n in names if n != "reports"] + (["reports"] if "reports" in names else [])


def remove_report(out_dir: Path, report_id: str) -> None:
    for name in PER_REPORT:
        dataset_file(out_dir, name, report_id).unlink(missing_ok=True)


def utc_now() -> datetime:
    """Extraction time; SOURCE_DATE_EPOCH pins it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)




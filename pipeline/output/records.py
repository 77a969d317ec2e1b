"""Typed records of the output datasets: one ``NamedTuple`` per dataset, the rows a worker builds
from an ``Extraction`` (``pipeline.output.rows``) and hands to the Parquet writer
(``pipeline.output.parquet``). Each record's fields are its schema's columns
(``pipeline.output.schemas``, the one schema place), name for name and type for type
(``tests/output/test_records.py`` proves it): a required column is a field without default, a
nullable one defaults to None. Required fields come first (a NamedTuple puts defaults last); the
writer reads the fields in the schema's order. No pyarrow here.

A NamedTuple rather than a frozen dataclass: it is immutable and builds as fast as a dict (a
frozen dataclass of 40 fields takes ~5x longer, ~1000 rows per report); ``_replace`` applies a
key.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, TypeVar


class ReportRow(NamedTuple):
    """One row of ``reports``."""

    report_id: str
    schema_version: str
    source_path: str
    source_format: str
    source_sha256: str
    profile: str
    pipeline_version: str
    extracted_at: datetime
    status: str
    title: str | None = None
    organisation: str | None = None
    organisation_code: str | None = None
    organisation_name: str | None = None
    committee: str | None = None
    committee_name: str | None = None
    report_kind: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    page_count: int | None = None
    n_goals: int | None = None
    n_metrics: int | None = None
    n_links: int | None = None
    n_warnings: int | None = None
    n_errors: int | None = None
    n_sections: int | None = None
    n_tables: int | None = None
    n_facts: int | None = None
    n_entities: int | None = None
    organisation_printed: str | None = None
    organisation_source: str | None = None
    organisation_confidence: float | None = None
    committee_source: str | None = None
    committee_confidence: float | None = None
    report_kind_source: str | None = None
    report_kind_confidence: float | None = None
    period_source: str | None = None
    period_confidence: float | None = None
    published: date | None = None
    rows_read: int | None = None
    rows_written: int | None = None
    rows_dropped: int | None = None
    marks_undecoded: int | None = None
    organisation_members: Sequence[str] | None = None

class SectionRow(NamedTuple):
    """One row of ``sections``."""

    report_id: str
    section_id: str
    level: int
    kind: str
    title: str
    char_start: int
    char_end: int
    parent_id: str | None = None
    text: str | None = None
    page_start: int | None = None
    page_end: int | None = None

class GoalRow(NamedTuple):
    """One row of ``goals``."""

    report_id: str
    goal_key: str
    strategic_goal: str
    perspective: str | None = None
    status: str | None = None
    status_source: str | None = None
    status_symbol: str | None = None
    status_color: str | None = None
    assessment: str | None = None
    n_success_factors: int | None = None
    page: int | None = None
    section_id: str | None = None
    success_factors: Sequence[str] | None = None
    status_evidence: str | None = None
    forecast: str | None = None
    bbox_x0: float | None = None
    bbox_top: float | None = None
    bbox_x1: float | None = None
    bbox_bottom: float | None = None
    char_start: int | None = None
    char_end: int | None = None
    goal_level: str | None = None
    parent_goal_key: str | None = None
    theme: str | None = None
    comment: str | None = None
    status_label: str | None = None

class MetricRow(NamedTuple):
    """One row of ``metrics``."""

    report_id: str
    metric_key: str
    metric: str
    metric_kind: str
    table_id: str
    row_index: int
    confidence: float
    perspective: str | None = None
    strategic_goal: str | None = None
    success_factor: str | None = None
    target_raw: str | None = None
    target_kind: str | None = None
    target_value: float | None = None
    target_value_2: float | None = None
    target_unit: str | None = None
    target_women: float | None = None
    target_men: float | None = None
    target_direction: str | None = None
    status: str | None = None
    status_source: str | None = None
    status_symbol: str | None = None
    status_color: str | None = None
    status_evidence: str | None = None
    trend: str | None = None
    trend_symbol: str | None = None
    page: int | None = None
    bbox_x0: float | None = None
    bbox_top: float | None = None
    bbox_x1: float | None = None
    bbox_bottom: float | None = None
    char_start: int | None = None
    char_end: int | None = None
    state: str | None = None
    progress: float | None = None
    outcome_raw: str | None = None
    outcome_value: float | None = None
    comment: str | None = None
    theme: str | None = None
    outcome_women: float | None = None
    outcome_men: float | None = None
    status_label: str | None = None
    status_date: str | None = None

class LinkRow(NamedTuple):
    """One row of ``links``."""

    report_id: str
    metric_key: str
    section_id: str
    method: str
    score: float
    evidence: str | None = None

class FactRow(NamedTuple):
    """One row of ``facts``."""

    report_id: str
    section_id: str
    raw: str
    value: float
    unit: str
    char_start: int
    char_end: int
    metric_key: str | None = None
    sentence: str | None = None
    value_max: float | None = None
    qualifier: str | None = None
    gender: str | None = None

class EntityRow(NamedTuple):
    """One row of ``entities``."""

    report_id: str
    text: str
    label: str
    char_start: int
    char_end: int
    section_id: str | None = None

class TableCellRow(NamedTuple):
    """One row of ``tables``."""

    report_id: str
    table_id: str
    row_index: int
    col_index: int
    table_kind: str | None = None
    page: int | None = None
    header: str | None = None
    role: str | None = None
    row_label: str | None = None
    value_raw: str | None = None
    value_num: float | None = None

class ErrorRow(NamedTuple):
    """One row of ``errors``."""

    source_path: str
    stage: str
    severity: str
    message: str
    report_id: str | None = None
    page: int | None = None
    reason: str | None = None

class PageRow(NamedTuple):
    """One row of ``pages``."""

    report_id: str
    page: int
    kind: str
    n_chars: int | None = None
    n_paths: int | None = None
    n_images: int | None = None
    n_texts: int | None = None

class HistoryRow(NamedTuple):
    """One row of ``history``: an earlier year's value a metrics row prints beside the current one."""

    report_id: str
    table_id: str
    row_index: int
    metric: str
    year: int
    role: str
    header: str
    value_raw: str
    value_kind: str | None = None
    value: float | None = None
    unit: str | None = None
    direction: str | None = None
    page: int | None = None


class MetricKeyRow(NamedTuple):
    """One row of ``metric_keys``."""

    report_id: str
    position: int
    base_key: str
    metric_key: str
    organisation: str | None = None
    committee: str | None = None
    period_end: date | None = None
    success_factor: str | None = None
    metric: str | None = None
    metric_kind: str | None = None
    alias_of: str | None = None
    similarity: float | None = None

class BaseKeyRow(NamedTuple):
    """One row of ``base_keys``."""

    report_id: str
    dataset: str
    position: int
    base_key: str | None = None

class ChangeRow(NamedTuple):
    """One row of ``changes``."""

    metric_key: str
    to_report_id: str
    change: str
    from_report_id: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    similarity: float | None = None
    organisation: str | None = None
    committee: str | None = None
    metric: str | None = None
    success_factor: str | None = None


# a record of any dataset, for the writer
Record = (ReportRow | SectionRow | GoalRow | MetricRow | LinkRow | FactRow | EntityRow | TableCellRow | ErrorRow
          | PageRow | HistoryRow | MetricKeyRow | BaseKeyRow | ChangeRow)

# a record of a per-report dataset (``ReportRecords``): each carries ``report_id``
ReportRecord = (ReportRow | SectionRow | GoalRow | MetricRow | LinkRow | FactRow | EntityRow | TableCellRow
                | ErrorRow | PageRow | HistoryRow)

# dataset name -> its record type
RECORDS: dict[str, type[Record]] = {
    "reports": ReportRow, "sections": SectionRow, "goals": GoalRow, "metrics": MetricRow, "links": LinkRow,
    "facts": FactRow, "entities": EntityRow, "tables": TableCellRow, "errors": ErrorRow, "pages": PageRow,
    "history": HistoryRow, "metric_keys": MetricKeyRow, "base_keys": BaseKeyRow, "changes": ChangeRow,
}


@dataclass(frozen=True, slots=True)
class ReportRecords:
    """One report's rows, by dataset (``PER_REPORT``): what extraction hands to the writer."""

    reports: tuple[ReportRow, ...] = ()
    sections: tuple[SectionRow, ...] = ()
    goals: tuple[GoalRow, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    links: tuple[LinkRow, ...] = ()
    facts: tuple[FactRow, ...] = ()
    entities: tuple[EntityRow, ...] = ()
    tables: tuple[TableCellRow, ...] = ()
    errors: tuple[ErrorRow, ...] = ()
    pages: tuple[PageRow, ...] = ()
    history: tuple[HistoryRow, ...] = ()

    @property
    def report(self) -> ReportRow | None:
        """The report's one ``reports`` row (None only for a hand-built record set)."""
        return self.reports[0] if self.reports else None

    def dataset(self, name: str) -> Sequence[ReportRecord]:
        """The rows of dataset ``name`` (one of ``PER_REPORT``)."""
        rows: Sequence[ReportRecord] = getattr(self, name)
        return rows

    def datasets(self) -> Iterator[tuple[str, Sequence[ReportRecord]]]:
        for name in self.__slots__:
            yield name, getattr(self, name)

    def with_report_id(self, report_id: str) -> ReportRecords:
        """The same rows under another report id (``errors`` rows included)."""
        rid = report_id
        return ReportRecords(_with_id(self.reports, rid), _with_id(self.sections, rid), _with_id(self.goals, rid),
                             _with_id(self.metrics, rid), _with_id(self.links, rid), _with_id(self.facts, rid),
                             _with_id(self.entities, rid), _with_id(self.tables, rid), _with_id(self.errors, rid),
                             _with_id(self.pages, rid), _with_id(self.history, rid))


R = TypeVar("R", ReportRow, SectionRow, GoalRow, MetricRow, LinkRow, FactRow, EntityRow, TableCellRow, ErrorRow,
            PageRow, HistoryRow)


def _with_id(rows: tuple[R, ...], report_id: str) -> tuple[R, ...]:
    return tuple(r._replace(report_id=report_id) for r in rows)

"""Page models: what each page shows, as frozen dataclasses built from the datasets."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.site.labels import StatusLook


@dataclass(frozen=True, slots=True)
class Scope:
    """One organisation and committee: the reports that are compared with each other."""

    organisation: str | None
    committee: str | None
    organisation_label: str
    committee_label: str
    href: str


@dataclass(frozen=True, slots=True)
class Column:
    """One report of a scope, as a column of the matrices."""

    report_id: str
    period: str  # e.g. 2021-04
    kind: str  # Swedish report kind
    href: str
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class Cell:
    status: StatusLook
    trend: tuple[str, str] | None  # (arrow, word)
    target: str | None
    outcome: str | None
    page: int | None
    source: str | None  # how the status was read (legend, symbol, narrative, ...)


@dataclass(frozen=True, slots=True)
class MetricRow:
    key: str
    name: str
    success_factor: str | None
    kind: str
    href: str
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True, slots=True)
class GoalRow:
    key: str | None
    name: str
    cells: tuple[Cell | None, ...]
    metrics: tuple[MetricRow, ...]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    goals: tuple[GoalRow, ...]


@dataclass(frozen=True, slots=True)
class ChangeItem:
    change: str  # Swedish label
    name: str
    href: str | None
    old: str
    new: str
    similarity: str | None


@dataclass(frozen=True, slots=True)
class ChangePanel:
    old: Column
    new: Column
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True, slots=True)
class CommitteePage:
    scope: Scope
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    panels: tuple[ChangePanel, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A narrative section linked to a metric: its first paragraph, and where the rest is."""

    column: Column
    page: int | None
    heading: str | None
    text: str
    detail: str
    more_href: str | None = None  # the section's page, when it has more than this paragraph
    more: int = 0  # paragraphs after the first


@dataclass(frozen=True, slots=True)
class Place:
    column: Column
    page: int | None


@dataclass(frozen=True, slots=True)
class Statement:
    """A sentence of the narrative, once, with the numbers it states and every report printing it."""

    text: str
    numbers: tuple[str, ...]
    places: tuple[Place, ...]


@dataclass(frozen=True, slots=True)
class MetricPage:
    scope: Scope
    row: MetricRow
    goal: str | None
    columns: tuple[Column, ...]
    chart: str
    links: tuple[Evidence, ...]
    facts: tuple[Statement, ...]
    changes: tuple[ChangeItem, ...]


@dataclass(frozen=True, slots=True)
class SectionPage:
    """The whole text of a narrative section a metric links to."""

    scope: Scope
    column: Column
    heading: str | None
    page: int | None
    paragraphs: tuple[str, ...]
    href: str
    metrics: tuple[tuple[str, str], ...]  # (name, href) of the metrics it is linked to


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    href: str | None
    format: str | None
    role: str


@dataclass(frozen=True, slots=True)
class RowRef:
    """A goal or metric row of a report, with its page (linked into the PDF when there is one)."""

    name: str
    href: str | None
    status: StatusLook
    page: int | None
    page_href: str | None


@dataclass(frozen=True, slots=True)
class ReportPage:
    title: str
    column: Column
    scope: Scope | None
    fields: tuple[tuple[str, str], ...]
    sources: tuple[Source, ...]
    problems: tuple[tuple[str, str, str, str], ...]  # severity, stage, page, message
    missing: tuple[str, ...]
    goals: tuple[RowRef, ...]
    metrics: tuple[RowRef, ...]


@dataclass(frozen=True, slots=True)
class ReportSummary:
    column: Column
    title: str
    counts: tuple[int, ...]  # metrics per status, in STATUS_ORDER
    n_goals: int


@dataclass(frozen=True, slots=True)
class ScopeSummary:
    scope: Scope
    reports: tuple[ReportSummary, ...]


@dataclass(frozen=True, slots=True)
class IndexPage:
    scopes: tuple[ScopeSummary, ...]
    unscoped: tuple[ReportSummary, ...]
    notes: tuple[str, ...]

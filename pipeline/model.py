"""Typed model shared by all stages.

Every record is a frozen dataclass. Stages never mutate a record; they build new ones
(``dataclasses.replace``). Every extracted object carries a ``Provenance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


class ErrorReason(StrEnum):
    """Why an error or warning row was written, where a program may act on it (errors.reason)."""

    NOT_A_PDF = "not_a_pdf"  # a file named .pdf holds something else (an HTML page, an image...)
    NOT_A_SOURCE = "not_a_source"  # a file no reader takes (an image or Office document named .txt)
    TEXT_ONLY_PAGE = "text_only_page"  # a drawing or map page: its text read, no tables or marks
    GUESSED = "guessed"  # a field read by the profile's guess (a status cell's fill with no legend): partial


class PageKind(StrEnum):
    """What a PDF page is, from a cheap first look at its objects (pages.kind)."""

    TEXT = "text"
    TABLE = "table"
    DRAWING = "drawing"
    MAP = "map"
    SCAN = "scan"
    BLANK = "blank"


class ReportStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"


class RunStatus(StrEnum):
    """What became of one source in a batch (the manifest's and the run log's status)."""

    OK = "ok"
    PARTIAL = "partial"
    FAILED = "failed"
    TIMEOUT = "timeout"
    CRASHED = "crashed"
    DUPLICATE = "duplicate"  # the same report as another source; its rows are the other's


class Status(StrEnum):
    """A goal's or a metric's assessment, whatever the template printed."""

    ACHIEVED = "achieved"
    PARTIALLY_ACHIEVED = "partially_achieved"
    NOT_ACHIEVED = "not_achieved"
    NOT_ASSESSED = "not_assessed"


ASSESSED = (Status.ACHIEVED, Status.PARTIALLY_ACHIEVED, Status.NOT_ACHIEVED)


class StatusSource(StrEnum):
    """Where a status was read (goals.status_source, metrics.status_source)."""

    LEGEND = "legend"  # a mark decoded by the document's own legend
    PROFILE = "profile"  # a mark or word decoded by the profile
    SYMBOL = "symbol"  # a symbol's shape alone (a text export)
    NARRATIVE = "narrative"  # stated in the prose ("Målet bedöms ha uppnåtts")
    OUTCOME_COLOR = "outcome_color"  # the outcome figure's colour, where red means a missed target
    COMPUTED = "computed"  # outcome compared with the target, where nothing printed says it


class Trend(StrEnum):
    IMPROVING = "improving"
    UNCHANGED = "unchanged"
    WORSENING = "worsening"


class State(StrEnum):
    """An activity's or assignment's state."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    DELAYED = "delayed"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"


class TableKind(StrEnum):
    SCORECARD = "scorecard"  # a metric-like column: one metrics row per table row
    GOAL = "goal"  # a goal column and no metric-like one
    TOC = "toc"
    DATA = "data"  # anything else: kept in ``tables`` only


class ColumnRole(StrEnum):
    """The role of a table column, from its header (``[tables.roles]`` of the profile)."""

    SUCCESS_FACTOR = "success_factor"
    METRIC = "metric"
    INDICATOR = "indicator"
    ACTIVITY = "activity"
    ASSIGNMENT = "assignment"
    RECOMMENDATION = "recommendation"  # an auditor's recommendation, followed up ("Rekommendation | Bedömning")
    QUESTION = "question"  # a review question answered on a scale; from its values, it has no header
    TARGET = "target"
    OUTCOME = "outcome"
    STATUS = "status"
    TREND = "trend"
    PROGRESS = "progress"
    COMMENT = "comment"
    STRATEGIC_GOAL = "strategic_goal"


# roles whose column names the rows of a scorecard table
METRIC_ROLES = (ColumnRole.METRIC, ColumnRole.INDICATOR, ColumnRole.ACTIVITY, ColumnRole.ASSIGNMENT,
                ColumnRole.RECOMMENDATION, ColumnRole.QUESTION)


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top),
                    max(self.x1, other.x1), max(self.bottom, other.bottom))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an object came from: char offsets into ``Document.text``; page/bbox for PDF."""

    char_start: int
    char_end: int
    page: int | None = None  # 1-based
    page_end: int | None = None
    bbox: BBox | None = None


class BlockKind(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    TOC_ENTRY = "toc_entry"
    CHART = "chart"  # a placeholder where a figure was
    LEGEND = "legend"  # a line of the document's own legend (mark + meaning); not narrative


@dataclass(frozen=True, slots=True)
class Mark:
    """A status or trend mark found in a table cell (PDF: glyph, vector shape or image)."""

    symbol: str  # the glyph as text ("●", "◇", "↑") or a shape name ("circle", "diamond")
    color: str | None = None  # "#rrggbb"
    shape: str | None = None  # circle | diamond | square | triangle | arrow_up | ...
    filled: bool | None = None
    source: str = "glyph"  # glyph | vector | image
    bbox: BBox | None = None
    progress: float | None = None  # a progress bar's filled share, percent 0-100


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    prov: Provenance
    marks: tuple[Mark, ...] = ()
    color: str | None = None  # "#rrggbb" of the cell's text (PDF); an outcome in red may mean a missed target
    fill: str | None = None  # PDF: the cell's own background colour ("#rrggbb"), not a row's band


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of reading order. Table rows keep their cells."""

    kind: BlockKind
    text: str
    prov: Provenance
    level: int | None = None  # heading level when the reader knows it (PDF font size)
    cells: tuple[Cell, ...] = ()
    style: str | None = None  # free-form reader hint, e.g. "bold", "table_header"


@dataclass(frozen=True, slots=True)
class Legend:
    """A document's own legend (Teckenförklaring): mark appearance -> status."""

    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True, slots=True)
class LegendEntry:
    status: str
    color: str | None
    shape: str | None
    filled: bool | None
    label: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """One PDF page as the first look saw it: its kind and the counts that decided it."""

    number: int  # 1-based
    kind: PageKind
    n_chars: int
    n_paths: int | None  # vector objects (lines, curves, filled areas); None: not counted
    n_images: int
    n_texts: int | None = None  # text objects (runs of characters drawn together)


@dataclass(frozen=True, slots=True)
class Document:
    source_path: str
    source_format: str  # pdf | text
    sha256: str
    text: str  # normalised full text; all char offsets point here
    blocks: tuple[Block, ...]
    page_count: int | None = None
    legend: Legend | None = None
    warnings: tuple[ErrorRecord, ...] = ()
    # PDF Title/Author/Subject and "Furniture" (running header/footer lines), for report identity
    metadata: tuple[tuple[str, str], ...] = ()
    pages: tuple[PageInfo, ...] = ()  # PDF only: what each page is

    @property
    def title(self) -> str:
        for b in self.blocks:
            if b.kind in (BlockKind.TITLE, BlockKind.HEADING, BlockKind.PARAGRAPH) and b.text.strip():
                return b.text.strip()
        return ""


@dataclass(frozen=True, slots=True)
class Table:
    """A logical table: physical parts (page continuations) merged, cells cleaned."""

    table_id: str
    kind: TableKind
    header: tuple[str, ...]
    roles: tuple[str | None, ...]  # column role per header cell (profile), None if unmapped
    rows: tuple[tuple[Cell, ...], ...]
    prov: Provenance
    n_parts: int = 1
    row_styles: tuple[str | None, ...] = ()  # per row: "table_span" for a full-width row, else None


class SectionKind(StrEnum):
    PERSPECTIVE = "perspective"
    STRATEGIC_GOAL = "strategic_goal"
    SUCCESS_FACTOR = "success_factor"
    METRIC_NARRATIVE = "metric_narrative"
    COMPANY = "company"
    HEADING = "heading"


@dataclass(frozen=True, slots=True)
class Section:
    section_id: str
    parent_id: str | None
    level: int
    kind: SectionKind
    title: str
    text: str  # body text (without the heading line)
    prov: Provenance  # char_start..char_end spans heading + body; page range for PDF
    body_start: int = 0  # offset of ``text`` in Document.text


@dataclass(frozen=True, slots=True)
class Target:
    raw: str
    kind: str  # number | percent | ratio | by_gender | direction | text
    value: float | None = None
    unit: str | None = None
    women: float | None = None
    men: float | None = None
    direction: str | None = None  # increase | maintain | not_decrease | decrease
    value_2: float | None = None  # second part of a ratio ("60%/40%" -> 60, 40)


@dataclass(frozen=True, slots=True)
class PastValue:
    """An earlier period's value printed beside the current one ("Utfall 2024" in a 2025 report)."""

    year: int
    header: str  # the column as printed
    role: str  # outcome | target
    value: Target  # parsed like a target


@dataclass(frozen=True, slots=True)
class StatusReading:
    status: str | None  # achieved | partially_achieved | not_achieved | not_assessed | None
    source: str | None  # a StatusSource, or None
    symbol: str | None = None
    color: str | None = None
    evidence: str | None = None
    label: str | None = None  # the status word as printed ("Delvis genomförd", "Avslutad")


@dataclass(frozen=True, slots=True)
class Goal:
    goal_key: str
    perspective: str
    strategic_goal: str
    status: StatusReading
    assessment: str | None
    success_factors: tuple[str, ...]  # reconciled with factor sections
    prov: Provenance
    section_id: str | None = None
    forecast: str | None = None  # "Målet bedöms vara uppnått vid årets slut" kept apart
    goal_level: str | None = None  # the template's own level name, slugged: strategiskt_mal, namndmal, ...
    parent_goal_key: str | None = None
    theme: str | None = None  # heading or focus area the goal sits under ("04 Hav och marina resurser")
    comment: str | None = None  # the "Kommentar:" text printed with the goal


@dataclass(frozen=True, slots=True)
class Metric:
    metric_key: str
    perspective: str
    strategic_goal: str | None  # None where no goal is printed above the row
    success_factor: str | None  # None where the template has no success factors
    metric: str
    metric_kind: str  # styrmatt | aktivitet | indikator | uppdrag | rekommendation | granskningsfraga
    target: Target | None  # None where the template prints no target (Stratsys activities)
    status: StatusReading
    trend: str | None
    trend_symbol: str | None
    table_id: str
    row_index: int
    confidence: float
    prov: Provenance
    state: str | None = None  # activities/assignments: done | in_progress | delayed | not_started | cancelled
    progress: float | None = None  # färdiggrad, percent 0..100
    outcome: Target | None = None  # utfall, parsed like a target
    comment: str | None = None
    theme: str | None = None
    status_date: str | None = None  # activities/assignments: the date printed with the state, ISO
    history: tuple[PastValue, ...] = ()  # earlier years' outcomes and targets the row prints


@dataclass(frozen=True, slots=True)
class Link:
    metric_key: str
    section_id: str
    method: str  # heading_exact | heading_fuzzy | heading_lemma | content
    score: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Fact:
    section_id: str
    metric_key: str | None
    sentence: str
    raw: str
    value: float
    unit: str
    qualifier: str | None
    gender: str | None
    char_start: int
    char_end: int
    value_max: float | None = None  # upper bound of a range ("10-12")


@dataclass(frozen=True, slots=True)
class Entity:
    section_id: str
    text: str
    label: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class StatusEvidence:
    """An assessment stated in prose, e.g. "målet är delvis uppnått"."""

    section_id: str
    metric_key: str | None
    status: str
    is_forecast: bool
    sentence: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    stage: str
    message: str
    severity: Severity = Severity.WARNING
    page: int | None = None
    reason: ErrorReason | None = None


@dataclass(frozen=True, slots=True)
class ReportMeta:
    report_id: str
    title: str
    organisation: str | None
    committee: str | None
    report_kind: str | None
    period_start: date | None
    period_end: date | None
    organisation_code: str | None = None  # SCB kommunkod / länskod
    # the register's name for organisation_code ("Alingsås kommun"), whatever the document printed
    organisation_name: str | None = None
    committee_name: str | None = None  # as printed: "Kultur- och fritidsnämnden"
    profile: str | None = None  # the profile the report was extracted with (selected when not given)
    organisation_printed: str | None = None  # as printed: "ALINGSÅS KOMMUN", "Alingsås stad"
    # where each part of the identity was read (pipeline.identity.sources.IdentitySource) and how sure
    organisation_source: str | None = None
    organisation_confidence: float | None = None
    committee_source: str | None = None
    committee_confidence: float | None = None
    report_kind_source: str | None = None
    report_kind_confidence: float | None = None
    period_source: str | None = None
    period_confidence: float | None = None
    published: date | None = None  # publication or decision date printed in the report; never the period
    organisation_members: tuple[str, ...] = ()  # SCB codes of a förbund's or company's municipalities, where stated


@dataclass(frozen=True, slots=True)
class Coverage:
    """What became of the rows of the tables the scorecard reads (issue 21): each ends in a
    dataset row (its own, or folded into one: comment, factor, sub-header) or is dropped with a
    warning naming its page and text. ``rows_read == rows_written + rows_dropped``."""

    rows_read: int = 0
    rows_written: int = 0
    rows_dropped: int = 0
    marks_undecoded: int = 0  # goal and metric rows with a status mark or symbol that decodes to no status


@dataclass(frozen=True, slots=True)
class Scorecard:
    """Goals and metrics as read from the report's tables, their status from the tables alone,
    and what became of the tables' rows."""

    goals: tuple[Goal, ...] = ()
    metrics: tuple[Metric, ...] = ()
    coverage: Coverage = Coverage()


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the stages have produced so far for one document. Each stage returns a new one."""

    document: Document
    meta: ReportMeta | None = None
    tables: tuple[Table, ...] = ()
    sections: tuple[Section, ...] = ()
    scorecard: Scorecard | None = None  # goals and metrics as the tables print them
    # goals and metrics with their final status (the status stage: marks first, then prose)
    goals: tuple[Goal, ...] = ()
    metrics: tuple[Metric, ...] = ()
    links: tuple[Link, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    evidence: tuple[StatusEvidence, ...] = ()
    errors: tuple[ErrorRecord, ...] = field(default=())
    coverage: Coverage | None = None  # the coverage stage: rows and marks accounted for

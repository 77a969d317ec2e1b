"""The records a batch passes around: a job (one source to extract), what a worker sends back
for it, the plan of a run and its summary. Plain data, picklable to worker processes."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.batch.inputs import Source
from pipeline.batch.manifest import ManifestEntry
from pipeline.batch.workers import WORKER_MEMORY_MB
from pipeline.settings.profile import Profile

if TYPE_CHECKING:
    from pipeline.keys import compare
    from pipeline.keys import hints as keyhints

Extractor = Callable[[Path | str, Profile], tuple[str, dict[str, list[dict]]]]
WarmUp = Callable[[Profile], None]


@dataclass(frozen=True, slots=True)
class Job:
    source: Source
    profile: Profile
    timeout: float | None
    extract: Extractor | None = None  # None: pipeline.run.extract_to_rows
    warm_up: WarmUp | None = None  # once per worker process, outside the document's time limit
    # the parent's SOURCE_DATE_EPOCH: a pooled worker may have been forked before it was set
    source_date_epoch: str | None = field(default_factory=lambda: os.environ.get("SOURCE_DATE_EPOCH"))
    memory_limit_mb: int | None = WORKER_MEMORY_MB  # per worker process (local executor)
    out_dir: str | None = None  # OUT, to guess metric keys from (``pipeline.keys.hints``)


@dataclass(frozen=True, slots=True)
class EncodedReport:
    """One report's files, encoded where it was extracted: the parent only writes the bytes."""

    files: dict[str, bytes]  # directory under OUT -> Parquet bytes, in write order (reports/ last)
    scope: tuple[str, str]  # (organisation, committee): what compare must reconcile
    brief: ReportBrief | None
    keyed: keyhints.Keyed | None = None  # what it adds to its scope's chains (``keyhints.HintBook``)
    written: compare.Written | None = None  # what its files hold, for reconcile


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one source; plain data, picklable."""

    source: Source
    status: str  # ok | partial | failed | timeout | crashed
    report_id: str | None
    report: EncodedReport | None
    message: str | None
    seconds: float
    peak_rss_mb: float | None
    worker: str | None
    worker_spent: bool = False  # the process hit its memory limit: it must take no further document


@dataclass(frozen=True, slots=True)
class Plan:
    todo: tuple[Source, ...]
    skipped: tuple[ManifestEntry, ...]
    gone: tuple[ManifestEntry, ...]


@dataclass(frozen=True, slots=True)
class ReportBrief:
    """One line per report written in this run, for the terminal."""

    report_id: str
    status: str
    source_format: str
    n_goals: int
    n_metrics: int
    n_warnings: int
    n_errors: int
    statuses: tuple[tuple[str, int], ...] = ()  # metric status -> count, "unknown" for null
    rows_dropped: int = 0  # table rows that became a warning, not a dataset row
    marks_undecoded: int = 0

    def __str__(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in self.statuses)
        lost = (f" ({self.rows_dropped} rows dropped, {self.marks_undecoded} marks undecoded)"
                if self.rows_dropped or self.marks_undecoded else "")
        return (f"{self.report_id} [{self.status}] {self.source_format}: {self.n_goals} goals, "
                f"{self.n_metrics} metrics ({counts or 'no statuses'}), {self.n_warnings} warnings{lost}, "
                f"{self.n_errors} errors")


def rows_to_brief(rows: dict[str, list[dict]]) -> ReportBrief | None:
    rep = (rows.get("reports") or [None])[0]
    if rep is None:
        return None
    statuses = Counter(m.get("status") or "unknown" for m in rows.get("metrics", []))
    return ReportBrief(rep["report_id"], rep["status"], rep["source_format"], rep.get("n_goals") or 0,
                       rep.get("n_metrics") or 0, rep.get("n_warnings") or 0, rep.get("n_errors") or 0,
                       tuple(sorted(statuses.items())), rep.get("rows_dropped") or 0, rep.get("marks_undecoded") or 0)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    out_dir: str
    executor: str
    workers: int
    n_sources: int
    done: int
    failed: int
    skipped: int
    duplicates: int
    gone: tuple[str, ...]
    pruned: tuple[str, ...]
    seconds: float
    extract_seconds: float
    write_seconds: float  # parent time spent writing rows while workers extract
    reconcile_seconds: float
    peak_rss_mb: float | None  # highest peak resident memory of any worker process
    failures: tuple[tuple[str, str], ...]  # (source, message)
    reconcile: compare.ReconcileSummary | None
    by_status: dict[str, int] = field(default_factory=dict)
    reports: tuple[ReportBrief, ...] = ()  # written in this run, by report_id
    skipped_links: tuple[str, ...] = ()  # symlinks out of the input paths, not read
    skipped_unsupported: tuple[tuple[str, str], ...] = ()  # (file, reason): kinds the pipeline does not read

    @property
    def n_warnings(self) -> int:
        return sum(r.n_warnings for r in self.reports)

    @property
    def rows_dropped(self) -> int:
        return sum(r.rows_dropped for r in self.reports)

    @property
    def marks_undecoded(self) -> int:
        return sum(r.marks_undecoded for r in self.reports)

    @property
    def reports_per_s(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

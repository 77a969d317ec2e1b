"""The records a batch passes around: a job (one source to extract), what a worker sends back
for it, the plan of a run and its summary. Plain data, picklable to worker processes."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from pipeline.batch.inputs import Source
from pipeline.batch.manifest import ManifestEntry
from pipeline.batch.workers import WORKER_MEMORY_MB
from pipeline.output.files import dataset_file
from pipeline.output.records import ReportRecords
from pipeline.output.rows import int_or_none, text
from pipeline.settings.profile import Profile

if TYPE_CHECKING:
    from pipeline.keys import compare
    from pipeline.keys import hints as keyhints

RETRY_STATUSES = ("timeout", "crashed", "oom", "failed")  # a source that failed; tried again only with retry_failed
Extractor = Callable[[Path | str, Profile], tuple[str, ReportRecords]]
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


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a worker sends back for one source; plain data, picklable."""

    source: Source
    status: str  # ok | partial | failed | timeout | crashed | oom
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


def rows_to_brief(records: ReportRecords) -> ReportBrief | None:
    rep = records.report
    if rep is None:
        return None
    statuses = Counter(m.status or "unknown" for m in records.metrics)
    return ReportBrief(rep.report_id, rep.status, rep.source_format, rep.n_goals or 0, rep.n_metrics or 0,
                       rep.n_warnings or 0, rep.n_errors or 0, tuple(sorted(statuses.items())),
                       rep.rows_dropped or 0, rep.marks_undecoded or 0)


def briefs_as_written(out: Path, briefs: dict[str, ReportBrief], stale: Set[str]) -> tuple[ReportBrief, ...]:
    """The per-report lines as the reports rows say: a worker's brief knows nothing of the
    duplicate and id warnings added when its report was written, or since (a later duplicate).
    Only the reports rows of ``stale`` reports (the parent rewrote them) are read."""
    out_briefs = []
    for rid in sorted(briefs):
        path = dataset_file(out, "reports", rid)
        if not path.exists():  # moved to another id since, by a source that ranks before it
            continue
        if rid not in stale:
            out_briefs.append(briefs[rid])
            continue
        from pipeline.output.parquet import read_rows  # lazy: a run with nothing to do loads no pyarrow

        [row] = read_rows(path, ["status", "n_warnings", "n_errors"])
        out_briefs.append(replace(briefs[rid], status=text(row, "status"),
                                  n_warnings=int_or_none(row, "n_warnings") or 0,
                                  n_errors=int_or_none(row, "n_errors") or 0))
    return tuple(out_briefs)


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
    # (source, reason) of sources skipped as unchanged whose earlier run failed
    earlier_failures: tuple[tuple[str, str], ...] = ()

    @property
    def exit_code(self) -> int:
        """0 every source ok or partial; 1 the batch completed but a source failed, timed out or
        crashed, in this run or an earlier one whose result stands (2, usage and OUT, is the CLI's)."""
        return 1 if self.failures or self.earlier_failures else 0
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


def failure_reason(e: ManifestEntry) -> str:
    """What the failed-sources table shows: the status and why."""
    return f"{e.status}: {e.message}" if e.message else e.status


class OutcomeCounts(TypedDict):
    """What a run's outcomes add up to: these ``BatchSummary`` fields."""

    done: int
    failed: int
    duplicates: int
    failures: tuple[tuple[str, str], ...]
    peak_rss_mb: float | None
    by_status: dict[str, int]
    earlier_failures: tuple[tuple[str, str], ...]


def no_counts() -> OutcomeCounts:
    return outcome_counts({}, [])


def outcome_counts(final: dict[str, ManifestEntry | None], outcomes: list[Outcome],
                   skipped: Sequence[ManifestEntry | None] = ()) -> OutcomeCounts:
    """What the run's outcomes add up to (BatchSummary fields); ``skipped``: the entries of the
    sources skipped as unchanged."""
    statuses = [e.status for e in final.values() if e is not None]
    failures = tuple(sorted((p, failure_reason(e)) for p, e in final.items()
                            if e is not None and e.status in RETRY_STATUSES))
    earlier = tuple(sorted((e.source_path, failure_reason(e)) for e in skipped
                           if e is not None and e.status in RETRY_STATUSES))
    peaks = [o.peak_rss_mb for o in outcomes if o.peak_rss_mb]
    return OutcomeCounts(done=sum(s in ("ok", "partial") for s in statuses), failed=len(failures),
                         duplicates=sum(s == "duplicate" for s in statuses), failures=failures,
                         peak_rss_mb=max(peaks) if peaks else None, by_status=dict(Counter(statuses)),
                         earlier_failures=earlier)

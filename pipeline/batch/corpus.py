"""Corpus ingest: many sources in parallel, a manifest, incremental re-runs, errors as data.

``run_corpus`` is the one entry point (the CLI and the tests call it). The steps:

    paths_to_sources ─▶ plan_sources ─▶ execute (pipeline.batch.executors, pipeline.batch.inprocess) ─▶ apply_outcome
                                                                          ─▶ compare.reconcile

Workers compute: ``outcome.extract_outcome`` calls ``pipeline.run.extract_to_rows`` and encodes the
rows into the report's Parquet files (bytes), so the parent's share of a report is only to write
those bytes and rename them into place (``files.write_files_atomically``: one fsync round per
report). The parent alone writes to OUT, so a killed batch never leaves a worker writing behind
its back. Every finished source is appended (fsync) to ``_manifest.journal.jsonl`` *after* its
files are written; a restart folds the journal into ``_manifest.parquet`` and redoes whatever
had no journal line yet, which gives the same files as an uninterrupted run.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from pipeline import PIPELINE_VERSION
from pipeline.batch.check import damaged_sources, records_of_written, update_records
from pipeline.batch.copies import record_copy, split_copies
from pipeline.batch.duplicates import (
    id_taken_warning,
    rename_report,
    rewrite_duplicate_warnings,
    rows_agree,
    with_duplicate_warnings,
)
from pipeline.batch.inprocess import execute_auto
from pipeline.batch.inputs import (
    SKIPPED_SYMLINK,
    SKIPPED_UNSUPPORTED,
    SOURCE_SUFFIXES,
    Inputs,
    Source,
    file_to_source,
    find_inputs,
    paths_to_files,
)
from pipeline.batch.jobs import (
    BatchSummary,
    EncodedReport,
    Job,
    Outcome,
    OutcomeCounts,
    ReportBrief,
    briefs_as_written,
    no_counts,
    outcome_counts,
)
from pipeline.batch.manifest import (
    JOURNAL,
    MANIFEST,
    RUNS,
    Journal,
    ManifestEntry,
    RunRecord,
    entry_to_row,
    new_run_id,
    read_manifest,
    write_manifest,
    write_run,
)
from pipeline.batch.outcome import (
    extract_outcome,
    profile_hash,
    rows_to_encoded,
    warm_pipeline,
)
from pipeline.batch.outdir import (
    LOCK,
    OutputFull,
    OutputLocked,
    OutputUnusable,
    out_lock,
    stopped_message,
)
from pipeline.batch.plan import plan_sources, source_rank
from pipeline.batch.progress import BatchProgress
from pipeline.batch.prune import PruneRefused, plan_prune
from pipeline.batch.settings import BatchSettings
from pipeline.identity.meta import fallback_report_id
from pipeline.keys import compare
from pipeline.keys import hints as keyhints
from pipeline.keys.chains import report_ref
from pipeline.model import Document, ErrorRecord, Extraction, Severity
from pipeline.output.files import (
    dataset_file,
    file_stem,
    is_disk_error,
    remove_temp_files,
    write_files_atomically,
    write_log,
)
from pipeline.output.records import ReportRecords
from pipeline.output.rows import PER_REPORT, extraction_to_rows, remove_report, utc_now
from pipeline.settings.profile import AUTO, Profile, load_profile

ID_HASH_CHARS = 8  # content-hash characters appended to an id that another source holds

# --- applying results to OUT (parent only) --------------------------------------------------

def write_encoded(out_dir: Path, rid: str, report: EncodedReport) -> None:
    stem = file_stem(rid)
    write_files_atomically((dataset_file(out_dir, d, stem), data) for d, data in report.files.items())


def failed_rows(source: Source, status: str, message: str, profile: Profile) -> tuple[str, ReportRecords]:
    """Rows for a source whose worker timed out or died: a failed report and its error row."""
    doc = Document(source_path=source.path, source_format=source.format, sha256=source.sha256, text="",
                   blocks=())
    ex = Extraction(document=doc, errors=(ErrorRecord("run", f"{status}: {message}", Severity.ERROR),))
    rid = fallback_report_id(Path(source.path), source.sha256)
    return rid, extraction_to_rows(ex, report_id=rid, profile=profile.name, pipeline_version=PIPELINE_VERSION,
                                   extracted_at=utc_now())


def _scope_of_report(out_dir: Path, rid: str) -> tuple[str, str] | None:
    from pipeline.output import parquet

    path = dataset_file(out_dir, "reports", rid)
    if not path.exists():
        return None
    rep = parquet.read_rows(path, ["organisation", "committee", "period_end"])
    return report_ref(rid, rep[0]).scope if rep else None


class Corpus:
    """The parent's view of OUT while a batch runs: manifest entries and who owns which report."""

    def __init__(self, out_dir: Path, entries: dict[str, ManifestEntry], journal: Journal, profile: Profile):
        self.out = Path(out_dir)
        self.entries = entries
        self.journal = journal
        self.profile = profile
        self.hints = keyhints.HintBook(self.out, profile.compare.rename_threshold)
        # reports whose reports row the parent rewrote (warnings added): their worker's brief is stale
        self.stale: set[str] = set()
        self.phash = profile_hash(profile)
        self._by_report: dict[str, set[str]] = {}  # report_id -> source paths, for big corpora
        for e in entries.values():
            self._index(e.source_path, None, e.report_id)
        self._pending = compare.read_pending(self.out)  # what OUT/_compare_pending.json holds

    def mark_pending(self, scopes: list[tuple[str, str]] | None) -> None:
        """Record scopes for reconcile before touching their files (a file write only when new)."""
        if self._pending is None or (scopes is not None and set(scopes) <= self._pending):
            return
        compare.add_pending(self.out, scopes)
        self._pending = None if scopes is None else self._pending | set(scopes)

    def _index(self, path: str, old: str | None, new: str | None) -> None:
        if old is not None:
            self._by_report.get(old, set()).discard(path)
        if new is not None:
            self._by_report.setdefault(new, set()).add(path)

    def _sources_of(self, rid: str) -> list[ManifestEntry]:
        return [self.entries[p] for p in sorted(self._by_report.get(rid, ()))]

    def owner(self, rid: str) -> ManifestEntry | None:
        return next((e for e in self._sources_of(rid) if e.owns_report), None)

    def losers(self, rid: str) -> list[str]:
        return [e.source_path for e in self._sources_of(rid) if e.status == "duplicate"]

    def put(self, e: ManifestEntry) -> None:
        old = self.entries.get(e.source_path)
        self._index(e.source_path, old.report_id if old else None, e.report_id)
        self.entries[e.source_path] = e
        self.journal.put(e)

    def drop(self, path: str) -> None:
        old = self.entries.pop(path, None)
        self._index(path, old.report_id if old else None, None)
        self.journal.delete(path)

    def entry(self, o: Outcome, rid: str | None, status: str, duplicate_of: str | None = None) -> ManifestEntry:
        return ManifestEntry(o.source.path, o.source.sha256, o.source.size, o.source.format, rid, status,
                             duplicate_of, PIPELINE_VERSION, self.profile.name, self.phash, o.message, utc_now())

    def write(self, rid: str, report: EncodedReport) -> None:
        write_encoded(self.out, rid, report)

    def remove_owned(self, rid: str) -> None:
        scope = _scope_of_report(self.out, rid)
        self.mark_pending([scope] if scope else None)
        remove_report(self.out, rid)
        compare.remove_keys(self.out, rid)

    def apply(self, o: Outcome) -> ManifestEntry:
        """Write one outcome's files (or record it as a duplicate), then journal it."""
        report = o.report
        rid = o.report_id
        if report is None or rid is None:
            rid, rows = failed_rows(o.source, o.status, o.message or "", self.profile)
            report = rows_to_encoded(rows, rid)
        rid, report = self.honest_id(o, rid, report)
        prev = self.entries.get(o.source.path)
        old = prev.report_id if prev is not None else None
        if prev is not None and old is not None and prev.owns_report and old != rid:
            self.remove_owned(old)  # its content changed into another report
        if prev is not None and old is not None and prev.status == "duplicate" and old != rid:
            self.rewrite_warnings(old, without=o.source.path)  # no longer a copy of it
        owner = self.owner(rid)
        if owner is not None and owner.source_path != o.source.path and source_rank(owner.source_path) < source_rank(o.source.path):
            e = self.entry(o, rid, "duplicate", owner.source_path)
            # warnings before the journal line: a kill in between redoes this source
            self.warn_duplicates(rid, owner.source_path, {*self.losers(rid), o.source.path})
            self.put(e)
            return e
        if owner is not None and owner.source_path != o.source.path:
            self.put(replace(owner, status="duplicate", duplicate_of=o.source.path))
        losers = [p for p in self.losers(rid) if p != o.source.path]
        for p in losers:  # all earlier losers now lose to this source
            if self.entries[p].duplicate_of != o.source.path:
                self.put(replace(self.entries[p], duplicate_of=o.source.path))
        self.mark_pending([report.scope])
        if losers:
            self.stale.add(rid)
        written = with_duplicate_warnings(report, rid, o.source.path, losers)
        self.write(rid, written)
        self.hints.follow(report.keyed)
        files, stamps = records_of_written(self.out, rid, written.files)  # update_records reads no more of them
        e = replace(self.entry(o, rid, o.status), files=files, stamps=stamps)
        self.put(e)
        return e

    def honest_id(self, o: Outcome, rid: str, report: EncodedReport) -> tuple[str, EncodedReport]:
        """A source whose id is taken by a source with other content and other rows is not its
        duplicate: it keeps its rows under the id plus a short content hash, with a warning."""
        owner = self.owner(rid)
        if (owner is None or owner.source_path == o.source.path or owner.sha256 == o.source.sha256
                or rows_agree(self.out, rid, report)):
            return rid, report
        if source_rank(o.source.path) < source_rank(owner.source_path):  # "later" by rank, not by arrival
            self.move_owned(owner, o.source.path)
            return rid, report
        new = f"{rid}.{o.source.sha256[:ID_HASH_CHARS]}"
        self.stale.add(new)
        return new, rename_report(report, new, [id_taken_warning(rid, new, owner.source_path, o.source.path)])

    def move_owned(self, owner: ManifestEntry, winner: str) -> None:
        """Move an owner's report to its id + content hash: a source that ranks before it and
        extracted other rows takes the plain id."""
        rid = owner.report_id
        assert rid is not None  # an owner owns a report (owns_report)
        new = f"{rid}.{owner.sha256[:ID_HASH_CHARS]}"
        stem = file_stem(rid)
        files = {n: dataset_file(self.out, n, stem).read_bytes() for n in PER_REPORT}
        for n in (compare.REGISTRY, compare.BASE_KEYS):  # its base keys go with it
            if (path := dataset_file(self.out, n, stem)).exists():
                files[n] = path.read_bytes()
        moved = rename_report(EncodedReport(files, ("", ""), None), new,
                              [id_taken_warning(rid, new, winner, owner.source_path)])
        self.mark_pending([moved.scope])
        self.stale.add(new)
        self.write(new, moved)
        self.remove_owned(rid)
        for p in self.losers(rid):  # its duplicates follow it
            self.put(replace(self.entries[p], report_id=new))
        self.put(replace(owner, report_id=new))

    def rewrite_warnings(self, rid: str, without: str) -> None:
        """The duplicate warnings of report ``rid`` once source ``without`` is no longer among them."""
        owner = self.owner(rid)
        if owner is not None:
            self.warn_duplicates(rid, owner.source_path, [p for p in self.losers(rid) if p != without])

    def warn_duplicates(self, rid: str, winner: str, losers: Iterable[str]) -> None:
        """Report ``rid``'s duplicate warnings: one per source in ``losers``."""
        self.stale.add(rid)
        rewrite_duplicate_warnings(self.out, rid, winner, losers)

    def prune(self, gone: ManifestEntry) -> str:
        """Remove a gone source's rows (or its duplicate record); returns its path."""
        rid = gone.report_id  # None only for a source that made no report
        if rid is not None and gone.owns_report and self.owner(rid) == gone:
            self.remove_owned(rid)
        self.drop(gone.source_path)
        if rid is not None and gone.status == "duplicate" and gone.duplicate_of:
            self.warn_duplicates(rid, gone.duplicate_of, self.losers(rid))
        return gone.source_path


# --- the entry point ----------------------------------------------------------------------

def run_corpus(paths: Iterable[Path | str], out_dir: Path | str, profile: Profile | str = AUTO,
               settings: BatchSettings | None = None, **options: object) -> BatchSummary:
    """Ingest files and directories into OUT; see the module docstring. ``options`` are fields of
    ``BatchSettings`` that replace those of ``settings`` (an unknown one is a TypeError). Never
    raises for a bad document: it becomes a failed report and error rows. Raises
    ``OutputUnusable`` (one-line message) when OUT is a file, not writable, full, or locked by
    another batch; on a full disk the workers are killed and what was written stays. Raises
    ``PruneRefused`` before writing anything when a prune looks like an accident
    (``pipeline.batch.prune``), unless ``force``."""
    s = replace(settings or BatchSettings(), **options)  # type: ignore[arg-type]  # checked by replace: fields only
    out = Path(out_dir)
    with out_lock(out), write_log() as written:
        try:
            return _run_corpus([Path(p) for p in paths], out, profile, s, written)
        except OSError as exc:
            if is_disk_error(exc):
                raise OutputFull(stopped_message(out, exc)) from None
            raise


def _skipped_links(inputs: Inputs, corpus: Corpus) -> None:
    """Symlinks out of the input: a manifest row each, never their target's content."""
    for link in inputs.outside:
        o = Outcome(Source(str(link), "", 0), SKIPPED_SYMLINK, None, None,
                    "symlink to a file outside the input paths; skipped (use --follow-symlinks to read it)",
                    0.0, None, None)
        e = corpus.entry(o, None, SKIPPED_SYMLINK)
        if corpus.entries.get(e.source_path) != e:
            corpus.put(e)


def _skipped_unsupported(inputs: Inputs, corpus: Corpus) -> None:
    """Files of kinds the pipeline does not read: a manifest row each, with the reason."""
    for path, why in inputs.unsupported:
        prev = corpus.entries.get(str(path))
        if prev is not None and (prev.status, prev.message) == (SKIPPED_UNSUPPORTED, f"{why}; skipped"):
            continue  # listed already: a rerun writes the same manifest
        o = Outcome(Source(str(path), "", 0), SKIPPED_UNSUPPORTED, None, None, f"{why}; skipped", 0.0, None, None)
        corpus.put(corpus.entry(o, None, SKIPPED_UNSUPPORTED))


def _apply_one(corpus: Corpus, o: Outcome) -> ManifestEntry:
    try:
        return corpus.apply(o)
    except Exception as exc:  # rows that cannot be written are an error row too
        if is_disk_error(exc):
            raise  # not this report's fault: the batch stops
        if o.report_id and corpus.owner(o.report_id) in (None, corpus.entries.get(o.source.path)):
            corpus.remove_owned(o.report_id)  # no half-written report stays behind
        return corpus.apply(replace(o, status="failed", report=None, report_id=None,
                                    message=f"cannot write rows: {type(exc).__name__}: {exc}"))


def _run_corpus(paths: list[Path], out: Path, profile: Profile | str, s: BatchSettings,
                written: set[str]) -> BatchSummary:
    t_start, started_at, run_id = time.perf_counter(), datetime.now(UTC), new_run_id()
    out.mkdir(parents=True, exist_ok=True)
    prof = load_profile(profile) if isinstance(profile, str) else profile
    if s.warm_up is None and s.extract is None:
        s = replace(s, warm_up=warm_pipeline)
    entries = read_manifest(out)
    inputs = find_inputs(paths, s.follow_symlinks)
    if s.prune and not s.force and (refusal := plan_prune(paths, entries, inputs).refusal):
        raise PruneRefused(refusal)
    if entries or (out / MANIFEST).exists():  # a new OUT has no journal to fold (and needs no pyarrow yet)
        write_manifest(out, entries, entries)  # fold an interrupted run's journal before appending a new one
    started_with = dict(entries)  # the manifest as on disk: what the end compares with (entries are immutable)
    remove_temp_files(out, (".", *PER_REPORT, compare.REGISTRY, compare.BASE_KEYS, "changes", RUNS, keyhints.HINTS))
    sources = [file_to_source(f) for f in inputs.files]
    gone_paths = {p for p in entries
                  if not Path(p).exists() and entries[p].status not in (SKIPPED_SYMLINK, SKIPPED_UNSUPPORTED)}
    journal = Journal(out)
    corpus = Corpus(out, entries, journal, prof)
    try:
        _skipped_links(inputs, corpus)
        _skipped_unsupported(inputs, corpus)
        damaged = frozenset(damaged_sources(out, entries, sources))
        plan = plan_sources(sources, entries, gone_paths, prof.name, corpus.phash, s.retry_failed, damaged)
        pruned = [corpus.prune(g) for g in plan.gone] if s.prune else []
        t_extract = time.perf_counter()
        run = _extract_rounds(corpus, sources, gone_paths, damaged, len(plan.skipped), s)
        extract_seconds = time.perf_counter() - t_extract
        rec, reconcile_seconds = _reconcile(out, prof)
    finally:
        journal.close()
    update_records(out, corpus.entries, written)
    write_manifest(out, corpus.entries, started_with)
    _record_run(out, run_id, run.outcomes, run.final, started_at)
    return BatchSummary(
        out_dir=str(out), executor=s.executor, workers=s.n_workers, n_sources=len(sources),
        skipped=len(sources) - len(run.final), skipped_links=tuple(str(p) for p in inputs.outside),
        skipped_unsupported=tuple((str(p), why) for p, why in inputs.unsupported),
        gone=tuple(sorted(gone_paths - set(pruned))), pruned=tuple(pruned),
        seconds=time.perf_counter() - t_start, extract_seconds=extract_seconds, write_seconds=run.write_seconds,
        reconcile_seconds=reconcile_seconds, reconcile=rec, reports=briefs_as_written(out, run.briefs, corpus.stale),
        **run.counts)


@dataclass
class _Run:
    """What the extraction rounds of one batch produced."""

    outcomes: list[Outcome] = field(default_factory=list)
    briefs: dict[str, ReportBrief] = field(default_factory=dict)
    write_seconds: float = 0.0
    final: dict[str, ManifestEntry | None] = field(default_factory=dict)
    counts: OutcomeCounts = field(default_factory=no_counts)


def _extract_rounds(corpus: Corpus, sources: list[Source], gone_paths: set[str], damaged: frozenset[str],
                    n_skipped: int, s: BatchSettings) -> _Run:
    """Extract what the plan says, in rounds: a later round picks up duplicates whose winner
    went away during the one before."""
    run, prof = _Run(), corpus.profile
    with BatchProgress(len(sources), s.progress, n_skipped) as bar:
        for round_ in range(3):
            plan = plan_sources(sources, corpus.entries, gone_paths if not s.prune else set(), prof.name,
                                corpus.phash, s.retry_failed and round_ == 0, damaged if round_ == 0 else frozenset())
            if not plan.todo:
                break
            todo, copies = split_copies(plan.todo, plan.skipped, source_rank)  # a copy is not parsed
            jobs = [Job(src, prof, s.timeout, s.extract, s.warm_up, memory_limit_mb=s.memory_limit_mb,
                        out_dir=str(corpus.out)) for src in todo]
            if jobs:
                outcomes = _execute(jobs, s, corpus, bar)
                own = {src.path: src for src in todo}  # the parent's Sources, kept instead of the workers' copies
                run.write_seconds += _apply_run(outcomes, corpus, run.briefs, run.outcomes, bar, own)
            _record_copies(corpus, [src for src in plan.todo if src.path in copies], copies, run.outcomes, bar)
        run.final, run.counts = _final_counts(corpus, run.outcomes, sources, bar)
    return run


def _execute(jobs: list[Job], s: BatchSettings, corpus: Corpus, bar: BatchProgress
             ) -> Generator[Outcome, None, None]:
    if s.executor == "local":
        return execute_auto(jobs, s.n_workers, s.timeout, corpus, bar.start)
    from pipeline.batch import executors  # lazy, as in pipeline.inprocess: a no-op run starts no executor

    return executors.execute_dask(jobs, s.n_workers, s.scheduler, s.memory_limit_mb)


def _record_copies(corpus: Corpus, sources: list[Source], copies: dict[str, str], outcomes: list[Outcome],
                   bar: BatchProgress) -> None:
    for s in sources:
        if (o := record_copy(corpus, s, copies[s.path])) is not None:
            outcomes.append(o)
            bar.advance(o.status)


def _final_counts(corpus: Corpus, outcomes: list[Outcome], sources: list[Source], bar: BatchProgress
                  ) -> tuple[dict[str, ManifestEntry | None], OutcomeCounts]:
    """Each outcome's final manifest entry and the run's counts, which the bar ends on."""
    final = {o.source.path: corpus.entries.get(o.source.path) for o in outcomes}
    counts = outcome_counts(final, outcomes, [corpus.entries.get(s.path) for s in sources if s.path not in final])
    bar.finish(counts["done"], counts["duplicates"], counts["failed"], len(sources) - len(final))
    return final, counts


def _apply_run(run: Generator[Outcome, None, None], corpus: Corpus, briefs: dict[str, ReportBrief], outcomes: list[Outcome],
               bar: BatchProgress, own: Mapping[str, Source] | None = None) -> float:
    """Write each outcome to OUT as it arrives; returns the seconds spent writing."""
    seconds = 0.0
    try:
        for o in run:
            t_write = time.perf_counter()
            e = _apply_one(corpus, o)
            brief = o.report.brief if o.report and e.status != "duplicate" else None
            if brief and e.report_id:  # the id it was written under (another, when its own was taken)
                briefs[e.report_id] = replace(brief, report_id=e.report_id)
            # keep memory flat on big corpora: no files, and the Source (path, sha256) the parent holds
            # already rather than the worker's unpickled copy of it
            src = (own or {}).get(o.source.path)
            outcomes.append(replace(o, report=None, source=src if src == o.source else o.source))
            seconds += time.perf_counter() - t_write
            bar.advance(e.status, o.source.path)
    finally:
        run.close()  # on a disk error: kill the workers now, not after their documents
    return seconds


def _reconcile(out: Path, prof: Profile) -> tuple[compare.ReconcileSummary | None, float]:
    """Metric keys across reports, only where new or changed reports asked for it."""
    t0 = time.perf_counter()
    pending = compare.read_pending(out)
    rec = None
    if pending is None or pending:
        rec = compare.reconcile(out, prof.compare.rename_threshold, pending,
                                on_newest=lambda scope, newest: keyhints.refresh(out, scope, newest))
        compare.clear_pending(out)
    return rec, time.perf_counter() - t0


def _record_run(out: Path, run_id: str, outcomes: list[Outcome], final: dict[str, ManifestEntry | None],
                started_at: datetime) -> None:
    """Per-run figures (seconds, memory, worker) to OUT/_runs/, apart from the manifest."""
    write_run(out, run_id, [RunRecord(o.source.path, o.source.sha256, e.status if e else o.status, round(o.seconds, 4),
                                      round(o.peak_rss_mb, 1) if o.peak_rss_mb is not None else None, o.worker)
                            for o in outcomes for e in [final[o.source.path]]], started_at, datetime.now(UTC))


# the public names, some of them now defined in pipeline.batch.inputs, .manifest and .outdir
__all__ = ["JOURNAL", "LOCK", "MANIFEST", "OutputFull", "OutputUnusable", "PruneRefused", "SKIPPED_SYMLINK", "SKIPPED_UNSUPPORTED", "SOURCE_SUFFIXES", "BatchSummary", "Job", "ManifestEntry", "Outcome",
           "OutputLocked", "Source", "entry_to_row", "extract_outcome", "file_to_source",
           "out_lock", "paths_to_files", "plan_sources", "read_manifest", "run_corpus",
           "write_manifest"]

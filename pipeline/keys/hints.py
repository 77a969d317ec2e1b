"""Canonical metric keys guessed when a report is encoded, so that ``compare.reconcile``
seldom has to rewrite its files.

Reconcile gives every metric of a scope (one organisation and committee) its canonical key
from all the scope's reports together, and rewrites the files of each report whose keys are
not those it was written with. Reports mostly come in order, and then a report's keys follow
from the scope's chains as they stood after the reports before it. So each scope has a *hint*
(``OUT/_key_hints/``): its newest report so far and the chains after it. The process that
encodes a report chains its metrics onto the hint (``chains.guess_keys``) and writes its files
with those keys. The parent keeps each hint up to date as reports are written, in whatever
order they arrive (``HintBook``), and reconcile sets each hint it touched to the truth. Reconcile
still decides: a wrong guess costs the rewrite that every report needed before, never a wrong key.

Hints are written without fsync, and in place: a lost, stale or torn hint only costs a
rewrite. A process that cannot read OUT (a remote Dask worker) guesses nothing.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pipeline.keys import chains
from pipeline.keys.chains import ChainingState
from pipeline.output.files import is_disk_error, write_files_atomically
from pipeline.output.records import ReportRecords
from pipeline.text import similarity

HINTS = "_key_hints"  # underscore: not a dataset, readers' globs skip it
# what reading a hint may raise (missing, torn, from another version): then there is no hint
_UNREADABLE = (OSError, ValueError, KeyError, TypeError)


@dataclass(frozen=True, slots=True)
class KeyHint:
    """A scope's newest report and the scope's chains after it (``chains.Chaining.state``)."""

    scope: tuple[str, str]
    report_id: str
    period_end: str | None  # ISO date
    chains: ChainingState

    @property
    def order(self) -> tuple:
        return _order(self.period_end, self.report_id)

    def to_json(self) -> bytes:
        return json.dumps({"organisation": self.scope[0], "committee": self.scope[1], "report_id": self.report_id,
                           "period_end": self.period_end, "chains": self.chains}, ensure_ascii=False).encode()


def _order(period_end: str | None, report_id: str) -> tuple:
    """``chains.ReportRef.order``, on the ISO date (which sorts as the date does)."""
    return (period_end is None, period_end or "", report_id)


def _iso(d: date | str | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def hint_path(out_dir: Path | str, scope: tuple[str, str]) -> Path:
    digest = hashlib.sha256(json.dumps(list(scope), ensure_ascii=False).encode()).hexdigest()[:24]
    return Path(out_dir) / HINTS / f"{digest}.json"


def read_hint(out_dir: Path | str, scope: tuple[str, str]) -> KeyHint | None:
    try:
        d = json.loads(hint_path(out_dir, scope).read_bytes())
        hint = KeyHint((d["organisation"], d["committee"]), d["report_id"], d["period_end"], d["chains"])
    except _UNREADABLE:
        return None
    return hint if hint.scope == scope else None  # a digest collision reads as no hint


def write_hint(out_dir: Path, hint: KeyHint) -> None:
    """Overwrite the scope's hint in place, made atomically the first time. In place, not by
    rename: a batch rewrites a hint per report, and every replaced file frees an inode, which
    makes the next file creations slow on some file systems (ext4 without a journal, or mounted
    with discard). A worker that reads a hint while it is written reads no guess. A hint that
    cannot be written (a directory or a link in its place) is no hint; a full disk stops the batch."""
    path, data = hint_path(out_dir, hint.scope), hint.to_json()
    try:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            write_files_atomically([(path, data)], durable=False)
            return
        try:
            os.pwrite(fd, data, 0)
            os.ftruncate(fd, len(data))
        finally:
            os.close(fd)
    except OSError as exc:
        if is_disk_error(exc):
            raise
        _drop(path)


def _drop(path: Path) -> None:
    """Remove a hint that is wrong or in the way; a directory or a file that will not go stays."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def refresh(out_dir: Path, scope: tuple[str, str], newest: tuple[chains.ReportRef, chains.ChainingState] | None) -> None:
    """Set a reconciled scope's hint to the truth: its newest report with metrics and its chains
    (a run may have written reports out of order, or removed some); ``compare.reconcile``'s
    ``on_newest``."""
    if newest is None:
        _drop(hint_path(out_dir, scope))
        return
    ref, state = newest
    hint = KeyHint(scope, ref.report_id, _iso(ref.period_end), state)
    if read_hint(out_dir, scope) != hint:
        write_hint(out_dir, hint)


@dataclass(frozen=True, slots=True)
class Keyed:
    """What a written report adds to its scope's chains: its metrics with their base keys."""

    scope: tuple[str, str]
    report_id: str
    period_end: str | None  # ISO date
    metrics: tuple[chains.BaseMetric, ...]
    lemmas: tuple[tuple[str, str], ...] = ()  # of its metric names' words, as the worker looked them up

    @property
    def order(self) -> tuple:
        return _order(self.period_end, self.report_id)


def guess(out_dir: Path | str | None, records: ReportRecords, report_id: str,
          threshold: float) -> tuple[list[chains.KeyAssignment] | None, Keyed | None]:
    """Keys for a report's metrics chained onto its scope's hint under ``out_dir``, and what the
    report adds to the chains. (None, None) for a report without metrics or scope. A report older
    than the hint (another process finished a newer one first) takes the key of a chain its base
    key already names, and else its base key: a rename is matched from the report before it,
    which the newer chains do not show, and the oldest report of a scope keeps its own keys."""
    ref = chains.record_ref(report_id, records.report)
    metrics = records.metrics
    if out_dir is None or not metrics or ref.scope[0] == "~":
        return None, None
    base = tuple(chains.base_metric(report_id, i, m) for i, m in enumerate(metrics))
    lemmas = {pair for m in base for pair in similarity.lemmas_of(m.metric)}
    keyed = Keyed(ref.scope, report_id, _iso(ref.period_end), base, tuple(sorted(lemmas)))
    current = read_hint(out_dir, ref.scope)
    keys = chains.guess_keys(current.chains if current else None, keyed.metrics, threshold)
    if current is not None and not current.order < keyed.order:
        keys = [a if a.alias_of is None else replace(a, metric_key=a.base_key, alias_of=None, similarity=None)
                for a in keys]
    return keys, keyed


# what the parent holds per scope and in all, so its memory does not grow with the archive: a
# scope's last reports of this run (a late report among them is chained in its place), and the
# scopes written to last (an evicted scope starts again from its hint on disk). A held report
# costs about 25 KB (its metrics, names and co-occurring pairs), so these bound the book near
# 8 MB: at 32 × 256 it grew with the first 8,192 reports of an archive of many scopes (issue 23).
WINDOW_REPORTS = 8
SCOPES_HELD = 32


@dataclass
class _ScopeRun:
    start: KeyHint | None  # the chains before ``reports``: after the reports already in OUT, or dropped
    reports: list[Keyed] = field(default_factory=list)  # written in this run, oldest first
    chaining: chains.Chaining = field(default_factory=chains.Chaining)
    together: chains.CoOccurrence = field(default_factory=chains.CoOccurrence)

    def add(self, keyed: Keyed, threshold: float) -> None:
        self.together.add(m.base_key for m in keyed.metrics)
        self.chaining.add(keyed.metrics, self.together, threshold)

    def holds(self, keyed: Keyed) -> bool:
        """Whether a report older than the newest adds nothing the guesses read: each of its base
        keys already names a chain of its own (a worker finished it after a newer one). Then
        chaining all again would change no key."""
        if any(r.report_id == keyed.report_id for r in self.reports):
            return False
        named = {id(self.chaining.by_alias.get(m.base_key)) for m in keyed.metrics}
        if id(None) in named or len(named) < len(keyed.metrics):
            return False
        self.together.add(m.base_key for m in keyed.metrics)
        return True

    def restart(self, reports: list[Keyed], threshold: float) -> None:
        self.reports = reports
        self.chaining = chains.Chaining.of(self.start.chains if self.start is not None else None)
        self.together = chains.co_occurrence(r.metrics for r in reports)
        for r in reports:
            self.chaining.add(r.metrics, self.together, threshold)

    def drop_oldest(self, threshold: float) -> None:
        """Fold the oldest report of the window into ``start``: a report older than it that comes
        later is left to reconcile, like one older than the reports of earlier runs."""
        oldest = self.reports.pop(0)
        chaining = chains.Chaining.of(self.start.chains if self.start is not None else None)
        chaining.add(oldest.metrics, chains.co_occurrence([oldest.metrics]), threshold)
        self.start = KeyHint(oldest.scope, oldest.report_id, oldest.period_end, chaining.state())


class HintBook:
    """The parent's side: each scope's hint kept exact as a run writes reports. A report newer
    than the scope's others extends its chains; one that arrives after a newer one (another
    worker was faster) has them chained again from the start of the window. Bounded: at most
    ``WINDOW_REPORTS`` reports per scope and ``SCOPES_HELD`` scopes; what falls out of them only
    makes a late report's guess a worse one, which reconcile corrects."""

    def __init__(self, out_dir: Path, threshold: float) -> None:
        self.out = Path(out_dir)
        self.threshold = threshold
        self.scopes: OrderedDict[tuple[str, str], _ScopeRun] = OrderedDict()

    def _run_of(self, scope: tuple[str, str]) -> _ScopeRun:
        run = self.scopes.get(scope)
        if run is not None:
            self.scopes.move_to_end(scope)
            return run
        start = read_hint(self.out, scope)
        chaining = chains.Chaining.of(start.chains if start is not None else None)
        run = self.scopes[scope] = _ScopeRun(start, chaining=chaining)
        if len(self.scopes) > SCOPES_HELD:
            self.scopes.popitem(last=False)
        return run

    def follow(self, keyed: Keyed | None) -> None:
        if keyed is None:
            return
        similarity.teach_lemmas(keyed.lemmas)  # here and in reconcile, what chaining compares
        run = self._run_of(keyed.scope)
        if run.start is not None and not run.start.order < keyed.order:
            return  # older than reports of earlier runs: reconcile's business
        if not run.reports or run.reports[-1].order < keyed.order:
            run.reports.append(keyed)
            run.add(keyed, self.threshold)
        elif run.holds(keyed):
            bisect.insort(run.reports, keyed, key=lambda r: r.order)
        else:  # out of order with new names, or the same report again
            others = [r for r in run.reports if r.report_id != keyed.report_id]
            run.restart(sorted([*others, keyed], key=lambda r: r.order), self.threshold)
        if len(run.reports) > WINDOW_REPORTS:
            run.drop_oldest(self.threshold)
        newest = run.reports[-1]
        write_hint(self.out, KeyHint(keyed.scope, newest.report_id, newest.period_end, run.chaining.state()))

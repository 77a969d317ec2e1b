"""Extract in this process when a worker pool would cost more than it saves.

A pool costs a process start, a second import of the pipeline and a second build of the
language pipeline (together about as long as reading one 20-page PDF). With one document to
extract, or ``--workers 1``, there is nothing to run in parallel, so the documents run here, one
after the other, through the same per-document function as in a worker (``outcome.extract_outcome``).

The per-document time limit still holds: ``extract_outcome`` arms SIGALRM on the main thread,
which interrupts Python code. A document stuck inside C code would not see the signal, and one
that crashes the interpreter would take the batch with it; so a source that has already timed
out or crashed (its manifest entry says so, same bytes) runs in a worker process of its own,
where the pool's hard limit can kill it. Before a document starts here its journal gets a
"crashed" line without a checksum, which the real outcome replaces: if this process dies, the
next run sees the source as changed and extracts it again, in a worker. After a document that
went over the memory limit here, the rest of the documents run in worker processes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Protocol

from pipeline.batch.jobs import Job, Outcome
from pipeline.batch.manifest import Journal, ManifestEntry
from pipeline.batch.pdf_pages import page_workers
from pipeline.batch.workers import memory_limit

BLEW_LIMIT = ("timeout", "crashed", "oom")  # a source with this status last time runs in a worker
DIED_HERE = "process died while extracting this source in-process"


class Ledger(Protocol):
    """What running here needs of the batch's view of OUT (``corpus.Corpus``): the manifest
    entries, and the journal with its entry maker, for the "crashed" line before a document."""

    @property
    def entries(self) -> Mapping[str, ManifestEntry]: ...

    @property
    def journal(self) -> Journal: ...

    def entry(self, o: Outcome, rid: str | None, status: str, duplicate_of: str | None = None) -> ManifestEntry: ...


def runs_in_process(n_jobs: int, workers: int) -> bool:
    return n_jobs <= 1 or workers <= 1


def blew_limit(job: Job, entries: Mapping[str, ManifestEntry]) -> bool:
    e = entries.get(job.source.path)
    if e is None or e.status not in BLEW_LIMIT:
        return False
    return e.sha256 == job.source.sha256 or e.message == DIED_HERE


def execute_auto(jobs: Sequence[Job], workers: int, timeout: float | None, corpus: Ledger,
                 on_start: Callable[[str], None] | None = None) -> Generator[Outcome, None, None]:
    """``executors.execute_local``, or the same jobs in this process (see the module docstring)."""
    from pipeline.batch import executors, outcome

    if not runs_in_process(len(jobs), workers):
        yield from executors.execute_local(jobs, workers, timeout, on_start)
        return
    for k, job in enumerate(jobs):
        if on_start is not None:
            on_start(job.source.path)
        if blew_limit(job, corpus.entries):
            yield from executors.execute_local([job], 1, timeout)
            continue
        unknown = dataclasses.replace(job, source=dataclasses.replace(job.source, sha256=""))
        # only this process dying needs the line; after a power cut the source is simply redone
        corpus.journal.put(corpus.entry(outcome.lost_outcome(unknown, "crashed", DIED_HERE), None, "crashed"),
                           durable=False)
        with page_workers(workers if len(jobs) == 1 else 1), memory_limit(job.memory_limit_mb):
            result = outcome.extract_outcome(job)  # one long PDF: its pages in parallel
        yield result
        if result.worker_spent:  # over the memory limit here: this process may hold half-built state
            yield from executors.execute_local(jobs[k + 1:], workers, timeout, on_start)
            return

"""Executors: run a batch's jobs and yield their Outcomes as they finish, in local worker
processes or on dask.distributed. Each job runs ``outcome.extract_outcome``."""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pipeline.batch.jobs import Job, Outcome
from pipeline.batch.outcome import BOUNCED, extract_outcome, lost_outcome
from pipeline.batch.workers import _pool_context, init_worker, kill_pool


@dataclass(frozen=True, slots=True)
class _Broken:
    jobs: tuple[Job, ...]  # in flight when the pool broke
    killed: bool  # we killed it (hard time limit) rather than a worker dying on its own


def _pool_pass(queue: deque[Job], workers: int, timeout: float | None,
               on_start: Callable[[str], None] | None = None) -> Iterator[Outcome | _Broken]:
    """Run jobs from ``queue`` until it is empty, the pool breaks, or a worker hits its memory
    limit: then no job is submitted any more, the jobs in flight finish (a spent worker hands its
    jobs back to the front of ``queue``) and the pool closes, so the next pass has fresh workers.
    At most 2 jobs per worker are in flight, so a job's hard deadline can be counted from its
    submission."""
    hard = None if not timeout else 2 * timeout + 10
    limit = queue[0].memory_limit_mb if queue else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=init_worker,
                             initargs=(os.getpid(), limit)) as pool:
        try:
            yield from _pool_loop(pool, queue, workers, hard, on_start)
        except GeneratorExit:  # the batch stops (disk full, Ctrl-C): do not wait for the documents
            kill_pool(pool)
            raise


def _pool_loop(pool: ProcessPoolExecutor, queue: deque[Job], workers: int, hard: float | None,
               on_start: Callable[[str], None] | None = None) -> Iterator[Outcome | _Broken]:
    inflight: dict = {}
    bounced: list[Job] = []
    spent = False  # a worker hit its memory limit: drain this pool, the next pass starts anew
    while (queue and not spent) or inflight:
        while queue and not spent and len(inflight) < 2 * workers:
            job = queue.popleft()
            inflight[pool.submit(extract_outcome, job)] = (job, time.monotonic())
            if on_start is not None:  # the progress bar's current file
                on_start(job.source.path)
        done, _ = wait(inflight, timeout=1.0, return_when=FIRST_COMPLETED)
        broken = False
        for fut in done:
            job, _t0 = inflight.pop(fut)
            try:
                o = fut.result()
            except BrokenProcessPool:
                broken = True
                inflight[fut] = (job, _t0)
                continue
            spent = spent or o.worker_spent
            if o.status == BOUNCED:
                bounced.append(job)
            else:
                yield o
        queue.extendleft(reversed(bounced))
        bounced.clear()
        killed = False
        if not broken and hard is not None:
            now = time.monotonic()
            if any(now - t0 > hard for _, t0 in inflight.values()):
                # the soft limit did not fire (stuck in C code): kill the workers
                for p in list(getattr(pool, "_processes", {}).values()):
                    p.kill()
                broken = killed = True
        if broken:
            wait(inflight, timeout=30)
            suspects = []
            for fut, (job, _t0) in inflight.items():
                try:
                    o = fut.result(timeout=0)
                except Exception:  # broken with the pool: guilty or a bystander
                    suspects.append(job)
                    continue
                if o.status == BOUNCED:
                    suspects.append(job)  # never ran: it runs alone like the others
                else:
                    yield o
            yield _Broken(tuple(suspects), killed)
            return


def execute_local(jobs: Sequence[Job], workers: int, timeout: float | None,
                  on_start: Callable[[str], None] | None = None) -> Iterator[Outcome]:
    """Local worker processes. When a worker dies or hangs, the pool breaks and takes the jobs in
    flight with it; those are re-run one by one in a pool of their own, so only the guilty one
    becomes an error row."""
    queue = deque(jobs)
    while queue:
        for item in _pool_pass(queue, workers, timeout, on_start):
            if isinstance(item, Outcome):
                yield item
                continue
            for job in item.jobs:
                single = deque([job])
                results = list(_pool_pass(single, 1, timeout))
                for r in results:
                    if isinstance(r, Outcome):
                        yield r
                    elif r.killed:
                        yield lost_outcome(job, "timeout", f"no result within {2 * (timeout or 0) + 10:g}s;"
                                           " worker killed")
                    else:
                        yield lost_outcome(job, "crashed", "worker process died (crash or out of memory)")


def execute_dask(jobs: Sequence[Job], workers: int, scheduler: str | None) -> Iterator[Outcome]:
    """The same per-document function on dask.distributed; a LocalCluster without an address."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        futures = {client.submit(extract_outcome, job, pure=False,
                                 key=f"extract-{job.source.sha256[:16]}-{i}"): job
                   for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker: the task took its worker down (too) often
                status = "crashed" if type(exc).__name__ == "KilledWorker" else "failed"
                yield lost_outcome(job, status, f"{type(exc).__name__}: {exc}")
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

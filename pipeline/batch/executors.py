"""Executors: run a batch's jobs and yield their Outcomes as they finish, in local worker
processes or on dask.distributed. Each job runs ``outcome.extract_outcome``."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pipeline.batch.jobs import Job, Outcome
from pipeline.batch.outcome import BOUNCED, extract_outcome, lost_outcome
from pipeline.batch.workers import _pool_context, init_worker, kill_pool, memory_limit


@dataclass(frozen=True, slots=True)
class _Broken:
    jobs: tuple[Job, ...]  # in flight when the pool broke
    killed: bool  # we killed it (hard time limit) rather than a worker dying on its own
    signals: frozenset[int] = frozenset()  # the signals that ended its dead workers


def _died_of(processes: list) -> frozenset[int]:
    """Signals that ended these worker processes (SIGKILL we did not send: the kernel's
    out-of-memory killer, as a rule)."""
    for p in processes:
        if p.exitcode is None:
            p.join(1.0)  # dead, its exit status not yet collected
    return frozenset(-p.exitcode for p in processes if p.exitcode is not None and p.exitcode < 0)


def lost_worker_outcome(job: Job, broken: _Broken, timeout: float | None) -> Outcome:
    """The outcome of a job whose worker died running it alone: timeout, oom or crashed."""
    if broken.killed:
        return lost_outcome(job, "timeout", f"no result within {2 * (timeout or 0) + 10:g}s; worker killed")
    if signal.SIGKILL in broken.signals:
        return lost_outcome(job, "oom", "worker process killed by SIGKILL, not by the batch: the kernel's "
                            "out-of-memory killer as a rule (the document needs more memory than the machine gives)")
    how = ", ".join(signal.Signals(s).name for s in sorted(broken.signals) if s in signal.valid_signals())
    return lost_outcome(job, "crashed", f"worker process died{f' ({how})' if how else ''}")


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
    inflight: dict[Future[Outcome], tuple[Job, float]] = {}  # -> (its job, when it was submitted)
    procs: dict[int, object] = {}  # every worker this pool started: their exit codes tell how they died
    bounced: list[Job] = []
    spent = False  # a worker hit its memory limit: drain this pool, the next pass starts anew
    while (queue and not spent) or inflight:
        while queue and not spent and len(inflight) < 2 * workers:
            job = queue.popleft()
            inflight[pool.submit(extract_outcome, job)] = (job, time.monotonic())
            if on_start is not None:  # the progress bar's current file
                on_start(job.source.path)
        procs.update(getattr(pool, "_processes", None) or {})
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
            yield _Broken(tuple(suspects), killed, frozenset() if killed else _died_of(list(procs.values())))
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
                    yield r if isinstance(r, Outcome) else lost_worker_outcome(job, r, timeout)


_limit_lock = threading.Lock()
_limit_users = 0
_limit_exit: Callable[[], object] | None = None


def extract_outcome_limited(job: Job) -> Outcome:
    """``extract_outcome`` on a Dask worker, under the batch's per-worker memory limit
    (``--memory-limit``): the worker's address space may grow by the limit while a document runs
    (``workers.memory_limit``), so a document over it is an error row, as in local workers, on any
    worker, however it was started. The threads of one worker share one limit."""
    global _limit_users, _limit_exit
    with _limit_lock:
        if _limit_users == 0 and job.memory_limit_mb:
            ctx = memory_limit(job.memory_limit_mb)
            ctx.__enter__()
            _limit_exit = lambda: ctx.__exit__(None, None, None)  # noqa: E731
        _limit_users += 1
    try:
        return extract_outcome(job)
    finally:
        with _limit_lock:
            _limit_users -= 1
            if _limit_users == 0 and _limit_exit is not None:
                _limit_exit()
                _limit_exit = None


def execute_dask(jobs: Sequence[Job], workers: int, scheduler: str | None,
                 memory_limit_mb: int | None = None) -> Generator[Outcome, None, None]:
    """The same per-document function on dask.distributed; a LocalCluster without an address,
    whose nannies restart a worker over ``memory_limit_mb`` of resident memory."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               memory_limit=f"{memory_limit_mb}MiB" if memory_limit_mb else "auto")
        client = Client(cluster)
    try:
        futures = {client.submit(extract_outcome_limited, job, pure=False,
                                 key=f"extract-{job.source.sha256[:16]}-{i}"): job
                   for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            job = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker: the task took its worker down (too) often
                yield _dask_lost_outcome(client, job, exc)
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# the event a Dask nanny logs when it restarts a worker over its memory limit (distributed.worker_memory)
DASK_MEMORY_EVENT = "worker-restart-memory"


def _dask_lost_outcome(client, job: Job, exc: Exception) -> Outcome:
    """A task that raised on Dask: ``oom`` when the worker that last ran it was restarted by its
    nanny for memory (the nanny's event names the worker), ``crashed`` when it died otherwise
    (``KilledWorker``), ``failed`` for any other exception."""
    if type(exc).__name__ != "KilledWorker":
        return lost_outcome(job, "failed", f"{type(exc).__name__}: {exc}")
    last = getattr(getattr(exc, "last_worker", None), "address", None)
    try:
        events = client.get_events(DASK_MEMORY_EVENT)
    except Exception:  # the scheduler is gone: the death cannot be told apart
        events = ()
    rss = [m.get("rss") for _t, m in events if isinstance(m, dict) and m.get("worker") == last]
    if last is not None and rss:
        return lost_outcome(job, "oom", f"worker {last} restarted by its nanny over the worker memory limit "
                            f"({max(r or 0 for r in rss) / 2**20:.0f} MB resident): the document needs more memory "
                            "than a worker has")
    return lost_outcome(job, "crashed", f"{type(exc).__name__}: {exc}")

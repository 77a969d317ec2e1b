"""Worker process lifecycle: how local worker processes start, die with their parent, stay
under a memory limit, and measure each document's own peak memory.

The batch process starts a forkserver, which forks the workers. Each link of that chain dies
with its parent: ``PR_SET_PDEATHSIG`` on Linux (the forkserver sets it when it imports
``pipeline.batch.forkserver_init``; each worker in ``init_worker``), else a thread that watches the
batch process. So a kill -9 of the batch leaves no process behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.settings import process

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WORKER_MEMORY_MB = 4096  # address-space limit per worker (RLIMIT_AS): a document over it is an error row
PARENT_POLL_S = 0.5  # the parent-watch thread's interval where prctl is missing


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(pid: int) -> None:
    """Exit as soon as process ``pid`` is gone."""
    def watch():
        while True:
            time.sleep(PARENT_POLL_S)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
    threading.Thread(target=watch, daemon=True, name="pipeline-parent-watch").start()


# A process that hit its memory limit may hold half-built state (a cache filled halfway, a
# library that failed inside an allocation), so it extracts no further document: a pool worker
# hands its next jobs back (see ``refuses_documents``) until the batch replaces it, and a batch
# that extracts in its own process sends the rest of its documents to fresh workers.
_spent = False
_pooled = False  # this process is a worker of a local pool (``init_worker`` ran)


def mark_spent() -> None:
    """This process hit its memory limit."""
    global _spent
    _spent = True


def refuses_documents() -> bool:
    """A pool worker that hit its memory limit: its jobs go back to the batch, which replaces it."""
    return _spent and _pooled


def init_worker(batch_pid: int, memory_limit_mb: int | None) -> None:
    """ProcessPoolExecutor initializer: run once in every worker before its first job."""
    global _pooled
    _pooled = True
    process.tune_gc()
    process.quiet_libraries()
    # the kernel's signal covers the death of our parent, the fork server; the fork server lives
    # as long as any worker does (each holds its "alive" pipe), so the batch is watched as well
    die_with_parent()
    watch_parent(batch_pid)
    try:
        os.kill(batch_pid, 0)  # the batch may have died while this worker was being forked
    except ProcessLookupError:
        os._exit(1)
    except PermissionError:
        pass
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


@contextmanager
def memory_limit(memory_limit_mb: int | None) -> Iterator[None]:
    """The worker's address-space limit around one document run in this process, so a
    document over it is an error row here too; the limit is lifted afterwards. Never below what
    this process already uses plus the same budget (an in-process run carries the pipeline)."""
    if not memory_limit_mb:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _address_space_bytes()
    limit = max(memory_limit_mb * 1024 * 1024, used + memory_limit_mb * 1024 * 1024 // 2)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _pool_context():
    # forkserver: workers fork from a clean, single-threaded server that has the pipeline
    # imported once (a new pool after a crash starts in milliseconds); plain fork would copy
    # the progress bar's and the pool's threads. Like spawn, it needs the
    # ``if __name__ == "__main__"`` guard in a calling script.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.batch.forkserver_init", "pipeline.batch.corpus"])
        return ctx
    return mp.get_context("spawn")


def kill_pool(pool) -> None:
    """SIGKILL a ProcessPoolExecutor's workers and let it go: a batch that stops (disk full,
    Ctrl-C) must not wait for documents whose results it cannot use."""
    for p in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            p.kill()
        except (OSError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


# --- per-document peak memory ---------------------------------------------------------------

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kb(field: str) -> int | None:
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def reset_peak() -> int | None:
    """Start a document: reset the kernel's peak-RSS mark (Linux ≥ 4.0) and return the current
    RSS in KiB, the baseline the document's peak is counted from."""
    try:
        _CLEAR_REFS.write_text("5")
    except OSError:
        pass
    return _status_kb("VmRSS")


def document_peak_mb(baseline_kb: int | None) -> float | None:
    """The document's peak RSS over the baseline, in MB. Falls back to the process's lifetime
    peak minus the baseline where the peak mark cannot be reset."""
    if baseline_kb is None:
        return None
    peak = _status_kb("VmHWM")
    if peak is None:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return max(0.0, (peak - baseline_kb) / 1024.0)

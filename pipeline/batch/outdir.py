"""OUT, the output directory: one batch at a time (a lock), and checks that it is usable.

Every problem with OUT itself (a file, read-only, disk full, locked) is an ``OutputUnusable``
with a one-line message; the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".lock"
PROBE = ".write-probe"


class OutputUnusable(RuntimeError):
    """OUT cannot hold the datasets: not a directory, not writable, or full."""


class OutputLocked(OutputUnusable):
    """Another batch is writing to the same OUT; two would interleave their journals."""


class OutputFull(OutputUnusable):
    """A write under OUT failed for lack of space (or the disk went read-only) mid-batch."""


def check_out(out: Path) -> None:
    """Raise ``OutputUnusable`` unless OUT is (or can be made) a writable directory."""
    if out.exists() and not out.is_dir():
        raise OutputUnusable(f"{out} is a file, not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / PROBE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, b"x")
            os.fsync(fd)
        finally:
            os.close(fd)
        os.unlink(out / PROBE)
    except OSError as exc:
        raise OutputUnusable(f"{out} is not writable: {exc.strerror or exc}") from None


def stopped_message(out: Path, exc: OSError) -> str:
    return (f"{out}: {exc.strerror or exc} while writing; batch stopped (reports written so far are "
            "complete; free space and run again to continue)")


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on OUT for one batch; the kernel drops it if the process dies (kill -9)."""
    check_out(out)
    with open(out / LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"{out} is in use by another 'pipeline extract' (lock file {out / LOCK})") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)

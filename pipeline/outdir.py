"""OUT, the output directory: one batch at a time (a lock), and checks that it is usable."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = ".lock"


class OutputLocked(RuntimeError):
    """Another batch is writing to the same OUT; two would interleave their journals."""


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """An exclusive lock on OUT for one batch; the kernel drops it if the process dies (kill -9)."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK, "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(f"{out} is in use by another 'pipeline extract' (lock file {out / LOCK})") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)

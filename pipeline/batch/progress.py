"""The batch's progress bar on stderr: reports done, the current file, rate and ETA, and the
pages of a big PDF while it is read in parts. Shown only on a terminal: quiet when stderr is
piped or redirected, and under CI (``$CI`` set), so logs stay clean.

Readers report pages through ``report_pages``, which reaches the bar of this process if there
is one and costs nothing otherwise (no bar, or a worker process).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich loads only when a bar is shown
    from rich.console import Console
    from rich.progress import Progress, TaskID

_ACTIVE: BatchProgress | None = None  # the bar of this process, while a batch runs
BAR_WIDTH = 20  # characters; leaves an 80-column terminal room for the counts and the file name
NAME_WIDTH = 28  # characters of the current file's name shown


def wanted(enabled: bool | None) -> bool:
    """Show a bar? ``enabled`` forces it; by default only on a terminal and outside CI."""
    if enabled is not None:
        return enabled
    if os.environ.get("CI"):
        return False
    return sys.stderr.isatty()


# what the bar counts, by manifest status: the words of the summary table (terminal.summary_to_table)
COUNTED = {"ok": "extracted", "partial": "extracted", "duplicate": "duplicates", "failed": "failed",
           "timeout": "failed", "crashed": "failed"}


class BatchProgress:
    """Context manager around a ``rich`` progress display; every method is a no-op when off.

    The current file is the oldest of the sources started and not yet done (in a worker pool,
    the one a worker has been on longest; "+N" more are in flight). ``finish`` sets the counts
    the batch ends with, so the last line says what the summary says."""

    def __init__(self, total: int, enabled: bool | None = None, skipped: int = 0,
                 console: Console | None = None) -> None:
        self.enabled = wanted(enabled)
        self.total = total
        self.counts = {"extracted": 0, "duplicates": 0, "failed": 0, "skipped": skipped}
        self.inflight: dict[str, None] = {}  # paths started and not done, oldest first
        self.t0 = time.perf_counter()
        self._p: Progress | None = None
        self._pages: TaskID | None = None
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._p = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(bar_width=BAR_WIDTH), MofNCompleteColumn(),
            TextColumn("{task.fields[info]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            console=console or Console(stderr=True, force_terminal=True if enabled else None), transient=False)
        self._task = self._p.add_task("extract", total=total, completed=skipped, info=self._info())

    def _current(self) -> str:
        if not self.inflight:
            return ""
        name = Path(next(iter(self.inflight))).name
        name = name if len(name) <= NAME_WIDTH else "…" + name[-NAME_WIDTH + 1:]
        return name + (f" +{len(self.inflight) - 1}" if len(self.inflight) > 1 else "")

    def _info(self) -> str:
        c = self.counts
        rate = (c["extracted"] + c["duplicates"] + c["failed"]) / max(time.perf_counter() - self.t0, 1e-9)
        parts = [f"[green]{c['extracted']} extracted[/]"]
        parts += [f"{c['duplicates']} duplicates"] if c["duplicates"] else []
        parts += [f"[red]{c['failed']} failed[/]"] if c["failed"] else []
        parts += [f"{c['skipped']} skipped"] if c["skipped"] else []
        return " ".join([*parts, f"{rate:.1f}/s", self._current()]).rstrip()

    def __enter__(self) -> BatchProgress:
        global _ACTIVE
        if self._p is not None:
            self._p.__enter__()
            _ACTIVE = self
        return self

    def __exit__(self, *exc) -> None:
        global _ACTIVE
        if self._p is not None:
            _ACTIVE = None
            self._p.__exit__(*exc)

    def start(self, path: str) -> None:
        """A source is being extracted now (or waits for a worker, in a pool)."""
        self.inflight[path] = None
        if self._p is not None:
            self._p.update(self._task, info=self._info())

    def advance(self, status: str, path: str | None = None) -> None:
        """A source is done with manifest status ``status``."""
        self.counts[COUNTED.get(status, "failed")] += 1
        if path is not None:  # None: a source that never started (a copy known before parsing)
            self.inflight.pop(path, None)
        if self._p is not None:
            self._p.update(self._task, advance=1, info=self._info())
            if self._pages is not None:
                self._p.remove_task(self._pages)
                self._pages = None

    def finish(self, extracted: int, duplicates: int, failed: int, skipped: int) -> None:
        """The batch's final counts (a source that was extracted may have become a duplicate of a
        better one since, and a second round may have run a source again)."""
        self.counts = {"extracted": extracted, "duplicates": duplicates, "failed": failed, "skipped": skipped}
        self.inflight.clear()
        if self._p is not None:
            self._p.update(self._task, completed=self.total, info=self._info())

    def pages(self, done: int, total: int) -> None:
        if self._p is None:
            return
        if self._pages is None:
            self._pages = self._p.add_task("pages", total=total, info="")
        self._p.update(self._pages, completed=done, total=total)


def report_pages(done: int, total: int) -> None:
    """Pages of the current document read so far (by a reader running in this process)."""
    if _ACTIVE is not None:
        _ACTIVE.pages(done, total)

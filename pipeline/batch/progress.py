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


class BatchProgress:
    """Context manager around a ``rich`` progress display; every method is a no-op when off."""

    def __init__(self, total: int, enabled: bool | None = None, skipped: int = 0,
                 console: Console | None = None) -> None:
        self.enabled = wanted(enabled)
        self.counts = {"ok": 0, "failed": 0, "skipped": skipped}
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
        self._task = self._p.add_task("extract", total=total, completed=skipped, info=self._info(""))

    def _info(self, current: str) -> str:
        n = self.counts["ok"] + self.counts["failed"]
        rate = n / max(time.perf_counter() - self.t0, 1e-9)
        c = self.counts
        name = current if len(current) <= NAME_WIDTH else "…" + current[-NAME_WIDTH + 1:]
        return f"[green]{c['ok']} ok[/] [red]{c['failed']} failed[/] {c['skipped']} skipped {rate:.1f}/s {name}"

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
        """A source is being extracted now."""
        self._current = Path(path).name
        if self._p is not None:
            self._p.update(self._task, info=self._info(self._current))

    def advance(self, status: str) -> None:
        key = "ok" if status in ("ok", "partial", "duplicate") else "failed"
        self.counts[key] += 1
        if self._p is not None:
            self._p.update(self._task, advance=1, info=self._info(""))
            if self._pages is not None:
                self._p.remove_task(self._pages)
                self._pages = None

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

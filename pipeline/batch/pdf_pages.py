"""One long PDF on several cores: its pages read in contiguous ranges by worker processes and
put back in page order, then the cross-page steps run once on all of them, as for a PDF read
in one go. ``page_to_layout`` looks at one page only, so the layouts, and the document made
from them, are the same whichever process read which page (a test checks this).

Used when the batch runs a single document in this process with ``--workers`` N > 1
(``pipeline.batch.inprocess``); otherwise the pages are read here, one after the other. Either way
``pipeline.batch.progress.report_pages`` hears about the pages read so far. The batch hands
``read_pages`` down to the reader (``pipeline.read.pdf.PageReader``) through ``pipeline.run``.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pipeline.batch.progress import report_pages
from pipeline.batch.workers import WORKER_MEMORY_MB, init_worker
from pipeline.settings.profile import ReadSettings

if TYPE_CHECKING:  # the reader loads pdfplumber: imported where the pages are read
    from pipeline.model import ErrorRecord
    from pipeline.read.pdf import PageBudgets
    from pipeline.read.pdf.layout import PageLayout

    Pages = tuple[list[PageLayout], list[ErrorRecord], list[tuple[str, str]]]

MIN_SPLIT_PAGES = 40  # below this a pool costs more than it saves

_workers = 1  # page workers for the document being read in this process


@contextmanager
def page_workers(n: int) -> Iterator[None]:
    """Let a long PDF read in this block use ``n`` worker processes."""
    global _workers
    old, _workers = _workers, max(1, n)
    try:
        yield
    finally:
        _workers = old


def page_ranges(n_pages: int, parts: int) -> list[range]:
    """``n_pages`` split into at most ``parts`` contiguous ranges of near-equal length, in order."""
    parts = max(1, min(parts, n_pages))
    bounds = [round(i * n_pages / parts) for i in range(parts + 1)]
    return [range(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def count_pages(data: bytes) -> int:
    from pipeline.read.pdf import open_pdf

    pdf = open_pdf(data)
    try:
        return len(pdf.pages)
    finally:
        pdf.close()


def read_range(data: bytes, rs: ReadSettings, budgets: PageBudgets | None, pages: range
               ) -> tuple[tuple[list[PageLayout], list[ErrorRecord]], float]:
    """In a worker: the layouts and page errors of one range, and the worker's peak resident
    memory (MB)."""
    from pipeline.read.pdf import read_layouts

    layouts, errors, _ = read_layouts(data, rs, budgets, pages)
    return (layouts, errors), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


peak_worker_mb: float | None = None  # of the last split read in this process, for benchmarks


def read_pages(data: bytes, rs: ReadSettings, budgets: PageBudgets | None = None) -> Pages:
    """Every page's layout in page order, the page errors and the PDF's metadata: in worker
    processes when allowed and worth it."""
    from pipeline.read.pdf import read_layouts

    n = count_pages(data) if _workers > 1 else 0
    if n < MIN_SPLIT_PAGES:
        return read_layouts(data, rs, budgets, on_page=report_pages)
    _, _, info = read_layouts(data, rs, budgets, range(0))
    layouts, errors = _read_split(data, rs, budgets, n, _workers)
    return layouts, errors, info


def _read_split(data: bytes, rs: ReadSettings, budgets: PageBudgets | None, n: int, workers: int
                ) -> tuple[list[PageLayout], list[ErrorRecord]]:
    """``workers`` processes read one part of the pages each: this one the first part, while a
    pool reads the others (its start-up overlaps this process's reading)."""
    from pipeline.read.pdf import read_layouts

    global peak_worker_mb
    parts = page_ranges(n, workers)
    # forkserver: workers start from a clean process, not a copy of this one (spaCy, threads)
    ctx = mp.get_context("forkserver") if "forkserver" in mp.get_all_start_methods() else mp.get_context("spawn")
    # as a batch worker: die with this process (no orphans after a kill -9), a memory limit, GC settings
    pool = ProcessPoolExecutor(max_workers=max(1, len(parts) - 1), mp_context=ctx,
                               initializer=init_worker, initargs=(os.getpid(), WORKER_MEMORY_MB))
    try:
        futures = [pool.submit(read_range, data, rs, budgets, r) for r in parts[1:]]
        layouts, errors, _ = read_layouts(data, rs, budgets, parts[0])
        report_pages(len(layouts), n)
        peaks = []
        for fut in futures:  # in page order
            (part, errs), peak = fut.result()
            layouts += part
            errors += errs
            peaks.append(peak)
            report_pages(len(layouts), n)
        peak_worker_mb = max(peaks, default=None)
    except BaseException:  # a time limit (SIGALRM here): stop the others
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return layouts, errors

"""Settings for a process that extracts: garbage collection and a quick exit.

A run allocates millions of short-lived objects (pdfminer makes several per glyph) on top of a
large heap that lives as long as the process (spaCy, the lemma table, the imported modules).
With Python's default thresholds the cyclic collector runs about a thousand times per 20-page
PDF and walks that heap each time it reaches the older generations: about a second, a fifth
of the run. Moving the long-lived heap out of its reach once it is loaded, and collecting
the youngest generation less often, brings that to about a tenth of a second.

At exit the interpreter frees every object one by one (a third of a second with spaCy loaded);
a command whose outputs are written and closed can skip that.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import sys

# allocations between collections of the youngest generation (Python's default: 700)
GC_YOUNG_THRESHOLD = 10_000
# collections of one generation between collections of the next (Python's defaults: 10, 10)
GC_MIDDLE_THRESHOLD = 20
GC_OLD_THRESHOLD = 100


# Arrow's buffers come from this allocator (pyarrow's default is mimalloc, which keeps what a
# report's tables freed: about 10 MB more at a one-page process's peak; encoding is 2 % slower)
ARROW_MEMORY_POOL = "system"

# libraries that log a warning per damaged object of a PDF; what matters to the user is in the
# document's error rows, and a one-line error must not drown in them
NOISY_LOGGERS = ("pdfminer",)


def quiet_libraries() -> None:
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)


def arrow_memory_pool() -> None:
    """Before pyarrow allocates (it reads the variable once); workers inherit it. A pool the user
    chose stays."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", ARROW_MEMORY_POOL)


def command_process() -> None:
    """The settings of a ``pipeline`` command's process (``pipeline.cli.run``), also taken by a
    benchmark that measures that process without its command line."""
    tune_gc()
    quiet_libraries()
    arrow_memory_pool()


def tune_gc() -> None:
    gc.set_threshold(GC_YOUNG_THRESHOLD, GC_MIDDLE_THRESHOLD, GC_OLD_THRESHOLD)


def freeze_heap() -> None:
    """Everything alive now (modules, the language pipeline with its vocabulary, matchers and
    rules) lives as long as the process: the collector need not walk it again (a document with
    20,000 headings spent a sixth of its run on that). Frozen objects are still freed when their
    last reference goes. No collection first: it would cost 50 ms to reclaim a few import-time
    cycles."""
    gc.freeze()


def exit_now(code: int) -> None:
    """Exit without tearing down the heap: atexit handlers run (logging, temporary directories)
    and the standard streams are flushed, then the process ends."""
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe has nothing left to flush
            pass
    os._exit(code)

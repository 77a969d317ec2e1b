"""Worker process lifecycle: how local worker processes start."""

from __future__ import annotations

import multiprocessing as mp


def _pool_context():
    # forkserver: workers fork from a clean, single-threaded server that has the pipeline
    # imported once (a new pool after a crash starts in milliseconds); plain fork would copy
    # the progress bar's and the pool's threads. Like spawn, it needs the
    # ``if __name__ == "__main__"`` guard in a calling script.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.batch"])
        return ctx
    return mp.get_context("spawn")

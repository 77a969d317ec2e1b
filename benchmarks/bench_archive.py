"""Archive scale: ``make bench-archive`` (SIZES="1000 20000", the issue's sizes). For each size, a synthetic corpus of
text reports (``bench_batch.make_corpus``) is extracted into a fresh OUT by a separate ``pipeline``
process; it prints the time per report and the batch process's own peak resident memory (its
workers excluded) side by side, then a no-op re-run of the largest size, so growth with the
archive is visible (the extraction column leaves out the pool's start and the reconcile): a parent that holds every report grows linearly, a flat one does not."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.bench_batch import make_corpus


def child(corpus: Path, out: Path, workers: int) -> None:
    """The measured process: one batch, then its own peak RSS (ru_maxrss excludes children),
    with the process settings of the ``pipeline`` command (its garbage collector, its Arrow
    allocator)."""
    from pipeline.settings import process

    process.command_process()
    from pipeline.batch.corpus import run_corpus

    t0 = time.perf_counter()
    s = run_corpus([corpus], out, workers=workers, progress=False)
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "extract_seconds": s.extract_seconds, "done": s.done,
                      "skipped": s.skipped, "failed": s.failed, "peak_mb": peak_mb}))


def _measure(corpus: Path, out: Path, workers: int) -> dict:
    r = subprocess.run([sys.executable, "-m", "benchmarks.bench_archive", "--child", str(corpus), str(out),
                        str(workers)], capture_output=True, text=True, check=True,
                       cwd=Path(__file__).resolve().parent.parent)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--child", nargs=3, metavar=("CORPUS", "OUT", "WORKERS"))
    args = ap.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return
    t = Table(title=f"archive scale: text reports, {args.workers} workers, OUT on {tempfile.gettempdir()}")
    for col in ("reports", "run", "seconds", "ms / report", "reports / s", "extraction ms / report",
                "parent peak MB", "peak growth KB / report"):
        t.add_column(col, justify="right")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        results = []
        for n in args.sizes:
            corpus = root / f"corpus-{n}"
            make_corpus(corpus, n)
            out = root / f"out-{n}"
            results.append((n, "first", _measure(corpus, out, args.workers)))
            if n == max(args.sizes):
                results.append((n, "no-op re-run", _measure(corpus, out, args.workers)))
            shutil.rmtree(out) if n != max(args.sizes) else None
            shutil.rmtree(corpus) if n != max(args.sizes) else None
    prev = None  # the first run of the size before: growth of the peak per 1000 more reports
    for n, run, r in results:
        per = r["seconds"] / n * 1000
        growth = "–" if prev is None or run != "first" else f"{(r['peak_mb'] - prev[1]) / (n - prev[0]) * 1000:.1f}"
        t.add_row(str(n), run, f"{r['seconds']:.1f}", f"{per:.1f}", f"{n / r['seconds']:.1f}",
                  f"{r['extract_seconds'] / n * 1000:.1f}", f"{r['peak_mb']:.0f}", growth)
        if run == "first":
            prev = (n, r["peak_mb"])
    Console().print(t)


if __name__ == "__main__":
    main()

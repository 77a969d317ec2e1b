"""Identical copies: ``make bench-copies``. Ten copies of one PDF against one copy, each run into
a fresh OUT, alternating, ``--repeat`` times; prints the median seconds of each and their ratio
(issue 23: at most 1.6; copies are known by sha256 before a worker parses them)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.batch.corpus import run_corpus

PDF = Path(__file__).resolve().parent.parent / "samples" / "rn-run-delarsrapport-2021-04.pdf"


def _inputs(root: Path, copies: int) -> Path:
    d = root / f"copies-{copies}"
    d.mkdir(parents=True)
    for i in range(copies):
        shutil.copy(PDF, d / f"report-{i:02d}.pdf")
    return d


def _time(src: Path, root: Path, workers: int) -> float:
    out = Path(tempfile.mkdtemp(dir=root))
    t0 = time.perf_counter()
    run_corpus([src], out, workers=workers, progress=False)
    seconds = time.perf_counter() - t0
    shutil.rmtree(out)
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        one, many = _inputs(root, 1), _inputs(root, args.copies)
        times: dict[str, list[float]] = {"1 copy": [], f"{args.copies} copies": []}
        for _ in range(args.repeat):
            times["1 copy"].append(_time(one, root, args.workers))
            times[f"{args.copies} copies"].append(_time(many, root, args.workers))
    medians = {k: statistics.median(v) for k, v in times.items()}
    t = Table(title=f"identical copies of {PDF.name}, {args.workers} workers, median of {args.repeat}")
    for col in ("inputs", "seconds (median)", "range", "× one copy"):
        t.add_column(col, justify="right")
    base = medians["1 copy"]
    for k, v in times.items():
        t.add_row(k, f"{medians[k]:.2f}", f"{min(v):.2f}–{max(v):.2f}", f"{medians[k] / base:.2f}")
    Console().print(t)


if __name__ == "__main__":
    main()

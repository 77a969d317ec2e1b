"""Time the full PDF pipeline against a bare pdfplumber baseline, in the same run.

    .venv/bin/python -m benchmarks.bench_pdf [--repeat N] [PDF ...]

Baseline: ``pdfplumber.open`` + ``extract_words()`` on every page (each page closed after
use). Pipeline: ``pipeline.run.run_document`` (read.pdf.v1, tables, sections, scorecard and
language stages; nothing written). Runs alternate and the best of N is reported per file, so
a noisy neighbour on a shared machine hurts both sides alike. Warm-up runs load models and
word lists first: their one-off start-up is not what a batch pays per document.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber

from pipeline.read import read_source
from pipeline.run import STAGES, run_document, run_stages
from pipeline.settings.profile import load_profile

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TARGET = 1.5


def bare_pdfplumber(path: Path) -> int:
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_words())
            page.close()
    return n


def full_pipeline(path: Path, profile) -> int:
    ex = run_document(path, profile, raise_errors=True)
    return len(ex.metrics)


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def stage_times(path: Path, profile) -> dict[str, float]:
    """Seconds per step (read + each stage) for one run, by wrapping each stage in a timer."""
    times: dict[str, float] = defaultdict(float)

    def timed(stage):
        def fn(ex, prof):
            t = time.perf_counter()
            try:
                return stage.fn(ex, prof)
            finally:
                times[stage.name] += time.perf_counter() - t
        return dataclasses.replace(stage, fn=fn)

    t = time.perf_counter()
    doc = read_source(path, profile)
    times["read"] = time.perf_counter() - t
    run_stages(doc, profile, raise_errors=True, stages=[timed(s) for s in STAGES])
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path, help="PDFs to time (default: samples/*.pdf)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per side; the best is kept")
    ap.add_argument("--profile", default="region-norrbotten")
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted(SAMPLES.glob("*.pdf"))
    profile = load_profile(args.profile)
    full_pipeline(pdfs[0], profile)  # warm-up: spaCy pipeline, word lists, imports
    bare_pdfplumber(pdfs[0])
    tot_base = tot_full = 0.0
    print(f"{'file':40} {'pages':>5} {'pdfplumber s':>13} {'pipeline s':>11} {'ratio':>6}")
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        base = full = float("inf")
        for _ in range(args.repeat):  # interleaved, so drift in machine load hits both
            base = min(base, best_of(lambda p=pdf: bare_pdfplumber(p), 1))
            full = min(full, best_of(lambda p=pdf: full_pipeline(p, profile), 1))
        tot_base += base
        tot_full += full
        print(f"{pdf.name:40} {pages:>5} {base:>13.3f} {full:>11.3f} {full / base:>6.2f}")
    ratio = tot_full / tot_base
    print(f"{'TOTAL':40} {'':>5} {tot_base:>13.3f} {tot_full:>11.3f} {ratio:>6.2f}"
          f"  (target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'})")
    totals: dict[str, float] = defaultdict(float)
    for pdf in pdfs:
        for name, sec in stage_times(pdf, profile).items():
            totals[name] += sec
    whole = sum(totals.values())
    print("\nshare of pipeline time per step (one run over all files):")
    for name, sec in totals.items():
        print(f"  {name:12} {sec:>8.3f} s {100 * sec / whole:>6.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

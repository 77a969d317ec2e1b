"""Batch scale benchmark: ``make bench-batch N=200``.

Makes a synthetic corpus of N text reports from the two sample text exports (different
committees, report kinds and years in the title line, and a few small edits to table rows),
then measures:

- reports/s with 1 worker and with all workers (``os.cpu_count()``);
- an incremental re-run over the unchanged corpus as a share of the first run;
- peak resident memory of a worker process.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.batch import run_corpus

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXTS = (SAMPLES / "rn-run-delarsrapport-2021-04.txt", SAMPLES / "rn-run-delarsrapport-2022-04.txt")
KINDS = (("Delårsrapport april", "delarsrapport"), ("Delårsrapport augusti", "delarsrapport"),
         ("Årsredovisning", "arsredovisning"))
COMMITTEES = ("RUN", "RS", "PSN")
ARROWS = ("↑", "➔", "↓")


def edit_rows(lines: list[str], rng: random.Random) -> list[str]:
    """A few small edits to table rows: a target number, an arrow."""
    rows = [i for i, line in enumerate(lines) if line.count("\t") == 4 and not line.startswith("Framgångs")]
    for i in rng.sample(rows, min(3, len(rows))):
        cells = lines[i].split("\t")
        if cells[2].strip().isdigit():
            cells[2] = str(int(cells[2]) + rng.randint(1, 20))
        elif cells[4].strip() in ARROWS:
            cells[4] = rng.choice(ARROWS)
        lines[i] = "\t".join(cells)
    return lines


def make_corpus(out_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """N distinct reports: committee × kind × year, each from one of the two samples."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [p.read_text(encoding="utf-8").splitlines(keepends=False) for p in TEXTS]
    paths = []
    for i in range(n):
        rng = random.Random(seed * 100003 + i)
        kind, _ = KINDS[i % 3]
        committee = COMMITTEES[(i // 3) % 3]
        year = 2000 + i // 9
        lines = list(sources[i % 2])
        title_at = next(j for j, line in enumerate(lines) if line.startswith("Bilaga "))
        lines[title_at] = f"Bilaga {kind} {year} {committee}"
        lines = edit_rows(lines, rng)
        path = out_dir / f"{committee.lower()}-{year}-{i % 3}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def dataset_digest(out: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(out.rglob("*.parquet")):
        if not any(part.startswith("_") for part in p.relative_to(out).parts):  # manifest, runs, base keys
            h.update(p.relative_to(out).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of synthetic reports")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="'all workers' (default: CPUs)")
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: a temporary one)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # same extracted_at in both outputs
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    shutil.rmtree(work / "out-1", ignore_errors=True)
    shutil.rmtree(work / "out-n", ignore_errors=True)
    corpus = make_corpus(work / "corpus", args.n)
    console = Console()
    console.print(f"corpus: {len(corpus)} reports in {work / 'corpus'}")

    cpu0 = time.process_time()  # the parent's own CPU (all its threads), not its workers'
    one = run_corpus([work / "corpus"], work / "out-1", workers=1, progress=None)
    cpu1 = time.process_time()
    many = run_corpus([work / "corpus"], work / "out-n", workers=args.workers, progress=None)
    cpu_one, cpu_many = cpu1 - cpu0, time.process_time() - cpu1
    t0 = time.perf_counter()
    again = run_corpus([work / "corpus"], work / "out-n", workers=args.workers, progress=False)
    rerun = time.perf_counter() - t0
    same = dataset_digest(work / "out-1") == dataset_digest(work / "out-n")

    t = Table(title=f"bench-batch: {args.n} reports, {os.cpu_count()} CPUs")
    for col in ("run", "workers", "seconds", "reports/s", "speed-up", "parent CPU s", "peak MB / worker", "notes"):
        t.add_column(col, justify="right" if col not in ("run", "notes") else "left")
    t.add_row("first run", "1", f"{one.seconds:.1f}", f"{one.reports_per_s:.2f}", "1.00", f"{cpu_one:.1f}",
              f"{one.peak_rss_mb or 0:.0f}", f"{one.failed} failed")
    t.add_row("first run", str(args.workers), f"{many.seconds:.1f}", f"{many.reports_per_s:.2f}",
              f"{one.seconds / many.seconds:.2f}", f"{cpu_many:.1f}", f"{many.peak_rss_mb or 0:.0f}",
              f"{many.failed} failed; datasets {'identical' if same else 'DIFFER'} to 1 worker")
    t.add_row("re-run, unchanged", str(args.workers), f"{rerun:.2f}", "–", "–", "–", "–",
              f"{again.skipped} skipped; {100 * rerun / many.seconds:.1f} % of the first run")
    console.print(t)
    console.print(f"per core: {one.reports_per_s:.2f} reports/s with 1 worker, "
                  f"{many.reports_per_s / args.workers:.2f} with {args.workers} (target: 20)")
    per_report = 1000 * many.write_seconds / max(many.done, 1)
    console.print(f"{args.workers} workers: extraction phase {many.extract_seconds:.1f} s, of which the parent "
                  f"spent {many.write_seconds:.1f} s ({per_report:.1f} ms/report) writing files; key reconcile + "
                  f"changes {many.reconcile_seconds:.1f} s")


if __name__ == "__main__":
    main()

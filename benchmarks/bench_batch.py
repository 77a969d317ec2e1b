"""Batch scale benchmark: ``make bench-batch N=200``.

Makes a synthetic corpus of N text reports from the two sample text exports (different
committees, report kinds and years in the title line, and a few small edits to table rows),
then measures:

- reports/s with 1 worker and with all workers (``os.cpu_count()``): the median of ``--repeat``
  first runs each, alternating, each into a fresh OUT, with the range of all of them; with OUT
  in memory and on disk (``default_places``);
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
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.batch.corpus import BatchSummary, run_corpus

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


# Beyond the first FIRST_GENERATION reports (Region Norrbotten, its three committees, 30 years), the
# corpus moves to other regions and the default profile's committees, so up to 25,470 reports have
# distinct identities. Years past 2099 are no period, so reusing the first three committees with
# ever later years made thousands of copies of one report id (issue 23's archive benchmark).
FIRST_GENERATION = 270
YEARS = 30
OTHER_REGIONS = ("Region Stockholm", "Region Uppsala", "Region Sörmland", "Region Östergötland",
                 "Region Jönköpings län", "Region Kronoberg", "Region Kalmar län", "Region Blekinge",
                 "Region Skåne", "Region Halland", "Region Värmland", "Region Örebro län", "Region Västmanland",
                 "Region Dalarna", "Region Gävleborg", "Region Västernorrland", "Region Jämtland Härjedalen",
                 "Region Västerbotten", "Region Gotland", "Västra Götalandsregionen")
OTHER_COMMITTEES = ("KS", "KF", "RS", "RF", "BUN", "UN", "SN", "KFN", "MBN", "SBN", "TN", "VON", "ÄN", "HSN")


def report_identity(i: int) -> tuple[str, str, int, str]:
    """Report ``i``'s organisation, committee, year and kind (distinct for i < 25,470)."""
    kind = KINDS[i % 3][0]
    if i < FIRST_GENERATION:
        return "Region Norrbotten", COMMITTEES[(i // 3) % 3], 2000 + i // 9, kind
    j = i - FIRST_GENERATION
    per_region = 3 * len(OTHER_COMMITTEES) * YEARS
    org = OTHER_REGIONS[(j // per_region) % len(OTHER_REGIONS)]
    return org, OTHER_COMMITTEES[(j // 3) % len(OTHER_COMMITTEES)], 2000 + (j // (3 * len(OTHER_COMMITTEES))) % YEARS, kind


def make_corpus(out_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """N distinct reports: organisation × committee × kind × year, each from one of the two samples."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [p.read_text(encoding="utf-8").splitlines(keepends=False) for p in TEXTS]
    paths = []
    for i in range(n):
        rng = random.Random(seed * 100003 + i)
        org, committee, year, kind = report_identity(i)
        lines = list(sources[i % 2])
        title_at = next(j for j, line in enumerate(lines) if line.startswith("Bilaga "))
        lines[title_at] = f"Bilaga {kind} {year} {committee}"
        lines = edit_rows(lines, rng)
        if org != "Region Norrbotten":
            lines = [line.replace("Region Norrbotten", org) for line in lines]
        prefix = "" if org == "Region Norrbotten" else org.lower().replace(" ", "-") + "-"
        path = out_dir / f"{prefix}{committee.lower()}-{year}-{i % 3}.txt"
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


@dataclass(frozen=True)
class Trial:
    """One first run into a fresh OUT."""

    summary: BatchSummary
    parent_cpu: float  # the parent's own CPU (all its threads), not its workers'


def first_run(corpus: Path, out: Path, workers: int) -> Trial:
    cpu = time.process_time()
    summary = run_corpus([corpus], out, workers=workers, progress=None)
    return Trial(summary, time.process_time() - cpu)


def median_trial(trials: list[Trial]) -> Trial:
    return sorted(trials, key=lambda t: t.summary.seconds)[len(trials) // 2]


def peak_mb(trials: list[Trial]) -> str:
    """The highest of the runs' peaks. A document's peak is counted over its process's resident
    memory when it starts; a process that ran documents before reuses the memory they freed, so
    its later documents add little or nothing to it."""
    return f"{max(t.summary.peak_rss_mb or 0 for t in trials):.0f}"


def spread(trials: list[Trial]) -> str:
    rates = sorted(t.summary.reports_per_s for t in trials)
    return f"{rates[0]:.2f}–{rates[-1]:.2f}" if len(rates) > 1 else f"{rates[0]:.2f}"


@dataclass
class Place:
    """Where the runs write OUT, and its runs with 1 and with all workers."""

    name: str
    work: Path
    ones: list[Trial] = field(default_factory=list)
    manys: list[Trial] = field(default_factory=list)


RAM_DIR = Path("/dev/shm")  # Linux's memory-backed file system


def default_places() -> list[Place]:
    """Where the runs write OUT: in memory (what the pipeline costs) and in the OS temporary
    directory (what this machine's disk adds). Both, because a disk can add much, and not always
    the same: on ext4 without a journal every file creation scans past the inodes deleted in the
    last minutes (the kernel's ``recently_deleted``), so the disk figure depends on what the
    machine deleted before the run."""
    places = []
    if RAM_DIR.is_dir() and os.access(RAM_DIR, os.W_OK):
        places.append(Place("memory", Path(tempfile.mkdtemp(prefix="bench-batch-", dir=RAM_DIR))))
    places.append(Place("disk" if places else "temp dir", Path(tempfile.mkdtemp(prefix="bench-batch-"))))
    return places


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of synthetic reports")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="'all workers' (default: CPUs)")
    ap.add_argument("--repeat", type=int, default=3, help="first runs per worker count and place, each into a "
                    "fresh OUT; the table shows the median run")
    ap.add_argument("--dir", type=Path, default=None, help="one work directory, kept (default: a temporary one "
                    "in memory and one on disk, removed afterwards)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # same extracted_at in every output
    places = [Place("dir", args.dir)] if args.dir else default_places()
    try:
        measure(places, args.n, args.workers, max(1, args.repeat))
    finally:
        if args.dir is None:
            for p in places:
                shutil.rmtree(p.work, ignore_errors=True)


def measure(runs: list[Place], n: int, workers: int, repeat: int) -> None:
    console = Console()
    for p in runs:
        for old in p.work.glob("out-*"):
            shutil.rmtree(old, ignore_errors=True)
        make_corpus(p.work / "corpus", n)
    console.print(f"corpus: {n} reports in {', '.join(str(p.work / 'corpus') for p in runs)}; {repeat} first runs "
                  "per worker count and place, alternating, each into a fresh OUT")
    for k in range(repeat):  # alternating, so a drift of the machine touches all alike
        for p in runs:
            p.ones.append(first_run(p.work / "corpus", p.work / f"out-1-{k}", 1))
            p.manys.append(first_run(p.work / "corpus", p.work / f"out-n-{k}", workers))
    # within a place: the rows hold each source's path, which differs between places
    same = all(len({dataset_digest(Path(t.summary.out_dir)) for t in p.ones + p.manys}) == 1 for p in runs)
    t = Table(title=f"bench-batch: {n} reports, {os.cpu_count()} CPUs, median of {repeat} first runs; datasets of "
                    f"the {2 * repeat} runs in each place {'identical' if same else 'DIFFER'}")
    for col in ("OUT in", "run", "workers", "seconds", "reports/s", "range", "speed-up", "parent CPU s",
                "peak MB / worker", "notes"):
        t.add_column(col, justify="left" if col in ("OUT in", "run", "notes") else "right")
    lines = [table_rows(t, p, workers) for p in runs]
    console.print(t)
    for line in lines:
        console.print(line)


def table_rows(t: Table, p: Place, workers: int) -> str:
    """The place's rows in ``t``, after its re-run over the unchanged corpus; returns its summary line."""
    one, many = median_trial(p.ones), median_trial(p.manys)
    o, m = one.summary, many.summary
    t0 = time.perf_counter()
    again = run_corpus([p.work / "corpus"], Path(m.out_dir), workers=workers, progress=False)
    rerun = time.perf_counter() - t0
    t.add_row(p.name, "first run", "1", f"{o.seconds:.1f}", f"{o.reports_per_s:.2f}", spread(p.ones), "1.00",
              f"{one.parent_cpu:.1f}", peak_mb(p.ones), f"{o.failed} failed")
    t.add_row(p.name, "first run", str(workers), f"{m.seconds:.1f}", f"{m.reports_per_s:.2f}", spread(p.manys),
              f"{o.seconds / m.seconds:.2f}", f"{many.parent_cpu:.1f}", peak_mb(p.manys), f"{m.failed} failed")
    t.add_row(p.name, "re-run, unchanged", str(workers), f"{rerun:.2f}", "–", "–", "–", "–", "–",
              f"{again.skipped} skipped; {100 * rerun / m.seconds:.1f} % of the first run")
    per_report = 1000 * m.write_seconds / max(m.done, 1)
    return (f"OUT in {p.name} ({p.work}): per core {o.reports_per_s:.2f} reports/s with 1 worker, "
            f"{m.reports_per_s / workers:.2f} with {workers} (target: 20); each run per core: "
            f"{', '.join(f'{x.summary.reports_per_s / workers:.2f}' for x in p.manys)}. {workers} workers: "
            f"the parent spent {m.write_seconds:.1f} s ({per_report:.1f} ms/report) writing files, key reconcile "
            f"+ changes {m.reconcile_seconds:.1f} s")


if __name__ == "__main__":
    main()

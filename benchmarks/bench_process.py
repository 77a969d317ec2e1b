"""Whole-process timings, as a user waits for them: ``pipeline extract`` against a bare
pdfplumber script on the same files, side by side in one run.

    .venv/bin/python -m benchmarks.bench_process [--repeat 3] [--big]

Cases: one PDF; two PDFs with ``--workers 1``; a no-op re-run over the two; ``pipeline --help``;
with ``--big``, one long PDF (the samples' pages repeated to ``--pages``) with 1 and 2 workers.
Each case runs ``--repeat`` times, the two sides interleaved (a noisy neighbour hits both), and
the median is reported. The per-machine cache (language pipeline, lemma table) is filled by one
untimed run first, as it is for a user from their second run on; the "cold cache" line is one
run with an empty cache directory, for the record.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PIPELINE = [sys.executable, "-m", "pipeline.cli"]
BARE = """
import sys, pdfplumber
n = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_words())
            page.close()
print(n)
"""
RATIO_TARGET = 1.5
NOOP_TARGET_S = 0.3
NOOP_SHARE_TARGET = 0.05
HELP_TARGET_S = 0.3
SPLIT_TARGET = 0.6


@dataclass(frozen=True)
class Row:
    case: str
    pipeline_s: float
    bare_s: float | None
    verdict: str
    cpu_ratio: float | None = None  # CPU seconds (user + sys) of the two sides: steadier on a busy machine


CPU: dict[str, list[float]] = {}  # command kind -> CPU seconds of each run


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], env: dict[str, str], kind: str = "") -> float:
    c, t = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    CPU.setdefault(kind, []).append(_children_cpu() - c)  # workers' CPU only when reaped by the child
    return wall


def extract_cmd(pdfs: list[Path], out: Path, workers: int) -> list[str]:
    return [*PIPELINE, "extract", *map(str, pdfs), "--out", str(out), "--workers", str(workers)]


def pair(pdfs: list[Path], work: Path, workers: int, repeat: int, env: dict[str, str],
         tag: str = "") -> tuple[list, list]:
    """Fresh-OUT extract runs and bare runs, interleaved."""
    full, bare = [], []
    for i in range(repeat):
        out = work / f"out-{tag}{len(pdfs)}-{workers}-{i}"
        shutil.rmtree(out, ignore_errors=True)
        bare.append(timed([sys.executable, "-c", BARE, *map(str, pdfs)], env, f"{tag}bare{len(pdfs)}"))
        full.append(timed(extract_cmd(pdfs, out, workers), env, f"{tag}full{len(pdfs)}-{workers}"))
    return full, bare


def ratio_row(case: str, full: list[float], bare: list[float], target: float = RATIO_TARGET,
              cpu: tuple[str, str] | None = None) -> Row:
    f, b = statistics.median(full), statistics.median(bare)
    cpu_ratio = statistics.median(CPU[cpu[0]]) / statistics.median(CPU[cpu[1]]) if cpu else None
    return Row(case, f, b, f"{f / b:.2f}× (target ≤ {target}: {'met' if f / b <= target else 'NOT met'})", cpu_ratio)


def big_pdf(work: Path, pages: int) -> Path:
    """A long report: the sample PDFs' pages repeated (pypdf, a dev dependency)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers = [PdfReader(p) for p in sorted(SAMPLES.glob("*.pdf"))]
    while len(writer.pages) < pages:
        for r in readers:
            for page in r.pages:
                if len(writer.pages) < pages:
                    writer.add_page(page)
    path = work / f"big-{pages}.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def compile_bytecode() -> None:
    """pip byte-compiles an installed package; an editable install under PYTHONDONTWRITEBYTECODE
    (set on some machines) would compile every module on every start instead."""
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "pipeline"), quiet=1)


def run(args: argparse.Namespace) -> list[Row]:
    compile_bytecode()
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("CI", None)
    work = Path(tempfile.mkdtemp(prefix="bench-process-"))
    pdfs = sorted(SAMPLES.glob("*.pdf"))[:2]
    rows = []
    cold = dict(env, PIPELINE_CACHE_DIR=str(work / "cold-cache"))
    cold_s = timed(extract_cmd(pdfs[:1], work / "out-cold", 1), cold)
    timed(extract_cmd(pdfs[:1], work / "out-warm", 1), env)  # fills the user's cache if empty
    full, bare = pair(pdfs[:1], work, 1, args.repeat, env)
    rows.append(ratio_row(f"1 PDF ({pdfs[0].name})", full, bare, cpu=("full1-1", "bare1")))
    full2, bare2 = pair(pdfs, work, 1, args.repeat, env)
    rows.append(ratio_row("2 PDFs, --workers 1", full2, bare2, cpu=("full2-1", "bare2")))
    noop = [timed(extract_cmd(pdfs, work / "out-2-1-0", 1), env, "noop") for _ in range(args.repeat)]
    n, first = statistics.median(noop), statistics.median(full2)
    ok = n <= NOOP_TARGET_S and n / first <= NOOP_SHARE_TARGET
    rows.append(Row("no-op re-run of the 2 PDFs", n, None, f"{100 * n / first:.1f} % of the first run "
                    f"(target ≤ {NOOP_TARGET_S} s and ≤ {100 * NOOP_SHARE_TARGET:.0f} %: {'met' if ok else 'NOT met'})"))
    h = statistics.median(timed([*PIPELINE, "--help"], env, "help") for _ in range(args.repeat))
    rows.append(Row("pipeline --help", h, None, f"target ≤ {HELP_TARGET_S} s: {'met' if h <= HELP_TARGET_S else 'NOT met'}"))
    rows.append(Row("1 PDF, cold cache (first run on a machine)", cold_s, None, "once, for the record"))
    if args.big:
        big = big_pdf(work, args.pages)
        one, _ = pair([big], work, 1, args.repeat, env, "big-")
        two, _ = pair([big], work, 2, args.repeat, env, "big-")
        rows.append(ratio_row(f"{args.pages} pages, 2 workers vs 1 (bare = 1 worker)", two, one, SPLIT_TARGET))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per case; the median is reported")
    ap.add_argument("--big", action="store_true", help="also time one long PDF with 1 and 2 workers")
    ap.add_argument("--pages", type=int, default=300, help="pages of the long PDF")
    args = ap.parse_args(argv)
    rows = run(args)
    print(f"\nwhole process, median of {args.repeat} ({os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at the end)")
    print(f"{'case':52} {'pipeline s':>10} {'bare s':>8}  verdict (wall)  [CPU-time ratio]")
    for r in rows:
        bare = f"{r.bare_s:8.3f}" if r.bare_s is not None else f"{'–':>8}"
        cpu = f"  [CPU {r.cpu_ratio:.2f}×]" if r.cpu_ratio is not None else ""
        print(f"{r.case:52} {r.pipeline_s:10.3f} {bare}  {r.verdict}{cpu}")
    print("CPU seconds, median: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in CPU.items() if k))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

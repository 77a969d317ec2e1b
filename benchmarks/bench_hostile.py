"""Pathological but small inputs must take linear time (issue 12). Generated on the fly:

    .venv/bin/python -m benchmarks.bench_hostile [--lines 20000] [--glyphs 100000]

- a text export of 20,000 lines of numbers (space- and TAB-separated), and 20,000 short
  heading-like lines (each one nested under the one before: the old quadratic path);
- a PDF page with 100,000 scattered glyphs.

Each case is timed once after a warm-up (the language pipeline loads outside the clock) and
compared with its budget.

Then the pages whose cost hides outside their own content stream (issue 23, ``tests/hostile_pdfs.py``),
each whole-process (``pipeline extract``) beside start-up (a one-line text file) in the same run:
a Type3 font whose 20 glyph procedures draw 100,000 paths each (pdfium alone parses them all when
it loads the page: its peak is printed beside), and Type3 glyph procedures, a tiling pattern cell
and an annotation appearance stream that inflate past the content budget. Each prints what was
counted, what the page became and the process's peak memory and CPU against its budget.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_pages import run_measured
from benchmarks.bench_process import PIPELINE
from tests import hostile_pdfs

TEXT_BUDGET_S = 2.0
GLYPHS_BUDGET_S = 10.0
# a page whose cost hides in glyph procedures, patterns or appearances costs at most this much over
# start-up, whole process
HIDDEN_EXTRA_MB = 100.0
HIDDEN_EXTRA_CPU_S = 3.0
PDFIUM_LOAD = """
import resource, sys, pypdfium2
doc = pypdfium2.PdfDocument(sys.argv[1])
page = doc[int(sys.argv[2]) - 1]
page.get_textpage().count_chars()
"""


def number_lines(n: int, sep: str) -> str:
    rng = random.Random(1)
    rows = (sep.join(str(rng.randint(0, 99999)) for _ in range(3)) for _ in range(n))
    return "Bilaga Delårsrapport april 2021 RUN\n\n" + "\n".join(rows) + "\n"


def heading_lines(n: int) -> str:
    return "Bilaga Delårsrapport april 2021 RUN\n\n" + "\n".join(f"Rubrik {i}" for i in range(n)) + "\n"


def glyphs_pdf(n: int) -> bytes:
    """One page, ``n`` single glyphs at random places in one text object (``x y Td (c) Tj``)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(2)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 14)
    c.drawString(60, 800, "Delårsrapport april 2021")
    t = c.beginText(0, 0)
    t.setFont("Helvetica", 4)
    x = y = 0.0
    for _ in range(n):
        nx, ny = rng.uniform(20, 570), rng.uniform(20, 780)
        t.moveCursor(nx - x, y - ny)  # moveCursor counts y downwards
        x, y = nx, ny
        t.textOut(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789"))
    c.drawText(t)
    c.save()
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--glyphs", type=int, default=100000)
    args = ap.parse_args(argv)
    hidden_costs()  # first: a child's peak memory counts this process's at the fork (vfork, exec)
    from pipeline.language.nlp import get_nlp
    from pipeline.run import extract_to_rows
    from pipeline.settings.profile import load_profile

    profile = load_profile("region-norrbotten")
    get_nlp(profile.language)("Under perioden har 27 möten genomförts.")
    cases = {
        "numbers-spaces.txt": (number_lines(args.lines, " ").encode(), TEXT_BUDGET_S),
        "numbers-tabs.txt": (number_lines(args.lines, "\t").encode(), TEXT_BUDGET_S),
        "headings.txt": (heading_lines(args.lines).encode(), TEXT_BUDGET_S),
        "glyphs.pdf": (glyphs_pdf(args.glyphs), GLYPHS_BUDGET_S),
    }
    over = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, (data, budget) in cases.items():
            path = Path(tmp) / name
            path.write_bytes(data)
            t0 = time.perf_counter()
            _, rows = extract_to_rows(path, profile)
            dt = time.perf_counter() - t0
            over += dt > budget
            status = rows.report.status if rows.report else "-"
            print(f"{name:20s} {len(data) / 1024:8.0f} KB {dt:7.2f} s  budget {budget:g} s  "
                  f"{'OK' if dt <= budget else 'OVER'}  report {status}, {len(rows.errors)} error rows")
    print(f"{over} case(s) over budget" if over else "all cases within budget")
    return 0  # a benchmark reports; it does not fail the make target (like bench_process)


def hidden_cases(content_bytes: int) -> dict[str, bytes]:
    return {"type3-glyphs.pdf": hostile_pdfs.type3_pdf(100_000, n_glyphs=20),
            "type3-bomb.pdf": hostile_pdfs.type3_pdf(100_000, n_glyphs=content_bytes // 1_700_000 + 1),
            "tiling-bomb.pdf": hostile_pdfs.tiling_pdf(content_bytes // 14 + 1),
            "appearance-bomb.pdf": hostile_pdfs.appearance_pdf(content_bytes // 17 + 1)}


def _outcome(out: Path) -> str:
    """The report's status and its read-stage rows (page: severity, message start)."""
    import pyarrow.parquet as pq

    status = pq.read_table(out / "reports").column("status").to_pylist()
    errors = pq.read_table(out / "errors").to_pylist()
    read = [f"p{e['page']} {e['severity']}: {e['message'].split(': ', 1)[-1][:70]}"
            for e in errors if e["stage"] == "read"]
    return f"{status[0] if status else '-'}; " + ("; ".join(read) or "no read rows")


def _counted(data: bytes, limit: int) -> str:
    from pipeline.read.pdf.budget import content_cost
    from pipeline.read.pdf.pages import open_pdf

    pdf = open_pdf(data)
    try:
        cost = content_cost(pdf.pages[1].page_obj, limit)
    finally:
        pdf.close()
    return ", ".join(f"{s.name.lower()} {n / 1e6:.1f} MB" for s, n in cost.by_source.items() if n > 1000)


def hidden_costs() -> int:
    """Whole-process figures of each page whose cost hides outside its content stream. Run in a
    small process: a child's peak memory is at least this process's (it is counted at the exec)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    content_bytes, glyph_bytes = 64 * 2**20, 2**20  # the defaults; read back below, after the runs
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        letter = work / "letter.txt"
        letter.write_text("Ett brev\n\nHej, här kommer ett brev.\n", "utf-8")
        run_measured([*PIPELINE, "extract", str(letter), "--out", str(work / "warm")], env)  # fills the cache
        _, start_mb, start_cpu = run_measured([*PIPELINE, "extract", str(letter), "--out", str(work / "s")], env)
        for name, data in hidden_cases(content_bytes).items():
            path, out = work / name, work / f"out-{name}"
            path.write_bytes(data)
            _, mb, cpu = run_measured([*PIPELINE, "extract", str(path), "--out", str(out), "--workers", "1"], env)
            alone = run_measured([sys.executable, "-c", PDFIUM_LOAD, str(path), "2"], env)
            rows.append((name, data, mb, cpu, alone, out))
        rows = [(*r[:5], _outcome(r[5])) for r in rows]  # pyarrow loads here, after the runs
    from pipeline.read.pdf.pages import DEFAULT_BUDGETS as B  # noqa: N814 (after the runs: see above)

    assert (B.content_bytes, B.glyph_proc_bytes) == (content_bytes, glyph_bytes), "the budgets' defaults moved"
    print(f"\nhidden costs, whole process (budgets: content {content_bytes / 2**20:.0f} MiB, counted with glyph "
          f"procedures, pattern cells and appearances; Type3 glyph procedures {glyph_bytes / 2**20:.0f} MiB before "
          f"pdfium's first look; a page ≤ start-up + {HIDDEN_EXTRA_MB:.0f} MB and + {HIDDEN_EXTRA_CPU_S:g} s CPU)")
    print(f"{'start-up (one-line text)':24s} {'':>6}   {'':37s} {start_cpu:5.2f} s CPU {start_mb:5.0f} MB")
    over = 0
    for name, data, mb, cpu, (_, alone_mb, alone_cpu), outcome in rows:
        ok = mb - start_mb <= HIDDEN_EXTRA_MB and cpu - start_cpu <= HIDDEN_EXTRA_CPU_S
        over += not ok
        print(f"{name:24s} {len(data) / 1024:4.0f} KB  counted {_counted(data, content_bytes):28s} {cpu:5.2f} s CPU "
              f"{mb:5.0f} MB ({mb - start_mb:+.0f} MB, {cpu - start_cpu:+.2f} s) {'OK' if ok else 'OVER'}; "
              f"pdfium alone loading the page: {alone_cpu:.2f} s CPU, {alone_mb:.0f} MB")
        print(f"{'':26s}-> {outcome}")
    print(f"{over} hidden-cost case(s) over budget" if over else "all hidden-cost cases within budget")
    return over


if __name__ == "__main__":
    raise SystemExit(main())

"""Pathological but small inputs must take linear time (issue 12). Generated on the fly:

    .venv/bin/python -m benchmarks.bench_hostile [--lines 20000] [--glyphs 100000]

- a text export of 20,000 lines of numbers (space- and TAB-separated), and 20,000 short
  heading-like lines (each one nested under the one before: the old quadratic path);
- a PDF page with 100,000 scattered glyphs.

Each case is timed once after a warm-up (the language pipeline loads outside the clock) and
compared with its budget; the exit code is 1 if a case is over it.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

from pipeline.language.nlp import get_nlp
from pipeline.run import extract_to_rows
from pipeline.settings.profile import load_profile

TEXT_BUDGET_S = 2.0
GLYPHS_BUDGET_S = 10.0


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


if __name__ == "__main__":
    raise SystemExit(main())

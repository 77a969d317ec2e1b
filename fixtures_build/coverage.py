"""A goal table whose goal names wrap over two lines and whose goals are marked only by coloured
dots, printed by headless Chromium (issue 21): every goal must come out, or be a warning.

`python -m fixtures_build coverage` writes tests/fixtures/coverage/goal-dots-wrapped.chromium.pdf
and its expectation (.expected.json): the goals as printed, with the status each dot's colour says.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from html import escape
from pathlib import Path

from fixtures_build.engine_html import CHROMIUM, CHROMIUM_TIMEOUT_S

NAME = "goal-dots-wrapped.chromium"
GREEN, YELLOW, RED = "#2e9e44", "#f2c200", "#d83a2f"
# (goal, dot colour, status the colour means); long names wrap in the narrow goal column
GOALS = [
    ("Ett livskraftigt län med attraktiva livsmiljöer för alla invånare", GREEN, "achieved"),
    ("Trygg norrbottning med god livskvalitet", YELLOW, "partially_achieved"),
    ("Behovsstyrd regional utveckling i samverkan med kommunerna", RED, "not_achieved"),
    ("Långsiktig hållbar ekonomi och effektiv verksamhet", GREEN, "achieved"),
]


def _dot(color: str) -> str:
    return (f'<svg width="11" height="11" viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" '
            f'fill="{color}"/></svg>')


def html() -> str:
    rows = "".join(f"<tr><td>{escape(g)}</td><td class='m'>{_dot(c)}</td><td>{escape(f)}</td></tr>"
                   for (g, c, _), f in zip(GOALS, ("Attraktiva livsmiljöer", "Trygghet och hälsa",
                                                    "Samverkan med kommunerna", "Kostnadseffektiv verksamhet"), strict=True))
    return f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Delårsrapport augusti 2025 Regionala utvecklingsnämnden</title><meta name="author" content="Region Norrbotten">
<style>@page {{ size: A4; margin: 20mm; }} body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }}
table {{ border-collapse: collapse; table-layout: fixed; width: 70%; font-size: 9pt; }}
th, td {{ border-bottom: 0.5px solid #888; padding: 2pt 4pt; vertical-align: top; text-align: left; }}
td.m {{ text-align: center; }}</style></head><body>
<h1>Delårsrapport augusti 2025</h1><p>Regionala utvecklingsnämnden</p><p>Region Norrbotten</p>
<h2>Måluppfyllelse</h2>
<p>Tabellen visar nämndens strategiska mål och hur de bedöms.</p>
<table><colgroup><col style="width:40%"><col style="width:24%"><col style="width:36%"></colgroup>
<tbody><tr><th>Strategiskt mål</th><th>Måluppfyllelse</th><th>Framgångsfaktor</th></tr>{rows}</tbody></table>
<p>Nämnden följer upp målen i årsredovisningen.</p></body></html>"""


def build(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{NAME}.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{NAME}.html"
        src.write_text(html(), encoding="utf-8")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={Path(tmp) / 'p'}",
                        f"--print-to-pdf={out}", "--no-pdf-header-footer", src.as_uri()],
                       check=True, capture_output=True, timeout=CHROMIUM_TIMEOUT_S)
    expected = {"goals": [{"strategic_goal": g, "status": s} for g, _, s in GOALS]}
    (out_dir / f"{NAME}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"{out}  {out.stat().st_size // 1024} KB")

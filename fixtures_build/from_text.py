"""Build a Doc from the pipeline's own reading of a sample text export.

Headings, paragraphs and tables come from `Document.blocks`; scorecard rows are re-made from the
extracted metrics (so wrapped or hyphenated cells of the export print clean), and each mark gets
the status colour of the original PDF's golden file.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row
from pipeline.model import BlockKind, Extraction
from pipeline.run import run_document

REPO = Path(__file__).resolve().parent.parent
PROFILE = "region-norrbotten"
SCORECARD_HEADER = ("Framgångsfaktor", "Styrmått", "Mål", "Måluppfyllelse", "Utveckling")
SCORECARD_WIDTHS = (0.195, 0.31, 0.205, 0.165, 0.125)
GOAL_WIDTHS = (0.28, 0.21, 0.51)
STATUS_GLYPHS = {"●", "◇", "◊"}
LEGEND_AFTER = "Sammanfattande bild av måluppfyllelse"
UNKNOWN_MARK = model.Mark("circle", "#000000")  # a ● whose status no golden file gives (summary table)
PERSPECTIVES = {"Samhälle", "Medborgare", "Verksamhet", "Ekonomi"}


def golden_statuses(stem: str) -> tuple[dict[str, str], dict[str, str]]:
    """(metric_key -> status, strategic_goal -> status) of the original PDF, from its golden files."""
    base = REPO / "tests" / "data" / stem / "expected" / "pdf"
    with (base / "metrics.csv").open(encoding="utf-8") as f:
        metrics = {r["metric_key"]: r["status"] for r in csv.DictReader(f)}
    goals = {g["strategic_goal"]: g["status"] for g in json.loads((base / "goals.json").read_text("utf-8"))}
    return metrics, goals


def status_mark(symbol: str, status: str | None) -> model.Mark | None:
    if symbol in ("◇", "◊"):
        return shapes.STATUS_MARKS["not_assessed"]
    if symbol == "●" and status in shapes.STATUS_MARKS:
        return shapes.STATUS_MARKS[status]
    return None


def legend() -> model.LegendBlock:
    entries = [(shapes.STATUS_MARKS[s], label) for s, label in shapes.LEGEND_STATUS]
    entries += [(shapes.TREND_MARKS[t], f"Utveckling: {label.lower()}") for t, label in shapes.LEGEND_TREND]
    return model.LegendBlock("Teckenförklaring", tuple(entries))


class Builder:
    def __init__(self, ex: Extraction, metric_status: dict[str, str], goal_status: dict[str, str]):
        self.ex = ex
        self.metric_status, self.goal_status = metric_status, goal_status
        self.metrics_at = {m.prov.char_start: m for m in ex.metrics}
        self.toc_titles = {b.cells[0].text.rstrip(". ") for b in ex.document.blocks
                           if b.kind == BlockKind.TOC_ENTRY and b.cells}

    def heading_level(self, text: str) -> int:
        if text.startswith("Strategiskt mål"):
            return 2
        if text.startswith("Framgångsfaktor"):
            return 3
        if text in PERSPECTIVES or text in self.toc_titles:
            return 1
        return 4

    def scorecard_table(self, metrics) -> model.Table:
        rows = []
        for m in metrics:
            text = f"Aktivitet: {m.metric}" if m.metric_kind == "aktivitet" else m.metric
            trend = shapes.TREND_MARKS.get(shapes.TREND_BY_GLYPH.get(m.trend_symbol or "", ""))
            status = status_mark(m.status.symbol or "", self.metric_status.get(m.metric_key))
            rows.append(Row((Cell(m.success_factor), Cell(text), Cell(m.target.raw or ""), Cell(mark=status),
                             Cell(mark=trend))))
        return model.Table(SCORECARD_HEADER, tuple(rows), SCORECARD_WIDTHS, mark_columns=(3, 4), narrowable=(0, 1))

    def other_table(self, blocks) -> model.Table:
        width = max(len(b.cells) for b in blocks)
        texts = [[c.text for c in b.cells] + [""] * (width - len(b.cells)) for b in blocks]
        header, body = texts[0], [r for r in texts[1:] if r != texts[0]]
        mark_cols = {i for r in body for i, t in enumerate(r) if t in STATUS_GLYPHS}
        rows = []
        for r in body:
            cells = []
            for i, t in enumerate(r):
                if t in STATUS_GLYPHS:  # goal tables: the goal's name is the cell before the mark
                    cells.append(Cell(mark=self.goal_mark(t, r[i - 1] if i else "")))
                else:
                    cells.append(Cell(t))
            rows.append(Row(tuple(cells)))
        widths = GOAL_WIDTHS if width == 3 and mark_cols == {1} else _widths(texts)
        narrowable = (0, 2) if widths == GOAL_WIDTHS else ()
        return model.Table(tuple(header), tuple(rows), widths, mark_columns=tuple(sorted(mark_cols)),
                           narrowable=narrowable)

    def goal_mark(self, glyph: str, goal: str) -> model.Mark:
        if glyph != "●":
            return shapes.STATUS_MARKS["not_assessed"]
        return shapes.STATUS_MARKS.get(self.goal_status.get(goal, ""), UNKNOWN_MARK)

    def table(self, blocks) -> model.Table:
        metrics = [self.metrics_at[b.prov.char_start] for b in blocks if b.prov.char_start in self.metrics_at]
        return self.scorecard_table(metrics) if metrics else self.other_table(blocks)

    def build(self, *, with_legend: bool) -> tuple[model.Block, ...]:
        out: list[model.Block] = []
        blocks = self.ex.document.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind == BlockKind.TABLE_ROW:
                j = i
                while j < len(blocks) and blocks[j].kind == BlockKind.TABLE_ROW:
                    j += 1
                out.append(self.table(blocks[i:j]))
                i = j
                continue
            if b.kind == BlockKind.TITLE:
                out.append(Heading(b.text, 0))
            elif b.kind == BlockKind.HEADING:
                out.append(Heading(b.text, self.heading_level(b.text)))
                if with_legend and b.text == LEGEND_AFTER:
                    out.append(legend())
            elif b.kind == BlockKind.PARAGRAPH:
                out.append(Paragraph(b.text))
            elif b.kind == BlockKind.LIST_ITEM:
                out.append(Paragraph("• " + b.text))
            elif b.kind == BlockKind.TOC_ENTRY and b.cells:
                out.append(Paragraph(f"{b.cells[0].text.rstrip('. ')} ........ {b.cells[-1].text}"))
            i += 1
        return tuple(out)


def _widths(texts: list[list[str]]) -> tuple[float, ...]:
    longest = [max(min(len(r[i]), 60) for r in texts) + 6 for i in range(len(texts[0]))]
    total = sum(longest)
    return tuple(n / total for n in longest)


def doc_from_text(txt: Path, *, with_legend: bool) -> Doc:
    ex = run_document(txt, PROFILE)
    metric_status, goal_status = golden_statuses(txt.stem)
    title = ex.document.blocks[0].text if ex.document.blocks else txt.stem
    header = f"Region Norrbotten | {title}"
    blocks = Builder(ex, metric_status, goal_status).build(with_legend=with_legend)
    return Doc(blocks=blocks, title=title, author="Region Norrbotten", header=header, footer="Sida {page}")

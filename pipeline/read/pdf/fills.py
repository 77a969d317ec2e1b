"""The fill of each table cell: a background painted for that cell alone (a status cell shaded
green, yellow or red) is kept as the cell's ``fill``; a band across the row is not the cell's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.model import BBox
from pipeline.read.pdf.layout import Item, RowCell
from pipeline.read.pdf.objects import PathObject
from pipeline.settings.pdf import CellSettings
from pipeline.status.marks import hue_family, pdf_color_to_hex


def cell_paint(rects: Sequence[PathObject], cs: CellSettings) -> list[tuple[BBox, str]]:
    """Filled rects that can shade a cell, in painting order, with their colour; white is paper."""
    out = []
    for r in rects:
        if not r.get("fill") or r["x1"] - r["x0"] < cs.fill_min_side or r["bottom"] - r["top"] < cs.fill_min_side:
            continue
        colour = pdf_color_to_hex(r.get("non_stroking_color"))
        if colour is not None and hue_family(colour) != "white":
            out.append((BBox(r["x0"], r["top"], r["x1"], r["bottom"]), colour))
    return out


def _own_fill(box: BBox, paint: Sequence[tuple[BBox, str]], cs: CellSettings) -> str | None:
    t = cs.fill_tolerance
    area = max((box.x1 - box.x0) * (box.bottom - box.top), 1e-6)
    found = None
    for b, colour in paint:  # the last painted wins
        if b.x0 < box.x0 - t or b.x1 > box.x1 + t or b.top < box.top - t or b.bottom > box.bottom + t:
            continue
        cover = (min(b.x1, box.x1) - max(b.x0, box.x0)) * (min(b.bottom, box.bottom) - max(b.top, box.top))
        if cover >= cs.fill_min_cover * area:
            found = colour
    return found


def with_cell_fills(table: tuple[Item, ...], page_paint: Sequence[tuple[BBox, str]], cs: CellSettings
                    ) -> tuple[Item, ...]:
    """The table's rows with each cell's own fill colour, where it has one (``page_paint``: the
    page's ``cell_paint``)."""
    if not table:
        return table
    x0, x1 = min(it.bbox.x0 for it in table), max(it.bbox.x1 for it in table)
    top, bottom = min(it.bbox.top for it in table), max(it.bbox.bottom for it in table)
    paint = [p for p in page_paint if p[0].x0 < x1 and p[0].x1 > x0 and p[0].top < bottom and p[0].bottom > top]
    if not paint:
        return table
    out = []
    for it in table:
        cells = tuple(_with_fill(c, paint, cs) for c in it.cells)
        out.append(replace(it, cells=cells) if cells != it.cells else it)
    return tuple(out)


def _with_fill(c: RowCell, paint: Sequence[tuple[BBox, str]], cs: CellSettings) -> RowCell:
    fill = _own_fill(c.bbox, paint, cs)
    return replace(c, fill=fill) if fill else c

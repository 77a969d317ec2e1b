"""A table cell's own fill (a status cell shaded green, yellow or red) is kept as ``Cell.fill``;
a band across the row is not the cell's; the borders beside a fill are never a progress bar."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.model import BBox, BlockKind
from pipeline.read.pdf import read_pdf
from pipeline.read.pdf.fills import cell_paint, with_cell_fills
from pipeline.read.pdf.layout import Item, RowCell
from pipeline.read.pdf.shapes import rects_to_bars
from pipeline.settings.pdf import PdfSettings
from pipeline.settings.profile import load_profile

CS = PdfSettings().cells

RAIL = Path(__file__).resolve().parents[2] / "fixtures" / "synthetic" / "vasternorrland-run-arsrapport-2025.pdf"


def _rect(x0: float, top: float, x1: float, bottom: float, colour: tuple[float, ...]) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "fill": True, "stroke": False,
            "non_stroking_color": colour}


def _row(*boxes: tuple[float, float]) -> Item:
    cells = tuple(RowCell("x", BBox(x0, 100, x1, 116)) for x0, x1 in boxes)
    return Item(BlockKind.TABLE_ROW, "x", 1, BBox(boxes[0][0], 100, boxes[-1][1], 116), cells=cells)


def test_a_cell_filled_alone_keeps_its_fill_and_a_row_band_does_not():
    row = _row((60, 220), (220, 275), (275, 350))
    own = _rect(275, 100, 350, 116, (0.57, 0.82, 0.31))
    band = _rect(60, 100, 350, 116, (0.85, 0.89, 0.95))
    (got,) = with_cell_fills((row,), cell_paint([band, own], CS), CS)
    assert [c.fill for c in got.cells] == [None, None, "#91d14f"]
    (banded,) = with_cell_fills((row,), cell_paint([band], CS), CS)
    assert [c.fill for c in banded.cells] == [None, None, None]


def test_white_fills_and_thin_rects_are_no_cell_fill():
    row = _row((60, 220), (220, 275))
    (got,) = with_cell_fills((row,), cell_paint([_rect(220, 100, 275, 116, (1, 1, 1)),
                                                  _rect(220, 100, 220.7, 116, (0, 0, 0))], CS), CS)
    assert [c.fill for c in got.cells] == [None, None]


def test_cell_borders_drawn_as_thin_rects_beside_a_fill_are_not_a_bar():
    """Regression: a green status cell between two black 0.7 pt border rects read as a 99 % bar."""
    rects = [_rect(274.5, 276.0, 275.2, 291.7, (0, 0, 0)), _rect(274.5, 276.0, 349.5, 291.7, (0.57, 0.82, 0.31)),
             _rect(349.5, 276.0, 350.2, 291.7, (0, 0, 0))]
    bars, used = rects_to_bars(rects, 24.0, PdfSettings().shapes)
    assert bars == [] and used == set()


@cache
def _rail_rows():
    doc = read_pdf(RAIL, RAIL.read_bytes(), load_profile("default"))
    return [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW]


def test_status_cells_of_the_rail_fixture_carry_their_fills_and_no_marks():
    rows = {r.cells[0].text: r for r in _rail_rows() if len(r.cells) == 4}
    gnarp = rows["Nytt mötesspår vid Gnarp"]
    assert (gnarp.cells[2].text, gnarp.cells[2].fill, gnarp.cells[2].marks) == ("Genomfört", "#92d050", ())
    assert gnarp.cells[0].fill is None
    assert rows["Ny resecentrumlösning i Stöde"].cells[2].fill == "#ff7c80"


def test_a_span_of_years_broken_at_its_dash_is_joined():
    rows = {r.cells[0].text: r for r in _rail_rows() if len(r.cells) == 4}
    assert rows["Plattformsförlängning i Sundsvall C"].cells[1].text == "2027–2030"

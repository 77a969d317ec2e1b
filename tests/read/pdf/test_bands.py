"""Tables drawn by cell fills, no rules (a Word export of a Stratsys-style årsbokslut): rows as the
page draws them (pipeline.read.pdf.bands)."""

from __future__ import annotations

from pipeline.read.pdf.bands import band_tables
from pipeline.read.pdf.layout import Word
from pipeline.settings.pdf import PdfSettings

DARK, LIGHT, PALE = (0.0, 0.41, 0.7), (0.74, 0.89, 1.0), (0.88, 0.95, 1.0)
COLUMNS = (50.0, 300.0, 400.0, 500.0)


def word(text: str, x0: float, top: float, bold: bool = False, size: float = 10.0) -> Word:
    return Word(text, x0, top, x0 + 5.5 * len(text), top + size, size, bold, False, ())


def fill(x0: float, top: float, x1: float, bottom: float, colour) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "non_stroking_color": colour, "fill": True}


def cells(top: float, bottom: float, colour) -> list[dict]:
    """A row filled cell by cell, one rectangle per column."""
    return [fill(a, top, b, bottom, colour) for a, b in zip(COLUMNS, COLUMNS[1:], strict=False)]


def activity_table(top: float) -> tuple[list[dict], list[Word]]:
    fills = [*cells(top, top + 15, DARK), fill(50, top + 15, 500, top + 30, LIGHT),
             *cells(top + 30, top + 58, PALE)]
    words = [word("Aktivitet", 55, top + 2, True), word("Status", 305, top + 2, True),
             word("Färdiggrad", 405, top + 2, True),
             # a sub-header in one fill across the table; its words happen to leave the column seams free
             word("Verka", 55, top + 17, True), word("för", 280, top + 17, True), word("havet.", 330, top + 17, True),
             word("Föreläsningar", 55, top + 32), word("Klar", 305, top + 32),
             word("biblioteket", 55, top + 45)]
    return fills, words


def test_one_fill_across_a_table_filled_cell_by_cell_is_one_spanning_row():
    fills, words = activity_table(100)
    tables, _ = band_tables([], fills, words, [], 1, 0, float('inf'), PdfSettings())
    assert len(tables) == 1
    header, sub, row = tables[0]
    assert [c.text for c in header.cells] == ["Aktivitet", "Status", "Färdiggrad"]
    assert sub.cells[0].text == "Verka för havet." and not any(c.text for c in sub.cells[1:])
    assert [c.text for c in row.cells] == ["Föreläsningar biblioteket", "Klar", ""]  # wrapped lines: one cell


def test_white_space_between_two_tables_drawn_alike_ends_the_first():
    f1, w1 = activity_table(100)
    f2, w2 = activity_table(200)
    tables, _ = band_tables([], f1 + f2, w1 + w2, [], 1, 0, float('inf'), PdfSettings())
    assert [len(t) for t in tables] == [3, 3]
    assert tables[1][0].cells[0].text == "Aktivitet"


def test_a_heading_under_a_table_whose_rows_are_all_fills_is_not_a_row():
    fills, words = activity_table(100)
    heading = word("08 Hållbart samhällsbyggande", 50, 161, True)  # right under the last fill
    tables, used = band_tables([], fills, [*words, heading], [], 1, 0, float('inf'), PdfSettings())
    assert len(tables[0]) == 3 and id(heading) not in used


def test_whole_row_shading_under_a_header_filled_cell_by_cell_keeps_its_columns():
    """Alternating row shading, one rectangle per row: rows are not spanning rows."""
    fills = [*cells(100, 115, DARK), fill(50, 115, 500, 130, LIGHT), fill(50, 145, 500, 160, LIGHT)]
    words = [word("Aktivitet", 55, 102, True), word("Status", 305, 102, True), word("Färdiggrad", 405, 102, True),
             word("Läsa", 55, 117), word("Klar", 305, 117), word("100%", 405, 117),
             word("Skriva", 55, 132), word("Pågår", 305, 132), word("50%", 405, 132),
             word("Räkna", 55, 147), word("Klar", 305, 147), word("100%", 405, 147)]
    tables, _ = band_tables([], fills, words, [], 1, 0, float('inf'), PdfSettings())
    assert [[c.text for c in r.cells] for r in tables[0][1:]] == [
        ["Läsa", "Klar", "100%"], ["Skriva", "Pågår", "50%"], ["Räkna", "Klar", "100%"]]

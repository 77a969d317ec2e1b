"""Tables with no rules at all (issue 22: a city nämnd's "Centrala uppdrag | Kommentar"): a line
of known column names opens the table, wrapped cells may run up to the next column, and rows set
apart by cell padding are one row each however many lines they wrap to."""

from __future__ import annotations

from pipeline.read.pdf.grids import (
    is_header_line,
    light_table_to_rows,
    line_to_segments,
    lines_to_light_tables,
)
from pipeline.read.pdf.layout import Line, Word
from pipeline.settings.pdf import PdfSettings

PDF = PdfSettings()

NAMES = frozenset({"centrala uppdrag", "kommentar", "utfall"})
LEFT, RIGHT = 60.0, 260.0
LEADING, PADDING = 11.0, 19.0  # line to line within a cell, and from a row's last line to the next row


def word(text: str, x0: float, top: float, size: float = 8.5) -> Word:
    return Word(text, x0, top, x0 + 4.6 * len(text), top + size, size, False, False, ())


def line(top: float, left: str, right: str, fills: bool) -> Line:
    """A line of the left cell's text and the right cell's text. A left line that ``fills`` its
    column runs up to the right column (3 pt short of it): no column gap separates the two; a
    short last line leaves a wide gap."""
    words = []
    if left:
        w = word(left, LEFT, top)
        words.append(Word(w.text, LEFT, top, RIGHT - 3, w.bottom, w.size, False, False, ()) if fills else w)
    words.append(word(right, RIGHT, top))
    return Line(tuple(words))


def table_lines() -> list[Line]:
    out = [Line((word("Centrala", LEFT, 100), word("uppdrag", LEFT + 40, 100), word("Kommentar", RIGHT, 100)))]
    top = 100 + PADDING
    for k in range(3):  # three rows of two, three and four lines; the name wraps to two lines
        for n in range(2 + k):
            out.append(line(top, "uppdragstext" if n < 2 else "", "Halvår 1 2026" if n == 0 else "kommentar",
                            fills=n == 0))
            top += LEADING
        top += PADDING - LEADING
    return out


def test_a_line_of_known_column_names_is_a_header():
    (head, *_) = table_lines()
    assert is_header_line(line_to_segments(head, 1.2), NAMES)
    assert not is_header_line(line_to_segments(head, 1.2), frozenset())
    prose = Line((word("Nämnden", LEFT, 50), word("Kommentar", RIGHT, 50)))
    assert not is_header_line(line_to_segments(prose, 1.2), NAMES)


def test_a_header_opens_a_table_whose_cells_leave_no_column_gap():
    lines = table_lines()
    assert lines_to_light_tables(lines, [], 1.2, 0.8, PDF) == []  # no gap: not a table by whitespace
    ((start, end, cols),) = lines_to_light_tables(lines, [], 1.2, 0.8, PDF, NAMES)
    assert (start, end) == (0, len(lines)) and cols == [LEFT, RIGHT]


def test_rows_set_apart_by_padding_are_one_row_each():
    lines = table_lines()
    rows = light_table_to_rows(lines, [LEFT, RIGHT], [], 1.2, [], 1, 0, 500.0, PDF)
    assert [r.cells[1].text.split()[:3] for r in rows[1:]] == [["Halvår", "1", "2026"]] * 3
    assert [r.cells[1].text.count("kommentar") for r in rows[1:]] == [1, 2, 3]

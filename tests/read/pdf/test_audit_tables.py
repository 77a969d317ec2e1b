"""What an audit firm's Word exports draw (the Alingsås auditors' reports of tests/real/): a
header whose two cells are two fills with no rule between them, headings set in small caps
(pipeline.read.pdf.grids, layout, flow)."""

from __future__ import annotations

from pipeline.read.pdf.flow import _continues_small_caps, lines_to_styles
from pipeline.read.pdf.grids import grid_to_rows, row_spans
from pipeline.read.pdf.layout import Grid, Line, PageLayout, Rule, Word
from pipeline.settings.pdf import PdfSettings

GREEN, WHITE = (0.15, 0.82, 0.49), (1.0, 1.0, 1.0)
XS, YS = (72.0, 297.5, 523.0), (240.0, 263.5, 300.0)


def word(text: str, x0: float, top: float, size: float = 10.0, bold: bool = False) -> Word:
    return Word(text, x0, top, x0 + 5.0 * len(text), top + size, size, bold, False, ())


def fill(x0: float, top: float, x1: float, bottom: float, colour) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "non_stroking_color": colour, "fill": True}


def grid() -> Grid:
    """Outer rules down the whole table; the rule between the columns starts below the header."""
    verticals = (Rule(72.0, 240.0, 72.0, 300.0), Rule(523.0, 240.0, 523.0, 300.0), Rule(297.5, 263.5, 297.5, 300.0))
    return Grid(XS, YS, verticals)


def test_two_header_fills_meeting_with_no_rule_are_two_cells():
    fills = [fill(72.5, 240.5, 297.6, 263.4, GREEN), fill(297.6, 240.5, 522.8, 263.4, GREEN)]
    assert row_spans(grid(), 0, PdfSettings().grids, fills) == [(0, 1), (1, 2)]
    words = [word("Rekommendation", 80, 245, bold=True), word("Bedömning", 305, 245, bold=True),
             word("1. Ta fram riktlinjer", 80, 270), word("Åtgärdad", 305, 280)]
    rows = grid_to_rows(grid(), words, [], fills, 12, 0, PdfSettings())
    assert [c.text for c in rows[0].cells] == ["Rekommendation", "Bedömning"] and rows[0].style == "table_header"


def test_one_fill_across_the_table_keeps_a_title_row_spanning():
    fills = [fill(72.5, 240.5, 522.8, 263.4, GREEN), fill(72.5, 263.9, 297.4, 300, WHITE)]
    assert row_spans(grid(), 0, PdfSettings().grids, fills) == [(0, 2)]
    assert row_spans(grid(), 0, PdfSettings().grids) == [(0, 2)]  # no fills: as before, no rule means one cell


def small_caps_line(top: float, number: str, words: list[tuple[str, str]], big: float, small: float) -> Line:
    """Word's small caps: each word's first capital at the heading's size, the rest smaller."""
    out, x = [word(number, 72, top, big, True)], 100.0
    for first, rest in words:
        out += [word(first, x, top, big, True), word(rest, x + 8, top + 2, small, True)]
        x += 10 + 5 * len(rest)
    return Line(tuple(out))


def test_a_small_caps_line_has_the_size_of_its_capitals():
    line = small_caps_line(117, "7.2", [("G", "RANSKNING"), ("A", "V"), ("R", "EKTORS")], 14.0, 11.0)
    assert line.style == (14.0, True, False)
    body = Line((word("Syftet", 72, 150, 12.0), word("med", 110, 150, 12.0), word("granskningen", 140, 150, 12.0)))
    assert body.style == (12.0, False, False)  # mixed case: the most letters decide, as before


def test_the_second_line_of_a_small_caps_heading_continues_it():
    first = small_caps_line(117, "7.1", [("G", "RANSKNING"), ("A", "V")], 14.0, 11.0)
    second = Line((word("ANPASSAD", 100, 138, 11.0, True), word("GRUNDSKOLA", 160, 138, 11.0, True)))
    assert _continues_small_caps(first, second)
    lower = Line((word("Syftet", 72, 153, 11.0, True),))
    assert not _continues_small_caps(first, lower)


def test_a_title_style_that_recurs_is_a_heading_style():
    """The first line (a table of contents' heading, when the cover is drawn) shares its style with
    every chapter heading: those stay headings."""
    def page(number: int, *lines: Line) -> PageLayout:
        return PageLayout(number=number, width=595, height=842, lines=lines, tables=())
    chapter = small_caps_line(74, "1", [("I", "NNEHÅLL")], 18.0, 14.5)
    body = Line((word("Text " * 20, 72, 120, 12.0),))
    other = small_caps_line(74, "7", [("R", "ESULTAT")], 18.0, 14.5)
    styles = lines_to_styles([page(1, chapter, body), page(2, other, body)], set(), PdfSettings())
    assert (18.0, True, False) in styles.levels

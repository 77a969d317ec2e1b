"""A status cell's own fill is a status channel: the legend first, else the profile's colours
(a guess); a printed word wins over a disagreeing fill, with a warning naming page and text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import (
    BBox,
    Cell,
    Document,
    ErrorReason,
    Legend,
    LegendEntry,
    Provenance,
    StatusReading,
)
from pipeline.scorecard.cells import cell_status
from pipeline.scorecard.fills import fill_family, fill_guess_warning, fill_reading, with_fill
from pipeline.settings.profile import load_profile

PROFILE = load_profile("default")
DOC = Document("x.pdf", "pdf", "0", "", ())
GREEN, YELLOW, RED, LIGHT_BLUE = "#92d050", "#ffd966", "#ff7c80", "#dce6f1"


def cell(text: str = "", fill: str | None = None, page: int = 3) -> Cell:
    return Cell(text, Provenance(0, len(text), page, None, BBox(0, 0, 60, 14)), fill=fill)


def test_fill_families_include_pale_status_fills():
    assert [fill_family(c) for c in (GREEN, "#c6efce", YELLOW, "#ffeb9c", RED, "#ffc7ce")] == \
        ["green", "green", "yellow", "yellow", "red", "red"]


def test_grey_white_and_light_blue_fills_are_no_status():
    for colour in ("#ffffff", "#f2f2f2", "#d9d9d9", LIGHT_BLUE):
        assert fill_reading(cell(fill=colour), cell("Namn"), DOC, PROFILE) is None


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_a_grey_pale_or_dark_fill_is_never_a_status(r, g, b):
    import colorsys

    from pipeline.scorecard.fills import FILL_MIN_SATURATION, FILL_MIN_VALUE

    colour = f"#{r:02x}{g:02x}{b:02x}"
    _, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
    reading = fill_reading(cell(fill=colour), cell("Namn"), DOC, PROFILE)
    if s < FILL_MIN_SATURATION or v < FILL_MIN_VALUE:
        assert reading is None
    else:  # a colour: a status only in the profile's families
        assert reading is None or reading.status in PROFILE.legend.fills.values()


def test_a_fill_alone_is_read_by_the_profile_as_a_guess():
    reading = with_fill(cell_status(cell(fill=RED), DOC, PROFILE), cell(fill=RED), cell("Namn"), DOC, PROFILE,
                        "t01 row 1", errors := [])
    assert (reading.status, reading.source, reading.color, reading.label) == ("not_achieved", "fill", RED, None)
    assert errors == []


def test_the_row_band_is_not_the_status_cell_fill():
    assert fill_reading(cell(fill=GREEN), cell("Namn", fill=GREEN), DOC, PROFILE) is None


def test_the_document_legend_names_a_fill_first():
    legend = Legend((LegendEntry("not_assessed", "#3aa335", "circle", True, "Ej bedömd"),))
    doc = Document("x.pdf", "pdf", "0", "", (), legend=legend)
    reading = fill_reading(cell(fill=GREEN), cell("Namn"), doc, PROFILE)
    assert reading is not None and (reading.status, reading.source) == ("not_assessed", "legend")


def test_a_word_that_disagrees_with_its_fill_wins_with_a_warning_naming_page_and_text():
    status_cell = cell("Beslutat", fill=YELLOW, page=7)
    reading = with_fill(cell_status(status_cell, DOC, PROFILE), status_cell, cell("Bullerskydd"), DOC, PROFILE,
                        "table t01 row 4: 'Bullerskydd'", errors := [])
    assert (reading.status, reading.label, reading.color) == ("achieved", "Beslutat", YELLOW)
    (warning,) = errors
    assert warning.page == 7 and "'Bullerskydd'" in warning.message and "'Beslutat'" in warning.message


def test_a_word_that_agrees_with_its_fill_keeps_the_colour_and_says_nothing():
    status_cell = cell("Delvis genomfört", fill=YELLOW)
    reading = with_fill(cell_status(status_cell, DOC, PROFILE), status_cell, cell("x"), DOC, PROFILE, "w",
                        errors := [])
    assert (reading.status, reading.source, reading.color) == ("partially_achieved", "profile", YELLOW)
    assert errors == []


def test_guessed_fills_are_one_warning_per_table_with_reason_guessed():
    def row(name: str, source: str | None) -> tuple[str, StatusReading, int]:
        return name, StatusReading("achieved", source), 2

    rows = [row("Nytt mötesspår", "fill"), row("Plattform", "profile"), row("Pendelparkering", "fill")]
    (warning,) = fill_guess_warning("t01", rows)
    assert warning.reason == ErrorReason.GUESSED and warning.page == 2
    assert "2 status cells" in warning.message and "'Pendelparkering'" in warning.message
    assert fill_guess_warning("t01", [row("Plattform", "profile")]) == []

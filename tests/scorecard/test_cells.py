"""A cell's status: words, emoji, symbols and marks, read with the profile."""

import pytest


@pytest.mark.parametrize("text, status, source", [
    ("◇", "not_assessed", "symbol"),
    ("●", None, None),
    ("Grön", "achieved", "profile"),
    ("Delvis uppnått", "partially_achieved", "profile"),
    ("Målet är inte uppnått", "not_achieved", "profile"),
    ("🔴", "not_achieved", "profile"),
    ("Ej bedömd", "not_assessed", "profile"),
    ("", None, None),
    ("Pågår", None, None),
])
def test_scorecard_status_cell_words_and_emoji(profile, text, status, source):
    from pipeline.model import Cell, Provenance
    from pipeline.scorecard import cell_status

    reading = cell_status(Cell(text, Provenance(0, len(text))), None, profile)
    assert (reading.status, reading.source) == (status, source)
    assert reading.symbol == (text or None)

"""The status or state word as printed is kept (status_label), with the date printed after it."""

from __future__ import annotations

import pytest

from pipeline.model import Cell, Document, Provenance
from pipeline.scorecard.cells import cell_status, state_label
from pipeline.settings.profile import load_profile
from pipeline.status.phrases import leading_label

PROFILE = load_profile("default")
DOC = Document("x.pdf", "pdf", "0", "", ())


def cell(text: str) -> Cell:
    return Cell(text, Provenance(0, len(text)))


@pytest.mark.parametrize(("text", "status", "label"), [
    ("Delvis genomförd – se kommentar", "partially_achieved", "Delvis genomförd"),
    ("Genomfört", "achieved", "Genomfört"),
    ("Ej beslutat", "not_achieved", "Ej beslutat"),
    ("Delvis beslutat", "partially_achieved", "Delvis beslutat"),
    ("Åtgärdad", "achieved", "Åtgärdad"),
    ("Delvis åtgärdad", "partially_achieved", "Delvis åtgärdad"),
    ("Bedöms kunna uppnås", "partially_achieved", "Bedöms kunna uppnås"),
    ("Bedöms inte kunna uppnås", "not_achieved", "Bedöms inte kunna uppnås"),
    ("Osäkert", "partially_achieved", "Osäkert"),
    ("Inte uppnått", "not_achieved", "Inte uppnått"),
    # an auditors' follow-up: "i huvudsak" is listed among the recommendations that remain
    ("Åtgärdad (i huvudsak)", "partially_achieved", "Åtgärdad (i huvudsak)"),
    ("Kvarstår", "not_achieved", "Kvarstår"),
    # an audit review's scale Nej / Endast delvis / I allt väsentligt / Ja, and its reasons after the word
    ("Ja (genom budget)", "achieved", "Ja"),
    ("Ja, 2024-12-16, § 191", "achieved", "Ja"),
    ("Ja – i samband med ekonomiska rapporter.", "achieved", "Ja"),
    ("I allt väsentligt", "achieved", "I allt väsentligt"),
    ("Endast delvis (baserat på effektivitetsindex för en av verksamheterna)", "partially_achieved", "Endast delvis"),
    ("Nej, men likställs med vad som framgår i budget.", "not_achieved", "Nej"),
    ("Ej tillämpligt", "not_assessed", "Ej tillämpligt"),
    ("Ej aktuellt pga. prognosticerat mindre överskott", "not_assessed", "Ej aktuellt"),
])
def test_status_words_of_measures_and_scales_keep_the_printed_word(text, status, label):
    reading = cell_status(cell(text), DOC, PROFILE)
    assert (reading.status, reading.label) == (status, label)


def test_a_symbol_or_mark_has_no_label():
    assert cell_status(cell("◇"), DOC, PROFILE).label is None


@pytest.mark.parametrize(("text", "label", "date"), [
    ("Avslutad 2026-01-15 Uppdraget återrapporterades.", "Avslutad", "2026-01-15"),
    ("Pågående 2026-01-16", "Pågående", "2026-01-16"),
    ("Halvår 1 2026 Ej påbörjad. Arbetet startar i höst.", "Ej påbörjad", None),
    ("Inställd: 2025-04-02", "Inställd", "2025-04-02"),
    ("Uppdraget avslutades 2025-11-14", None, None),
])
def test_state_word_and_date_as_printed(text, label, date):
    assert state_label([None, cell(text)], PROFILE.scorecard) == (label, date)


def test_leading_label_takes_whole_words_only():
    words = PROFILE.scorecard.state_words
    assert leading_label("Klargöra ansvar", words) is None
    assert leading_label("Ej  påbörjad ännu", words) == "Ej påbörjad"


@pytest.mark.parametrize(("raw", "kind", "value", "direction"), [
    (">99%", "percent", 99.0, "above"),
    ("<1%", "percent", 1.0, "below"),
    ("≤ 6 %", "percent", 6.0, "at_most"),
    ("≥85 %", "percent", 85.0, "at_least"),
    ("Minst 90 %", "percent", 90.0, "at_least"),
    ("Högst 5", "number", 5.0, "at_most"),
    ("Minst en satsning per kommun", "text", None, None),  # no number after the word: free text
])
def test_targets_keep_their_comparison(raw, kind, value, direction):
    from pipeline.text.numbers import parse_target
    t = parse_target(raw, PROFILE.scorecard.directions, PROFILE.scorecard.comparators)
    assert (t.raw, t.kind, t.value, t.direction) == (raw, kind, value, direction)


@pytest.mark.parametrize("text", ["7 st", "1 övergripande mål, 3 inriktningar", "Jakt", "Nejlika"])
def test_an_answer_off_the_scale_has_no_status(text):
    """A count answers "Antal kontrollområden": no status, kept as printed (its symbol) and said."""
    reading = cell_status(cell(text), DOC, PROFILE)
    assert (reading.status, reading.label, reading.symbol) == (None, None, text)

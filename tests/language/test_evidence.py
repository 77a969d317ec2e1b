"""Status stated in prose, forecasts kept apart, and metrics filled only where no mark did."""

from __future__ import annotations

import pytest

from pipeline.language.evidence import StatusPhrases, sentence_to_status
from pipeline.settings.profile import load_profile
from tests.conftest import PDF_2021, PDF_2022, TEXT_2021, TEXT_2022, extraction

_P = load_profile("region-norrbotten")
PHRASES = StatusPhrases.of(_P.scorecard.narrative_status, _P.scorecard.forecast_markers,
                           _P.language.status_subjects)


@pytest.mark.parametrize("sentence,status,forecast", [
    ("Målet är alltså inte uppnått (pga att pandemin medfört minskat kollektivtrafikresande).", "not_achieved", False),
    ("Den samlade bedömningen är att målet är delvis uppnått för perioden.", "partially_achieved", False),
    ("Det satta målet att det ska finnas beslut om inriktning blir svårt att uppnå men arbetet går vidare.",
     "not_achieved", False),
    ("Målet bedöms vara uppnått vid årets slut om planerade aktiviteter kan genomföras.", "achieved", True),
    ("Målet bedöms vara delvis uppnått vid årets slut.", "partially_achieved", True),
    ("Den samlade måluppfyllelsen visar att nämndens mål per april är delvis uppnådda.", "partially_achieved", False),
])
def test_evidence_sentence_to_status(sentence, status, forecast):
    st = sentence_to_status(sentence, PHRASES)
    assert st is not None and (st.status, st.is_forecast) == (status, forecast)


@pytest.mark.parametrize("sentence", [
    "Projektet har uppnått stor räckvidd bland unga.",  # no goal is named
    "Här behövs samverkan med kommuner för att uppnå målen.",  # no status phrase
])
def test_evidence_no_statement(sentence):
    assert sentence_to_status(sentence, PHRASES) is None


def _metric(ex, text):
    return next(m for m in ex.metrics if m.metric == text)


def test_evidence_fills_empty_status_2021():
    ex = extraction(TEXT_2021)
    m = _metric(ex, "Kollektivtrafikens marknadsandelar")
    assert (m.status.status, m.status.source) == ("not_achieved", "narrative")
    assert m.status.evidence.startswith("Målet är alltså inte uppnått")
    act = _metric(ex, "Genomföra översyn av organisation av regionala kollektivtrafikmyndigheten")
    assert act.status.status == "not_achieved" and "svårt att uppnå" in act.status.evidence


def test_evidence_keeps_symbol_when_filling_2022():
    # 2022: the row has ● (assessed, colour lost in the text export); the prose gives the status
    m = _metric(extraction(TEXT_2022), "Kollektivtrafikens marknadsandelar")
    assert m.status.symbol == "●"
    assert (m.status.status, m.status.source) == ("not_achieved", "narrative")


@pytest.mark.parametrize("path", [TEXT_2021, TEXT_2022], ids=["text-2021", "text-2022"])
def test_evidence_never_overrides_a_mark(path):
    ex = extraction(path)
    narrative = [m for m in ex.metrics if m.status.source == "narrative"]
    assert narrative, "no status taken from the narrative: nothing checked"
    assert all(m.status.evidence for m in narrative)
    # a ◇ row keeps its symbol status even when its narrative has a status sentence
    marked = [m for m in ex.metrics if m.status.symbol in ("◇", "◊")]
    assert marked, "no ◇ row: nothing checked"
    assert all(m.status.source == "symbol" for m in marked)


@pytest.mark.parametrize("path", [TEXT_2021, TEXT_2022], ids=["text-2021", "text-2022"])
def test_evidence_forecasts_recorded_apart(path):
    ex = extraction(path)
    forecasts = [e for e in ex.evidence if e.is_forecast]
    assert forecasts and all("vid årets slut" in e.sentence for e in forecasts)
    text = ex.document.text
    assert all(text[e.char_start:e.char_end] == e.sentence for e in ex.evidence)


# -- regressions from the output audit ----------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Målgruppen har uppnått en högre digital kompetens.",  # "mål" starts another word
    "Målbilden är inte uppnådd än, men projektet har uppnått sina delsteg.",
])
def test_evidence_subject_is_a_goal_word_not_a_prefix(sentence):
    assert sentence_to_status(sentence, PHRASES) is None


@pytest.mark.parametrize("sentence,status", [
    ("Delmålet är uppnått.", "achieved"),
    ("Målen är delvis uppnådda.", "partially_achieved"),
    ("Måluppfyllelsen bedöms som delvis uppnådd.", "partially_achieved"),
])
def test_evidence_subject_inflected_or_compound(sentence, status):
    st = sentence_to_status(sentence, PHRASES)
    assert st is not None and st.status == status


def test_evidence_legend_lines_are_not_statements():
    """The PDF legend under "Sammanfattande bild av måluppfyllelse" ("● Målet är uppnått", ...)
    gave three status statements; a bare label counts only outside the legend's section."""
    from pipeline.language.evidence import Sentence, sentences_to_evidence

    phrases = StatusPhrases.of(_P.scorecard.narrative_status, _P.scorecard.forecast_markers,
                               _P.language.status_subjects, legend_labels=["Målet är uppnått"],
                               marks=tuple(_P.scorecard.symbols))
    assert sentence_to_status("● Målet är delvis uppnått", phrases) is None
    sentences = [Sentence("legend", None, "Målet är uppnått", 0, 16),
                 Sentence("m1", "k1", "Målet är uppnått.", 20, 37)]
    found = sentences_to_evidence(sentences, phrases, legend_sections=frozenset({"legend"}))
    assert [(e.section_id, e.status) for e in found] == [("m1", "achieved")]


@pytest.mark.parametrize("path", [PDF_2021, PDF_2022], ids=["pdf-2021", "pdf-2022"])
def test_evidence_pdf_legend_not_taken(path):
    ex = extraction(path)
    assert not [e for e in ex.evidence if e.sentence.lstrip().startswith("●")]
    assert not [e for e in ex.evidence if e.sentence.strip() in ("Målet är uppnått", "Målet är delvis uppnått",
                                                                  "Målet är inte uppnått")]


@pytest.mark.parametrize("sentence,status,forecast", [
    ("Bedömningen är att flera av målen kommer att vara uppnådda vid årets slut om planerade aktiviteter "
     "genomförs enligt plan.", "achieved", True),
    ("Målen är uppfyllda.", "achieved", False),
    ("Målet är inte uppnådd.", "not_achieved", False),
])
def test_evidence_plural_participle(sentence, status, forecast):
    """"målen ... uppnådda" (2021, Sammanfattande bild) was no statement: the profile says
    "uppnått", and the plural/common form "uppnådd(a)" did not match it."""
    st = sentence_to_status(sentence, PHRASES)
    assert st is not None and (st.status, st.is_forecast) == (status, forecast)


def test_evidence_summary_forecast_recorded_2021():
    ex = extraction(TEXT_2021)
    found = [e for e in ex.evidence if e.sentence.startswith("Bedömningen är att flera av målen")]
    assert len(found) == 1 and found[0].is_forecast and found[0].metric_key is None

"""Status language: the one phrase parser, the state vocabulary and the precedence rule."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import StatusEvidence, StatusReading
from pipeline.settings.profile import STATES, STATUSES, load_profile
from pipeline.status.phrases import (
    StatusPhrases,
    apply_narrative,
    assessment_status,
    find_phrase,
    label_to_status,
    phrase_to_state,
    sentence_to_status,
    word_to_status,
)
from pipeline.status.precedence import metrics_to_final as evidence_to_metrics

P = load_profile("default")
PHRASES = StatusPhrases.from_profile(P)
STATUS_WORDS = P.scorecard.status_words
STATE_WORDS = P.scorecard.state_words


def _case(draw_bits: list[bool], text: str) -> str:
    return "".join(c.upper() if b else c for c, b in zip(text, draw_bits + [False] * len(text), strict=False))


def _cased(words: list[str]):
    """A vocabulary word in random letter case ("ej PåbÖrjad")."""
    return st.sampled_from(sorted(words)).flatmap(
        lambda w: st.lists(st.booleans(), min_size=len(w), max_size=len(w)).map(lambda bits: (w, _case(bits, w))))


# what may follow a word in a cell: nothing, a date, or a separator and free text
TAILS = st.one_of(
    st.just(""),
    st.dates().map(lambda d: f" {d.isoformat()}"),
    st.tuples(st.sampled_from([" ", " – ", ". ", ", ", ": ", "\n"]),
              st.text(st.characters(categories=["L", "N", "Zs", "P"]), max_size=30)).map("".join),
)


def _no_longer_entry(word: str, vocabulary) -> bool:
    """No other entry extends ``word`` by whole words ("ej" vs "ej bedömd"), so ``word`` is
    the entry a cell starting with it must be read as."""
    return not any(o != word and o.startswith(word + " ") for o in vocabulary)


@given(_cased([w for w in STATE_WORDS if _no_longer_entry(w, STATE_WORDS)]), TAILS)
def test_status_state_first_words_any_case_any_tail(word, tail):
    base, cased = word
    assert phrase_to_state(cased + tail, P.scorecard) == STATE_WORDS[base]


@given(_cased(list(STATE_WORDS)), st.text(st.characters(categories=["Ll"]), min_size=1, max_size=8))
def test_status_state_word_glued_to_letters_is_another_word(word, glued):
    base, cased = word
    state = phrase_to_state(cased + glued, P.scorecard)
    # "klar" + "t" is "klart", still an entry; "klar" + "göra" is nothing
    assert state is None or (cased + glued).lower() in STATE_WORDS or any(
        (cased + glued).lower().startswith(o + " ") for o in STATE_WORDS)


@given(st.text(max_size=60))
def test_status_parsers_total_and_in_vocabulary(text):
    assert phrase_to_state(text, P.scorecard) in (*STATES, None)
    assert word_to_status(text, P) in (*STATUSES, None)
    assert label_to_status(text, P) in (*STATUSES, None)
    st_ = sentence_to_status(text, PHRASES)
    assert st_ is None or st_.status in STATUSES


@given(_cased([w for w in STATUS_WORDS if _no_longer_entry(w, STATUS_WORDS)]), TAILS)
def test_status_word_first_words_any_case_any_tail(word, tail):
    base, cased = word
    assert word_to_status(cased + tail, P) == STATUS_WORDS[base]


@given(st.sampled_from(sorted(P.scorecard.narrative_status)),
       st.lists(st.sampled_from(["per", "april", "för", "perioden", "2026", "helt", "och", "enligt", "plan"]),
                max_size=5).map(" ".join),
       st.booleans())
def test_status_phrase_in_a_sentence_longest_wins(phrase, filler, forecast):
    marker = f" {P.scorecard.forecast_markers[0]}" if forecast else ""
    sentence = f"Målet är {phrase} {filler}{marker}."
    found = sentence_to_status(sentence, PHRASES)
    assert found is not None and found.status == P.scorecard.narrative_status[phrase]
    assert found.is_forecast is forecast


@pytest.mark.parametrize("text, state", [
    ("Klar", "done"), ("Avslutad 2026-01-15", "done"), ("Genomförd", "done"), ("Pågår", "in_progress"),
    ("Pågående", "in_progress"), ("Påbörjad", "in_progress"), ("Försenad", "delayed"),
    ("Ej påbörjad", "not_started"), ("EJ STARTAD", "not_started"), ("Avbruten", "cancelled"),
    ("Stoppad i väntan på beslut", "cancelled"), ("Klargöra ansvar", None), ("Halvår 1 2026", None), ("", None),
])
def test_status_phrase_to_state(text, state):
    assert phrase_to_state(text, P.scorecard) == state


@pytest.mark.parametrize("text, status", [
    ("Uppfyllt", "achieved"), ("Delvis uppfyllt", "partially_achieved"), ("Ej uppfyllt", "not_achieved"),
    ("Uppnått", "achieved"), ("Delvis uppnått", "partially_achieved"), ("Ej uppnått", "not_achieved"),
    ("Grön", "achieved"), ("GUL", "partially_achieved"), ("röd", "not_achieved"), ("Ej bedömd", "not_assessed"),
    ("Delvis uppfyllt – se kommentar", "partially_achieved"), ("Röd. Arbetet har inte startat", "not_achieved"),
    ("Gula linjen", None), ("Pågår", None),
])
def test_status_words_whole_or_first(text, status):
    assert word_to_status(text, P) == status


def test_status_label_longest_phrase_wins():
    assert label_to_status("● Målet är inte uppnått", P) == "not_achieved"
    assert label_to_status("Målet är delvis uppnått", P) == "partially_achieved"
    assert label_to_status("Ej möjligt att bedöma", P) == "not_assessed"
    assert find_phrase("Trafik", PHRASES) is None


# the precedence rule: one rule for goals (assessment paragraph) and metrics (language stage)
MARK = StatusReading("achieved", "legend", "●", "#2e9e3a")
NO_MARK = StatusReading(None, None, "●")


def test_status_precedence_mark_decides_narrative_is_evidence():
    r = apply_narrative(MARK, "not_achieved", "Målet är inte uppnått.")
    assert (r.status, r.source, r.color, r.evidence) == ("achieved", "legend", "#2e9e3a", "Målet är inte uppnått.")


def test_status_precedence_narrative_fills_only_without_a_mark():
    r = apply_narrative(NO_MARK, "partially_achieved", "Målet är delvis uppnått.")
    assert (r.status, r.source, r.symbol, r.evidence) == ("partially_achieved", "narrative", "●",
                                                          "Målet är delvis uppnått.")


def test_status_precedence_forecast_never_sets_status():
    assert apply_narrative(NO_MARK, "achieved", "Målet bedöms vara uppnått vid årets slut.", is_forecast=True) \
        == NO_MARK
    status, evidence, forecast = assessment_status("Målet bedöms vara uppnått vid årets slut.", P)
    assert (status, evidence) == (None, None) and forecast


def test_status_precedence_same_for_metrics():
    from pipeline.model import Metric, Provenance, Target

    def metric(key, reading):
        return Metric(metric_key=key, perspective="", strategic_goal="", success_factor="", metric=key,
                      metric_kind="styrmatt", target=Target(raw="", kind="text"), status=reading, trend=None,
                      trend_symbol=None, table_id="t", row_index=0, confidence=1.0, prov=Provenance(0, 1))

    ev = (StatusEvidence("s1", "a", "not_achieved", False, "Målet är inte uppnått.", 0, 1),
          StatusEvidence("s2", "b", "achieved", True, "Målet bedöms vara uppnått vid årets slut.", 0, 1),
          StatusEvidence("s3", "c", "partially_achieved", False, "Målet är delvis uppnått.", 0, 1))
    a, b, c = evidence_to_metrics((metric("a", MARK), metric("b", NO_MARK), metric("c", NO_MARK)), ev)
    assert (a.status.status, a.status.source, a.status.evidence) == ("achieved", "legend", "Målet är inte uppnått.")
    assert b.status == NO_MARK
    assert (c.status.status, c.status.source) == ("partially_achieved", "narrative")


_SUBJECT_PIECES = st.sampled_from(["mål", "Mål", "målet", "delmål", "måluppfyllelse", "målsättningen", "målgruppen",
                                   "en", "s", "ets", "arna", "g", "ål", " ", ".", "-", "_", "2", "\n", "é"])


@given(st.lists(_SUBJECT_PIECES, max_size=12))
def test_status_subject_found_where_the_first_pattern_found_it(pieces):
    # the pattern as first written, led by a word start and any letters: the oracle
    import re

    from pipeline.status.phrases import subject_pattern

    subjects = ["mål", "måluppfyllelse", "målsättning"]
    first = re.compile(rf"(?<!\w)\w*(?:{'|'.join(re.escape(s) for s in subjects)})"
                       rf"(?:e?n|et|ets|e?ns|s|na|ar|arna)?(?!\w)")
    text = "".join(pieces).lower()
    assert bool(re.search(subject_pattern(subjects), text)) == bool(first.search(text))


def _leading_word_as_first_written(text, vocabulary):
    from pipeline.status.phrases import norm

    low = norm(text)
    best = None
    for word, value in vocabulary.items():
        w = norm(word)
        if not w or not low.startswith(w) or (best is not None and len(w) <= best[0]):
            continue
        rest = low[len(w):]
        if rest and rest[0].isalnum() and w[-1].isalnum():
            continue
        best = (len(w), value)
    return best[1] if best else None


_VOCABULARY_WORDS = st.sampled_from(["Klar", "klar ", "Pågår", "Ej påbörjad", "ej", "", " ", "Avslutad", "KLAR",
                                     "Pa\u030agår", "🔴", "klar-"])


@given(st.dictionaries(_VOCABULARY_WORDS, st.sampled_from(["done", "in_progress", "not_started"]), max_size=6),
       st.lists(st.one_of(_VOCABULARY_WORDS, st.sampled_from(["göra", " 2026-01-15", "-", "x", ":"])),
                max_size=4).map("".join))
def test_status_leading_word_as_first_written(vocabulary, text):
    # the vocabulary is normalised once, and a text starting with no entry is turned away at once
    from pipeline.status.phrases import leading_word

    assert leading_word(text, vocabulary) == _leading_word_as_first_written(text, vocabulary)


def test_scorecard_forecast_is_not_current_status(profile):
    text = ("Den samlade bedömningen är att målet är delvis uppnått för perioden. "
            "Målet bedöms vara uppnått vid årets slut om planerade aktiviteter genomförs.")
    status, evidence, forecast = assessment_status(text, profile)
    assert status == "partially_achieved"
    assert forecast.startswith("Målet bedöms vara uppnått vid årets slut")
    assert assessment_status("Målet bedöms vara uppnått vid årets slut.", profile)[0] is None


def test_scorecard_past_tense_statement_during_the_year_is_current(profile):
    # regression: "under året" once marked every sentence as a forecast
    status, evidence, forecast = assessment_status("Under året är målet uppnått.", profile)
    assert (status, forecast) == ("achieved", None)
    assert assessment_status("Målet förväntas vara uppnått i december.", profile)[0] is None


# issue 22: the varied ways a report states a goal's status in the prose after its table; a negation
# before the auxiliary ("bedöms inte ha uppnåtts") is not an achievement
@pytest.mark.parametrize(("sentence", "status"), [
    ("Målet bedöms ha uppnåtts.", "achieved"), ("Målet är delvis uppnått.", "partially_achieved"),
    ("Målet har inte uppnåtts.", "not_achieved"), ("Målet bedöms som uppfyllt.", "achieved"),
    ("Målet bedöms inte ha uppnåtts.", "not_achieved"), ("Sammantaget bedöms målet inte ha uppnåtts.", "not_achieved"),
    ("Målet har inte uppfyllts under året.", "not_achieved"), ("Målet har delvis uppnåtts.", "partially_achieved"),
    ("Målet har till viss del uppnåtts.", "partially_achieved"),
    # regression: "till viss del" between the verb and its participle read as achieved
    ("Målet bedöms till viss del ha uppnåtts.", "partially_achieved"),
    ("Målet bedöms delvis ha uppfyllts.", "partially_achieved"),
])
def test_status_goal_statements_after_a_table(sentence, status):
    assert assessment_status(sentence, P)[0] == status


def test_status_goal_printed_as_a_heading_takes_the_statement_in_its_own_section():
    from pipeline.model import Goal, Provenance
    from pipeline.status.precedence import first_in_section, goal_to_final

    goal = Goal("g", "", "Ekonomi i balans", StatusReading(None, None), None, (), Provenance(0, 1), section_id="s2")
    ev = (StatusEvidence("s1", None, "achieved", False, "Målet är uppnått.", 0, 1),  # another goal's section
          StatusEvidence("s2", None, "achieved", True, "Målet bedöms vara uppnått vid årets slut.", 0, 1),
          StatusEvidence("s2", None, "not_achieved", False, "Målet bedöms inte ha uppnåtts.", 0, 1),
          StatusEvidence("s2", None, "achieved", False, "Delmålet är uppnått.", 0, 1))
    said = first_in_section(ev)
    g = goal_to_final(goal, P, said.get("s2"))
    assert (g.status.status, g.status.source, g.status.evidence) == ("not_achieved", "narrative",
                                                                     "Målet bedöms inte ha uppnåtts.")
    own = goal_to_final(dataclasses.replace(goal, assessment="Sammantaget bedöms målet vara uppfyllt."), P,
                        said.get("s2"))
    assert own.status.status == "achieved"  # its own assessment paragraph comes first

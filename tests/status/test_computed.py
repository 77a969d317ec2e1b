"""Issue 22: a status computed from a compared target and a numeric outcome, where nothing printed
states one; a mark, a word, a colour or the prose always wins."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Metric, Provenance, StatusReading
from pipeline.settings.profile import load_profile
from pipeline.status.computed import computed_status, with_computed_status
from pipeline.text.numbers import parse_target

PROFILE = load_profile("default")


def _t(raw: str):
    return parse_target(raw, PROFILE.scorecard.directions, PROFILE.scorecard.comparators)


@pytest.mark.parametrize(("target", "outcome", "status"), [
    (">99%", "99,8 %", "achieved"), (">99%", "99 %", "not_achieved"),
    ("<1%", "0,4 %", "achieved"), ("<1%", "1 %", "not_achieved"),
    ("≥ 85 %", "85 %", "achieved"), ("≥ 85 %", "81 %", "not_achieved"),
    ("≤ 3,8", "3,6", "achieved"), ("≤ 3,8", "4,0", "not_achieved"),
    ("Minst 90 %", "91 %", "achieved"), ("Högst 5", "6", "not_achieved"),
    ("90", "95", None),  # a plain number: which side is better is not printed
    ("Öka", "95", None),  # a direction without a number
    (">99%", "99,8", None),  # a percentage against a bare number: not the same kind
    ("≥ 85 %", "–", None), ("≥ 85 %", "", None),
])
def test_computed_status(target, outcome, status):
    assert computed_status(_t(target), _t(outcome) if outcome else None) == status


@given(target=st.integers(0, 1000), outcome=st.integers(0, 1000),
       sign=st.sampled_from([(">", int.__gt__), ("≥ ", int.__ge__), ("<", int.__lt__), ("≤ ", int.__le__)]))
def test_computed_status_follows_the_printed_comparison(target, outcome, sign):
    text, holds = sign
    want = "achieved" if holds(outcome, target) else "not_achieved"
    assert computed_status(_t(f"{text}{target}"), _t(str(outcome))) == want


def _metric(status: StatusReading, target: str = "≥ 85 %", outcome: str = "81 %") -> Metric:
    return Metric("k", "", None, None, "Andel insatser", "indikator", _t(target), status, None, None, "t01", 0, 1.0,
                  Provenance(0, 0), outcome=_t(outcome))


def test_nothing_printed_gives_a_computed_status():
    m = with_computed_status(_metric(StatusReading(None, None)))
    assert (m.status.status, m.status.source) == ("not_achieved", "computed")


@pytest.mark.parametrize("reading", [
    StatusReading("achieved", "legend", "●", "#00b050"),  # a mark
    StatusReading("partially_achieved", "profile", "Delvis uppnått", label="Delvis uppnått"),  # a word
    StatusReading("achieved", "outcome_color", color="#000000"),  # the outcome's colour
    StatusReading("achieved", "narrative", evidence="Målet är uppnått."),  # the prose
    StatusReading(None, None, "●", "#7a1fd6"),  # a mark nothing decodes: left for the warning
])
def test_a_printed_status_always_wins(reading):
    m = _metric(reading)
    assert with_computed_status(m) == m


def test_the_status_stage_computes_last():
    from pipeline.model import Document, Extraction, Scorecard
    from pipeline.status.precedence import decide_status

    m = _metric(StatusReading(None, None))
    ex = Extraction(document=Document("x.pdf", "pdf", "0", "", ()), scorecard=Scorecard(metrics=(m,)))
    (out,) = decide_status(ex, PROFILE).metrics
    assert out.status == dataclasses.replace(m.status, status="not_achieved", source="computed")

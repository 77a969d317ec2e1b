"""Metric rows: typed targets, trends, statuses from symbols."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.settings.profile import load_profile


def _metric(ex, text):
    return next(m for m in ex.metrics if m.metric == text)


@pytest.mark.parametrize("metric, kind, value, extra", [
    ("Antal kommuner med samarbete inom konstområdet", "direction", None, {"direction": "maintain"}),
    ("Kollektivtrafikens marknadsandelar", "direction", None, {"direction": "not_decrease"}),
    ("Andel invånare som tackat ja till bredbandserbjudande om 100 Mbit/s", "percent", 85.0, {"unit": "percent"}),
    ("Andel kvinnor och män som besöker RUS- och kulturkonferensen", "ratio", 60.0, {"value_2": 40.0}),
    ("Få fler unga och en bredad representation från fler kommuner delaktiga i Länsungdomsrådet (LUR)", "ratio",
     16.0, {"value_2": 12.0}),
    ("Antal kvinnor och män som tagit del av kompetensutvecklingsinsatser inom Samling för jobb och framtid",
     "by_gender", None, {"women": 200.0, "men": 200.0}),
    ("Färdigställa EU-program för perioden 2021-2027", "number", 2.0, {"unit": "program"}),
    ("Antal företagsbesök", "number", 150.0, {}),
    ("Överenskommelsen med civilsamhället signeras", "text", None, {}),
])
def test_scorecard_typed_targets(ex2021, metric, kind, value, extra):
    t = _metric(ex2021, metric).target
    assert (t.kind, t.value) == (kind, value)
    for k, v in extra.items():
        assert getattr(t, k) == v


def test_scorecard_status_from_text_symbols(ex2021):
    statuses = Counter((m.status.status, m.status.symbol) for m in ex2021.metrics)
    assert statuses[("not_assessed", "◇")] + statuses[("not_assessed", "◊")] == 23
    assert statuses[(None, "●")] == 3  # assessed, colour unknown in a text export
    # empty is not "not assessed": 13 rows have no mark; the narrative states two of them
    assert sum(v for (_, symbol), v in statuses.items() if symbol is None) == 13
    assert statuses[("not_achieved", None)] == 2 and statuses[(None, None)] == 11


def test_scorecard_trends(ex2021):
    assert _metric(ex2021, "RUS-konferens Utveckla Norrbottens genomförs en gång per år").trend == "unchanged"
    samling = "Antal kvinnor och män som tagit del av kompetensutvecklingsinsatser inom Samling för jobb och framtid"
    assert (_metric(ex2021, samling).trend, _metric(ex2021, samling).trend_symbol) == ("improving", "↑")


@given(st.text(alphabet="Öka minska 12,5%/ kvinnor män", max_size=20))
def test_scorecard_target_memo_reads_as_parse_target(raw):
    # targets are memoised by their text and the profile's directions and comparators
    from pipeline.scorecard.metrics import _target
    from pipeline.text.numbers import parse_target

    sc = load_profile("default").scorecard
    memo_key = (tuple(sc.directions.items()), tuple(sc.comparators.items()))
    assert _target(raw, memo_key) == parse_target(raw, sc.directions, sc.comparators)

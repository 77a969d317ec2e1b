import dataclasses
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.scorecard import assessment_status, extract_scorecard
from pipeline.settings.profile import load_profile


def _metric(ex, text):
    return next(m for m in ex.metrics if m.metric == text)


def test_scorecard_2021_counts(ex2021):
    assert len(ex2021.goals) == 4
    assert sum(len(g.success_factors) for g in ex2021.goals) == 19
    assert len(ex2021.metrics) == 39
    assert Counter(m.metric_kind for m in ex2021.metrics) == {"styrmatt": 26, "aktivitet": 13}


def test_scorecard_goals_partially_achieved_from_narrative(text_sample):
    for g in text_sample.goals:
        assert (g.status.status, g.status.source) == ("partially_achieved", "narrative")
        assert g.status.evidence.startswith("Den samlade bedömningen är att målet är delvis uppnått")


def test_scorecard_forecast_is_not_current_status(profile):
    text = ("Den samlade bedömningen är att målet är delvis uppnått för perioden. "
            "Målet bedöms vara uppnått vid årets slut om planerade aktiviteter genomförs.")
    status, evidence, forecast = assessment_status(text, profile)
    assert status == "partially_achieved"
    assert forecast.startswith("Målet bedöms vara uppnått vid årets slut")
    assert assessment_status("Målet bedöms vara uppnått vid årets slut.", profile)[0] is None


def test_scorecard_goal_factors_reconciled_with_headings(ex2021):
    samhalle, _, _, ekonomi = ex2021.goals
    assert "Beslut på nationell och EU-nivå är gynnsamma för länet och organisationen" in samhalle.success_factors
    assert "Insatser för ökad befolkning och fler arbetade timmar i länet" in ekonomi.success_factors
    factors = {m.success_factor for m in ex2021.metrics}
    for g in ex2021.goals:
        assert set(g.success_factors) <= factors


def test_scorecard_mobilisera_has_three_metrics(text_sample):
    rows = [m.metric for m in text_sample.metrics if m.success_factor == "Mobilisera externt utvecklingskapital"]
    assert len(rows) == 3
    assert rows[2] == "Antal yttranden, artiklar etc för införandet av regionala naturresursavgifter"


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


def test_scorecard_same_text_under_two_factors_gets_two_keys(ex2021):
    budget = [m for m in ex2021.metrics if m.metric == "Budget hålls"]
    assert len(budget) == 2 and budget[0].metric_key != budget[1].metric_key


def test_scorecard_keys_unique_and_independent_of_row_order(ex2021, profile):
    keys = [m.metric_key for m in ex2021.metrics]
    assert len(set(keys)) == len(keys)
    shuffled_tables = []
    rng = random.Random(7)
    for t in ex2021.tables:
        rows = list(t.rows)
        if t.kind == "scorecard":
            rng.shuffle(rows)
        shuffled_tables.append(dataclasses.replace(t, rows=tuple(rows)))
    ex = extract_scorecard(dataclasses.replace(ex2021, tables=tuple(shuffled_tables)), profile)
    assert {m.metric_key: m.metric for m in ex.metrics} == {m.metric_key: m.metric for m in ex2021.metrics}


def test_scorecard_2022_differences(ex2022):
    metrics = {m.metric for m in ex2022.metrics}
    assert "Antal genomförda företagsbesök" in metrics and "Framtagning strukturbild" not in metrics
    assert "Antal besök på Polarbibblo.se" in metrics
    assert _metric(ex2022, "Antal dialoger i framtagning av ny kulturplan och regional biblioteksplan").target.value == 40
    assert _metric(ex2022, "Kollektivtrafikens marknadsandelar").trend == "unchanged"


def test_scorecard_past_tense_statement_during_the_year_is_current(profile):
    # regression: "under året" once marked every sentence as a forecast
    status, evidence, forecast = assessment_status("Under året är målet uppnått.", profile)
    assert (status, forecast) == ("achieved", None)
    assert assessment_status("Målet förväntas vara uppnått i december.", profile)[0] is None


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


# issue 9 item 6: a report without goal or metric tables is fine, and nothing is invented for it

def economy_report(months: int = 10) -> str:
    """A monthly economy report: prose and a budget/forecast table, no scorecard."""
    units = [("Bibliotek", 12_400), ("Fritidsgårdar", 8_300), ("Kulturskola", 5_100)]
    rows = [f"{u}\t{b:,}\t{b * months // 12:,}\t{b + 200:,}\t-200".replace(",", " ") for u, b in units]
    return "\n\n".join([
        "Månadsrapport oktober 2025 Kultur- och fritidsnämnden Simrishamns kommun",
        "Ekonomisk uppföljning",
        "Nämndens resultat per oktober visar ett överskott på 1,2 miljoner kronor jämfört med budget. "
        "Samarbetet med Luleå kommun om gemensam upphandling har sänkt kostnaderna.",
        "Prognos för helåret",
        "Verksamhet\tBudget 2025\tUtfall okt\tPrognos helår\tAvvikelse\n" + "\n".join(rows),
        "Prognosen för helåret är ett underskott på 0,6 miljoner kronor.",
    ]) + "\n"


def narrative_goal_report() -> str:
    """A goal follow-up in prose only: political priorities, each with a paragraph and no table."""
    priorities = {"Likvärdig skola": "Skolorna har fått riktade resurser. Målet bedöms vara delvis uppnått.",
                  "Trygga lärmiljöer": "Trygghetsenkäten visar att 87 procent av eleverna känner sig trygga.",
                  "Fler behöriga lärare": "Andelen behöriga lärare uppgick till 78 procent. Målet är uppnått."}
    parts = ["Verksamhetsberättelse december 2025 Barn- och utbildningsnämnden Göteborgs Stad",
             "Politiska prioriteringar",
             "Nämnden prioriterar en likvärdig skola, trygga lärmiljöer och fler behöriga lärare."]
    for heading, prose in priorities.items():
        parts += [heading, prose]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize("name, text, tables", [("ekonomi.txt", economy_report(), True),
                                                ("prioriteringar.txt", narrative_goal_report(), False)])
def test_scorecard_none_is_ok_with_one_warning(tmp_path, name, text, tables):
    from pipeline.run import extract_file
    from pipeline.scorecard import NO_SCORECARD

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, rows = extract_file(path, tmp_path / "out")
    assert rows["reports"][0]["status"] == "ok"
    assert [(e["severity"], e["message"]) for e in rows["errors"]] == [("warning", NO_SCORECARD)]
    assert rows["goals"] == [] and rows["metrics"] == []  # no invented goal rows from priorities or prose
    assert rows["sections"] and rows["facts"]
    assert bool(rows["tables"]) is tables


def test_scorecard_none_keeps_entities(tmp_path):
    from pipeline.run import extract_file

    path = tmp_path / "ekonomi.txt"
    path.write_text(economy_report(), encoding="utf-8")
    _, rows = extract_file(path, tmp_path / "out")
    assert any("Luleå" in e["text"] for e in rows["entities"])


def test_scorecard_goal_tables_without_metric_tables_are_not_a_warning(ex2021, profile):
    ex = extract_scorecard(dataclasses.replace(ex2021, tables=tuple(t for t in ex2021.tables if t.kind == "goal"),
                                               errors=()), profile)
    assert len(ex.goals) == 4 and not ex.metrics and not ex.errors


def _table_extraction(header, rows, marks=None):
    """An Extraction holding one table built from cell texts (marks: {(row, col): Mark})."""
    from pipeline.model import Cell, Document, Extraction, Provenance, Table
    from pipeline.settings.profile import load_profile
    from pipeline.structure.tables import header_to_roles, table_kind

    roles = header_to_roles(tuple(header), load_profile("default"))
    marks = marks or {}
    cells = tuple(tuple(Cell(text, Provenance(0, 0, 3), tuple(marks.get((i, j), ())))
                        for j, text in enumerate(row)) for i, row in enumerate(rows))
    table = Table("t01", table_kind(roles), tuple(header), roles, cells, Provenance(0, 0, 3))
    return Extraction(document=Document("x.pdf", "pdf", "0", "", ()), tables=(table,))


def test_scorecard_unmatched_mark_keeps_its_colour_and_warns():
    from pipeline.model import Mark
    from pipeline.settings.profile import load_profile

    blue = Mark("circle", "#7a1fd6", "circle", True, "image")  # violet: no colour family of the profile
    ex = _table_extraction(("Indikator", "Utfall", "Bedömning"), [("Andel nöjda", "81 %", "")], {(0, 2): (blue,)})
    out = extract_scorecard(ex, load_profile("default"))
    (m,) = out.metrics
    assert m.status.status is None and m.status.color == "#7a1fd6" and m.metric_kind == "indikator"
    assert m.outcome.raw == "81 %"
    assert any("matches no legend entry" in e.message and e.page == 3 for e in out.errors)


def test_scorecard_assessed_table_without_goal_or_metric_column_warns():
    from pipeline.settings.profile import load_profile

    ex = _table_extraction(("Område", "Status"), [("Ekonomi", "Grön")])
    out = extract_scorecard(ex, load_profile("default"))
    assert not out.metrics and any("names no goal or metric column" in e.message for e in out.errors)


def test_scorecard_subheader_naming_no_goal_keeps_the_text_and_warns():
    import dataclasses as dc

    from pipeline.settings.profile import load_profile

    ex = _table_extraction(("Aktivitet", "Status", "Färdiggrad"),
                           [("Ett mål som inte finns", "", ""), ("Ta fram en plan", "Pågår", "40 %")])
    t = dc.replace(ex.tables[0], row_styles=("table_span", None))
    out = extract_scorecard(dc.replace(ex, tables=(t,)), load_profile("default"))
    (m,) = out.metrics
    assert (m.strategic_goal, m.state, m.progress, m.metric_kind) == ("Ett mål som inte finns", "in_progress", 40.0,
                                                                      "aktivitet")
    assert any("names no goal found" in e.message for e in out.errors)


@given(st.text(alphabet="Öka minska 12,5%/ kvinnor män", max_size=20))
def test_scorecard_target_memo_reads_as_parse_target(raw):
    # targets are memoised by their text and the profile's directions and comparators
    from pipeline.scorecard.metrics import _target
    from pipeline.text.numbers import parse_target

    sc = load_profile("default").scorecard
    memo_key = (tuple(sc.directions.items()), tuple(sc.comparators.items()))
    assert _target(raw, memo_key) == parse_target(raw, sc.directions, sc.comparators)

from collections import Counter

import pytest

from pipeline.scorecard import extract_scorecard
from pipeline.settings.profile import load_profile


def _metric(ex, text):
    return next(m for m in ex.metrics if m.metric == text)


def test_scorecard_2021_counts(ex2021):
    assert len(ex2021.goals) == 4
    assert sum(len(g.success_factors) for g in ex2021.goals) == 19
    assert len(ex2021.metrics) == 39
    assert Counter(m.metric_kind for m in ex2021.metrics) == {"styrmatt": 26, "aktivitet": 13}


def test_scorecard_mobilisera_has_three_metrics(text_sample):
    rows = [m.metric for m in text_sample.metrics if m.success_factor == "Mobilisera externt utvecklingskapital"]
    assert len(rows) == 3
    assert rows[2] == "Antal yttranden, artiklar etc för införandet av regionala naturresursavgifter"


def test_scorecard_2022_differences(ex2022):
    metrics = {m.metric for m in ex2022.metrics}
    assert "Antal genomförda företagsbesök" in metrics and "Framtagning strukturbild" not in metrics
    assert "Antal besök på Polarbibblo.se" in metrics
    assert _metric(ex2022, "Antal dialoger i framtagning av ny kulturplan och regional biblioteksplan").target.value == 40
    assert _metric(ex2022, "Kollektivtrafikens marknadsandelar").trend == "unchanged"


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
    assert rows.reports[0].status == "ok"
    assert [(e.severity, e.message) for e in rows.errors] == [("warning", NO_SCORECARD)]
    assert rows.goals == () and rows.metrics == ()  # no invented goal rows from priorities or prose
    assert rows.sections and rows.facts
    assert bool(rows.tables) is tables


def test_scorecard_none_keeps_entities(tmp_path):
    from pipeline.run import extract_file

    path = tmp_path / "ekonomi.txt"
    path.write_text(economy_report(), encoding="utf-8")
    _, rows = extract_file(path, tmp_path / "out")
    assert any("Luleå" in e.text for e in rows.entities)


def _table_extraction(header, rows, marks=None):
    """An Extraction holding one table built from cell texts (marks: {(row, col): Mark})."""
    from pipeline.model import Cell, Document, Extraction, Provenance, Table
    from pipeline.structure.tables import header_to_roles, table_kind

    roles = header_to_roles(tuple(header), load_profile("default").tables)
    marks = marks or {}
    cells = tuple(tuple(Cell(text, Provenance(0, 0, 3), tuple(marks.get((i, j), ())))
                        for j, text in enumerate(row)) for i, row in enumerate(rows))
    table = Table("t01", table_kind(roles), tuple(header), roles, cells, Provenance(0, 0, 3))
    return Extraction(document=Document("x.pdf", "pdf", "0", "", ()), tables=(table,))


def test_scorecard_unmatched_mark_keeps_its_colour_and_warns():
    from pipeline.model import Mark

    blue = Mark("circle", "#7a1fd6", "circle", True, "image")  # violet: no colour family of the profile
    ex = _table_extraction(("Indikator", "Utfall", "Bedömning"), [("Andel nöjda", "81 %", "")], {(0, 2): (blue,)})
    out = extract_scorecard(ex, load_profile("default"))
    (m,) = out.scorecard.metrics
    assert m.status.status is None and m.status.color == "#7a1fd6" and m.metric_kind == "indikator"
    assert m.outcome.raw == "81 %"
    assert any("matches no legend entry" in e.message and e.page == 3 for e in out.errors)


def test_scorecard_assessed_table_without_goal_or_metric_column_warns():

    ex = _table_extraction(("Område", "Status"), [("Ekonomi", "Grön")])
    out = extract_scorecard(ex, load_profile("default"))
    assert not out.scorecard.metrics and any("names no goal or metric column" in e.message for e in out.errors)


def test_scorecard_subheader_naming_no_goal_keeps_the_text_and_warns():
    import dataclasses as dc


    ex = _table_extraction(("Aktivitet", "Status", "Färdiggrad"),
                           [("Ett mål som inte finns", "", ""), ("Ta fram en plan", "Pågår", "40 %")])
    t = dc.replace(ex.tables[0], row_styles=("table_span", None))
    out = extract_scorecard(dc.replace(ex, tables=(t,)), load_profile("default"))
    (m,) = out.scorecard.metrics
    assert (m.strategic_goal, m.state, m.progress, m.metric_kind) == ("Ett mål som inte finns", "in_progress", 40.0,
                                                                      "aktivitet")
    assert any("names no goal found" in e.message for e in out.errors)

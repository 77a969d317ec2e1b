"""Goals: their factors reconciled with the headings, their status from the narrative."""

import dataclasses

from pipeline.scorecard import extract_scorecard


def test_scorecard_goals_partially_achieved_from_narrative(text_sample):
    for g in text_sample.goals:
        assert (g.status.status, g.status.source) == ("partially_achieved", "narrative")
        assert g.status.evidence.startswith("Den samlade bedömningen är att målet är delvis uppnått")


def test_scorecard_goal_factors_reconciled_with_headings(ex2021):
    samhalle, _, _, ekonomi = ex2021.goals
    assert "Beslut på nationell och EU-nivå är gynnsamma för länet och organisationen" in samhalle.success_factors
    assert "Insatser för ökad befolkning och fler arbetade timmar i länet" in ekonomi.success_factors
    factors = {m.success_factor for m in ex2021.metrics}
    for g in ex2021.goals:
        assert set(g.success_factors) <= factors


def test_scorecard_goal_tables_without_metric_tables_are_not_a_warning(ex2021, profile):
    ex = extract_scorecard(dataclasses.replace(ex2021, tables=tuple(t for t in ex2021.tables if t.kind == "goal"),
                                               errors=()), profile)
    assert len(ex.scorecard.goals) == 4 and not ex.scorecard.metrics and not ex.errors


def test_scorecard_goal_status_from_the_fill_of_its_status_cell_is_a_guess(ex2021, profile):
    """A goal table whose status cells carry only a red fill (no word, no mark, no legend)."""
    from pipeline.model import ErrorReason

    goal_tables = [t for t in ex2021.tables if t.kind == "goal"]
    k = goal_tables[0].roles.index("status")

    def red(t):
        rows = tuple(tuple(dataclasses.replace(c, text="", marks=(), fill="#ff7c80") if i == k else c
                           for i, c in enumerate(r)) for r in t.rows)
        return dataclasses.replace(t, rows=rows)

    ex = extract_scorecard(dataclasses.replace(ex2021, tables=(red(goal_tables[0]),), errors=(),
                                               document=dataclasses.replace(ex2021.document, legend=None)), profile)
    assert {(g.status.status, g.status.source) for g in ex.scorecard.goals} == {("not_achieved", "fill")}
    assert [e.reason for e in ex.errors] == [ErrorReason.GUESSED]

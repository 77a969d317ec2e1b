"""Metric keys: unique, independent of row order, one per factor."""

import dataclasses
import random

from pipeline.scorecard import extract_scorecard


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
    assert {m.metric_key: m.metric for m in ex.scorecard.metrics} == {m.metric_key: m.metric for m in ex2021.metrics}

"""Issue 22: a kommunalförbund's årsredovisning whose goals are headings ("Mål 1: ...") over their own
`Indikator | Utfall 2024 | Målvärde 2025 | Utfall 2025` tables, a missed target shown only by the
outcome printed in dark red, and each goal's status stated only in the prose after its table.

The spec (fixtures_build/synthetic/forbund_goals.py) wrote each rendering's `.expected.json`; its
`goals_detail`, `metrics_detail` and `history` are the gold this test matches exactly (the columns
every synthetic family shares are matched by tests/e2e/test_templates_synthetic.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pipeline.run import extract_to_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic"
EXPECTED = sorted(FIXTURES.glob("sodertorn-brandforsvar-*.expected.json"))


@cache
def _rows(file: str) -> dict[str, list[dict]]:
    return _as_dicts(extract_to_rows(FIXTURES / file)[1])


def _case(expected: Path) -> tuple[dict, dict[str, list[dict]]]:
    want = json.loads(expected.read_text(encoding="utf-8"))
    return want, _rows(want["files"][0])


def _pick(rows: list[dict], columns) -> list[dict]:
    return [{c: r.get(c, "<column missing>") for c in columns} for r in rows]


def test_both_renderings_are_there():
    assert [p.name.split(".")[1] for p in EXPECTED] == ["chromium", "libreoffice"]


@pytest.mark.slow
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[1])
def test_goals_are_the_headings_with_the_status_the_prose_states(expected):
    want, rows = _case(expected)
    assert _pick(rows["goals"], want["goals_detail"][0]) == want["goals_detail"]


@pytest.mark.slow
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[1])
def test_indicators_have_their_goal_target_and_the_status_their_colour_says(expected):
    want, rows = _case(expected)
    assert _pick(rows["metrics"], want["metrics_detail"][0]) == want["metrics_detail"]


@pytest.mark.slow
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[1])
def test_the_earlier_years_outcome_is_a_history_row(expected):
    want, rows = _case(expected)
    assert _pick(rows["history"], want["history"][0]) == want["history"]
    by_row = {(m["table_id"], m["row_index"]): m["metric"] for m in rows["metrics"]}
    assert all(by_row[(h["table_id"], h["row_index"])] == h["metric"] for h in rows["history"])


@pytest.mark.slow
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name.split(".")[1])
def test_numbered_theme_headings_stay_themes(expected):
    _, rows = _case(expected)
    themes = {s["title"] for s in rows["sections"] if s["kind"] == "heading"}
    assert {"1 Olycksförebyggande verksamhet", "2 Räddningsinsatser", "3 Medarbetare och ekonomi"} <= themes
    assert not any(g["strategic_goal"][:1].isdigit() for g in rows["goals"])
    assert {g["theme"] for g in rows["goals"]} == {"1 Olycksförebyggande verksamhet", "2 Räddningsinsatser",
                                                    "3 Medarbetare och ekonomi"}


def _as_dicts(records) -> dict[str, list[dict]]:
    """The records of each dataset as column -> value (the tests read them by column name)."""
    return {name: [r._asdict() for r in rows] for name, rows in records.datasets()}

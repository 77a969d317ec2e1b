"""Issue 22: goals printed as headings over their own indicator table, read from a text export
(no colours there: where the target compares, the status is computed)."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from pipeline.run import extract_to_rows

REPORT = """Årsredovisning 2025

Södertörns brandförsvarsförbund

Direktionen

Måluppfyllelse

Direktionen har fastställt två mål för 2025.

1 Olycksförebyggande verksamhet

Mål 1: Antalet bränder i bostäder ska minska

Indikator\tUtfall 2024\tMålvärde 2025\tUtfall 2025
Antal bränder i bostäder per 10 000 invånare\t4,1\t≤ 3,8\t3,6
Andel hushåll som fått hembesök\t11 %\t≥ 15 %\t12 %
Antal tillsyner\t–\t450\t430

Antalet bränder minskade under året. Målet bedöms inte ha uppnåtts.

Mål 2: Ledningscentralen ska vara tillgänglig dygnet runt

Indikator\tUtfall 2024\tMålvärde 2025\tUtfall 2025
Tillgänglighet i ledningscentralens system\t99,6 %\t>99%\t99,8 %

Målet bedöms som uppfyllt.
"""
GOAL_1, GOAL_2 = "Antalet bränder i bostäder ska minska", "Ledningscentralen ska vara tillgänglig dygnet runt"


@cache
def _rows() -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "sodertorn-arsredovisning-2025.txt"
        path.write_text(REPORT, encoding="utf-8")
        return _as_dicts(extract_to_rows(path)[1])


def test_a_goal_heading_over_an_indicator_table_is_a_goal_and_the_rows_parent():
    rows = _rows()
    assert [(g["strategic_goal"], g["goal_level"], g["theme"]) for g in rows["goals"]] == [
        (GOAL_1, "mal", "1 Olycksförebyggande verksamhet"), (GOAL_2, "mal", "1 Olycksförebyggande verksamhet")]
    assert [m["strategic_goal"] for m in rows["metrics"]] == [GOAL_1, GOAL_1, GOAL_1, GOAL_2]


def test_the_goal_status_is_the_prose_after_its_table():
    rows = _rows()
    assert [(g["status"], g["status_source"], g["status_evidence"], g["status_label"]) for g in rows["goals"]] == [
        ("not_achieved", "narrative", "Målet bedöms inte ha uppnåtts.", None),
        ("achieved", "narrative", "Målet bedöms som uppfyllt.", None)]


def test_without_colours_a_compared_target_gives_a_computed_status_and_a_plain_number_none():
    rows = _rows()
    got = [(m["target_raw"], m["target_direction"], m["outcome_raw"], m["status"], m["status_source"])
           for m in rows["metrics"]]
    assert got == [("≤ 3,8", "at_most", "3,6", "achieved", "computed"),
                   ("≥ 15 %", "at_least", "12 %", "not_achieved", "computed"),
                   ("450", None, "430", None, None),  # 430 against 450: which side is better is not printed
                   (">99%", "above", "99,8 %", "achieved", "computed")]


def test_the_earlier_year_is_history_and_a_dash_is_no_value():
    rows = _rows()
    assert [(h["metric"], h["year"], h["role"], h["value_raw"], h["value"]) for h in rows["history"]] == [
        ("Antal bränder i bostäder per 10 000 invånare", 2024, "outcome", "4,1", 4.1),
        ("Andel hushåll som fått hembesök", 2024, "outcome", "11 %", 11.0),
        ("Tillgänglighet i ledningscentralens system", 2024, "outcome", "99,6 %", 99.6)]
    assert [m["outcome_raw"] for m in rows["metrics"]] == ["3,6", "12 %", "430", "99,8 %"]  # 2025, not 2024


def _as_dicts(records) -> dict[str, list[dict]]:
    """The records of each dataset as column -> value (the tests read them by column name)."""
    return {name: [r._asdict() for r in rows] for name, rows in records.datasets()}

"""Issue 22: status from the outcome figure's colour, only where the document shows that red means a
missed target (red figures among plain ones, nothing else)."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Cell, Document, Extraction, Mark, Provenance, ReportMeta, Table
from pipeline.scorecard import extract_scorecard
from pipeline.scorecard.outcome_colors import red_means_missed
from pipeline.settings.profile import load_profile
from pipeline.structure.tables import header_to_roles, table_kind

HEADER = ("Indikator", "Utfall 2024", "Målvärde 2025", "Utfall 2025")
DARK_RED, BLACK, GREEN, BLUE = "#c00000", "#000000", "#00b050", "#1f4e79"


def _extraction(rows, marks=None) -> Extraction:
    """One indicator table of a 2025 report; rows: (name, before, target, outcome, outcome colour)."""
    roles = header_to_roles(HEADER, load_profile("default").tables)
    marks = marks or {}
    cells = tuple((Cell(name, Provenance(0, 0, 2), marks.get(i, ())), Cell(before, Provenance(0, 0, 2)),
                   Cell(target, Provenance(0, 0, 2)), Cell(outcome, Provenance(0, 0, 2), (), color))
                  for i, (name, before, target, outcome, color) in enumerate(rows))
    table = Table("t01", table_kind(roles), HEADER, roles, cells, Provenance(0, 0, 2))
    meta = ReportMeta("x", "Årsredovisning 2025", None, None, "arsredovisning", None, date(2025, 12, 31))
    return Extraction(document=Document("x.pdf", "pdf", "0", "", ()), meta=meta, tables=(table,))


def _statuses(ex: Extraction) -> list[tuple]:
    out = extract_scorecard(ex, load_profile("default"))
    return [(m.status.status, m.status.source, m.status.color) for m in out.scorecard.metrics]


@pytest.mark.parametrize(("families", "shown"), [
    (["red", "black", "black"], True), (["black", "red"], True), (["grey", "red"], True),
    (["red", "red"], False),  # all coloured: red says nothing here
    (["green", "red", "black"], False), (["blue", "black", "red"], False),  # another colour scheme
    (["black", "black"], False), ([], False)])
def test_red_means_missed_only_among_plain_figures(families, shown):
    assert red_means_missed(families) is shown


def test_a_red_figure_among_black_ones_is_missed_and_the_black_ones_met():
    ex = _extraction([("Andel hushåll med hembesök", "11 %", "≥ 15 %", "12 %", DARK_RED),
                      ("Antal bränder per 10 000 invånare", "4,1", "≤ 3,8", "3,6", BLACK),
                      ("Antal övningstimmar", "48", "50", "52", BLACK),
                      ("Andel nöjda deltagare", "–", "≥ 90 %", "–", BLACK)])  # no figure: no status
    assert _statuses(ex) == [("not_achieved", "outcome_color", DARK_RED), ("achieved", "outcome_color", BLACK),
                             ("achieved", "outcome_color", BLACK), (None, None, None)]


def test_outcomes_all_printed_in_colour_give_no_status():
    ex = _extraction([("Andel hushåll med hembesök", "11 %", "15", "12 %", DARK_RED),
                      ("Antal övningstimmar", "48", "50", "52", GREEN)])
    assert _statuses(ex) == [(None, None, None), (None, None, None)]
    ex = _extraction([("Andel hushåll med hembesök", "11 %", "15", "12 %", BLUE),
                      ("Antal övningstimmar", "48", "50", "52", BLUE)])
    assert _statuses(ex) == [(None, None, None), (None, None, None)]


def test_a_mark_wins_over_the_colour():
    green_dot = Mark("circle", "#00b050", "circle", True, "vector")
    ex = _extraction([("Andel hushåll med hembesök", "11 %", "15", "12 %", DARK_RED),
                      ("Antal övningstimmar", "48", "50", "52", BLACK)], marks={0: (green_dot,)})
    assert _statuses(ex)[0] == ("achieved", "profile", "#00b050")
    assert _statuses(ex)[1] == ("achieved", "outcome_color", BLACK)

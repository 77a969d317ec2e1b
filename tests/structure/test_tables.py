import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Block, BlockKind, Cell, Extraction, Provenance
from pipeline.output.rows import table_rows
from pipeline.structure.tables import blocks_to_parts, header_to_roles, parts_to_tables


def _row(*cells: str, start: int = 0) -> Block:
    return Block(BlockKind.TABLE_ROW, "\t".join(cells), Provenance(start, start + 1),
                 cells=tuple(Cell(c, Provenance(start, start + 1)) for c in cells))


def _para(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text, Provenance(0, 1))


HEADER = ("Framgångsfaktor", "Styrmått", "Mål", "Måluppfyllelse", "Utveckling")
NARROW = ("Framgångs-faktor", "Styrmått", "Mål", "Måluppfyl-lelse", "Utveckling")


def test_tables_header_roles_through_profile(profile):
    assert header_to_roles(NARROW, profile.tables) == ("success_factor", "metric", "target", "status", "trend")


def test_tables_merges_narrow_continuation_and_dehyphenates(profile):
    blocks = (_row(*HEADER), _row("Mobilisera externt utvecklingskapital", "Uppväxling", "3", "◇", ""),
              _row(*NARROW), _row("Mobilisera ex-ternt utveckl-ingskapital", "Antal yttran-den, artiklar etc", "5",
                                  "", ""))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables)
    assert t.kind == "scorecard" and t.n_parts == 2 and len(t.rows) == 2
    assert t.rows[1][0].text == "Mobilisera externt utvecklingskapital"
    assert t.rows[1][1].text == "Antal yttranden, artiklar etc"


def test_tables_text_between_parts_prevents_merge(profile):
    blocks = (_row(*HEADER), _row("F", "M1", "1", "", ""), _para("Text."), _row(*HEADER), _row("F", "M2", "2", "", ""))
    assert [t.n_parts for t in parts_to_tables(blocks_to_parts(blocks), profile.tables)] == [1, 1]


def test_tables_wide_table_keeps_real_hyphens(profile):
    blocks = (_row(*HEADER), _row("F", "Årlig uppföljning av RUS, kulturplan, läns-transportplan", "4", "", ""))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables)
    assert t.rows[0][1].text.endswith("läns-transportplan")


def test_tables_sample_continuations(ex2021):
    by_factor = {}
    for t in ex2021.tables:
        if t.kind == "scorecard":
            by_factor.setdefault(t.rows[0][0].text, []).append(t)
    mobilisera = by_factor["Mobilisera externt utvecklingskapital"]
    assert len(mobilisera) == 1 and mobilisera[0].n_parts == 2
    assert mobilisera[0].rows[2][1].text == "Antal yttranden, artiklar etc för införandet av regionala naturresursavgifter"
    assert mobilisera[0].header == HEADER


def test_tables_non_scorecard_tables_are_kept(ex2021):
    kinds = [t.kind for t in ex2021.tables]
    assert kinds.count("toc") == 1 and kinds.count("goal") == 4 and kinds.count("data") == 2
    scorecards = [t for t in ex2021.tables if t.kind == "scorecard"]
    assert len(scorecards) == 19  # one per factor
    assert sum(t.n_parts for t in scorecards) == 23  # four continue under a repeated header


def test_tables_long_form_parses_swedish_numbers(ex2021):
    rows = table_rows(Extraction(ex2021.document, tables=ex2021.tables), "r")
    visitors = [r for r in rows if r.value_raw == "125 130"]
    assert visitors and visitors[0].value_num == 125130.0
    assert visitors[0].row_label == "Fysiska besök/publik/deltagare, totalt"
    assert visitors[0].header == "Utfall 2018"


_HEADER_CELLS = st.lists(st.sampled_from(["Styrmått", "styr-mått", "STYRMÅTT", "Mål", "Mål ", "", "Utfall\u00ad 2021"]),
                         max_size=4)


@given(st.lists(st.tuples(_HEADER_CELLS, st.sampled_from([None, "table_header", "bold"])), min_size=1, max_size=8))
def test_tables_parts_split_at_repeated_headers_as_first_written(rows):
    # a part keeps its first row's header keys instead of recomputing them for every row it is asked about
    from pipeline.structure.tables import header_key

    blocks = tuple(dataclasses.replace(_row(*cells), style=style) for cells, style in rows)
    expected, current = [], []
    for b in blocks:
        if current and (b.style == "table_header" or [header_key(c.text) for c in b.cells]
                        == [header_key(c.text) for c in current[0].cells]):
            expected.append(len(current))
            current = []
        current.append(b)
    expected.append(len(current))
    assert [len(p.rows) for p in blocks_to_parts(blocks)] == expected


@pytest.mark.parametrize(("header", "roles", "kind"), [
    (("Åtgärd", "Målår", "Status", "Kommentar"), ("activity", "target", "status", "comment"), "scorecard"),
    (("Indikator", "Utfall 2024", "Målvärde 2025", "Utfall 2025"), ("indicator", "outcome", "target", "outcome"),
     "scorecard"),
    (("Uppdrag från KF/KS", "Uppdragets status och kommentar"), ("assignment", "comment"), "scorecard"),
    # an economy plan: measures and amounts, no follow-up column -> stays a data table
    (("Verksamhet", "Åtgärd", "Bedömd effekt 2017"), (None, "activity", None), "data"),
])
def test_column_roles_from_the_header_and_a_scorecard_needs_a_follow_up_column(header, roles, kind):
    from pipeline.settings.profile import load_profile
    from pipeline.structure.tables import header_to_roles, table_kind
    got = header_to_roles(header, load_profile("default").tables)
    assert (got, table_kind(got)) == (roles, kind)


# ----------------------------------------------------------------------------- economy tables (issue 22)

COSTS = (("Intäkter", "412,6", "444,8", "7,8 %"), ("Personalkostnader", "-298,1", "-311,4", "4,5 %"),
         ("Övriga kostnader", "-49,8", "-47,3", "-5,0 %"), ("Nettokostnad", "3,5", "24,1", "588,6 %"))


def test_tables_an_economy_table_is_not_a_scorecard_whatever_its_first_column_is_called(profile):
    """Regression: a cost-growth table 'Nyckeltal | Utfall ... | Förändring' (Intäkter 7,8 %) became styrmått."""
    blocks = (_row("Nyckeltal", "Utfall jan–jun 2025", "Utfall jan–jun 2026", "Förändring"),
              *(_row(*r) for r in COSTS))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables)
    assert t.kind == "data"


@pytest.mark.parametrize("rows", [
    (("Nettokostnad per invånare i kronor", "52 000", "51 200", "-1,5 %"), *COSTS),  # a styrmått among them
    (("Intäkter", "412,6", "444,8", "7,8 %"),),  # one row says too little
])
def test_tables_a_table_with_a_styrmatt_or_one_row_stays_a_scorecard(profile, rows):
    blocks = (_row("Nyckeltal", "Utfall 2025", "Utfall 2026", "Förändring"), *(_row(*r) for r in rows))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables)
    assert t.kind == "scorecard"


def test_tables_economy_words_with_a_target_column_are_a_scorecard(profile):
    blocks = (_row("Styrmått", "Mål", "Utfall"), _row("Nettokostnad", "0", "3,5"), _row("Resultat", "10", "12"))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables)
    assert t.kind == "scorecard"

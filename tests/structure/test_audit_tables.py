"""Audit reports' tables (the Alingsås auditors' reports of tests/real/): a review question column
has no header, its role comes from the answers; a table goes on past a footnote at the foot of a
page; a row the page break cut in two is one row (pipeline.structure.tables)."""

from __future__ import annotations

from pipeline.model import Block, BlockKind, Cell, Provenance
from pipeline.structure.tables import blocks_to_parts, parts_to_tables


def _row(*cells: str, page: int = 1, style: str | None = None) -> Block:
    prov = Provenance(0, 1, page)
    return Block(BlockKind.TABLE_ROW, "\t".join(cells), prov, cells=tuple(Cell(c, prov) for c in cells), style=style)


def _para(text: str, page: int, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    return Block(kind, text, Provenance(0, 1, page))


TITLE = ("Intern kontroll", "")
ANSWERED = (("Internkontrollplan 2025 är antagen", "Ja (framgår i budget)"),
            ("Antal kontrollområden 2025", "7 st"),
            ("Uppföljning av internkontrollplan 2025 har genomförts", "Ja"),
            ("Nämndens mål för verksamheten uppnås", "Endast delvis"))


def test_a_titled_two_column_table_answered_on_the_scale_is_review_questions(profile):
    blocks = (_row(*TITLE, style="table_header"), *(_row(*r) for r in ANSWERED))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables, profile.scorecard.status_words)
    assert (t.kind, t.roles, t.header) == ("scorecard", ("question", "status"), TITLE)
    assert len(t.rows) == 4  # the count stays a row: the scorecard says it is on no scale


def test_a_two_column_table_of_other_values_stays_data(profile):
    blocks = (_row("Verksamhetens intäkter", "", style="table_header"), _row("Intäkter", "105"),
              _row("Kostnader", "-223,2"))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables, profile.scorecard.status_words)
    assert t.kind == "data" and t.roles == (None, None)
    headed = (_row("Fråga", "Svar", style="table_header"), *(_row(*r) for r in ANSWERED))
    (t,) = parts_to_tables(blocks_to_parts(headed), profile.tables, profile.scorecard.status_words)
    assert t.kind == "data"  # a header row of its own that names no role: not a titled table


def test_a_title_left_alone_at_the_foot_of_a_page_heads_both_columns(profile):
    blocks = (_row("Intern kontroll", page=27, style="table_header"), *(_row(*r, page=28) for r in ANSWERED))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables, profile.scorecard.status_words)
    assert t.header == TITLE and t.roles == ("question", "status") and len(t.rows) == 4


def test_a_footnote_under_a_table_the_page_break_cut_does_not_end_it(profile):
    head = _row("Rekommendation", "Bedömning", page=12, style="table_header")
    rows = (_row("1. Ta fram riktlinjer", "Åtgärdad", page=12), _row("4. Säkerställa", "Åtgärdad", page=13),
            _row("5. Tillse", "Åtgärdad", page=13))
    (t,) = parts_to_tables(blocks_to_parts((head, rows[0], _para("3 Offentlighets- och sekretesslag", 12),
                                            rows[1], rows[2])), profile.tables, profile.scorecard.status_words)
    assert t.n_parts == 2 and [r[0].text[:2] for r in t.rows] == ["1.", "4.", "5."]
    # text on the new page, or a heading, still separates two tables
    for between in (_para("Text.", 13), _para("7.2 Granskning", 12, BlockKind.HEADING)):
        tables = parts_to_tables(blocks_to_parts((head, rows[0], between, rows[1], rows[2])), profile.tables, profile.scorecard.status_words)
        assert [x.n_parts for x in tables] == [1, 1]


def test_a_row_the_page_break_cut_in_two_is_one_row(profile):
    blocks = (_row("Ekonomistyrning och uppföljning", "", page=20, style="table_header"),
              _row("Budget för 2025 är antagen", "Ja, 2024-12-17", page=20),
              _row("Nämnden följer upp det ekonomiska utfallet", "Ja, nämnden följer upp ekonomin", page=20),
              _row("", "månadsuppföljning i maj.", page=21, style="table_header"),
              _row("Nämnden får en analys av orsaker", "Ja", page=21))
    (t,) = parts_to_tables(blocks_to_parts(blocks), profile.tables, profile.scorecard.status_words)
    assert [r[0].text for r in t.rows] == ["Budget för 2025 är antagen", "Nämnden följer upp det ekonomiska utfallet",
                                          "Nämnden får en analys av orsaker"]
    assert t.rows[1][1].text == "Ja, nämnden följer upp ekonomin månadsuppföljning i maj."

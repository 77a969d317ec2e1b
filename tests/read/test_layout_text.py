"""Tables of a layout-preserving text export, columns aligned with spaces (pipeline.read.layout_text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.layout_text import layout_tables
from pipeline.read.text import read_text, vocabulary
from pipeline.settings.profile import load_profile

PROFILE = load_profile("default")
VOCAB = vocabulary(PROFILE)

EXPORT = """\
6.2       Redovisning av nämndens egna uppdrag
            Centrala uppdrag                               Uppdragets status och kommentar

            Förvaltningen ska minska kostnaderna för          Avslutad
            IT-licenser i övriga nämnder.
                                                           2026-01-15
            Uppdragsår                                     Nämnden fick en uppdatering.
            2025                                           Licenser har avregistrerats.
            Intraservice får i uppdrag att aktivt             Pågår
            informera övriga nämnder och bolag om


Årsrapport nämnder och styrelser 2025                                     36 (40)
            Centrala uppdrag                               Uppdragets status och kommentar
            hur Intraservice kan hjälpa till.              Material är framtaget.
            Uppdragsår
            2025
7         Bilagor
          Text after the table.
"""


def test_rows_start_at_a_state_word_and_continue_across_the_page_break():
    (t,) = layout_tables(EXPORT.split("\n"), VOCAB)
    assert t.header == ("Centrala uppdrag", "Uppdragets status och kommentar")
    assert [r[0] for r in t.rows] == [
        "Förvaltningen ska minska kostnaderna för IT-licenser i övriga nämnder. Uppdragsår 2025",
        "Intraservice får i uppdrag att aktivt informera övriga nämnder och bolag om hur Intraservice kan "
        "hjälpa till. Uppdragsår 2025"]
    assert t.rows[0][1] == "Avslutad 2026-01-15 Nämnden fick en uppdatering. Licenser har avregistrerats."
    assert t.rows[1][1] == "Pågår Material är framtaget."
    assert EXPORT.split("\n")[t.end] == "7         Bilagor"  # a line left of the table ends it


def test_a_line_of_unknown_column_names_is_no_table():
    lines = ["            Belopp i tkr          Budget 2025          Utfall",
             "            Intäkter              12                   13"]
    assert layout_tables(lines, VOCAB) == []


def test_read_text_makes_the_layout_table_a_scorecard_table(tmp_path):
    doc = read_text(tmp_path / "x.txt", EXPORT.encode(), PROFILE)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert len(rows) == 3 and rows[0].cells[0].text == "Centrala uppdrag"
    assert "Bilagor" in [b.text for b in doc.blocks if b.kind == "heading"][-1]


HEADER = "            Centrala uppdrag                               Uppdragets status och kommentar"


@settings(deadline=None)  # a loaded machine is no defect of the reader
@given(st.lists(st.text(alphabet="ab Avslutad()0123456789\t-", max_size=70), max_size=20), st.integers(0, 20))
def test_any_lines_around_a_header_read_without_error(lines, at):
    lines = [*lines[:at], HEADER, *lines[at:]]
    tables = layout_tables(lines, VOCAB)
    for t in tables:
        assert t.first < t.end <= len(lines)
        assert all(len(r) == len(t.header) for r in t.rows)


def test_a_table_whose_first_row_has_no_state_word_is_said(tmp_path):
    export = HEADER + "\n            Förvaltningen ska minska kostnaderna      Arbetet fortsätter.\n"
    doc = read_text(tmp_path / "x.txt", export.encode(), PROFILE)
    assert any("starts with no state word" in w.message for w in doc.warnings)
    assert not any("state word" in w.message for w in read_text(tmp_path / "y.txt", EXPORT.encode(), PROFILE).warnings)


def test_a_state_word_beside_a_wrapped_name_line_starts_no_row():
    lines = [HEADER,
             "            Förvaltningen ska minska kostnaderna          Avslutad",
             "            för licenser och                               Pågår även ett arbete med avtal.",
             "            hårdvara."]
    (t,) = layout_tables(lines, VOCAB)
    assert [r[0] for r in t.rows] == ["Förvaltningen ska minska kostnaderna för licenser och hårdvara."]


def test_the_blank_lines_a_page_break_may_leave_are_a_setting():
    from pipeline.settings.profile import profile_from_dict

    broken = EXPORT.replace("36 (40)\n", "36 (40)\n\n\n").split("\n")
    (t,) = layout_tables(broken, VOCAB)
    assert t.rows[1][0].endswith("hjälpa till. Uppdragsår 2025")
    strict = vocabulary(profile_from_dict({"read": {"text": {"max_break_lines": 1}}}))
    first = layout_tables(broken, strict)[0]
    assert first.rows[-1][0] == "Intraservice får i uppdrag att aktivt informera övriga nämnder och bolag om"

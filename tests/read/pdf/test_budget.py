"""Issue 23: the content budget counts what a page runs outside its own content stream: Type3
glyph procedures, tiling pattern cells and annotation appearance streams. Small inputs with
small budgets passed in (``tests/hostile_pdfs.py``); the full-size cases are in
``benchmarks/bench_hostile.py``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pipeline.read.pdf as reader
from pipeline.model import PageKind, Severity
from pipeline.read.pdf import PageBudgets, read_pdf
from pipeline.read.pdf.budget import Source, _Uses, content_cost
from pipeline.read.pdf.pages import open_pdf
from pipeline.settings.pdf import PdfSettings
from tests.hostile_pdfs import (
    PAGE_TWO,
    TITLE,
    appearance_pdf,
    assert_page_two_refused_partial,
    own_content_bytes,
    tiling_pdf,
    type3_pdf,
)

CASES = {"type3": (lambda n: type3_pdf(n, n_glyphs=3), Source.GLYPHS),
         "tiling": (tiling_pdf, Source.PATTERNS),
         "appearance": (appearance_pdf, Source.APPEARANCES)}


def _costs(data: bytes, limit: int = 1 << 30) -> list:
    pdf = open_pdf(data)
    try:
        return [content_cost(page.page_obj, limit, PdfSettings().pages.max_form_depth) for page in pdf.pages]
    finally:
        pdf.close()


@pytest.mark.parametrize("case", CASES)
def test_streams_a_page_runs_outside_its_content_are_counted_where_it_runs_them(case):
    make, source = CASES[case]
    one, two = _costs(make(2000))
    # page 1 lists the same resources and uses none of them: only its own content counts
    assert one.total == one.by_source[Source.CONTENT] < 100
    assert two.by_source[source] > 2000 * 10 and two.by_source[Source.CONTENT] < own_content_bytes()
    assert two.total == two.by_source[Source.CONTENT] + two.by_source[source]


@pytest.mark.parametrize("case", CASES)
def test_page_over_the_content_budget_by_hidden_streams_is_refused_and_the_report_partial(tmp_path, profile,
                                                                                         monkeypatch, case):
    make, source = CASES[case]
    data = make(2000)
    budget = PageBudgets(content_bytes=own_content_bytes() + 1000)  # every page's own content fits
    assert "Sida två" in read_pdf(tmp_path / "x.pdf", data, profile).text  # read when in budget
    doc = read_pdf(tmp_path / "x.pdf", data, profile, budget)
    assert TITLE in doc.text and PAGE_TWO not in doc.text
    [err] = [w for w in doc.warnings if w.severity is Severity.ERROR]
    assert err.page == 2 and f"content streams (with {source.value}) inflate to more than" in err.message
    assert_page_two_refused_partial(tmp_path, data, budget, profile, monkeypatch)


def _looked_at(monkeypatch) -> list[int]:
    looked: list[int] = []
    real = reader.look_at_page

    def look(doc, number, settings):
        looked.append(number)
        return real(doc, number, settings)

    monkeypatch.setattr(reader, "look_at_page", look)
    return looked


def test_type3_glyph_procedures_over_their_budget_get_no_first_look_and_a_warning(tmp_path, profile,
                                                                                  monkeypatch):
    # regression: pdfium parses every glyph procedure of a Type3 font when it loads the page (20
    # procedures of 100,000 paths took it to 530 MB); the budget did not count them
    data = type3_pdf(2000, n_glyphs=3)
    looked = _looked_at(monkeypatch)
    doc = read_pdf(tmp_path / "x.pdf", data, profile)  # under the default budget: looked at, no warning
    assert looked == [1, 2] and [w for w in doc.warnings if w.page == 2] == []

    looked.clear()
    doc = read_pdf(tmp_path / "x.pdf", data, profile, PageBudgets(glyph_proc_bytes=20_000))
    assert looked == [1]
    assert TITLE in doc.text and PAGE_TWO in doc.text  # pdfminer reads the page and runs no procedure
    [warning] = [w for w in doc.warnings if w.page == 2]
    assert warning.severity is Severity.WARNING and "Type3 glyph procedures of more than 20000 bytes" in warning.message
    assert [(p.number, p.kind, p.n_paths) for p in doc.pages] == [(1, PageKind.TEXT, 0), (2, PageKind.TEXT, None)]


def test_glyph_procedures_count_once_per_page_however_often_the_font_is_selected():
    once = _costs(type3_pdf(1000, n_glyphs=4))[1]
    thrice = _costs(type3_pdf(1000, n_glyphs=4, shows=3))[1]
    assert once.glyph_bytes > 4 * 1000 * 10 and thrice.glyph_bytes == once.glyph_bytes
    assert thrice.by_source[Source.CONTENT] > once.by_source[Source.CONTENT]


NAME_CHARS = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/[]()<>{}%#")


@given(name=st.text(NAME_CHARS, min_size=1, max_size=12), size=st.sampled_from(["12", "-4.5", ".5", "0"]),
       sep=st.sampled_from([" ", "\n", "  "]))
def test_names_used_by_tf_do_and_scn_are_read_as_pdfminer_spells_them(name, size, sep):
    content = f"BT /{name}{sep}{size}{sep}Tf ET /{name}{sep}Do /{name} scn 1 0 0 RG".encode()
    uses = _Uses((b"Do", b"Tf", b"scn", b"SCN"))
    uses.scan(content)
    assert uses.names == {b"Tf": {name}, b"Do": {name}, b"scn": {name}}
    escaped = _Uses((b"Tf",))
    escaped.scan(b"/" + "".join(f"#{ord(c):02x}" for c in name).encode() + b" 9 Tf")
    assert escaped.names == {b"Tf": {name}}

"""Page triage (issue 25): drawings and maps are read for their text only, never by pdfplumber's
layout; report pages are read as before."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfminer.ascii85 import ascii85decode
from reportlab.pdfgen import canvas

import pipeline.read.pdf as reader
from pipeline.model import ErrorReason, PageKind
from pipeline.output.rows import extraction_to_rows, utc_now
from pipeline.read import read_source
from pipeline.read.pdf import read_layouts
from pipeline.read.pdf.budget import ascii85_decode
from pipeline.read.pdf.glyphs import chars_to_glyphs, glyphs_to_words, words_to_lines
from pipeline.read.pdf.pages import open_pdf
from pipeline.read.pdf.triage import look_at_page, open_first_look, pdfium_chars
from pipeline.run import run_document
from pipeline.settings.pdf import PdfSettings, TextSettings, TriageSettings
from tests.conftest import PDF_2021, PDF_2022, ROOT, STRATSYS_2021
from tests.pdf_factory import light_table_pdf, text_pdf

ARCHIVE = ROOT / "tests" / "fixtures" / "archive"
DRAWING = ARCHIVE / "drawing-bygglov-planritning.pdf"
PLAN_MAP = ARCHIVE / "map-detaljplan-plankarta.pdf"


def _no_layout(*_args, **_kwargs):
    raise AssertionError("a drawing or map page was handed to pdfplumber's layout")


@pytest.mark.parametrize("path, kind, label", [(DRAWING, PageKind.DRAWING, "PLANRITNING PLAN 1"),
                                               (PLAN_MAP, PageKind.MAP, "DETALJPLAN FÖR KLOCKAREN 4 M.FL.")])
def test_read_pdf_triage_drawing_and_map_are_read_for_text_only(monkeypatch, profile, path, kind, label):
    monkeypatch.setattr(reader, "page_to_layout", _no_layout)
    doc = read_source(path, profile)
    (page,) = doc.pages
    assert page.kind is kind and page.n_paths > 40_000 and 2_000 < page.n_chars < 10_000
    assert label in doc.text
    (warning,) = [w for w in doc.warnings if w.reason is ErrorReason.TEXT_ONLY_PAGE]
    assert warning.page == 1 and kind.value in warning.message and "no tables or marks" in warning.message


def test_read_pdf_triage_drawing_rows_name_the_page(profile):
    ex = run_document(DRAWING, profile)
    rows = extraction_to_rows(ex, report_id="d", profile=profile.name, pipeline_version="t", extracted_at=utc_now())
    assert [(p.page, p.kind) for p in rows.pages] == [(1, "drawing")]
    assert [(e.page, e.reason) for e in rows.errors if e.reason] == [(1, "text_only_page")]
    assert rows.reports[0].status != "failed"


@pytest.mark.parametrize("path", [PDF_2021, PDF_2022, STRATSYS_2021,
                                  *sorted((ROOT / "tests" / "fixtures" / "renderings").glob("*.pdf"))[:12]],
                         ids=lambda p: p.name)
def test_read_pdf_triage_report_pages_are_read_in_full(path):
    doc = open_first_look(path.read_bytes())
    try:
        kinds = set()
        for n in range(1, len(doc) + 1):
            with look_at_page(doc, n, PdfSettings()) as (_, info):
                kinds.add(info.kind)
    finally:
        doc.close()
    assert kinds <= {PageKind.TEXT, PageKind.BLANK, PageKind.SCAN}


def test_read_pdf_triage_table_page_kind(profile):
    layouts, _, _ = read_layouts(light_table_pdf(rules=True), profile.read)
    assert [lay.info.kind for lay in layouts] == [PageKind.TABLE]
    layouts, _, _ = read_layouts(text_pdf([["Ett brev", "", "Hej, här kommer ett brev."]]), profile.read)
    assert [lay.info.kind for lay in layouts] == [PageKind.TEXT]


def _blank_scan_text() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.showPage()  # blank
    c.drawImage(ImageReader(Image.new("RGB", (60, 80), (230, 230, 230))), 50, 50, 400, 560)
    c.showPage()  # a scan: an image, no text
    c.drawString(72, 720, "Protokoll")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_read_pdf_triage_blank_and_scanned_pages(profile):
    layouts, _, _ = read_layouts(_blank_scan_text(), profile.read)
    assert [lay.info.kind for lay in layouts] == [PageKind.BLANK, PageKind.SCAN, PageKind.TEXT]


def test_read_pdf_triage_thresholds_are_settings(profile):
    lines = TriageSettings(min_drawing_paths=1, max_chars_per_path=1000.0)
    rs = replace(profile.read, pdf=PdfSettings(triage=lines))
    layouts, _, _ = read_layouts(light_table_pdf(rules=True), rs)
    assert [lay.info.kind for lay in layouts] == [PageKind.DRAWING]
    assert layouts[0].tables == ()
    # (not read in full here: pdfplumber's layout of the drawing takes minutes, the point of triage)
    doc = open_first_look(DRAWING.read_bytes())
    try:
        with look_at_page(doc, 1, PdfSettings(triage=TriageSettings(min_drawing_paths=10**6))) as (_, info):
            assert info.kind is PageKind.TEXT
        with look_at_page(doc, 1, PdfSettings(triage=TriageSettings(max_chars_per_path=0.01))) as (_, info):
            assert info.kind is PageKind.TEXT  # too much text for a drawing
        with look_at_page(doc, 1, PdfSettings(triage=TriageSettings(map_min_fill_share=0.0))) as (_, info):
            assert info.kind is PageKind.MAP
    finally:
        doc.close()


def test_read_pdf_triage_pdfium_text_matches_pdfplumber(profile):
    """The cheap reading of a page gives the lines pdfplumber's characters give."""
    data = text_pdf([["Delårsrapport april 2021", "", "Årets möte hölls i Luleå den 3 maj.",
                      "Styrelsen beslutade att godkänna rapporten."]])
    pdf, first = open_pdf(data), open_first_look(data)
    try:
        page = pdf.pages[0]
        ts = TextSettings()
        expected = words_to_lines(glyphs_to_words(chars_to_glyphs(page.chars, ts)[0], ts), ts)
        with look_at_page(first, 1, PdfSettings()) as ((ppage, textpage), _):
            mb = ppage.get_mediabox()
            frame = (mb[0], mb[1], float(page.mediabox[0]), float(page.height) + float(page.mediabox[1]))
            got = words_to_lines(glyphs_to_words(chars_to_glyphs(pdfium_chars(textpage, frame), ts)[0], ts), ts)
    finally:
        pdf.close()
        first.close()
    assert [ln.text for ln in got] == [ln.text for ln in expected]
    for a, b in zip(got, expected, strict=True):
        assert abs(a.x0 - b.x0) < 1 and abs(a.top - b.top) < 2 and abs(a.words[0].size - b.words[0].size) < 0.5


def _a85_or_error(decode, data: bytes):
    try:
        return decode(data)
    except ValueError as exc:
        return type(exc)


@given(st.binary(max_size=80), st.booleans(), st.integers(0, 6))
def test_read_pdf_triage_ascii85_decodes_as_pdfminer(raw, wrapped, wrap):
    data = base64.a85encode(raw, wrapcol=wrap * 5)
    data = b"<~" + data + b"~>" if wrapped else data
    assert ascii85_decode(data, ascii85decode) == ascii85decode(data)


@given(st.binary(max_size=60))
def test_read_pdf_triage_ascii85_any_bytes_as_pdfminer(data):
    assert _a85_or_error(lambda d: ascii85_decode(d, ascii85decode), data) == _a85_or_error(ascii85decode, data)


def test_read_pdf_triage_fixtures_are_small():
    assert all(p.stat().st_size < 3 * 2**20 for p in Path(ARCHIVE).glob("*.pdf"))

"""Bad PDFs: a clear ReadError from the reader, a failed report row from the runner."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.pdfgen import canvas

from pipeline.output.rows import extraction_to_rows, utc_now
from pipeline.read import ReadError, read_source
from pipeline.run import run_document
from tests.conftest import PDF_2021
from tests.pdf_factory import text_pdf


def _encrypted() -> bytes:
    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(text_pdf([["Hemlig rapport"]]))))
    w.encrypt("hemligt", algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def _scanned() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(Image.new("RGB", (200, 280), (240, 240, 240))), 50, 50, 400, 560)
    c.save()
    return buf.getvalue()


BAD = {
    "encrypted": (_encrypted, "encrypted PDF"),
    "scanned": (_scanned, "no text layer; OCR is not supported"),
    "truncated": (lambda: PDF_2021.read_bytes()[:40000], "truncated or corrupt PDF"),
    "corrupt": (lambda: b"%PDF-1.7\n" + b"\x00garbage" * 200, "corrupt PDF"),
    "zero-byte": (lambda: b"", "empty file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_pdf_bad_inputs_raise_clear_read_error(tmp_path, profile, name):
    make, message = BAD[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    with pytest.raises(ReadError, match=message):
        read_source(path, profile)


@pytest.mark.parametrize("name", sorted(BAD))
def test_pdf_bad_inputs_become_failed_report(tmp_path, profile, name):
    make, message = BAD[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    ex = run_document(path, profile)
    rows = extraction_to_rows(ex, report_id=name, profile=profile.name, pipeline_version="t", extracted_at=utc_now())
    assert rows.reports[0].status == "failed"
    (err,) = rows.errors
    assert err.stage == "read" and err.severity == "error" and message in err.message


def test_pdf_bad_inputs_non_report_is_ok_with_a_warning(tmp_path, profile):  # issue 9: no scorecard is no error
    path = tmp_path / "letter.pdf"
    path.write_bytes(text_pdf([["Ett brev", "", "Hej, här kommer ett vanligt brev utan styrkort."]]))
    ex = run_document(path, profile)
    rows = extraction_to_rows(ex, report_id="letter", profile=profile.name, pipeline_version="t", extracted_at=utc_now())
    assert rows.reports[0].status == "ok"
    assert any(e.severity == "warning" and "no scorecard" in e.message for e in rows.errors)
    assert rows.reports[0].page_count == 1


def test_pdf_bad_inputs_cid_glyphs_are_warnings():
    from pipeline.read.pdf import chars_to_glyphs
    from pipeline.settings.pdf import TextSettings

    glyphs, n_cid = chars_to_glyphs([{"text": "(cid:12)", "x0": 0, "top": 0, "x1": 5, "bottom": 10, "size": 10,
                                      "fontname": "X", "non_stroking_color": (0,)}], TextSettings())
    assert n_cid == 1 and glyphs[0].text == "\ufffd"

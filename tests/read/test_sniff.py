"""Files told apart by their bytes (issue 25): what is not a PDF says what it is."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.batch.inputs import file_to_source
from pipeline.output.rows import extraction_to_rows, utc_now
from pipeline.read import ReadError, read_source
from pipeline.read.sniff import FileFormat, sniff, sniff_file
from pipeline.run import run_document
from tests.conftest import PDF_2021, TEXT_2021


def _ooxml(main_type: str, part: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/content-types"><Override PartName="/{part}" ContentType="application/'
                   f'vnd.openxmlformats-officedocument.{main_type}+xml"/></Types>')
        z.writestr(part, "<x/>")
    return buf.getvalue()


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "PNG")
    return buf.getvalue()


HTML = (b"<!DOCTYPE html>\n<html lang=\"sv\"><head><title>Sammantr\xc3\xa4de</title></head>"
        b"<body>Protokoll</body></html>")
STRAYS = {
    "html": (HTML, "an HTML page, not a PDF"),
    "html-comment": (b"\xef\xbb\xbf\n<!-- saved from url=(0042)https://example.se/ -->\n<HTML><BODY>x</BODY></HTML>",
                     "an HTML page, not a PDF"),
    "docx": (_ooxml("wordprocessingml.document.main", "word/document.xml"), "a Word document (.docx), not a PDF"),
    "xlsx": (_ooxml("spreadsheetml.sheet.main", "xl/workbook.xml"), "an Excel workbook (.xlsx), not a PDF"),
    "docx-no-types": (_zip({"word/document.xml": "<x/>"}), "a Word document (.docx), not a PDF"),
    "png": (_png(), "a PNG image, not a PDF"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "a JPEG image, not a PDF"),
    "gif": (b"GIF89a\x01\x00\x01\x00" + bytes(16), "a GIF image, not a PDF"),
    "tiff": (b"II*\x00\x08\x00\x00\x00" + bytes(16), "a TIFF image, not a PDF"),
    "zip": (_zip({"a.txt": "x"}), "a ZIP archive, not a PDF"),
    "text": ("Protokoll fört vid sammanträde\n".encode(), "a plain text file, not a PDF"),
    "binary": (bytes(range(256)) * 4, "binary data of an unknown kind, not a PDF"),
}


@pytest.mark.parametrize("name", sorted(STRAYS))
def test_read_sniff_stray_named_pdf_says_what_it_is(tmp_path, profile, name):
    data, message = STRAYS[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    with pytest.raises(ReadError, match=re.escape(message)) as err:
        read_source(path, profile)
    assert err.value.reason == "not_a_pdf"


@pytest.mark.parametrize("name", ["html", "docx", "xlsx", "png"])
def test_read_sniff_stray_is_a_failed_report_with_reason_not_a_pdf(tmp_path, profile, name):
    data, message = STRAYS[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    rows = extraction_to_rows(run_document(path, profile), report_id=name, profile=profile.name,
                              pipeline_version="t", extracted_at=utc_now())
    (report,) = rows.reports
    assert report.status == "failed"
    assert report.source_format == sniff(data).value  # what the bytes are, not the name
    (err,) = rows.errors
    assert (err.stage, err.severity, err.reason) == ("read", "error", "not_a_pdf")
    assert message in err.message and "corrupt" not in err.message


def test_read_sniff_office_document_named_txt_is_not_a_source(tmp_path, profile):
    path = tmp_path / "export.txt"
    path.write_bytes(STRAYS["xlsx"][0])
    with pytest.raises(ReadError, match="an Excel workbook \\(.xlsx\\), not a PDF or text export") as err:
        read_source(path, profile)
    assert err.value.reason == "not_a_source"


def test_read_sniff_pdf_is_read_by_content_whatever_its_name(tmp_path, profile):
    path = tmp_path / "report.txt"
    path.write_bytes(PDF_2021.read_bytes())
    assert read_source(path, profile).source_format == "pdf"


def test_read_sniff_pdf_header_after_junk_is_a_pdf():
    assert sniff(b"\r\n\x00junk\n%PDF-1.4\n") is FileFormat.PDF
    assert sniff("Exporten börjar med %PDF-1.4 i en mening.\n".encode()) is FileFormat.TEXT


def test_read_sniff_samples():
    assert sniff_file(PDF_2021) is FileFormat.PDF
    assert sniff_file(TEXT_2021) is FileFormat.TEXT


def test_read_sniff_batch_source_format_follows_the_bytes(tmp_path):
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(HTML)
    assert file_to_source(path).format == "html"
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert file_to_source(empty).format == "pdf"  # no bytes to tell: the name


@given(st.binary(max_size=300))
def test_read_sniff_any_bytes_have_a_format(data):
    assert isinstance(sniff(data), FileFormat)


def test_read_sniff_batch_names_what_the_stray_is(tmp_path):
    """The terminal's failed sources and the manifest say "an HTML page, not a PDF", not just "failed"."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.output.parquet import read_rows

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "protokoll.pdf").write_bytes(HTML)
    result = CliRunner(env={"COLUMNS": "220"}).invoke(app, ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                      "--workers", "1"])
    assert "an HTML page, not a PDF" in " ".join(result.output.split())
    (entry,) = read_rows(tmp_path / "out" / "_manifest.parquet")
    assert entry["status"] == "failed" and entry["source_format"] == "html"
    assert entry["message"].startswith("read: an HTML page, not a PDF")  # stage: message, as the failed-sources table

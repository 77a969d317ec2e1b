"""PDFs whose cost hides outside the page's own content stream (issue 23): Type3 glyph procedures,
tiling pattern cells and annotation appearance streams. Written object by object (reportlab makes
none of these), Flate-compressed: repeated path operators shrink a hundredfold and more, so a
stream that inflates to tens of megabytes is a few hundred kilobytes on disk.

Each PDF has two pages sharing one resource dictionary: page 1 prints a report title and uses
none of the hostile resources; page 2 prints a line of text and uses them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

TITLE = "Delårsrapport april 2021 RUN"
PAGE_TWO = "Sida två med en rad text."
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


PERIOD = 500  # lines before the segments repeat: within zlib's window, so they compress well


def paths(n: int, side: int = 1000) -> Iterator[bytes]:
    """``n`` stroked line segments inside a ``side``-point square, a period at a time (a stream of
    tens of megabytes is never held whole)."""
    lines = [b"%d %d m %d %d l S\n" % (k % side, k % 7, (k * 3) % side, 9) for k in range(PERIOD)]
    whole, rest = divmod(n, PERIOD)
    period = b"".join(lines)
    for _ in range(whole):
        yield period
    yield b"".join(lines[:rest])


def _text(x: int, y: int, text: str, font: bytes = b"/F1", size: int = 12) -> bytes:
    escaped = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT %s %d Tf %d %d Td (%s) Tj ET\n" % (font, size, x, y, escaped)


def _stream(*parts: bytes | Iterable[bytes], entries: bytes = b"") -> bytes:
    z = zlib.compressobj(9)
    packed = b"".join(z.compress(chunk) for part in parts for chunk in ([part] if isinstance(part, bytes) else part))
    packed += z.flush()
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" % (len(packed), entries) + packed + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    """Objects 1.. in order; object 1 is the catalog."""
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _two_pages(page_two: bytes, extra: list[bytes], *, fonts: bytes = b"", patterns: bytes = b"",
               annots: bytes = b"") -> bytes:
    """Catalog 1, pages 2, page one 3 and two 4, their contents 5 and 6, Helvetica 7, the shared
    resources 8 (Helvetica and ``fonts``, ``patterns``), then ``extra`` from object 9 on."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources 8 0 R %s >>"
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                 page % (5, b""), page % (6, annots),
                 _stream(_text(60, 780, TITLE, size=14)), _stream(_text(60, 780, PAGE_TWO) + page_two),
                 HELVETICA, b"<< /Font << /F1 7 0 R %s >> /Pattern << %s >> >>" % (fonts, patterns), *extra])


def type3_pdf(n_paths: int, n_glyphs: int = 1, shows: int = 1) -> bytes:
    """Page 2 shows ``n_glyphs`` characters of a Type3 font (``shows`` times, each selecting the
    font) whose glyph procedures each draw ``n_paths`` line segments (pdfium parses every one
    when it loads the page)."""
    procs = b" ".join(b"/g%d %d 0 R" % (k, 10 + k) for k in range(n_glyphs))
    font = (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
            b"/CharProcs << %s >> /Encoding << /Type /Encoding /Differences [65 %s] >> /FirstChar 65 "
            b"/LastChar %d /Widths [%s] >>" % (procs, b" ".join(b"/g%d" % k for k in range(n_glyphs)),
                                                64 + n_glyphs, b" ".join([b"1000"] * n_glyphs)))
    shown = "".join(chr(65 + k) for k in range(n_glyphs))
    glyphs = [_stream(b"1000 0 0 0 1000 1000 d1\n", paths(n_paths)) for _ in range(n_glyphs)]
    text = b"".join(_text(60, 700 - 20 * k, shown, b"/T3") for k in range(shows))
    return _two_pages(text, [font, *glyphs], fonts=b"/T3 9 0 R")


def tiling_pdf(n_paths: int) -> bytes:
    """Page 2 fills most of itself with a tiling pattern whose 2-point cell draws ``n_paths``
    line segments (drawn once per tile when the page is rendered)."""
    cell = _stream(paths(n_paths, 2), entries=b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 "
                   b"/BBox [0 0 2 2] /XStep 2 /YStep 2 /Resources << >>")
    return _two_pages(b"/Pattern cs /P1 scn 0 0 595 600 re f\n", [cell], patterns=b"/P1 9 0 R")


def appearance_pdf(n_paths: int) -> bytes:
    """Page 2 has a square annotation whose appearance stream draws ``n_paths`` line segments."""
    annot = b"<< /Type /Annot /Subtype /Square /Rect [0 0 595 600] /AP << /N 10 0 R >> >>"
    form = _stream(paths(n_paths, 595), entries=b"/Type /XObject /Subtype /Form /BBox [0 0 595 600]")
    return _two_pages(b"", [annot, form], annots=b"/Annots [9 0 R]")


def own_content_bytes() -> int:
    """Inflated size of page 2's own content stream, at its largest (the Type3 case)."""
    return len(_text(60, 780, PAGE_TWO) + _text(60, 700, "A" * 26, b"/T3"))


def assert_page_two_refused_partial(tmp_path, data: bytes, budget, profile, monkeypatch) -> None:
    """With ``budget`` as the batch's page budget, the report of ``data`` is ``partial`` and its one
    read error is page 2's."""
    from pipeline.output.rows import extraction_to_rows, utc_now
    from pipeline.read.pdf import pages as pdf_pages
    from pipeline.run import run_document

    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    monkeypatch.setattr(pdf_pages, "DEFAULT_BUDGETS", budget)
    ex = run_document(path, profile)
    rows = extraction_to_rows(ex, report_id="r", profile=profile.name, pipeline_version="t", extracted_at=utc_now())
    assert rows.reports[0].status == "partial"
    assert [(e.page, e.severity) for e in rows.errors if e.stage == "read"] == [(2, "error")]

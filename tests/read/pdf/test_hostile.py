"""Issue 12, the PDF side: budgets per page, page-level errors, rotated pages. Small inputs with
small budgets passed in, not huge files."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.pdfgen import canvas

from pipeline.output.rows import extraction_to_rows, utc_now
from pipeline.read.pdf import PageBudgets, read_pdf
from pipeline.read.pdf import pages as pdf_pages
from pipeline.read.pdf import shapes as pdf_shapes
from pipeline.run import run_document
from pipeline.settings.pdf import PdfSettings, TextSettings
from pipeline.settings.profile import profile_from_dict
from tests.conftest import PDF_2021
from tests.hostile_pdfs import assert_page_two_refused_partial
from tests.pdf_factory import text_pdf

SHORT = ["Delårsrapport april 2021 RUN", "En kort sida med lite text."]
LONG = [f"Rad {i} med en mening som fyller sidan med text." for i in range(50)]


def _three_pages() -> bytes:
    return text_pdf([SHORT, ["Sida två", *LONG], ["Sida tre", "Slutet av rapporten."]])


def test_page_over_the_content_budget_is_a_page_error_and_the_rest_is_read(tmp_path, profile):
    data = _three_pages()
    sizes = [len(pypdf.PdfReader(io.BytesIO(data)).pages[i].get_contents().get_data()) for i in range(3)]
    budget = PageBudgets(content_bytes=(sizes[0] + sizes[1]) // 2)
    assert sizes[0] < budget.content_bytes < sizes[1] and sizes[2] < budget.content_bytes
    doc = read_pdf(tmp_path / "x.pdf", data, profile, budget)
    assert "Slutet av rapporten." in doc.text and "Rad 7 med" not in doc.text
    [err] = [w for w in doc.warnings if w.severity.value == "error"]
    assert err.page == 2 and "content streams inflate to more than" in err.message


def test_damaged_page_makes_the_report_partial_with_page_filled(tmp_path, profile, monkeypatch):
    # regression: one bad page made a 23-page report 'failed', page = null
    path = tmp_path / "r.pdf"
    path.write_bytes(_three_pages())
    monkeypatch.setattr(pdf_pages, "DEFAULT_BUDGETS", PageBudgets(content_bytes=1500))
    ex = run_document(path, profile)
    rows = extraction_to_rows(ex, report_id="r", profile=profile.name, pipeline_version="t", extracted_at=utc_now())
    assert rows.reports[0].status == "partial"
    page_errors = [e for e in rows.errors if e.stage == "read"]
    assert [(e.page, e.severity) for e in page_errors] == [(2, "error")]


def _icon_pdf(side: int) -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(60, 760, "Delårsrapport april 2021 RUN")
    c.drawImage(ImageReader(Image.new("RGB", (side, side), (200, 30, 30))), 60, 700, 8, 8)
    c.showPage()
    c.drawString(60, 760, "Sida två")
    c.save()
    return buf.getvalue()


def test_image_over_the_pixel_budget_is_not_decoded_and_warns_with_its_page(tmp_path, profile, monkeypatch):
    decoded = []
    real = pdf_shapes._image_pixels
    monkeypatch.setattr(pdf_shapes, "_image_pixels", lambda obj, ss: decoded.append(obj) or real(obj, ss))
    data = _icon_pdf(1200)  # declares 1.44 Mpx; the budget below is 1 Mpx
    doc = read_pdf(tmp_path / "x.pdf", data, profile, PageBudgets(image_pixels=1_000_000))
    assert decoded == []
    [w] = [w for w in doc.warnings if "pixel budget" in w.message]
    assert w.page == 1 and w.severity.value == "warning" and "page 1" in w.message
    read_pdf(tmp_path / "x.pdf", data, profile, PageBudgets(image_pixels=2_000_000))
    assert len(decoded) == 1  # under the budget, the icon is read as before


def _rotated(data: bytes, degrees: int) -> bytes:
    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    for page in w.pages:
        page.rotate(degrees)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@pytest.mark.slow
def test_rotated_pages_give_the_same_rows(tmp_path, profile):
    # regression: /Rotate 90/270 gave "no text layer"; 180 a garbage title
    _assert_turned_reads_as_upright(tmp_path, profile, _rotated)


def _assert_turned_reads_as_upright(tmp_path, profile, turn) -> None:
    """The sample turned by ``turn(data, degrees)`` at 90, 180 and 270 gives its id and 39 rows."""
    upright = run_document(PDF_2021, profile)
    assert len(upright.metrics) == 39
    for degrees in (90, 180, 270):
        path = tmp_path / f"{turn.__name__}{degrees}.pdf"
        path.write_bytes(turn(PDF_2021.read_bytes(), degrees))
        turned = run_document(path, profile)
        assert turned.meta.report_id == upright.meta.report_id, degrees
        assert [(m.metric_key, m.target, m.status.status) for m in turned.metrics] == \
            [(m.metric_key, m.target, m.status.status) for m in upright.metrics], degrees


def test_pages_sharing_one_content_stream_are_all_read(tmp_path):
    """Regression: the content-stream budget inflated a stream pdfminer had already decoded for
    an earlier page (pypdf repeats a page by sharing its stream), and every later page failed."""
    from pypdf import PdfReader, PdfWriter

    from pipeline.read.pdf import read_layouts
    from pipeline.settings.profile import load_profile
    from tests.conftest import PDF_2021

    writer = PdfWriter()
    page = PdfReader(PDF_2021).pages[2]
    for _ in range(3):
        writer.add_page(page)
    path = tmp_path / "repeated.pdf"
    with path.open("wb") as f:
        writer.write(f)
    layouts, errors, _ = read_layouts(path.read_bytes(), load_profile("default").read)
    assert (len(layouts), errors) == (3, [])
    assert layouts[0].n_chars == layouts[2].n_chars > 0


def _drawn_turned(data: bytes, degrees: int) -> bytes:
    """Every page's content drawn turned ``degrees`` counter-clockwise on an upright page of the
    turned size (no /Rotate): a landscape report printed sideways, or an upside-down scan layout."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        shift = {90: (h, 0), 180: (w, h), 270: (0, w)}[degrees]
        page.add_transformation(Transformation().rotate(degrees).translate(*shift))
        box = RectangleObject([0, 0, h, w] if degrees in (90, 270) else [0, 0, w, h])
        page.mediabox = page.cropbox = box
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_text_drawn_turned_on_an_upright_page_gives_the_same_rows(tmp_path, profile):
    # regression: glyphs that are not upright were dropped ("no text layer; OCR is not supported")
    _assert_turned_reads_as_upright(tmp_path, profile, _drawn_turned)


def test_a_few_sideways_labels_do_not_turn_the_page():
    from pipeline.read.pdf.objects import text_turn

    ts = TextSettings()
    up = {"matrix": (10, 0, 0, 10, 0, 0)}
    side = {"matrix": (6e-17, 10, -10, 6e-17, 0, 0)}  # pdfminer calls this one upright
    assert text_turn([up] * 90 + [side] * 10, ts) == 0
    assert text_turn([up] * 10 + [side] * 90, ts) == 90
    assert text_turn([dict(side, matrix=(0, -10, 10, 0, 0, 0))] * 5, ts) == 270
    assert text_turn([dict(side, matrix=(-10, 0, 0, -10, 0, 0))] * 5, ts) == 180
    assert text_turn([], ts) == 0


FORM_LINES = [f"Rad {i} i ett formulär som sidan ritar." for i in range(150)]  # more than any page's own


def _form_pdf(chain: int = 2, loop: bool = True) -> bytes:
    """Three pages; page 2 draws form F0, which draws F1, ... F{chain-1}: the last one holds 150
    lines of text, the others only draw the next. With ``loop`` the last form draws F0 again (a
    loop the budget must not follow forever; pdfminer refuses to draw it). Pages 1 and 3 list F0
    in their resources too, but do not draw it. Forms are Flate-compressed."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_three_pages())))
    page = writer.pages[1]
    fonts = page["/Resources"]["/Font"]
    text = "".join(f"BT /F1 4 Tf 60 {780 - 5 * i} Td ({line}) Tj ET\n" for i, line in enumerate(FORM_LINES))
    forms, refs = [], []
    for k in range(chain):
        form = DecodedStreamObject()
        last = text + ("/F0 Do\n" if loop else "")
        form.set_data((last if k == chain - 1 else f"/F{k + 1} Do\n").encode("latin-1", "replace"))
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, 600, 850))})
        form = form.flate_encode()
        forms.append(form)
        refs.append(writer._add_object(form))
    for k, form in enumerate(forms):
        xobjects = {NameObject(f"/F{j}"): refs[j] for j in ((k + 1,) if k + 1 < chain else ((0,) if loop else ()))}
        form[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts,
                                                           NameObject("/XObject"): DictionaryObject(xobjects)})
    for listing in writer.pages:
        listing["/Resources"][NameObject("/XObject")] = DictionaryObject({NameObject("/F0"): refs[0]})
    content = page.get_contents().get_data() + b"\nq /F0 Do Q\n"
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_form_xobject_over_the_content_budget_is_a_page_error(tmp_path, profile, monkeypatch):
    # regression: only a page's /Contents counted, so a small page drawing a form whose stream
    # inflates to gigabytes passed the budget
    data = _form_pdf()
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    own = max(len(p.get_contents().get_data()) for p in pages)
    budget = PageBudgets(content_bytes=own + 200)  # every page's own stream fits, not the form's text
    assert budget.content_bytes < len("".join(FORM_LINES))
    assert "Rad 7 i ett formulär" in read_pdf(tmp_path / "x.pdf", data, profile).text  # drawn when in budget
    doc = read_pdf(tmp_path / "x.pdf", data, profile, budget)
    assert "Slutet av rapporten." in doc.text and "Rad 7 i ett formulär" not in doc.text
    [err] = [w for w in doc.warnings if w.severity.value == "error"]
    assert err.page == 2 and "content streams inflate to more than" in err.message
    assert_page_two_refused_partial(tmp_path, data, budget, profile, monkeypatch)


def test_forms_nested_past_the_depth_limit_are_a_page_error(tmp_path, profile, monkeypatch):
    shallow = profile_from_dict({"read": {"pdf": {"pages": {"max_form_depth": 3}}}})
    assert "Rad 7 i ett formulär" in read_pdf(tmp_path / "x.pdf", _form_pdf(chain=3), shallow).text
    doc = read_pdf(tmp_path / "x.pdf", _form_pdf(chain=4, loop=False), shallow)
    [err] = [w for w in doc.warnings if w.severity.value == "error"]
    assert err.page == 2 and "nest deeper than 3 levels" in err.message


def test_memory_error_while_opening_or_decoding_is_not_called_corrupt(monkeypatch):
    # regression: open_pdf reported a MemoryError as "corrupt PDF", and image decoding swallowed it,
    # so a worker over its memory limit went on instead of being replaced
    import pdfplumber

    from pipeline.read.pdf import pages, shapes

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(pdfplumber, "open", no_memory)
    with pytest.raises(MemoryError):
        pages.open_pdf(PDF_2021.read_bytes())
    monkeypatch.setattr(shapes, "_image_pixels", no_memory)
    with pytest.raises(MemoryError):
        shapes.image_to_mark({"x0": 0, "top": 0, "x1": 8, "bottom": 8}, PdfSettings())
    with pytest.raises(MemoryError):
        shapes.image_to_bar({"x0": 0, "top": 0, "x1": 80, "bottom": 8}, PdfSettings().shapes)

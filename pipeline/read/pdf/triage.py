"""A cheap first look at a page before layout analysis: what the page is (``PageKind``).

pdfium (pypdfium2, which pdfplumber renders with) parses a page and counts its objects and
characters in a fraction of pdfminer's time and memory. A building drawing or a plan map
(tens of thousands of vector objects and a few labels) costs pdfplumber tens of seconds and
a gigabyte; such a page gets its text from pdfium here and no table or mark analysis.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.model import PageInfo, PageKind
from pipeline.read.pdf.glyphs import GlyphChar, chars_to_glyphs, glyphs_to_words, words_to_lines
from pipeline.read.pdf.layout import Line, PageLayout
from pipeline.settings.pdf import PdfSettings, TextSettings, TriageSettings

if TYPE_CHECKING:  # pypdfium2 has no type information (pyproject.toml: mypy overrides)
    from pypdfium2 import PdfDocument, PdfPage, PdfTextPage

# pdfium's page object types (fpdf_edit.h)
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
FONT_NAME_BYTES = 128


TEXT_ONLY = (PageKind.DRAWING, PageKind.MAP)


def _c_function(fn, restype, *argtypes):
    """``fn`` of pdfium called with plain integers for pointers: no ctypes object per call
    (a drawing has tens of thousands of objects to look at)."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    assert address is not None, "a function pypdfium2 loaded from pdfium is never a NULL pointer"
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


@lru_cache(maxsize=1)
def _object_functions():
    import pypdfium2.raw as pdfium_c

    vp, i = ctypes.c_void_p, ctypes.c_int
    return (_c_function(pdfium_c.FPDFPage_CountObjects, i, vp), _c_function(pdfium_c.FPDFPage_GetObject, vp, vp, i),
            _c_function(pdfium_c.FPDFFormObj_CountObjects, i, vp), _c_function(pdfium_c.FPDFFormObj_GetObject, vp, vp, i),
            _c_function(pdfium_c.FPDFPageObj_GetType, i, vp))


def _count(page_raw, sample: int, max_depth: int) -> tuple[list[int], list[int]]:
    """Objects of a page by pdfium type (index: type), Form XObjects' contents included; a list
    of more than ``sample`` objects is counted from every k-th of them, k times each; forms are
    followed ``max_depth`` deep, as far as the page budget follows them. Also
    the path objects looked at (for their fill)."""
    count_page, get_page, count_form, get_form, get_type = _object_functions()
    counts, paths = [0] * 8, []
    page = ctypes.cast(page_raw, ctypes.c_void_p).value
    stack = [(get_page, page, count_page(page), 1, 0)]
    while stack:
        get, parent, n, weight, depth = stack.pop()
        step = -(-n // sample) if n > sample else 1
        for i in range(0, n, step):
            obj = get(parent, i)
            kind = get_type(obj)
            counts[kind if 0 <= kind < 8 else 0] += weight * step
            if kind == _PATH:
                paths.append(obj)
            elif kind == _FORM and depth < max_depth:
                stack.append((get_form, obj, count_form(obj), weight * step, depth + 1))
    return counts, paths


def _fill_share(paths: list[int]) -> float:
    """Share of the sampled path objects that fill an area."""
    import pypdfium2.raw as pdfium_c

    fill, stroke = ctypes.c_int(0), pdfium_c.FPDF_BOOL(0)
    mode = _c_function(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    filled = sum(1 for obj in paths if mode(obj, ctypes.addressof(fill), ctypes.addressof(stroke)) and fill.value)
    return filled / len(paths) if paths else 0.0


def triage_page(page, textpage, number: int, settings: TriageSettings, max_form_depth: int) -> PageInfo:
    """What the pdfium ``page`` (with its ``textpage``) is, from its object and character counts."""
    counts, paths = _count(page.raw, settings.sampled_objects, max_form_depth)
    n_paths, n_images = counts[_PATH], counts[_IMAGE]
    n_chars = textpage.count_chars()
    kind = PageKind.TEXT
    if n_paths >= settings.min_drawing_paths and n_chars <= settings.max_chars_per_path * n_paths:
        kind = PageKind.MAP if _fill_share(paths) >= settings.map_min_fill_share else PageKind.DRAWING
    elif n_chars == 0:
        kind = PageKind.SCAN if n_images else PageKind.BLANK
    return PageInfo(number, kind, n_chars, n_paths, n_images, counts[_TEXT])


def _style(textpage, i: int, buf) -> tuple[str, tuple]:
    """Font name and fill colour of character ``i`` (the same for every character of a text object)."""
    import pypdfium2.raw as pdfium_c

    n = pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, FONT_NAME_BYTES, None)
    name = bytes(buf[: max(0, min(n, FONT_NAME_BYTES) - 1)]).decode("latin-1") if n else ""
    rgba = [ctypes.c_uint() for _ in range(4)]
    pdfium_c.FPDFText_GetFillColor(textpage.raw, i, *(ctypes.byref(v) for v in rgba))
    return name, tuple(v.value / 255 for v in rgba[:3])


def pdfium_chars(textpage: PdfTextPage, frame: tuple[float, float, float, float]) -> list[GlyphChar]:
    """The page's characters as the pdfplumber-style dicts ``chars_to_glyphs`` reads. ``frame``:
    pdfium's mediabox left and bottom, pdfplumber's mediabox x0 and (height + mediabox top):
    pdfplumber's coordinates, as ``objects._Frame`` makes them from pdfminer's."""
    import pypdfium2.raw as pdfium_c

    left, bottom, dx, height_top = frame
    raw, n = textpage.raw, textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""  # one call; pdfium gives one UTF-16 unit a char
    if len(text) != n:  # characters outside the BMP: one at a time
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(n))
    buf, styles, rect = ctypes.create_string_buffer(FONT_NAME_BYTES), {}, pdfium_c.FS_RECTF()
    get_obj, get_size, get_box = pdfium_c.FPDFText_GetTextObject, pdfium_c.FPDFText_GetFontSize, \
        pdfium_c.FPDFText_GetLooseCharBox
    out: list[GlyphChar] = []
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe\uffff" or (ch == " " and pdfium_c.FPDFText_IsGenerated(raw, i) == 1):
            continue
        if not get_box(raw, i, ctypes.byref(rect)):
            continue
        obj = ctypes.cast(get_obj(raw, i), ctypes.c_void_p).value
        if obj not in styles:
            styles[obj] = _style(textpage, i, buf)
        font, colour = styles[obj]
        out.append({"text": ch, "x0": rect.left - left + dx, "x1": rect.right - left + dx,
                    "top": height_top - (rect.top - bottom), "bottom": height_top - (rect.bottom - bottom),
                    "size": get_size(raw, i), "fontname": font, "non_stroking_color": colour})
    return out


def text_only_layout(page: PdfPage, textpage: PdfTextPage, info: PageInfo, plumber_page, ts: TextSettings
                     ) -> PageLayout:
    """A drawing's or map's layout: its text as flow lines, no tables, marks or figures. The
    mark glyphs stay in the lines (legend lines read them), as ``page_to_layout`` keeps them."""
    from pipeline.read.pdf.pages import slim_line

    mb = page.get_mediabox()
    frame = (mb[0], mb[1], float(plumber_page.mediabox[0]),
             float(plumber_page.height) + float(plumber_page.mediabox[1]))
    glyphs, n_cid = chars_to_glyphs(pdfium_chars(textpage, frame), ts)
    lines: list[Line] = words_to_lines(glyphs_to_words(glyphs, ts), ts)
    return PageLayout(info.number, float(plumber_page.width), float(plumber_page.height),
                      tuple(slim_line(ln) for ln in lines), (), (), (), n_cid, len(glyphs), info.n_images, 0,
                      info)


def open_first_look(data: bytes):
    """The document opened with pdfium for first looks, or None where pdfium cannot open it
    (then every page is read in full, as without triage)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except Exception:  # pdfminer may still read what pdfium refuses; it says why if not
        return None


@contextmanager
def look_at_page(doc: PdfDocument, number: int, pdf: PdfSettings
                 ) -> Iterator[tuple[tuple[PdfPage, PdfTextPage] | tuple[None, None], PageInfo | None]]:
    """((pdfium page, text page), PageInfo) of page ``number`` (1-based); (None, None) where
    pdfium cannot load the page. The page is closed after the block."""
    try:
        page = doc[number - 1]
        textpage = page.get_textpage()
    except Exception:
        yield (None, None), None
        return
    try:
        try:
            info = triage_page(page, textpage, number, pdf.triage, pdf.pages.max_form_depth)
        except Exception:  # no first look: the page is read in full
            info = None
        yield (page, textpage), info
    finally:
        textpage.close()
        page.close()


def layout_page_info(layout: PageLayout) -> PageInfo:
    """What a page read in full is, where pdfium could not look at it first: from its layout."""
    if layout.n_chars:
        kind = PageKind.TABLE if layout.tables else PageKind.TEXT
    else:
        kind = PageKind.SCAN if layout.n_images else PageKind.BLANK
    return PageInfo(layout.number, kind, layout.n_chars, None, layout.n_images, None)

"""Opening a PDF, and one page -> PageLayout (glyphs, words, rules, marks, tables, flow lines).
Tolerances: ``[read]`` (``rs``) and its ``PdfSettings`` (``pdf``)."""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.model import BBox
from pipeline.read.errors import ReadError
from pipeline.read.pdf.bands import band_tables
from pipeline.read.pdf.cells import inside
from pipeline.read.pdf.fills import cell_paint, with_cell_fills
from pipeline.read.pdf.glyphs import chars_to_glyphs, glyphs_to_words, words_to_lines
from pipeline.read.pdf.grids import (
    grid_to_rows,
    light_table_to_rows,
    lines_to_light_tables,
    objects_to_rules,
    rules_to_grids,
)
from pipeline.read.pdf.layout import Item, Line, PageLayout
from pipeline.read.pdf.objects import text_turn, use_fast_objects
from pipeline.read.pdf.shapes import objects_to_shapes, oversized_images
from pipeline.settings.profile import ReadSettings
from pipeline.status.marks import is_mark_glyph

# a page's content streams may inflate to this many bytes (a real page: well under 1 MB)
MAX_PAGE_CONTENT_BYTES = 64 * 1024 * 1024
# a mark or a bar is small: an image declaring more pixels than this is not decoded
MAX_IMAGE_PIXELS = 4_000_000
INFLATE_CHUNK = 1024 * 1024  # inflate this much at a time while counting
# "/Name Do" draws an XObject; a name is looked for this far back across an inflated chunk's edge
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
DO_CARRY_BYTES = 256
_ANY = "*"  # a stream whose drawing operators cannot be seen (an exotic filter): it may draw any form

@dataclass(frozen=True, slots=True)
class PageBudgets:
    """What one page may cost before it is refused: bounded memory per document."""

    content_bytes: int = MAX_PAGE_CONTENT_BYTES  # decompressed content streams
    image_pixels: int = MAX_IMAGE_PIXELS  # declared size of an image that would be decoded


DEFAULT_BUDGETS = PageBudgets()


class PageError(ReadError):
    """One page cannot be read; the rest of the document can."""


def open_pdf(data: bytes):
    """Open with pdfplumber; encryption and corruption become ReadErrors that say why. Pages
    with /Rotate are read as drawn, before the rotation for display (reading order)."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = len(pdf.pages)
        unrotate_pages(pdf)
    except MemoryError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer errors in PdfminerException
        if exc.args and isinstance(exc.args[0], MemoryError):  # over the worker's limit, not corrupt
            raise exc.args[0] from None
        raise _read_error(exc) from exc
    return pdf


def unrotate_pages(pdf) -> int:
    """/Rotate 90/180/270 turns a page for display only; pdfminer applies it to the glyphs, which
    then run vertically or upside down. Read such pages unrotated. Returns how many there were."""
    from pdfplumber.page import Page

    pages, doctop, n = [], 0.0, 0
    for p in pdf.pages:
        if p.rotation:
            p.page_obj.attrs["Rotate"] = 0
            p.page_obj.rotate = 0
            p = Page(pdf, p.page_obj, page_number=p.page_number, initial_doctop=doctop)
            n += 1
        pages.append(p)
        doctop += p.height
    if n:
        pdf._pages = pages  # pdfplumber caches its Page list here
    return n


def turned_page(page, degrees: int):
    """``page`` as seen when turned ``degrees`` clockwise: text drawn running up the page (90),
    upside down (180) or down it (270) then runs left to right, in reading order."""
    from pdfplumber.page import Page

    page.page_obj.attrs["Rotate"] = degrees
    page.page_obj.rotate = degrees
    return Page(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)


def _inflated_size(raw: bytes, filters: list, limit: int, drawn: set[str] | None = None) -> int:
    """Size of a stream after its filters, inflating in chunks and stopping past ``limit``.
    ASCII filters are undone first (they shrink); other filters count at their input size. The
    XObject names the stream draws ("/Fm1 Do") go into ``drawn`` (``_ANY`` where they cannot be
    read: a filter that is not undone here, or a predictor)."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE

    drawn = set() if drawn is None else drawn
    names = [f for f, _params in filters]
    while names and names[0] in (*LITERALS_ASCII85_DECODE, *LITERALS_ASCIIHEX_DECODE):
        raw = ascii85_decode(raw, ascii85decode) if names.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode(raw)
    if not names:
        _draws(raw, drawn)
        return len(raw)
    params = filters[len(filters) - len(names)][1]
    predictor = params.get("Predictor", 1) if isinstance(params, dict) else 1
    if len(names) > 1 or names[0] not in LITERALS_FLATE_DECODE or predictor != 1:
        drawn.add(_ANY)
    if names[0] in LITERALS_FLATE_DECODE:
        z, total, buf, carry = zlib.decompressobj(), 0, raw, b""
        while buf and total <= limit:
            chunk = z.decompress(buf, INFLATE_CHUNK)
            total += len(chunk)
            _draws(carry + chunk, drawn)
            carry, buf = chunk[-DO_CARRY_BYTES:], z.unconsumed_tail
        return total
    return len(raw)


_A85_IGNORED = b" \t\n\r\x0b"  # what base64.a85decode skips


def ascii85_decode(data: bytes, slow) -> bytes:
    """pdfminer's ``ascii85decode`` (``slow``), vectorised: its pure-Python decoder takes a second
    per MB, and a drawing's content stream is megabytes. Input it would treat specially (a
    one-character tail, a misplaced "z", a character out of range) goes to ``slow``."""
    import numpy as np

    body = data.translate(None, _A85_IGNORED)
    body = body[2:] if body.startswith(b"<~") else body[1:] if body.startswith(b"~") else body
    body = body[:-2] if body.endswith(b"~>") else body[:-1] if body.endswith(b"~") else body
    if b"z" in body:
        parts = body.split(b"z")
        if any(len(p) % 5 for p in parts[:-1]):
            return slow(data)
        body = b"!!!!!".join(parts)
    pad = -len(body) % 5
    arr = np.frombuffer(body + b"u" * pad, np.uint8)
    if pad == 4 or (arr.size and (arr.min() < 33 or arr.max() > 117)):
        return slow(data)
    g = arr.reshape(-1, 5).astype(np.uint64) - 33
    values = (((g[:, 0] * 85 + g[:, 1]) * 85 + g[:, 2]) * 85 + g[:, 3]) * 85 + g[:, 4]
    if values.size and values.max() > 0xFFFFFFFF:
        return slow(data)
    out = values.astype(">u4").tobytes()
    return out[: len(out) - pad]


def _draws(content: bytes, drawn: set[str]) -> None:
    """Add the names of the XObjects ``content`` draws to ``drawn``, spelled as pdfminer spells a
    resource's name ("/F#30" is "F0"), so an escaped name cannot slip a form past the budget."""
    if b"Do" not in content:
        return
    for raw in _DO.findall(content):
        name = _NAME_ESCAPE.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
        try:
            drawn.add(name.decode("utf-8"))
        except UnicodeDecodeError:
            drawn.add(str(name))


def content_size(page, limit: int, max_depth: int) -> int:
    """Decompressed size of what the page draws: its content streams and the Form XObjects they
    draw ("/Fm1 Do"), and the forms those draw, each once; given up past ``limit`` (a 1 MB stream
    can inflate to gigabytes). Forms nested deeper than ``max_depth`` refuse the page."""
    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(page.page_obj.attrs.get("Contents"))
    level = [(resolve1(ref), page.page_obj.resources) for ref in
             (contents if isinstance(contents, list) else [contents])]
    total, seen = 0, set[int]()
    for _depth in range(max_depth + 1):
        deeper: list = []
        for stream, resources in level:
            if not isinstance(stream, PDFStream):
                continue
            drawn: set[str] = set()
            if stream.data is not None:  # decoded already: a stream several pages share
                total += len(stream.data)
                _draws(stream.data, drawn)
            else:
                total += _inflated_size(stream.rawdata or b"", stream.get_filters(), limit - total, drawn)
            if total > limit:
                return total
            deeper += _drawn_forms(drawn, resources, seen)
        if not deeper:
            return total
        level = deeper
    raise PageError(f"page {page.page_number}: Form XObjects nest deeper than {max_depth} levels; "
                    "page skipped")


def _drawn_forms(drawn: set[str], resources, seen: set) -> list:
    """(form, its resources) for each Form XObject of ``resources`` named in ``drawn`` and not in
    ``seen`` (object ids: a form drawn twice, or drawing its parent, counts once). A form without
    resources of its own draws with its parent's, as pdfminer does."""
    from pdfminer.pdfinterp import LITERAL_FORM
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return []
    out = []
    for name, ref in xobjects.items():
        key = ref.objid if isinstance(ref, PDFObjRef) else id(ref)
        if (_ANY not in drawn and name not in drawn) or key in seen:
            continue
        form = resolve1(ref)
        if isinstance(form, PDFStream) and resolve1(form.get("Subtype")) is LITERAL_FORM:  # not an image
            seen.add(key)
            out.append((form, resolve1(form.get("Resources")) or resources))
    return out


def check_page_budget(page, budgets: PageBudgets | None, max_form_depth: int) -> None:
    budgets = budgets or DEFAULT_BUDGETS
    size = content_size(page, budgets.content_bytes, max_form_depth)
    if size > budgets.content_bytes:
        raise PageError(f"page {page.page_number}: content streams inflate to more than "
                        f"{budgets.content_bytes} bytes; page skipped")


def _read_error(exc: BaseException) -> ReadError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(inner).lower():
        return ReadError("encrypted PDF: a password is required to read it")
    name = type(inner).__name__
    if name in ("PSEOF",) or "EOF" in str(inner):
        return ReadError(f"truncated or corrupt PDF: unexpected end of file ({name})")
    return ReadError(f"corrupt PDF: {name}: {inner}")




def page_to_layout(page, rs: ReadSettings, budgets: PageBudgets | None = None, *,
                   budget_checked: bool = False) -> PageLayout:
    """Everything the reader needs from one page, as plain values; the page can be closed.
    Raises ``PageError`` for a page over its budgets (unless the caller has checked them)."""
    budgets, pdf = budgets or DEFAULT_BUDGETS, rs.pdf
    if not budget_checked:
        check_page_budget(page, budgets, pdf.pages.max_form_depth)
    use_fast_objects(page)
    turn = text_turn(page.chars, pdf.text)
    if turn:  # text drawn sideways or upside down on the page: read it as it reads
        page = turned_page(page, turn)
        use_fast_objects(page)
    glyphs, n_cid = chars_to_glyphs(page.chars, pdf.text)
    words = glyphs_to_words(glyphs, pdf.text)
    rules = objects_to_rules(page.lines, page.rects, rs.max_mark_size, pdf.grids)
    fills = [r for r in page.rects if r.get("fill") and (r["x1"] - r["x0"]) > rs.max_mark_size]
    shapes, figures = objects_to_shapes(page, rs.max_mark_size, budgets.image_pixels, pdf)
    grids, row_rules = rules_to_grids(rules, pdf.grids.grid_tolerance)
    n = page.page_number
    tables: list[tuple[Item, ...]] = []
    used: set[int] = set()
    for g in grids:
        box = g.bbox
        in_grid = [w for w in words if inside(w, box, pdf.cells.inside_tolerance)]
        if not in_grid:
            continue
        used.update(id(w) for w in in_grid)
        rows = grid_to_rows(g, in_grid, shapes, fills, n, len(tables), pdf)
        if rows:
            tables.append(tuple(rows))
    banded, taken_words = band_tables(row_rules, fills, [w for w in words if id(w) not in used], shapes, n,
                                      len(tables), _footer_top(words, page.height * (1 - rs.margin_share),
                                                                  pdf.pages.footer_line_tolerance), pdf)
    tables += banded
    paint = cell_paint(page.rects, pdf.cells) if tables else []
    tables = [with_cell_fills(t, paint, pdf.cells) for t in tables]
    used |= taken_words
    flow_words = [w for w in words if id(w) not in used]
    lines = words_to_lines(flow_words, pdf.text)
    light = lines_to_light_tables(lines, row_rules, rs.column_gap_em, rs.paragraph_gap_em, pdf, rs.header_names)
    taken: set[int] = set()
    right = page.width - pdf.pages.right_margin
    for a, b, cols in light:
        part = lines[a:b]
        right_edge = max(ln.x1 for ln in part) + 2
        rows = light_table_to_rows(part, cols, row_rules, rs.column_gap_em, shapes, n, len(tables),
                                   max(right_edge, min(right, right_edge)), pdf)
        if len(rows) >= 2:
            tables.append(tuple(rows))
            taken.update(range(a, b))
    # the layout outlives the page: keep only the glyphs a later step reads (legend marks), so a
    # long document does not hold every character of every page as an object
    flow = tuple(slim_line(ln) for k, ln in enumerate(lines) if k not in taken)
    table_boxes = [BBox(t[0].bbox.x0, t[0].bbox.top, t[-1].bbox.x1, t[-1].bbox.bottom) for t in tables]
    loose = tuple(s for s in shapes if not any(_within(s, b, pdf.pages.table_box_tolerance) for b in table_boxes))
    return PageLayout(n, float(page.width), float(page.height), flow, tuple(tables), tuple(figures), loose,
                      n_cid, len(glyphs), len(page.images),
                      len(oversized_images(page, budgets.image_pixels)))


@lru_cache(maxsize=32)
def slim_line(ln: Line) -> Line:
    return Line(tuple(replace(w, glyphs=tuple(g for g in w.glyphs if is_mark_glyph(g.text))) for w in ln.words))


def _within(s, b, t: float) -> bool:
    return b.x0 - t <= s.x0 and s.x1 <= b.x1 + t and b.top - t <= s.top and s.bottom <= b.bottom + t


def _footer_top(words, margin: float, tol: float) -> float:
    """Top of the page's last line when it sits in the bottom margin (a running footer or page
    number): nothing below it belongs to a table."""
    low = [w for w in words if w.top >= margin]
    if not low:
        return float("inf")
    last = max(w.top for w in low)
    return min(w.top for w in low if abs(w.top - last) <= tol)

"""Opening a PDF, and one page -> PageLayout (glyphs, words, rules, marks, tables, flow lines).
Tolerances: ``[read]`` (``rs``) and its ``PdfSettings`` (``pdf``)."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.model import BBox
from pipeline.read.errors import ReadError
from pipeline.read.pdf.bands import band_tables
from pipeline.read.pdf.budget import ContentCost, NestingError, content_cost
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

# the streams a page may run (its content, forms, Type3 glyph procedures, tiling patterns and
# annotation appearances: ``budget``) may inflate to this many bytes (a real page: well under 1 MB)
MAX_PAGE_CONTENT_BYTES = 64 * 1024 * 1024
# Type3 glyph procedures of the fonts a page selects, at most this many bytes before pdfium's first
# look: pdfium parses every one when it loads the page, at about 15 times their size in memory
# (20 procedures of 100,000 paths: 35 MB inflated, 530 MB); pdfminer runs none. Real Type3 fonts
# (TeX bitmaps, matplotlib outlines) are well under 100 KB. Over it the page is read without triage.
MAX_GLYPH_PROC_BYTES = 1024 * 1024
# a mark or a bar is small: an image declaring more pixels than this is not decoded
MAX_IMAGE_PIXELS = 4_000_000

@dataclass(frozen=True, slots=True)
class PageBudgets:
    """What one page may cost before it is refused: bounded memory per document."""

    content_bytes: int = MAX_PAGE_CONTENT_BYTES  # decompressed streams the page may run
    glyph_proc_bytes: int = MAX_GLYPH_PROC_BYTES  # of them, Type3 glyph procedures (before pdfium)
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


def check_page_budget(page, budgets: PageBudgets | None, max_form_depth: int) -> ContentCost:
    """What the page may run (``budget.content_cost``); a ``PageError`` past the content budget."""
    budgets = budgets or DEFAULT_BUDGETS
    try:
        cost = content_cost(page.page_obj, budgets.content_bytes, max_form_depth)
    except NestingError as exc:
        raise PageError(f"page {page.page_number}: Form XObjects, glyph procedures or pattern cells nest deeper "
                        f"than {exc.args[0]} levels; page skipped") from None
    if cost.total > budgets.content_bytes:
        also = f" (with {cost.sources()})" if cost.sources() else ""
        raise PageError(f"page {page.page_number}: content streams{also} inflate to more than "
                        f"{budgets.content_bytes} bytes; page skipped")
    return cost


def glyphs_over_budget(page, cost: ContentCost, budgets: PageBudgets | None = None) -> str | None:
    """What to warn of where the page's Type3 glyph procedures are over their budget: then the
    page gets no first look (pdfium would parse them all; pdfminer runs none)."""
    limit = (budgets or DEFAULT_BUDGETS).glyph_proc_bytes
    if cost.glyph_bytes <= limit:
        return None
    return (f"page {page.page_number}: Type3 glyph procedures of more than {limit} bytes: read in full "
            "without a first look (its kind is not triaged)")


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

"""Opening a PDF, and one page -> PageLayout (glyphs, words, rules, marks, tables, flow lines)."""

from __future__ import annotations

import io
from dataclasses import replace

from pipeline.marks import is_mark_glyph
from pipeline.model import BBox
from pipeline.profile import Profile
from pipeline.read import ReadError
from pipeline.read.pdf.cells import inside
from pipeline.read.pdf.glyphs import chars_to_glyphs, glyphs_to_words, words_to_lines
from pipeline.read.pdf.grids import (
    grid_to_rows,
    light_table_to_rows,
    lines_to_light_tables,
    objects_to_rules,
    rules_to_grids,
)
from pipeline.read.pdf.layout import Item, Line, PageLayout
from pipeline.read.pdf.shapes import objects_to_shapes

# a light table's right edge is at most this far (pt) from the page edge
RIGHT_MARGIN = 40.0
# a mark this close (pt) outside a table's box belongs to the table
TABLE_BOX_TOLERANCE = 1.0

def open_pdf(data: bytes):
    """Open with pdfplumber; encryption and corruption become ReadErrors that say why."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = len(pdf.pages)
    except Exception as exc:  # pdfplumber wraps pdfminer errors in PdfminerException
        raise _read_error(exc) from exc
    return pdf


def _read_error(exc: BaseException) -> ReadError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError) or "password" in str(inner).lower():
        return ReadError("encrypted PDF: a password is required to read it")
    name = type(inner).__name__
    if name in ("PSEOF",) or "EOF" in str(inner):
        return ReadError(f"truncated or corrupt PDF: unexpected end of file ({name})")
    return ReadError(f"corrupt PDF: {name}: {inner}")




def page_to_layout(page, profile: Profile) -> PageLayout:
    """Everything the reader needs from one page, as plain values; the page can be closed."""
    rs = profile.read
    glyphs, n_cid = chars_to_glyphs(page.chars)
    words = glyphs_to_words(glyphs)
    rules = objects_to_rules(page.lines, page.rects, rs.max_mark_size)
    fills = [r for r in page.rects if r.get("fill") and (r["x1"] - r["x0"]) > rs.max_mark_size]
    shapes, figures = objects_to_shapes(page, rs.max_mark_size)
    grids, row_rules = rules_to_grids(rules)
    n = page.page_number
    tables: list[tuple[Item, ...]] = []
    used: set[int] = set()
    for g in grids:
        box = g.bbox
        in_grid = [w for w in words if inside(w, box)]
        if not in_grid:
            continue
        used.update(id(w) for w in in_grid)
        rows = grid_to_rows(g, in_grid, shapes, fills, n, len(tables))
        if rows:
            tables.append(tuple(rows))
    flow_words = [w for w in words if id(w) not in used]
    lines = words_to_lines(flow_words)
    light = lines_to_light_tables(lines, row_rules, rs.column_gap_em, rs.paragraph_gap_em)
    taken: set[int] = set()
    right = page.width - RIGHT_MARGIN
    for a, b, cols in light:
        part = lines[a:b]
        right_edge = max(ln.x1 for ln in part) + 2
        rows = light_table_to_rows(part, cols, row_rules, rs.column_gap_em, shapes, n, len(tables), max(right_edge, min(right, right_edge)))
        if len(rows) >= 2:
            tables.append(tuple(rows))
            taken.update(range(a, b))
    # the layout outlives the page: keep only the glyphs a later step reads (legend marks), so a
    # long document does not hold every character of every page as an object
    flow = tuple(_slim_line(ln) for k, ln in enumerate(lines) if k not in taken)
    table_boxes = [BBox(t[0].bbox.x0, t[0].bbox.top, t[-1].bbox.x1, t[-1].bbox.bottom) for t in tables]
    loose = tuple(s for s in shapes if not any(_within(s, b) for b in table_boxes))
    return PageLayout(n, float(page.width), float(page.height), flow, tuple(tables), tuple(figures), loose,
                      n_cid, len(glyphs), len(page.images))


def _slim_line(ln: Line) -> Line:
    return Line(tuple(replace(w, glyphs=tuple(g for g in w.glyphs if is_mark_glyph(g.text))) for w in ln.words))


def _within(s, b) -> bool:
    t = TABLE_BOX_TOLERANCE
    return b.x0 - t <= s.x0 and s.x1 <= b.x1 + t and b.top - t <= s.top and s.bottom <= b.bottom + t

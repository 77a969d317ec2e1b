"""Born-digital PDF reports -> Document, with pdfplumber (algorithm ``read.pdf.v1``).

Per page (``pages``; the page is closed before the next one is opened, so memory stays bounded):
    chars -> glyphs -> words -> lines (``glyphs``)
    curves, rects, images -> marks (``shapes``)
    ruled grids and light tables -> TABLE_ROW items (``grids``, ``cells``)
Per document (``flow``):
    running headers, footers, page numbers; heading styles; legend lines;
    headings, paragraphs, list items, TOC entries; page-break joins; char offsets.

pdfplumber's ``extract_table`` loses colours and shapes, so cells are filled from the
words and mark objects found inside each cell's bbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.model import Document, ErrorReason, ErrorRecord, PageKind, Severity
from pipeline.read.errors import ReadError
from pipeline.read.pdf.cells import join_cell_lines
from pipeline.read.pdf.flow import (
    FlowState,
    items_to_blocks,
    layouts_to_furniture,
    layouts_to_legend_lines,
    lines_to_items,
    lines_to_styles,
    merge_page_breaks,
    tables_to_legend_pairs,
)
from pipeline.read.pdf.glyphs import chars_to_glyphs
from pipeline.read.pdf.layout import PageLayout
from pipeline.read.pdf.masks import mask_to_shape
from pipeline.read.pdf.pages import (
    PageBudgets,
    PageError,
    check_page_budget,
    glyphs_over_budget,
    open_pdf,
    page_to_layout,
)
from pipeline.read.pdf.triage import (
    TEXT_ONLY,
    layout_page_info,
    look_at_page,
    open_first_look,
    text_only_layout,
)
from pipeline.settings.profile import Profile, ReadSettings
from pipeline.status.marks import pairs_to_legend

__all__ = ["PageBudgets", "PageReader", "chars_to_glyphs", "join_cell_lines", "mask_to_shape", "page_to_layout",
           "read_pdf"]

# The pages of one PDF -> (layouts in page order, page errors, Title/Author/Subject), as
# ``read_layouts`` does. The batch passes its own (``pipeline.batch.pdf_pages.read_pages``: one long
# PDF in worker processes, pages reported to the progress bar); the reader knows no processes.
PageReader = Callable[[bytes, ReadSettings, PageBudgets | None],
                      tuple[list[PageLayout], list[ErrorRecord], list[tuple[str, str]]]]


def read_layouts(data: bytes, rs: ReadSettings, budgets: PageBudgets | None = None, pages: range | None = None,
                 on_page: Callable[[int, int], None] | None = None
                 ) -> tuple[list[PageLayout], list[ErrorRecord], list[tuple[str, str]]]:
    """The layouts of ``pages`` (0-based; all by default) in page order; a page that cannot be read
    is an error row with its page number, and the rest is still read. Also the PDF's Title, Author
    and Subject. ``on_page(done, total)`` after each page."""
    pdf = open_pdf(data)
    first_look = open_first_look(data)
    info = [(k, str(v)[:500]) for k, v in (pdf.metadata or {}).items() if k in ("Title", "Author", "Subject")]
    layouts: list[PageLayout] = []
    errors: list[ErrorRecord] = []
    try:
        chosen = pdf.pages if pages is None else [pdf.pages[i] for i in pages]
        for done, page in enumerate(chosen, start=1):
            try:
                layouts.append(_read_page(page, first_look, rs, budgets, errors))
            except PageError as exc:
                errors.append(ErrorRecord("read", str(exc), Severity.ERROR, page.page_number))
            except MemoryError:  # the process is over its memory limit: the document fails, see run_document
                raise
            except Exception as exc:
                errors.append(ErrorRecord("read", f"page {page.page_number} cannot be read "
                                          f"({type(exc).__name__}: {exc})", Severity.ERROR, page.page_number))
            finally:
                page.close()  # drops the page's cached objects: memory stays flat on long documents
            if on_page is not None:
                on_page(done, len(chosen))
    finally:
        pdf.close()
        if first_look is not None:
            first_look.close()
    return layouts, errors, info


def _read_page(page, first_look, rs: ReadSettings, budgets: PageBudgets | None,
               warnings: list[ErrorRecord]) -> PageLayout:
    """One page's layout after a first look at it: a drawing or map is read for its text only.
    A page whose Type3 glyph procedures are over their budget gets no first look (pdfium would
    parse them all; pdfminer runs none), and a warning row says so."""
    if first_look is None:
        return page_to_layout(page, rs, budgets)
    cost = check_page_budget(page, budgets, rs.pdf.pages.max_form_depth)  # before pdfium parses the content streams
    over = glyphs_over_budget(page, cost, budgets)
    if over:
        warnings.append(ErrorRecord("read", over, Severity.WARNING, page.page_number))
        return page_to_layout(page, rs, budgets, budget_checked=True)
    with look_at_page(first_look, page.page_number, rs.pdf) as ((pdfium_page, textpage), info):
        if info is not None and info.kind in TEXT_ONLY:  # an info: pdfium loaded the page
            return text_only_layout(pdfium_page, textpage, info, page, rs.pdf.text)
    layout = page_to_layout(page, rs, budgets, budget_checked=True)
    if info is not None and layout.tables and info.kind is PageKind.TEXT:
        info = replace(info, kind=PageKind.TABLE)
    return replace(layout, info=info)


def text_only_warnings(layouts: list[PageLayout]) -> list[ErrorRecord]:
    """A warning row for each page read for its text only (a drawing or map)."""
    out = []
    for lay in layouts:
        if lay.info is not None and lay.info.kind in TEXT_ONLY:
            i = lay.info
            out.append(ErrorRecord("read", f"page {lay.number}: {i.kind.value} ({i.n_paths} vector objects, "
                                   f"{i.n_chars} characters): its text is read, no tables or marks",
                                   Severity.WARNING, lay.number, ErrorReason.TEXT_ONLY_PAGE))
    return out


def read_pdf(path: Path, data: bytes, profile: Profile, budgets: PageBudgets | None = None,
             read_pages: PageReader | None = None) -> Document:
    """A born-digital PDF -> Document. Raises ReadError for encrypted, corrupt or image-only PDFs,
    or when no page can be read. ``read_pages``: how the pages are read (``read_layouts`` here,
    one after the other, by default)."""
    rs, pdf = profile.read, profile.read.pdf
    layouts, warnings, info = (read_pages or read_layouts)(data, rs, budgets)
    if not layouts:
        raise ReadError(warnings[0].message if warnings else "PDF has no pages")
    if sum(lay.n_chars for lay in layouts) == 0:
        raise ReadError("no text layer; OCR is not supported")
    for lay in layouts:
        if lay.n_big_images:
            warnings.append(ErrorRecord("read", f"page {lay.number}: {lay.n_big_images} image(s) over the "
                                        f"pixel budget not decoded (no marks read from them)",
                                        Severity.WARNING, lay.number))
    for lay in layouts:
        if lay.n_cid:
            warnings.append(ErrorRecord("read", f"page {lay.number}: {lay.n_cid} glyph(s) without a Unicode "
                                        "mapping ((cid:NN)), shown as U+FFFD", Severity.WARNING, lay.number))
        if lay.n_chars == 0 and lay.n_images:
            warnings.append(ErrorRecord("read", f"page {lay.number}: no text layer (scanned page?); OCR is not "
                                        "supported", Severity.WARNING, lay.number))
    warnings += text_only_warnings(layouts)
    furniture = layouts_to_furniture(layouts, rs)
    styles = lines_to_styles(layouts, furniture, pdf)
    state = FlowState()
    legend_pairs, legend_lines = layouts_to_legend_lines(layouts, styles, profile.legend, pdf)
    legend_lines -= furniture
    max_words = profile.sections.max_heading_words
    pages = [lines_to_items(lay, furniture, styles, rs, max_words, state, legend_lines) for lay in layouts]
    items = merge_page_breaks(pages, pdf)
    text, blocks = items_to_blocks(items)
    legend = pairs_to_legend(legend_pairs + tables_to_legend_pairs(layouts, profile.legend, pdf), profile)
    return Document(source_path=str(path), source_format="pdf", sha256=hashlib.sha256(data).hexdigest(),
                    text=text, blocks=blocks, page_count=len(layouts), legend=legend, warnings=tuple(warnings),
                    pages=tuple(lay.info or layout_page_info(lay) for lay in layouts),
                    metadata=(*info, ("Furniture", "\n".join(dict.fromkeys(
                        ln.text for lay in layouts for k, ln in enumerate(lay.lines) if (lay.number, k) in furniture)))))

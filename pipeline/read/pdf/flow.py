"""Document-level flow: running headers and footers (furniture), heading styles, headings /
paragraphs / list items / TOC entries, legend lines, page-break joins and char offsets.
Tolerances: ``[read]`` (``rs``) and its ``PdfSettings`` (``pdf``; ``FlowSettings``: ``fs``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.model import BBox, Block, BlockKind, Cell, Mark, Provenance
from pipeline.read.chars import clean_text
from pipeline.read.pdf.cells import join_fragments
from pipeline.read.pdf.layout import Item, Line, PageLayout, RowCell, Shape, is_bullet, small_caps
from pipeline.settings.pdf import PdfSettings
from pipeline.settings.profile import LegendSettings, ReadSettings
from pipeline.status.marks import glyph_to_mark, is_legend_heading, is_mark_glyph
from pipeline.text.hyphenation import join_two, restore_suspension_hyphens

_LEADER = re.compile(r"^(?P<title>.*?)\s*(?:\.{3,}|…{2,}|\s{3,})\s*(?P<page>\d{1,4})$")
_PAGE_NUMBER = re.compile(r"^(?:(?:sida|page|s\.)\s*)?\d{1,4}(?:\s*(?:\(|/|av|of)\s*\d{1,4}\)?)?$", re.I)
_SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "”", "»")
_TIGHT = {BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY, BlockKind.LIST_ITEM, BlockKind.LEGEND}

def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def layouts_to_furniture(layouts: Sequence[PageLayout], rs: ReadSettings) -> set[tuple[int, int]]:
    """(page, line index) of running headers/footers and page numbers.

    A line in the top or bottom margin band whose text (digits masked) repeats at about the
    same height on enough pages is furniture; so is a lone page number in a margin band.
    """
    share, band_height = rs.margin_share, rs.pdf.flow.furniture_band
    seen: dict[tuple[str, int], set[int]] = {}
    cands: list[tuple[int, int, str, int]] = []
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            if ln.bottom <= lay.height * share or ln.top >= lay.height * (1 - share):
                key = _furniture_key(ln.text)
                band = round(ln.top / band_height)
                cands.append((lay.number, k, key, band))
                seen.setdefault((key, band), set()).add(lay.number)
    need = max(2, int(len(layouts) * rs.furniture_min_share + 0.999))
    out: set[tuple[int, int]] = set()
    for page, k, key, band in cands:
        pages = seen.get((key, band), set()) | seen.get((key, band - 1), set()) | seen.get((key, band + 1), set())
        lay = layouts[page - 1] if page <= len(layouts) and layouts[page - 1].number == page else \
            next(x for x in layouts if x.number == page)  # a page that could not be read leaves a gap
        if len(pages) >= need or _PAGE_NUMBER.match(lay.lines[k].text.strip()):
            out.add((page, k))
    return out



@dataclass
class _Styles:
    body: tuple[float, bool, bool]
    levels: dict[tuple[float, bool, bool], int] = field(default_factory=dict)


def lines_to_styles(layouts: Sequence[PageLayout], furniture: set[tuple[int, int]], pdf: PdfSettings) -> _Styles:
    """Body style = most text; heading styles = larger, or bold at body size, ranked 1.. by size."""
    counts: Counter = Counter()
    n_lines: Counter = Counter()
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            if (lay.number, k) not in furniture:
                counts[ln.style] += len(ln.text)
                n_lines[ln.style] += 1
    if not counts:
        return _Styles((10.0, False, False))
    body = counts.most_common(1)[0][0]
    title = next((ln.style for lay in layouts for k, ln in enumerate(lay.lines) if (lay.number, k) not in furniture), None)
    # the title's style ranks above every heading; numbering starts below it. A style the first
    # line shares with others (a chapter heading on a page with no title) is a heading's.
    only_title = title if n_lines[title] == 1 else None
    heads = [s for s in counts if _is_heading_style(s, body, pdf) and s != only_title]
    heads.sort(key=lambda s: (-s[0], not s[1], s[2]))
    return _Styles(body, {s: i + 1 for i, s in enumerate(heads)})


def _is_heading_style(style: tuple[float, bool, bool], body: tuple[float, bool, bool], pdf: PdfSettings) -> bool:
    size, bold, _ = style
    return (size >= body[0] + pdf.heading_size_step
            or (bold and not body[1] and size >= body[0] - pdf.flow.bold_heading_size_tolerance))


@dataclass
class FlowState:
    """What the flow of one page hands to the next."""

    title_done: bool = False  # the document's first paragraph or heading became its TITLE
    in_toc: bool = False  # the lines are entries of a table of contents (under its heading)


def _flow(layout: PageLayout, furniture: set[tuple[int, int]],
          legend_lines: frozenset[tuple[int, int]] | set[tuple[int, int]]
          ) -> list[tuple[float, str, Line | tuple[Item, ...] | BBox]]:
    """The page's lines (not its furniture), tables (their rows) and figures, top to bottom."""
    flow: list[tuple[float, str, Line | tuple[Item, ...] | BBox]] = [
        (ln.top, "legend" if (layout.number, k) in legend_lines else "line", ln)
        for k, ln in enumerate(layout.lines) if (layout.number, k) not in furniture]
    flow += [(t[0].bbox.top, "table", t) for t in layout.tables]
    flow += [(f.top, "figure", f) for f in layout.figures]
    flow.sort(key=lambda t: t[0])
    return flow


class _Paragraphs:
    """Lines -> items: lines join the current paragraph until a gap, a style change, a bullet or
    a mark starts a new one. ``state`` carries the title and table-of-contents flags across pages."""

    def __init__(self, layout: PageLayout, styles: _Styles, rs: ReadSettings, max_heading_words: int,
                 state: FlowState) -> None:
        self.layout, self.styles, self.state = layout, styles, state
        self.rs, self.pdf = rs, rs.pdf
        self.toc_heads = {h.lower() for h in self.rs.toc_headings}
        self.max_words = max_heading_words
        self.items: list[Item] = []
        self.cur: list[Line] = []
        self.kind: BlockKind | None = None

    def flush(self) -> None:
        if not self.cur:
            return
        style = self.cur[0].style
        text = _join_paragraph(self.cur)
        kind, level = self.kind or BlockKind.PARAGRAPH, None
        if kind == BlockKind.PARAGRAPH and style in self.styles.levels and len(text.split()) <= self.max_words:
            kind, level = BlockKind.HEADING, self.styles.levels[style]
        if not self.state.title_done:
            self.state.title_done = True
            if kind in (BlockKind.HEADING, BlockKind.PARAGRAPH):
                kind, level = BlockKind.TITLE, None
        box = self.cur[0].bbox
        for ln in self.cur[1:]:
            box = box.union(ln.bbox)
        if kind == BlockKind.LIST_ITEM:
            text = text.split(" ", 1)[1] if " " in text else text
        self.items.append(Item(kind, text, self.layout.number, box, level=level,
                               style="bold" if style[1] and kind == BlockKind.PARAGRAPH else None))
        if kind == BlockKind.HEADING:
            self.state.in_toc = text.lower() in self.toc_heads
        elif kind == BlockKind.TITLE:
            self.state.in_toc = False
        self.cur, self.kind = [], None

    def add(self, item: Item) -> None:
        self.flush()
        self.items.append(item)

    def line(self, ln: Line) -> None:
        bullet = is_bullet(ln, self.pdf.text)
        if self.cur and self._starts_paragraph(ln, bullet):
            self.flush()
        if self.state.in_toc:
            m = _LEADER.match(ln.text)
            if m:
                title, pageno = m.group("title").strip(), m.group("page")
                cells = (RowCell(title, ln.bbox), RowCell(pageno, ln.bbox))
                self.add(Item(BlockKind.TOC_ENTRY, f"{title}\t{pageno}", self.layout.number, ln.bbox, cells=cells))
                return
        if not self.cur:
            self.kind = BlockKind.LIST_ITEM if bullet else None
        self.cur.append(ln)

    def _starts_paragraph(self, ln: Line, bullet: bool) -> bool:
        prev, first = self.cur[-1], self.cur[0]
        outdented = self.kind == BlockKind.LIST_ITEM and \
            ln.x0 < first.words[min(1, len(first.words) - 1)].x0 - self.pdf.flow.list_indent_tolerance
        restyled = ln.style != prev.style and not _continues_small_caps(prev, ln)
        return (ln.top - prev.bottom > self.rs.paragraph_gap_em * ln.style[0] or restyled or bullet
                or outdented or is_mark_glyph(ln.words[0].text) or bool(_mark_left_of(ln, self.layout.shapes, self.pdf)))


def _continues_small_caps(prev: Line, ln: Line) -> bool:
    """A small-caps heading's second line may hold no capital of the larger size ("ANPASSAD
    GRUNDSKOLA" under "7.1 GRANSKNING AV ..."): capitals only, at the smaller size, same weight."""
    return (small_caps(prev.words) and not any(c.islower() for c in ln.text) and ln.style[1] == prev.style[1]
            and {round(w.size * 2) / 2 for w in ln.words} <= {round(w.size * 2) / 2 for w in prev.words})


def lines_to_items(layout: PageLayout, furniture: set[tuple[int, int]], styles: _Styles, rs: ReadSettings,
                   max_heading_words: int, state: FlowState, legend_lines: frozenset[tuple[int, int]] | set[tuple[int, int]] = frozenset()
                   ) -> list[Item]:
    """Flow lines of one page -> heading, paragraph, list item, TOC and legend items; tables
    and figures slotted in by their top."""
    out = _Paragraphs(layout, styles, rs, max_heading_words, state)
    for _, what, obj in _flow(layout, furniture, legend_lines):
        if isinstance(obj, tuple):  # a table's rows
            out.flush()
            state.in_toc = False
            out.items.extend(obj)
        elif isinstance(obj, BBox):  # a figure
            out.add(Item(BlockKind.CHART, "", layout.number, obj))
        elif what == "legend":
            out.add(Item(BlockKind.LEGEND, clean_text(obj.text), layout.number, obj.bbox))
        else:
            out.line(obj)
    out.flush()
    return out.items


def _mark_left_of(ln: Line, shapes: Sequence[Shape], pdf: PdfSettings) -> Mark | None:
    """A vector or image mark just left of a line's first word (a legend line)."""
    first = ln.words[0]
    tol, gap_em = pdf.cells.inside_tolerance, pdf.flow.legend_mark_gap_em
    for s in shapes:
        if s.x1 <= first.x0 + tol and first.x0 - s.x1 < gap_em * first.size and s.top < ln.bottom and s.bottom > ln.top:
            return s.mark
    return None




def _join_paragraph(lines: Sequence[Line]) -> str:
    out = ""
    for ln in lines:
        out = ln.text if not out else join_fragments(out, ln.text, at_edge=False)
    return restore_suspension_hyphens(clean_text(out))





def layouts_to_legend_lines(layouts: Sequence[PageLayout], styles: _Styles, leg: LegendSettings, pdf: PdfSettings
                            ) -> tuple[list[tuple[Mark, str]], set[tuple[int, int]]]:
    """(mark, label) pairs of the legend, and the (page, line index) of every legend line: its
    own heading when set as body text ("Teckenförklaring"), the mark lines, and a line of trend
    arrows with their meanings ("Utveckling: ↑ förbättrad ➔ oförändrad ↓ försämrad"). These
    lines become LEGEND blocks, so "Målet är uppnått" is never read as narrative."""
    pairs: list[tuple[Mark, str]] = []
    lines: set[tuple[int, int]] = set()
    active = 0
    for lay in layouts:
        for k, ln in enumerate(lay.lines):
            text = ln.text
            if is_legend_heading(text, leg):
                active = pdf.flow.legend_max_lines
                if ln.style not in styles.levels:
                    lines.add((lay.number, k))
                continue
            if not active:
                continue
            active -= 1
            first = ln.words[0]
            mark = None
            label = text
            if is_mark_glyph(first.text[:1]) and first.glyphs:
                g = first.glyphs[0]
                mark = glyph_to_mark(g.text, g.color, BBox(g.x0, g.top, g.x1, g.bottom))
                label = text[len(g.text):]
            else:
                mark = _mark_left_of(ln, lay.shapes, pdf)
            if mark is not None:
                pairs.append((mark, label.strip()))
                lines.add((lay.number, k))
            elif sum(is_mark_glyph(w.text) for w in ln.words) >= 2 and len(ln.words) <= pdf.flow.legend_arrow_line_max_words:
                lines.add((lay.number, k))  # a row of arrows, each followed by its meaning
            elif ln.style in styles.levels and ln.style[0] > styles.body[0]:
                active = 0  # the next heading ends the legend
        if pairs and not active:
            break
    return pairs, lines



def tables_to_legend_pairs(layouts: Sequence[PageLayout], leg: LegendSettings, pdf: PdfSettings
                           ) -> list[tuple[Mark, str]]:
    """(mark, label) pairs of a legend printed as a table (``Symbol | Betydelse`` rows under a
    "Teckenförklaring" heading, or a table whose header names the legend)."""
    pairs: list[tuple[Mark, str]] = []
    for lay in layouts:
        for table in lay.tables:
            top = table[0].bbox.top
            above = [ln for ln in lay.lines if ln.bottom <= top + pdf.cells.inside_tolerance]
            heading = above[-1].text if above else ""
            if not (is_legend_heading(heading, leg) or is_legend_heading(table[0].text.split("\t")[0], leg)):
                continue
            for row in table:
                marks = [m for c in row.cells for m in c.marks]
                label = " ".join(c.text for c in row.cells if c.text).strip()
                if marks and label:
                    pairs.append((marks[0], label))
    return pairs


def _continues(prev: Item, nxt: Item) -> bool:
    """A paragraph split by a page break: no sentence end before, lower case after."""
    if prev.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) or nxt.kind != BlockKind.PARAGRAPH:
        return False
    first = nxt.text.lstrip()[:1]
    return bool(first) and first.islower() and not prev.text.rstrip().endswith(_SENTENCE_END)


def _is_split_row(prev: Item, header: Item | None, row: Item, lower_case_only: bool = False) -> bool:
    """Word and LibreOffice let a row break across pages: the part on the next page repeats the
    header and continues the cells mid-sentence (lower case), or leaves the row's label cell
    empty where the row above had one. Without a repeated header only the first sign counts:
    a row with an empty label cell is also how a goal's next factor is printed."""
    if prev.kind != BlockKind.TABLE_ROW or prev.style == "table_header" or len(prev.cells) != len(row.cells):
        return False
    texts = [c.text for c in row.cells if c.text]
    if not texts or len(texts) == len(row.cells):
        return False
    if all(t[:1].islower() for t in texts):
        return True
    return (not lower_case_only and not row.cells[0].text and bool(prev.cells[0].text)
            and all(p.text for p, c in zip(prev.cells, row.cells, strict=True) if c.text))


def merge_page_breaks(pages: Sequence[list[Item]], pdf: PdfSettings) -> list[Item]:
    """Join paragraphs and table rows broken by a page break; the running header/footer is
    already gone, so the parts are adjacent."""
    out: list[Item] = []
    for items in pages:
        items = list(items)
        if out and items:
            last = out[-1]
            if _continues(last, items[0]):
                out[-1] = replace(last, text=join_two(last.text, items[0].text), bbox=last.bbox,
                                  page_end=items[0].page)
                items = items[1:]
            elif (len(items) >= 2 and items[0].style == "table_header" and items[1].kind == BlockKind.TABLE_ROW
                  and items[1].table == items[0].table and _is_split_row(last, items[0], items[1])):
                row = items[1]
                out[-1] = _join_rows(last, row)
                rest = items[2:]
                still = [it for it in rest if it.table == items[0].table and it.kind == BlockKind.TABLE_ROW]
                # a repeated header with no rows of its own left would be an empty table part
                items = ([items[0]] if still else []) + rest
            elif (items[0].kind == BlockKind.TABLE_ROW and items[0].style is None
                  and _is_split_row(last, None, items[0], lower_case_only=True)):
                out[-1] = _join_rows(last, items[0])  # no repeated header: the row goes on at the top
                items = items[1:]
            elif _cell_goes_on(last, items[0], pdf):
                out[-1] = _join_cell_text(last, items[0], pdf.cells.inside_tolerance)
                items = items[1:]
        out.extend(items)
    return out


def _cell_goes_on(last: Item, para: Item, pdf: PdfSettings) -> bool:
    """The rest of one cell, alone at the top of the next page (too little to be read as a row):
    lower case, inside the table's width and under one cell."""
    tol = pdf.cells.inside_tolerance
    return (last.kind == BlockKind.TABLE_ROW and last.style != "table_header" and para.kind == BlockKind.PARAGRAPH
            and para.text[:1].islower() and "\n" not in para.text
            and len(para.text.split()) <= pdf.flow.cell_rest_max_words
            and any(c.bbox.x0 - tol <= para.bbox.x0 and para.bbox.x1 <= c.bbox.x1 + tol
                    for c in last.cells))


def _join_cell_text(last: Item, para: Item, tol: float) -> Item:
    cells = tuple(replace(c, text=join_fragments(c.text, para.text, at_edge=False))
                  if c.bbox.x0 - tol <= para.bbox.x0 and para.bbox.x1 <= c.bbox.x1 + tol
                  else c for c in last.cells)
    return replace(last, cells=cells, text="\t".join(c.text for c in cells), page_end=para.page)


def _join_rows(last: Item, row: Item) -> Item:
    cells = tuple(
        replace(a, text=join_fragments(a.text, b.text, at_edge=False) if a.text and b.text else a.text or b.text,
                marks=a.marks + b.marks, color=a.color or b.color)
        for a, b in zip(last.cells, row.cells, strict=True))
    return replace(last, cells=cells, text="\t".join(c.text for c in cells), page_end=row.page)


def items_to_blocks(items: Sequence[Item]) -> tuple[str, tuple[Block, ...]]:
    """Lay items out in the full text (same separators as the text reader) with offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    prev_kind: BlockKind | None = None
    for it in items:
        text = it.text
        if it.kind in (BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY):
            text = "\t".join(c.text for c in it.cells)
        sep = "" if not parts else ("\n" if it.kind in _TIGHT and prev_kind == it.kind else "\n\n")
        pos += len(sep)
        parts.append(sep + text)
        start, end = pos, pos + len(text)
        cells: list[Cell] = []
        c_pos = start
        for c in it.cells:
            cells.append(Cell(c.text, Provenance(c_pos, c_pos + len(c.text), it.page, None, c.bbox), c.marks,
                              c.color, c.fill))
            c_pos += len(c.text) + 1
        blocks.append(Block(it.kind, text, Provenance(start, end, it.page, it.page_end, it.bbox), level=it.level,
                            cells=tuple(cells), style=it.style))
        pos = end
        prev_kind = it.kind
    return "".join(parts), tuple(blocks)

"""Tables drawn without column rules: rows from horizontal rules and cell fills, columns from the
gutters that no word or mark crosses.

Many tools draw only row rules, or shade alternate rows, and wrap each cell over several lines,
so a text line is not a row. Here a row is the band between two horizontal edges (a rule, or the
top or bottom of a fill) that hugs its text, and a column boundary is a vertical strip that the
text of (almost) every row leaves empty. A row whose text crosses a boundary spans those columns
(a full-width ``Kommentar:`` or sub-header row).

Steps: edges_to_runs (edges of one x-extent, per table) -> run_to_bands (rows that hug their
text) -> bands_to_bounds (gutters) -> band_to_row (cells). Tolerances: ``BandSettings`` (``bs``), and
``PdfSettings`` (``pdf``) where lines are made or cells filled too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.model import BBox, BlockKind
from pipeline.read.pdf.cells import words_to_cell
from pipeline.read.pdf.glyphs import words_to_lines
from pipeline.read.pdf.layout import Item, RowCell, Rule, Shape, Word
from pipeline.read.pdf.objects import PathObject
from pipeline.settings.pdf import BandSettings, PdfSettings
from pipeline.status.marks import pdf_color_to_hex


@dataclass(frozen=True)
class Edge:
    y: float
    x0: float
    x1: float
    shade: str | None = None  # fill colour of the band below this edge, when it starts a fill


def fills_to_splits(fills: Sequence[PathObject], bs: BandSettings) -> list[tuple[float, float, float]]:
    """Column boundaries drawn as the seams of cell fills: (x, top, bottom) where one filled cell
    ends and the next of the same row begins."""
    rows: dict[tuple[int, int], list[PathObject]] = {}
    for f in fills:
        if f["bottom"] - f["top"] >= bs.min_fill_height:
            rows.setdefault((round(f["top"]), round(f["bottom"])), []).append(f)
    out = []
    for parts in rows.values():
        parts.sort(key=lambda f: f["x0"])
        for a, b in zip(parts, parts[1:], strict=False):
            if abs(b["x0"] - a["x1"]) <= bs.edge_tolerance:
                out.append(((a["x1"] + b["x0"]) / 2, a["top"], a["bottom"]))
    return out


def rules_and_fills_to_edges(row_rules: Sequence[Rule], fills: Sequence[PathObject], bs: BandSettings) -> list[Edge]:
    """Horizontal edges: row rules, and the top and bottom of every shaded row or cell (cells of
    one row merged into one fill)."""
    edges = [Edge(r.top, r.x0, r.x1) for r in row_rules if r.horizontal]
    rows: dict[tuple[float, float], list[PathObject]] = {}
    for f in fills:
        if f["bottom"] - f["top"] >= bs.min_fill_height:
            rows.setdefault((round(f["top"]), round(f["bottom"])), []).append(f)
    for parts in rows.values():
        parts.sort(key=lambda f: f["x0"])
        x0, x1 = parts[0]["x0"], parts[0]["x1"]
        for f in parts[1:]:
            if f["x0"] - x1 > bs.edge_tolerance:
                break
            x1 = max(x1, f["x1"])
        shade = pdf_color_to_hex(parts[0].get("non_stroking_color"))
        edges.append(Edge(parts[0]["top"], x0, x1, shade))
        edges.append(Edge(parts[0]["bottom"], x0, x1))
    return _join_collinear(edges, bs)


def _join_collinear(edges: list[Edge], bs: BandSettings) -> list[Edge]:
    """Edges at one height that touch end to end are one (a border drawn cell by cell)."""
    out: list[Edge] = []
    for e in sorted(edges, key=lambda e: (round(e.y / bs.edge_tolerance), e.x0)):
        last = out[-1] if out else None
        if last and abs(last.y - e.y) <= bs.edge_tolerance and e.x0 - last.x1 <= bs.edge_tolerance:
            out[-1] = Edge(last.y, last.x0, max(last.x1, e.x1), last.shade or e.shade)
        else:
            out.append(e)
    return out


def edges_to_runs(edges: Sequence[Edge], bs: BandSettings) -> list[list[Edge]]:
    """Edges grouped by x-extent, each group sorted top to bottom and de-duplicated."""
    groups: list[list[Edge]] = []
    for e in sorted(edges, key=lambda e: (e.y, e.x0)):
        for g in groups:
            if abs(g[0].x0 - e.x0) <= bs.edge_tolerance and abs(g[0].x1 - e.x1) <= bs.edge_tolerance:
                if abs(g[-1].y - e.y) <= bs.edge_tolerance:
                    g[-1] = g[-1] if g[-1].shade else e  # keep the shade a fill edge carries
                else:
                    g.append(e)
                break
        else:
            groups.append([e])
    return [g for g in groups if len(g) >= 2]


def run_to_bands(run: Sequence[Edge], words: Sequence[Word], pdf: PdfSettings
                 ) -> list[list[tuple[float, float, str | None]]]:
    """Consecutive edge intervals whose text hugs both edges are rows of one table; an interval
    holding a heading or paragraph (loose) ends a table. Empty intervals (a rule under a fill)
    are skipped; a tall empty unfilled one (white space) ends the table too. Returns tables as lists of (top, bottom, shade)."""
    bs = pdf.bands
    tables: list[list[tuple[float, float, str | None]]] = [[]]
    x0, x1 = run[0].x0, run[0].x1
    body: float | None = None  # text size of the table's first row
    for a, b in zip(run, run[1:], strict=False):
        inside = [w for w in words if x0 - bs.edge_tolerance <= (w.x0 + w.x1) / 2 <= x1 + bs.edge_tolerance
                  and a.y <= (w.top + w.bottom) / 2 <= b.y]
        if not inside:
            if (tables[-1] and body is not None and tables[-1][-1][2] is not None and a.shade is None
                    and b.shade is not None and b.y - a.y > bs.table_gap_em * body):
                tables.append([])  # white space between two tables drawn alike, not a rule under a fill
                body = None
            continue
        size = max(w.size for w in inside)
        top, bottom = min(w.top for w in inside), max(w.bottom for w in inside)
        heading = body is not None and size > body + pdf.heading_size_step  # a heading between two tables
        if (top - a.y <= bs.row_padding_em * size and b.y - bottom <= bs.row_padding_em * size
                and not _loose(inside, pdf) and not heading):
            tables[-1].append((a.y, b.y, a.shade))
            body = size if body is None else body
        elif tables[-1]:
            tables.append([])
            body = None
    return [t for t in tables if t]


def extend_bands(bands: list[tuple[float, float, str | None]], words: Sequence[Word], x0: float, x1: float,
                 floor: float, pdf: PdfSettings) -> list[tuple[float, float, str | None]]:
    """Rows outside the first and last edge: a header row above the first rule (tables that rule
    only between rows) and a last row below the last rule. The header is bold or set in separate
    cells; the last row's lines follow the rule as closely as a row's text follows its top edge."""
    bs = pdf.bands
    inside = [w for w in words if x0 - bs.edge_tolerance <= (w.x0 + w.x1) / 2 <= x1 + bs.edge_tolerance]
    lines = words_to_lines(inside, pdf.text)
    out = list(bands)
    top = bands[0][0]
    above = [ln for ln in lines if ln.bottom <= top + bs.edge_tolerance]
    if above and bands[0][2] is None:
        ln = above[-1]
        size = ln.style[0]
        cells = sum(1 for a, b in zip(ln.words, ln.words[1:], strict=False) if b.x0 - a.x1 > bs.header_cell_gap_em * size)
        if top - ln.bottom <= bs.row_padding_em * size and (all(w.bold for w in ln.words) and cells >= 1):
            out.insert(0, (ln.top - bs.edge_tolerance, top, None))
    bottom = bands[-1][1]
    below = [ln for ln in lines if bottom - bs.edge_tolerance <= ln.top and ln.bottom <= floor]  # not the footer
    if below and below[0].top - bottom <= bs.row_padding_em * below[0].style[0]:
        end = below[0].bottom
        for prev, ln in zip(below, below[1:], strict=False):
            if ln.top - prev.bottom > bs.wrapped_line_gap_em * ln.style[0]:
                break
            end = ln.bottom
        out.append((bottom, end + bs.edge_tolerance, None))
    return out


def bands_to_bounds(bands: Sequence[tuple[float, float, str | None]], words: Sequence[Word],
                    shapes: Sequence[Shape], x0: float, x1: float, bs: BandSettings, header: bool = False) -> list[float]:
    """Column boundaries: the middles of vertical strips no row's text crosses, from the table's
    left edge to its right. A few spanning rows may cross one; under a known ``header`` (shaded or
    bold first row, which is never crossed) up to half the rows may (goal tables with a full-width
    Kommentar row under every goal)."""
    n = int((x1 - x0) / bs.gutter_step) + 1
    cover = [0] * n
    boxes = [(w.x0, w.x1, w.top, w.bottom) for w in words] + [(s.x0, s.x1, s.top, s.bottom) for s in shapes]
    for i, (top, bottom, _) in enumerate(bands):
        hit = [False] * n
        for bx0, bx1, btop, bbottom in boxes:
            if top <= (btop + bbottom) / 2 <= bottom:
                for k in range(max(0, int((bx0 - x0) / bs.gutter_step)), min(n, int((bx1 - x0) / bs.gutter_step) + 1)):
                    hit[k] = True
        weight = len(bands) if i == 0 else 1  # the header row names the columns: never cross it
        for k in range(n):
            cover[k] += hit[k] * weight
    share = bs.header_span_row_share if header else bs.span_row_share
    allowed = int((len(bands) - 1) * share) if header else int(len(bands) * share)
    return _gutters(cover, allowed, x0, x1, bs)


def _emptiest(cover: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """The longest stretch of a gutter that the fewest rows cross: the bound goes in its middle,
    clear of the few spanning rows' words."""
    low = min(cover[start:end])
    best = (start, start)
    k = start
    while k < end:
        if cover[k] == low:
            a = k
            while k < end and cover[k] == low:
                k += 1
            best = max(best, (a, k), key=lambda r: r[1] - r[0])
        k += 1
    return best


def _gutters(cover: Sequence[int], allowed: int, x0: float, x1: float, bs: BandSettings) -> list[float]:
    inked = [k for k in range(len(cover)) if cover[k]]
    if not inked:
        return [x0, x1]
    bounds = [x0]
    k = inked[0]
    while k <= inked[-1]:
        if cover[k] <= allowed:
            start = k
            while k <= inked[-1] and cover[k] <= allowed:
                k += 1
            if (k - start) * bs.gutter_step >= bs.min_gutter:
                a, b = _emptiest(cover, start, k)
                bounds.append(x0 + (a + b) / 2 * bs.gutter_step)
        k += 1
    return [*bounds, x1]


def band_to_row(band: tuple[float, float, str | None], bounds: Sequence[float], words: Sequence[Word],
                shapes: Sequence[Shape], page: int, table: int, pdf: PdfSettings,
                rights: dict[int, float] | None = None, whole: bool = False) -> Item | None:
    """One row: words by column; a word crossing a boundary merges the columns it crosses. A
    ``whole`` row (one fill across a table whose other rows are filled cell by cell) is one cell."""
    bs = pdf.bands
    top, bottom, shade = band
    mine = [w for w in words if top <= (w.top + w.bottom) / 2 <= bottom and bounds[0] - bs.edge_tolerance
            <= (w.x0 + w.x1) / 2 <= bounds[-1] + bs.edge_tolerance]
    spans = [(0, len(bounds) - 1)] if mine and (whole or _labelled(mine)) else _spans(bounds, mine, bs)
    cells: list[RowCell] = []
    for a, b in spans:
        box = BBox(bounds[a], top, bounds[b], bottom)
        ws = [w for w in mine if bounds[a] <= (w.x0 + w.x1) / 2 < bounds[b] or (b == len(bounds) - 1 and
                                                                                (w.x0 + w.x1) / 2 >= bounds[b])]
        right = rights.get(b - 1) if rights and b == a + 1 else None
        cells += [words_to_cell(ws, box, shapes, pdf, right)] + [RowCell("", box) for _ in range(a + 1, b)]
    if not any(c.text or c.marks for c in cells):
        return None
    style = "table_span" if len(spans) == 1 and len(bounds) > 2 else None
    if mine and all(w.bold for w in mine) and style is None:
        style = "bold"
    return Item(BlockKind.TABLE_ROW, "\t".join(c.text for c in cells), page,
                BBox(bounds[0], top, bounds[-1], bottom), style=style, cells=tuple(cells), table=table)


def _spans(bounds: Sequence[float], words: Sequence[Word], bs: BandSettings) -> list[tuple[int, int]]:
    spans = [(i, i + 1) for i in range(len(bounds) - 1)]
    for k in range(1, len(bounds) - 1):
        if any(w.x0 < bounds[k] - bs.edge_tolerance and w.x1 > bounds[k] + bs.edge_tolerance for w in words):
            i = next(n for n, (a, b) in enumerate(spans) if b == k)
            spans[i:i + 2] = [(spans[i][0], spans[i + 1][1])]
    return spans


def band_tables(row_rules: Sequence[Rule], fills: Sequence[PathObject], words: Sequence[Word],
                shapes: Sequence[Shape], page: int, first_table: int, floor: float, pdf: PdfSettings
                ) -> tuple[list[tuple[Item, ...]], set[int]]:
    """All rule- or fill-banded tables of a page, and the ids of the words they took. A row is
    never added below ``floor`` (the bottom margin, where the running footer is)."""
    bs = pdf.bands
    tables: list[tuple[Item, ...]] = []
    used: set[int] = set()
    splits = fills_to_splits(fills, bs)
    for run in edges_to_runs(rules_and_fills_to_edges(row_rules, fills, bs), bs):
        x0, x1 = run[0].x0, run[0].x1
        for bands in run_to_bands(run, [w for w in words if id(w) not in used], pdf):
            region, marks = _region(bands, [w for w in words if id(w) not in used], shapes, x0, x1, bs)
            bounds = bands_to_bounds(bands, region, marks, x0, x1, bs, _has_header(bands, region))
            if len(bounds) < 3:  # spanning rows cross every gutter: cells filled one by one draw the columns
                bounds = _seams(splits, bands, x0, x1, bs) or bounds
            if len(bounds) < (3 if len(bands) > 1 else bs.single_row_min_columns + 1):
                continue  # one column: a framed paragraph, not a table
            bands = _extend_within(bands, bounds, [w for w in words if id(w) not in used], shapes, x0, x1, floor,
                                   pdf)
            region, marks = _region(bands, [w for w in words if id(w) not in used], shapes, x0, x1, bs)
            seams = _seams(splits, bands, x0, x1, bs)
            bounds = seams or bands_to_bounds(bands, region, marks, x0, x1, bs, _has_header(bands, region))
            rights = column_rights(bounds, region, bs)
            whole = _whole_bands(splits, bands, bs) if seams else set()
            rows = [r for k, b in enumerate(bands)
                    if (r := band_to_row(b, bounds, region, marks, page, first_table + len(tables), pdf, rights,
                                         k in whole))]
            if not rows:
                continue
            header = _has_header(bands, region) and not any(c.marks for c in rows[0].cells)
            rows = [replace(r, style="table_header" if k == 0 and header else _subheader_style(r))
                    for k, r in enumerate(rows)]
            tables.append(tuple(rows))
            used.update(id(w) for w in region)
    return tables, used


def _region(bands, words: Sequence[Word], shapes: Sequence[Shape], x0: float, x1: float, bs: BandSettings
            ) -> tuple[list[Word], list[Shape]]:
    """The words and marks inside the table's bands and x-extent."""
    top, bottom = bands[0][0], bands[-1][1]
    return ([w for w in words if top <= (w.top + w.bottom) / 2 <= bottom
             and x0 - bs.edge_tolerance <= (w.x0 + w.x1) / 2 <= x1 + bs.edge_tolerance],
            [s for s in shapes if top <= (s.top + s.bottom) / 2 <= bottom and x0 <= s.x0 <= x1])


def _extend_within(bands, bounds: Sequence[float], words: Sequence[Word], shapes: Sequence[Shape],
                   x0: float, x1: float, floor: float, pdf: PdfSettings) -> list[tuple[float, float, str | None]]:
    """extend_bands, keeping an added row only when its text stays inside the columns found (a
    paragraph after the table crosses them); under a table whose last rows are fills, only a
    labelled ``Kommentar:`` row (a heading set right under it is no row)."""
    bs = pdf.bands
    out = list(bands)
    within = [w for w in words if x0 - bs.edge_tolerance <= (w.x0 + w.x1) / 2 <= x1 + bs.edge_tolerance]
    body = max((w.size for w in within if bands[0][0] <= (w.top + w.bottom) / 2 <= bands[-1][1]), default=0.0)
    # a table whose last rows are all fills draws its rows: only a "Kommentar:" line may follow unfilled
    drawn = len(bands) >= 2 and bands[-1][2] is not None and bands[-2][2] is not None
    for band in extend_bands(list(bands), words, x0, x1, floor, pdf):
        if band in bands:
            continue
        mine = [w for w in within if band[0] <= (w.top + w.bottom) / 2 <= band[1]]
        if not mine or max(w.size for w in mine) > body + pdf.heading_size_step:
            continue  # a heading after the table
        if band[1] <= bands[0][0] + bs.edge_tolerance:
            out = [band, *out]  # a header row: it names the columns, the bounds are found again
        elif mine and (_labelled(mine) or not drawn and len(_spans(bounds, mine, bs)) == len(bounds) - 1):
            out = [*out, band]
    return out


def _has_header(bands: Sequence[tuple[float, float, str | None]], words: Sequence[Word]) -> bool:
    """The first row is a header: all bold, or in a shade no other row has (alternating shades
    make the first row of a continued table differ from the second too)."""
    first = [w for w in words if bands[0][0] <= (w.top + w.bottom) / 2 <= bands[0][1]]
    if first and all(w.bold for w in first):
        return True
    shades = [b[2] for b in bands]
    return bool(shades[0]) and shades.count(shades[0]) == 1 and len(bands) > 2


def _labelled(words: Sequence[Word]) -> bool:
    """A full-width row that starts with a bold label and goes on in plain text ("Kommentar: ...")."""
    first = min(words, key=lambda w: (round(w.top), w.x0))
    return first.bold and first.text.endswith(":") and not all(w.bold for w in words)


def _seams(splits: Sequence[tuple[float, float, float]], bands, x0: float, x1: float, bs: BandSettings
           ) -> list[float] | None:
    """Column bounds from the seams of the table's cell fills, when its cells are filled one by one."""
    top, bottom = bands[0][0], bands[-1][1]
    xs = sorted(x for x, t, b in splits if top - bs.edge_tolerance <= t and b <= bottom + bs.edge_tolerance
                and x0 + bs.edge_tolerance < x < x1 - bs.edge_tolerance)
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > bs.edge_tolerance:
            merged.append(x)
    return [x0, *merged, x1] if merged else None


def _whole_bands(splits: Sequence[tuple[float, float, float]], bands, bs: BandSettings) -> set[int]:
    """Bands filled by one rectangle across a table whose body rows are filled cell by cell (no
    seam inside them): a ``Kommentar:`` block or a sub-header, whatever its words' positions. A
    table whose body rows are all whole fills (row shading) has none."""
    seamed = [any(top - bs.edge_tolerance <= t and b <= bottom + bs.edge_tolerance for _, t, b in splits)
              for top, bottom, _ in bands]
    if not any(seamed[1:]):
        return set()
    return {k for k, (_, _, shade) in enumerate(bands) if shade is not None and not seamed[k]}


def _loose(words: Sequence[Word], pdf: PdfSettings) -> bool:
    """Lines spaced like paragraphs (a heading, a blank line) are no table row: a row's lines,
    whatever their columns, follow each other at the leading of wrapped text."""
    lines = words_to_lines(words, pdf.text)
    return any(b.top - a.bottom > pdf.bands.row_line_gap_em * min(a.style[0], b.style[0])
               for a, b in zip(lines, lines[1:], strict=False))


def _subheader_style(row: Item) -> str | None:
    """A bold row with text in its first cell only and no mark spans the table: a sub-header
    naming the group below it (a parent goal over its activities)."""
    if row.style == "bold":
        only_first = row.cells[0].text and not any(c.text or c.marks for c in row.cells[1:])
        return "table_span" if only_first and len(row.cells) > 1 else None
    return row.style


def column_rights(bounds: Sequence[float], words: Sequence[Word], bs: BandSettings) -> dict[int, float]:
    """Where each column's text ends: its widest line reaches the column's right edge, so a wrapped
    line that ends there filled the column."""
    out: dict[int, float] = {}
    for w in words:
        cx = (w.x0 + w.x1) / 2
        k = next((i for i in range(len(bounds) - 1) if bounds[i] <= cx < bounds[i + 1]), None)
        if k is not None and w.x1 <= bounds[k + 1] + bs.edge_tolerance:  # not a spanning row's word
            out[k] = max(out.get(k, w.x1), w.x1)
    return out

"""Tables on one page: ruled grids from drawn rules, and light tables (row rules only, or
columns aligned by whitespace) -> TABLE_ROW items. Tolerances: ``GridSettings`` (``gs``), and
``PdfSettings`` (``pdf``) where cells are filled too."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import replace

from pipeline.model import BBox, BlockKind
from pipeline.read.pdf.cells import words_to_cell
from pipeline.read.pdf.layout import Grid, Item, Line, RowCell, Rule, Shape, Word, is_bullet
from pipeline.read.pdf.objects import PathObject
from pipeline.read.pdf.shapes import shaded
from pipeline.settings.pdf import GridSettings, PdfSettings


def objects_to_rules(lines: Iterable[PathObject], rects: Iterable[PathObject], max_mark: float,
                     gs: GridSettings) -> list[Rule]:
    """Drawn lines and thin rects -> rules; stroked rects give their four edges. Filled-only
    rects (cell shading) are not rules. Duplicates (drawn twice) are dropped."""
    out: set[Rule] = set()
    thick, thin = gs.rule_thickness_max, gs.thin_rect_max

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        out.add(Rule(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))

    for ln in lines:
        if abs(ln["top"] - ln["bottom"]) < thick or abs(ln["x0"] - ln["x1"]) < thick:
            add(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for r in rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if h < thin and w > thin or w < thin and h > thin:
            add(r["x0"], r["top"], r["x1"], r["bottom"])
        elif r.get("stroke") and w > max_mark and h > max_mark / 2:
            add(r["x0"], r["top"], r["x1"], r["top"])
            add(r["x0"], r["bottom"], r["x1"], r["bottom"])
            add(r["x0"], r["top"], r["x0"], r["bottom"])
            add(r["x1"], r["top"], r["x1"], r["bottom"])
    return sorted(out, key=lambda r: (r.top, r.x0))


def _cluster(values: Iterable[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def rules_to_grids(rules: Sequence[Rule], tol: float) -> tuple[list[Grid], list[Rule]]:
    """Connected horizontal + vertical rules -> grids. Returns (grids, lone horizontal rules):
    horizontal rules with no verticals are the row rules of a light table."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    grids: list[Grid] = []
    lone: list[Rule] = []
    for gh, gv in groups.values():
        if len(gh) >= 2 and len(gv) >= 2:
            xs = _cluster([v.x0 for v in gv], tol)
            ys = _cluster([h.top for h in gh], tol)
            if len(xs) >= 2 and len(ys) >= 2:
                grids.append(Grid(tuple(xs), tuple(ys), tuple(gv)))
                continue
        if not gv:
            lone.extend(gh)
    grids.sort(key=lambda g: g.ys[0])
    return grids, lone


def grid_to_rows(grid: Grid, words: Sequence[Word], shapes: Sequence[Shape], fills: Sequence[PathObject],
                 page: int, table: int, pdf: PdfSettings) -> list[Item]:
    """One TABLE_ROW item per grid row with any text or mark; the first row is the header when
    it is shaded or bold."""
    xs, ys = grid.xs, grid.ys
    buckets: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        i = _index(xs, cx)
        j = _index(ys, cy)
        if i is not None and j is not None:
            buckets.setdefault((j, i), []).append(w)
    items: list[Item] = []
    for j in range(len(ys) - 1):
        spans = row_spans(grid, j, pdf.grids, fills)
        cells = []
        for a, b in spans:
            box = BBox(xs[a], ys[j], xs[b], ys[j + 1])
            cell = words_to_cell([w for i in range(a, b) for w in buckets.get((j, i), [])], box, shapes, pdf)
            cells += [cell] + [RowCell("", box) for _ in range(a + 1, b)]
        if not any(c.text or c.marks for c in cells):
            continue
        row_box = BBox(xs[0], ys[j], xs[-1], ys[j + 1])
        header = not items and (shaded(fills, cells[0].bbox, pdf.shapes) or all(
            w.bold for i in range(len(xs) - 1) for w in buckets.get((j, i), [])))
        style = "table_header" if header else "table_span" if len(spans) == 1 and len(xs) > 2 else None
        items.append(Item(BlockKind.TABLE_ROW, "\t".join(c.text for c in cells), page, row_box,
                          style=style, cells=tuple(cells), table=table))
    return items


def row_spans(grid: Grid, j: int, gs: GridSettings, fills: Sequence[PathObject] = ()) -> list[tuple[int, int]]:
    """Column spans (first, end) of grid row ``j``: an inner boundary no drawn rule crosses at the
    row's middle joins its neighbours into one cell (a full-width comment or sub-header row),
    unless two cell fills meet there (a shaded header drawn with no rule between its cells)."""
    xs, ys = grid.xs, grid.ys
    mid = (ys[j] + ys[j + 1]) / 2
    if not grid.verticals:
        return [(i, i + 1) for i in range(len(xs) - 1)]
    tol = gs.grid_tolerance
    row_fills = [f for f in fills if f["top"] - tol <= mid <= f["bottom"] + tol and f["x1"] - f["x0"] > gs.thin_rect_max]
    spans = [(0, 1)]
    for k in range(1, len(xs) - 1):
        ruled = any(abs(v.x0 - xs[k]) <= tol and v.top - tol <= mid <= v.bottom + tol
                    for v in grid.verticals) or _fill_seam(row_fills, xs[k], tol)
        spans[-1:] = [spans[-1], (k, k + 1)] if ruled else [(spans[-1][0], k + 1)]
    return spans


def _fill_seam(fills: Sequence[PathObject], x: float, t: float) -> bool:
    """One fill ends at ``x`` and another starts there, and none runs across it."""
    ends = any(abs(f["x1"] - x) <= t for f in fills)
    starts = any(abs(f["x0"] - x) <= t for f in fills)
    return ends and starts and not any(f["x0"] < x - t and f["x1"] > x + t for f in fills)


def _index(bounds: Sequence[float], v: float) -> int | None:
    for k in range(len(bounds) - 1):
        if bounds[k] <= v < bounds[k + 1]:
            return k
    return None


def line_to_segments(line: Line, gap_em: float) -> list[list[Word]]:
    """Split a line at horizontal gaps wider than ``gap_em`` em: candidate table columns."""
    segs: list[list[Word]] = [[line.words[0]]]
    for w in line.words[1:]:
        if w.x0 - segs[-1][-1].x1 > gap_em * max(w.size, 1.0):
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _near(cols: list[float], x: float, tol: float) -> bool:
    """Whether a column start in sorted ``cols`` is within ``tol`` of x (bisect: a page of
    scattered glyphs makes hundreds of columns)."""
    k = bisect_left(cols, x - tol)
    return k < len(cols) and cols[k] <= x + tol


def is_header_line(segs: list[list[Word]], names: frozenset[str]) -> bool:
    """A line of two or more segments, each a known column name ("Centrala uppdrag", "Kommentar",
    "Utfall 2025"): a table's header, whatever the rows below it look like."""
    if len(segs) < 2 or not names:
        return False
    texts = [" ".join(w.text for w in seg).lower().rstrip(":") for seg in segs]
    return all(t in names or t.rsplit(" ", 1)[0] in names for t in texts)


def header_led_end(lines: Sequence[Line], i: int, cols: list[float], names: frozenset[str], gap_em: float,
                   gs: GridSettings) -> int:
    """The end of the table a header line opens: the lines below it at the header's size, within
    its columns and closer than a paragraph break, whether or not their columns leave a gap (a
    wrapped cell can run up to the next column)."""
    size = lines[i].style[0]
    tol = gs.column_tolerance_em * size
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        if (ln.top - lines[j - 1].bottom > gs.light_table_break_em * size or ln.x0 < cols[0] - tol
                or abs(ln.style[0] - size) > gs.header_led_size_step
                or is_header_line(line_to_segments(ln, gap_em), names)):
            break
        j += 1
    return j


def lines_to_light_tables(lines: Sequence[Line], row_rules: Sequence[Rule], gap_em: float,
                          para_gap_em: float, pdf: PdfSettings, header_names: frozenset[str] = frozenset()
                          ) -> list[tuple[int, int, list[float]]]:
    """Find runs of lines laid out in whitespace-aligned columns.

    Returns (first line index, end index, column starts). A run needs at least two lines with
    two or more segments whose starts line up; single-segment lines inside a run are wrapped
    cell text when they start at a column and stay within it. A line of known column names
    (``header_names``) opens a table by itself: its columns are where the names start.
    """
    # a bullet and its text are separated by a tab stop, not a column gap
    gs = pdf.grids
    segs = [[list(ln.words)] if is_bullet(ln, pdf.text) else line_to_segments(ln, gap_em) for ln in lines]
    found: list[tuple[int, int, list[float]]] = []
    i = 0
    while i < len(lines):
        if is_header_line(segs[i], header_names):
            cols = [s[0].x0 for s in segs[i]]
            end = header_led_end(lines, i, cols, header_names, gap_em, gs)
            if end - i >= 2:
                found.append((i, end, cols))
                i = end
                continue
        if len(segs[i]) < 2:
            i += 1
            continue
        cols = [s[0].x0 for s in segs[i]]
        j = i + 1
        multi = 1
        while j < len(lines):
            size = lines[j].style[0]
            gap = lines[j].top - lines[j - 1].bottom
            if gap > gs.light_table_break_em * size:
                break
            tol = gs.column_tolerance_em * size
            starts = [s[0].x0 for s in segs[j]]
            aligned = all(_near(cols, x, tol) for x in starts)
            if len(segs[j]) >= 2:
                if not aligned and sum(_near(cols, x, tol) for x in starts) < 2:
                    break
                for x in starts:
                    if not _near(cols, x, tol):
                        insort(cols, x)
                multi += 1
            else:
                k = bisect_left(cols, starts[0] - tol) if _near(cols, starts[0], tol) else None
                limit = cols[k + 1] if k is not None and k + 1 < len(cols) else float("inf")
                if k is None or lines[j].x1 > limit or gap > para_gap_em * size * gs.wrapped_line_gap_factor:
                    break
            j += 1
        if multi >= 2 and len(cols) >= 2:
            found.append((i, j, cols))
            i = j
        else:
            i += 1
    return found


def light_table_to_rows(lines: Sequence[Line], cols: list[float], row_rules: Sequence[Rule], gap_em: float,
                        shapes: Sequence[Shape], page: int, table: int, right: float, pdf: PdfSettings) -> list[Item]:
    """Lines of one light table -> TABLE_ROW items. Row rules split rows when present;
    otherwise a line with text in the first column and in another column, or with a mark beside
    it, starts a row; where the rows are set apart by cell padding (a gap wider than any between
    a cell's wrapped lines), the gap alone starts a row, or an icon at the first column's start."""
    gs = pdf.grids
    size = lines[0].style[0]
    tol = gs.column_tolerance_em * size
    if _padded(lines, size, gs):
        padded = _padded_groups(lines, cols, shapes, tol, size, gs)
        return _to_items(padded, cols, shapes, page, table, right, tol, pdf)
    rules_y = sorted(r.top for r in row_rules
                     if r.x0 <= cols[0] + tol and r.x1 >= cols[-1] and lines[0].top - size <= r.top <= lines[-1].bottom + size)
    # icons are top-aligned with the first line of their row: a mark beside a line starts a row
    marks = [s for s in shapes if len(cols) > 1 and s.x0 >= cols[1] - tol]
    groups: list[list[Line]] = []
    prev_band = None
    for ln in lines:
        band = sum(1 for y in rules_y if y < (ln.top + ln.bottom) / 2)
        marked = any(s.top <= ln.bottom and s.bottom >= ln.top for s in marks)
        starts = [s[0].x0 for s in line_to_segments(ln, gap_em)]
        first_col = abs(starts[0] - cols[0]) <= tol
        if rules_y:
            new = band != prev_band
        else:
            # a row starts with text in the first column, or after a gap wider than the leading of
            # wrapped cell text (goal tables leave the first cell of a factor's row empty)
            gap = ln.top - groups[-1][-1].bottom if groups else 0.0
            new = first_col and (len(starts) >= 2 or marked or not groups) or gap > gs.row_gap_em * size
        if new or not groups:
            groups.append([])
        groups[-1].append(ln)
        prev_band = band
    return _to_items(groups, cols, shapes, page, table, right, tol, pdf)


def _padded(lines: Sequence[Line], size: float, gs: GridSettings) -> bool:
    """Rows set apart by cell padding: the gaps between lines fall in two clear sizes, the
    leading of wrapped text (below ``row_gap_em``) and the padding between rows (above it), and the
    table's text runs in more than one line per row somewhere."""
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    wide = [g for g in gaps if g > gs.row_gap_em * size]
    tight = [g for g in gaps if g <= gs.row_gap_em * size]
    return len(wide) >= 2 and len(tight) >= len(wide) and min(wide) - max(tight, default=0.0) > gs.padding_step_em * size


def _padded_groups(lines: Sequence[Line], cols: list[float], shapes: Sequence[Shape], tol: float,
                   size: float, gs: GridSettings) -> list[list[Line]]:
    starts = [s for s in shapes if cols[0] - tol <= s.x0 <= cols[0] + 2 * tol]
    groups: list[list[Line]] = []
    for ln in lines:
        gap = ln.top - groups[-1][-1].bottom if groups else 0.0
        icon = any(ln.top - tol <= s.top <= ln.bottom for s in starts)  # an icon is set by a row's first line
        if not groups or gap > gs.row_gap_em * size or icon:
            groups.append([])
        groups[-1].append(ln)
    return groups


def _to_items(groups: list[list[Line]], cols: list[float], shapes: Sequence[Shape], page: int, table: int,
              right: float, tol: float, pdf: PdfSettings) -> list[Item]:
    gs = pdf.grids
    bounds = [*cols[1:], right]
    lefts = [cols[0] - gs.first_column_margin, *(c0 - tol for c0 in cols[1:])]
    rights = [bounds[k] - tol if k + 1 < len(cols) else right for k in range(len(cols))]
    items: list[Item] = []
    for g in groups:
        top, bottom = min(ln.top for ln in g), max(ln.bottom for ln in g)
        by_col: list[list[Word]] = [[] for _ in cols]
        for w in (w for ln in g for w in ln.words):  # the column intervals touch: one bisect per word
            k = bisect_right(lefts, w.x0) - 1
            if k >= 0 and w.x0 < rights[k]:
                by_col[k].append(w)
        cells = []
        for k in range(len(cols)):
            box = BBox(lefts[k], top - gs.row_box_margin, rights[k], bottom + gs.row_box_margin)
            cells.append(words_to_cell(by_col[k], box, shapes, pdf))
        if not any(c.text or c.marks for c in cells):
            continue
        header = not items and all(w.bold for ln in g for w in ln.words)
        items.append(Item(BlockKind.TABLE_ROW, "\t".join(c.text for c in cells), page,
                          BBox(cols[0], top, right, bottom), style="table_header" if header else None,
                          cells=tuple(cells), table=table))
    if items and items[0].style is None and len(items) > 1:
        # the first row of a light table is its header (issue 3: header roles come from the profile)
        items[0] = replace(items[0], style="table_header")
    return items

"""Pixel masks -> shape names: the rules that name a mark by its silhouette and its holes
(ring, open square/diamond, half circle, check, cross, discs with a symbol, arrows, triangles).
Vector marks are rasterised first, so both kinds are judged here. Thresholds: ``MaskSettings`` (``ms``)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.settings.pdf import MaskSettings

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 inclusive


def mask_box(mask: Sequence[bool], w: int, h: int) -> Box | None:
    xs = [i % w for i, v in enumerate(mask) if v]
    if not xs:
        return None
    ys = [i // w for i, v in enumerate(mask) if v]
    return min(xs), min(ys), max(xs), max(ys)


def _any(mask: Sequence[bool], w: int, box: Box, u0: float, v0: float, u1: float, v1: float) -> bool:
    """Any set pixel in the window (u0, v0)-(u1, v1), in shares of ``box``."""
    x0, y0, x1, y1 = box
    bw, bh = x1 - x0 + 1, y1 - y0 + 1
    xa, xb = x0 + int(u0 * bw), x0 + max(int(u0 * bw) + 1, int(round(u1 * bw)))
    ya, yb = y0 + int(v0 * bh), y0 + max(int(v0 * bh) + 1, int(round(v1 * bh)))
    return any(mask[y * w + x] for y in range(ya, min(yb, y1 + 1)) for x in range(xa, min(xb, x1 + 1)))


def _enclosed(ink: Sequence[bool], w: int, h: int) -> list[bool]:
    """Paper pixels that paper outside the mark cannot reach (4-connected): the holes."""
    outside = [False] * (w * h)
    stack = [i for i in range(w * h) if not ink[i] and (i % w in (0, w - 1) or i // w in (0, h - 1))]
    for i in stack:
        outside[i] = True
    while stack:
        i = stack.pop()
        x = i % w
        for j in ((i - 1) if x > 0 else -1, (i + 1) if x < w - 1 else -1, i - w, i + w):
            if 0 <= j < w * h and not ink[j] and not outside[j]:
                outside[j] = True
                stack.append(j)
    return [not ink[i] and not outside[i] for i in range(w * h)]


def _components(mask: Sequence[bool], w: int, h: int) -> list[list[int]]:
    seen = [False] * (w * h)
    out = []
    for s in range(w * h):
        if not mask[s] or seen[s]:
            continue
        seen[s] = True
        comp, stack = [], [s]
        while stack:
            i = stack.pop()
            comp.append(i)
            x = i % w
            for j in ((i - 1) if x > 0 else -1, (i + 1) if x < w - 1 else -1, i - w, i + w):
                if 0 <= j < w * h and mask[j] and not seen[j]:
                    seen[j] = True
                    stack.append(j)
        out.append(comp)
    return out


def classify_mask(ink: Sequence[bool], w: int, h: int, ms: MaskSettings) -> tuple[str | None, bool | None]:
    """(shape, filled) of an ink mask.

    Paper enclosed by ink (holes) decides first: a half-filled circle; an outline (ring,
    open square, open diamond: paper at the centre and all around it); a disc or square
    with a paper symbol inside (circle_check, circle_play, circle_cross, circle_pause,
    circle_minus). Without holes, a stroke symbol (check, cross) or a solid shape
    (``mask_to_shape``).
    """
    box = mask_box(ink, w, h)
    if box is None:
        return None, None
    holes = _enclosed(ink, w, h)
    n_ink, n_hole = sum(ink), sum(holes)
    if n_hole > ms.hole_min_share * (n_ink + n_hole):
        sil = [a or b for a, b in zip(ink, holes, strict=True)]
        if _half_filled(ink, holes, w, box, ms):
            return "half_circle", True
        if _is_outline(holes, w, box, ms):
            outline = mask_to_shape(sil, w, h, ms)
            return ("ring" if outline == "circle" else outline), False
        base = mask_to_shape(sil, w, h, ms)
        symbol = _hole_symbol(holes, w, h, ms)
        if symbol and base in ("circle", "square"):
            return f"circle_{symbol}", True
        return base, True
    stroke = stroke_symbol(ink, w, box, ms)
    if stroke:
        return stroke, True
    return mask_to_shape(ink, w, h, ms), True


def _is_outline(holes: Sequence[bool], w: int, box: Box, ms: MaskSettings) -> bool:
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rx, ry = (x1 - x0) / 2 * ms.outline_probe_radius, (y1 - y0) / 2 * ms.outline_probe_radius
    d = ms.outline_diagonal_share * 0.7071
    probes = [(1, 0), (-1, 0), (0, 1), (0, -1), (d, d), (d, -d), (-d, d), (-d, -d)]
    hits = sum(holes[round(cy + dy * ry) * w + round(cx + dx * rx)] for dx, dy in probes)
    return holes[round(cy) * w + round(cx)] and hits >= ms.outline_min_probes


def _half_filled(ink: Sequence[bool], holes: Sequence[bool], w: int, box: Box, ms: MaskSettings) -> bool:
    """One half of the silhouette solid ink, the other half mostly paper inside an outline."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    halves = {"left": lambda x, y: x < cx, "right": lambda x, y: x > cx,
              "top": lambda x, y: y < cy, "bottom": lambda x, y: y > cy}
    share, hole_in = {}, {}
    n_hole = sum(holes)
    for name, inside in halves.items():
        ink_n = hole_n = 0
        for y in range(y0, y1 + 1):
            for x in range(x0, x1 + 1):
                if inside(x, y):
                    ink_n += ink[y * w + x]
                    hole_n += holes[y * w + x]
        share[name] = ink_n / max(1, ink_n + hole_n)
        hole_in[name] = hole_n / max(1, n_hole)
    opposite = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}
    return any(share[a] >= ms.half_full and share[b] <= ms.half_empty and hole_in[b] >= ms.half_hole_share
               for a, b in opposite.items())


def _hole_symbol(holes: Sequence[bool], w: int, h: int, ms: MaskSettings) -> str | None:
    """The paper symbol inside a disc: check | play | cross | pause | minus | None."""
    total = sum(holes)
    parts = [c for c in _components(holes, w, h) if len(c) >= ms.hole_speck_share * total]
    boxes = []
    for c in parts:
        xs, ys = [i % w for i in c], [i // w for i in c]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    if len(parts) == 2 and all((b[3] - b[1] + 1) >= ms.pause_min_aspect * (b[2] - b[0] + 1) for b in boxes):
        return "pause"
    if len(parts) != 1:
        return None
    mask = [False] * (w * h)
    for i in parts[0]:
        mask[i] = True
    (bx0, by0, bx1, by1), = boxes
    if (bx1 - bx0 + 1) >= ms.minus_min_aspect * (by1 - by0 + 1):
        return "minus"
    stroke = stroke_symbol(mask, w, boxes[0], ms)
    if stroke:
        return stroke
    return "play" if _is_play(mask, w, boxes[0], ms) else None


def _is_play(mask: Sequence[bool], w: int, box: Box, ms: MaskSettings) -> bool:
    """A triangle pointing right: tall on the left, tapering to the right, widest mid-height."""
    x0, y0, x1, y1 = box
    cols = [sum(mask[y * w + x] for y in range(y0, y1 + 1)) for x in range(x0, x1 + 1)]
    rows = [sum(mask[y * w + x] for x in range(x0, x1 + 1)) for y in range(y0, y1 + 1)]
    third = max(1, len(cols) // 3)
    left, right = sum(cols[:third]) / third, sum(cols[-third:]) / third
    widest = max(range(len(rows)), key=lambda i: rows[i])
    return left >= ms.play_min_taper * right and len(rows) / 4 <= widest < 3 * len(rows) / 4


def stroke_symbol(ink: Sequence[bool], w: int, box: Box, ms: MaskSettings) -> str | None:
    """A check mark or a diagonal cross drawn with strokes, from ink probes in its box.

    Cross: ink at all four corners and the centre, none at the edge midpoints. Check: ink at
    the top-right corner and on the left at mid height, a vertex low and left of centre, and
    no ink at the other three corners.
    """
    p = ms.probe_window

    def has(u0: float, v0: float, u1: float, v1: float) -> bool:
        return _any(ink, w, box, u0, v0, u1, v1)

    q = ms.cross_corner_window
    corners = (has(0, 0, q, q), has(1 - q, 0, 1, q), has(0, 1 - q, q, 1), has(1 - q, 1 - q, 1, 1))
    mids = (has(0.4, 0, 0.6, p), has(0.4, 1 - p, 0.6, 1), has(0, 0.4, p, 0.6), has(1 - p, 0.4, 1, 0.6))
    if all(corners) and has(0.4, 0.4, 0.6, 0.6) and not any(mids):
        return "cross"
    tl, tr, bl, br = has(0, 0, p, p), has(1 - p, 0, 1, p), has(0, 1 - p, p, 1), has(1 - p, 1 - p, 1, 1)
    if (tr and not tl and not bl and not br and has(0.15, 1 - p, 0.6, 1) and not has(0.7, 0.8, 1, 1)
            and has(0, 0.3, p, 0.75) and not has(0, 0, 0.4, 0.25)):
        return "check"
    return None


def mask_to_shape(ink: Sequence[bool], w: int, h: int, ms: MaskSettings) -> str | None:
    """Shape of solid ink in a w x h mask: square, circle, diamond, triangle_* or arrow_*.

    Fill ratio separates square (~1), circle (~0.79) and the rest (~0.5). An arrow has a
    stem: a third of its length of constant, narrow width; a triangle is widest at one end
    (its base; the tip points the other way), a diamond in the middle.
    """
    rows = [sum(ink[y * w:(y + 1) * w]) for y in range(h)]
    cols = [sum(ink[y * w + x] for y in range(h)) for x in range(w)]
    ys = [y for y, c in enumerate(rows) if c]
    xs = [x for x, c in enumerate(cols) if c]
    if not ys:
        return None
    band = rows[ys[0]:ys[-1] + 1]
    colw = cols[xs[0]:xs[-1] + 1]
    fill = sum(band) / (len(band) * len(colw))
    if fill > ms.square_min_fill:
        return "square"
    if fill > ms.circle_min_fill:
        return "circle"

    def stem(seq: list[int]) -> bool:
        # the outermost line of a small icon is anti-aliased thinner: judge the stem inside it
        part = seq[1: max(3, len(seq) // 3)] if len(seq) > 6 else seq[: max(2, len(seq) // 3)]
        top = max(seq)
        return (all(0 < v <= ms.arrow_stem_max_width * top for v in part)
                and max(part) - min(part) <= ms.arrow_stem_wobble * top + 0.5)

    if stem(band[::-1]):
        return "arrow_up"
    if stem(band):
        return "arrow_down"
    if stem(colw):
        return "arrow_right"
    if stem(colw[::-1]):
        return "arrow_left"
    widest = max(range(len(band)), key=lambda i: band[i])
    if widest < len(band) / 4:
        return "triangle_down"
    if widest >= 3 * len(band) / 4:
        return "triangle_up"
    tallest = max(range(len(colw)), key=lambda i: colw[i])
    if tallest < len(colw) / 4:
        return "triangle_right"  # base on the left, tip to the right (▶)
    if tallest >= 3 * len(colw) / 4:
        return "triangle_left"
    return "diamond"

"""Vector and raster marks: small curves, rects and images -> Mark (shape, colour, fill).

Vector paths are rasterised and judged by the same pixel rules as raster icons, so a
circle with a white check mark inside reads the same whether drawn or embedded. Progress
bars (a wide, low bar of two colours) become a Mark with shape "bar" and ``progress``.
Tolerances: ``ShapeSettings`` (``ss``), and ``PdfSettings`` (``pdf``) where masks are judged too.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from pipeline.model import BBox, Mark
from pipeline.read.pdf.layout import Shape
from pipeline.read.pdf.masks import classify_mask, mask_box
from pipeline.read.pdf.objects import Box, ImageObject, PathObject
from pipeline.settings.pdf import PdfSettings, ShapeSettings
from pipeline.status.marks import hue_family, pdf_color_to_hex, rgb_to_hex

# hue families that count as "coloured" (a one-colour bar in one of them is full)
SATURATED_FAMILIES = ("green", "yellow", "red", "blue")

RGB = tuple[int, int, int]
PAPER: RGB = (255, 255, 255)


# ----------------------------------------------------------------------------- vector paths

def curves_to_mark(objs: Sequence[PathObject], pdf: PdfSettings) -> Mark | None:
    """Overlapping small vector paths (a disc and the white check drawn on it) -> one Mark."""
    x0, top = min(o["x0"] for o in objs), min(o["top"] for o in objs)
    x1, bottom = max(o["x1"] for o in objs), max(o["bottom"] for o in objs)
    ss = pdf.shapes
    if x1 - x0 <= ss.min_mark_extent or bottom - top <= ss.min_mark_extent:
        return None
    pixels, size = paths_to_pixels(objs, (x0, top, x1, bottom), ss)
    color, shape, filled = pixels_to_mark(pixels, size, pdf)
    if shape is None:
        return None
    return Mark(shape, color, shape, filled, "vector", BBox(x0, top, x1, bottom))


def _subpaths(obj: PathObject, bezier_steps: int) -> list[tuple[list[tuple[float, float]], bool]]:
    """A pdfplumber path -> (points, closed) per subpath, Béziers flattened."""
    out: list[tuple[list[tuple[float, float]], bool]] = []
    cur: list[tuple[float, float]] = []
    closed = False
    for op, *pts in obj.get("path") or ():
        if op == "m":
            if len(cur) > 1:
                out.append((cur, closed))
            cur, closed = [pts[0]], False
        elif op == "l" and cur:
            cur.append(pts[0])
        elif op in ("c", "v", "y") and cur:
            p0 = cur[-1]
            c1, c2, p3 = (pts[0], pts[1], pts[2]) if op == "c" else (
                (p0, pts[0], pts[1]) if op == "v" else (pts[0], pts[1], pts[1]))
            for k in range(1, bezier_steps + 1):
                t = k / bezier_steps
                a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
                cur.append((a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1]))
        elif op == "h":
            closed = True
    if len(cur) > 1:
        out.append((cur, closed))
    if not out and len(obj.get("pts") or ()) > 1:  # no path detail: the points, as a polygon
        out.append(([(p[0], p[1]) for p in obj["pts"]], True))
    return out


def paths_to_pixels(objs: Sequence[PathObject], bbox: tuple[float, float, float, float], ss: ShapeSettings
                    ) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    """Paint paths (in order, even-odd fill, strokes at their width) into a small RGBA raster."""
    from PIL import Image, ImageChops, ImageDraw

    x0, top, x1, bottom = bbox
    scale = ss.shape_raster_size / max(x1 - x0, bottom - top)
    w, h = max(1, round((x1 - x0) * scale)) + 2, max(1, round((bottom - top) * scale)) + 2
    img = Image.new("RGBA", (w, h), (255, 255, 255, 0))

    def px(p):
        return (1 + (p[0] - x0) * scale, 1 + (p[1] - top) * scale)

    for obj in objs:
        subs = _subpaths(obj, ss.bezier_steps)
        if obj.get("fill"):
            mask = Image.new("L", (w, h), 0)
            for pts, _ in subs:
                one = Image.new("L", (w, h), 0)
                if len(pts) >= 3:
                    ImageDraw.Draw(one).polygon([px(p) for p in pts], fill=255)
                mask = ImageChops.logical_xor(mask.convert("1"), one.convert("1")).convert("L")
            img.paste(_rgba(obj.get("non_stroking_color")), (0, 0), mask)
        if obj.get("stroke") or not obj.get("fill"):
            width = max(1, round(max(obj.get("linewidth") or 0, ss.min_stroke_width) * scale))
            draw = ImageDraw.Draw(img)
            for pts, closed in subs:
                line = [px(p) for p in pts] + ([px(pts[0])] if closed else [])
                draw.line(line, fill=_rgba(obj.get("stroking_color")), width=width, joint="curve")
    raw = img.tobytes()
    return _rgba_pixels(raw), (w, h)


def _rgba_pixels(raw: bytes) -> list[tuple[int, int, int, int]]:
    """An RGBA image's bytes -> one (r, g, b, a) per pixel."""
    return list(zip(raw[0::4], raw[1::4], raw[2::4], raw[3::4], strict=True))


def _rgba(color: object) -> tuple[int, int, int, int]:
    hx = pdf_color_to_hex(color) or "#000000"
    return int(hx[1:3], 16), int(hx[3:5], 16), int(hx[5:7], 16), 255


def rect_to_mark(obj: PathObject) -> Mark:
    filled = bool(obj.get("fill"))
    color = pdf_color_to_hex(obj.get("non_stroking_color") if filled else obj.get("stroking_color"))
    return Mark("square", color, "square", filled, "vector",
                BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))


# ----------------------------------------------------------------------------- raster icons

def image_to_mark(obj: ImageObject, pdf: PdfSettings) -> Mark | None:
    """A small raster icon -> Mark: dominant ink colour and shape from its pixels."""
    try:
        pixels, size = _image_pixels(obj, pdf.shapes)
    except MemoryError:  # over the worker's limit: the document's error, not this image's
        raise
    except Exception:  # unsupported encodings are not fatal: the cell just has no image mark
        return None
    bbox = BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    color, shape, filled = pixels_to_mark(pixels, size, pdf)
    if shape is None:
        return None
    return Mark(shape, color, shape, filled, "image", bbox)


def image_to_bar(obj: ImageObject, ss: ShapeSettings) -> Mark | None:
    """A wide, low raster image -> a progress bar Mark (shape "bar", progress 0-100)."""
    try:
        pixels, size = _image_pixels(obj, ss)
    except MemoryError:
        raise
    except Exception:
        return None
    color, progress = pixels_to_bar(pixels, size, ss)
    if progress is None:
        return None
    return Mark("bar", color, "bar", True, "image", BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]), progress)


def _image_pixels(obj: ImageObject, ss: ShapeSettings) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    from PIL import Image

    stream = obj["stream"]
    attrs = stream.attrs
    w, h = int(attrs.get("Width", obj.get("srcsize", (0, 0))[0])), int(attrs.get("Height", obj.get("srcsize", (0, 0))[1]))
    filters = str(attrs.get("Filter", ""))
    if "DCT" in filters or "JPX" in filters:
        img = Image.open(io.BytesIO(stream.get_rawdata() or b"")).convert("RGB")
    else:
        data = stream.get_data()
        cs = str(attrs.get("ColorSpace", ""))
        bpc = int(attrs.get("BitsPerComponent", 8))
        if bpc != 8:
            raise ValueError("only 8-bit images")
        if "Gray" in cs or len(data) == w * h:
            img = Image.frombytes("L", (w, h), data).convert("RGB")
        elif "CMYK" in cs or len(data) == 4 * w * h:
            img = Image.frombytes("CMYK", (w, h), data).convert("RGB")
        else:
            img = Image.frombytes("RGB", (w, h), data[: 3 * w * h])
    img = img.convert("RGBA")
    smask = attrs.get("SMask")
    if smask is not None:
        from pdfminer.pdftypes import resolve1

        ms = resolve1(smask)
        mw, mh = int(ms.attrs.get("Width", w)), int(ms.attrs.get("Height", h))
        if any(f in str(ms.attrs.get("Filter", "")) for f in ("DCT", "JPX")):  # LibreOffice: JPEG masks
            alpha = Image.open(io.BytesIO(ms.get_rawdata())).convert("L").resize(img.size)
        else:
            alpha = Image.frombytes("L", (mw, mh), ms.get_data()[: mw * mh]).resize(img.size)
        if list(ms.attrs.get("Decode", [0, 1]))[:2] == [1, 0]:  # LibreOffice writes inverted masks
            alpha = alpha.point(lambda v: 255 - v)
        img.putalpha(alpha)
    if max(img.size) > ss.icon_max_pixels:  # shape and colour survive downscaling; pixel loops stay cheap
        n = ss.icon_max_pixels
        img = img.resize((n, max(1, round(n * img.size[1] / img.size[0]))) if img.size[0] >= img.size[1]
                         else (max(1, round(n * img.size[0] / img.size[1])), n), Image.Resampling.NEAREST)
    raw = img.tobytes()
    return _rgba_pixels(raw), img.size


@lru_cache(maxsize=4096)  # icons have few distinct colours
def _is_paper(px: tuple[int, int, int, int], min_value: float, max_saturation: float) -> bool:
    import colorsys

    r, g, b, a = px
    if a < 128:
        return True
    _, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
    return v > min_value and s < max_saturation


def _ink(pixels: Sequence[tuple[int, int, int, int]], ss: ShapeSettings) -> tuple[list[bool], str | None]:
    """Ink mask (opaque, not near-white) and the dominant ink colour of an icon."""
    ink = [False] * len(pixels)
    buckets: Counter = Counter()
    sums: dict[tuple, list[int]] = {}
    for i, px in enumerate(pixels):
        if _is_paper(px, ss.paper_min_value, ss.paper_max_saturation):
            continue
        r, g, b, _ = px
        ink[i] = True
        key = (r >> 5, g >> 5, b >> 5)
        buckets[key] += 1
        acc = sums.setdefault(key, [0, 0, 0])
        acc[0] += r
        acc[1] += g
        acc[2] += b
    if not buckets:
        return ink, None
    key, cnt = buckets.most_common(1)[0]
    sr, sg, sb = sums[key]
    dominant = (round(sr / cnt), round(sg / cnt), round(sb / cnt))
    # anti-aliased edges and thin paper symbols: a pixel nearer paper than the ink colour is paper
    nearer_ink: dict[tuple, bool] = {}
    for i, px in enumerate(pixels):
        if ink[i]:
            if px not in nearer_ink:
                nearer_ink[px] = _distance(px[:3], PAPER) >= _distance(px[:3], dominant)
            ink[i] = nearer_ink[px]
    return ink, rgb_to_hex(tuple(c / 255 for c in dominant))


def pixels_to_mark(pixels: Sequence[tuple[int, int, int, int]], size: tuple[int, int], pdf: PdfSettings
                   ) -> tuple[str | None, str | None, bool | None]:
    """(colour hex, shape, filled) of the ink in an icon; ink = opaque and not near-white."""
    ink, color = _ink(pixels, pdf.shapes)
    if color is None:
        return None, None, None
    shape, filled = classify_mask(ink, *size, pdf.masks)
    return color, shape, filled


# ----------------------------------------------------------------------------- progress bars

def _distance(a: RGB, b: RGB) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def strip_to_progress(strip: Sequence[RGB], ss: ShapeSettings) -> tuple[str | None, float | None]:
    """Colours along a bar's middle, left to right (paper as white) -> (done colour, percent).

    Bars fill from the left: the done share is the leftmost run of the left colour when it
    differs from the right colour. A thin frame (same colour at both ends) is not the bar.
    A one-colour bar is 100 when coloured (green, yellow, red, blue), 0 when grey or paper.
    """
    strip = list(strip)
    if not strip:
        return None, None
    n = len(strip)
    same = ss.bar_same_colour
    frame = max(1, int(ss.bar_frame_max_share * n))
    lead = next((i for i, c in enumerate(strip) if _distance(c, strip[0]) > same), n)
    trail = next((i for i, c in enumerate(reversed(strip)) if _distance(c, strip[-1]) > same), n)
    if lead <= frame and trail <= frame and lead + trail < n and _distance(strip[0], strip[-1]) <= same:
        strip = strip[lead:n - trail]
        n = len(strip)
    left, right = strip[0], strip[-1]
    if _distance(left, right) <= same:  # one colour; its middle is clear of blended ends
        colour = rgb_to_hex(tuple(c / 255 for c in strip[n // 2]))
        return colour, (100.0 if hue_family(colour) in SATURATED_FAMILIES else 0.0)
    done = next((i for i, c in enumerate(strip) if _distance(c, right) < _distance(c, left)), n)
    return rgb_to_hex(tuple(c / 255 for c in left)), round(100.0 * done / n, 1)


def pixels_to_bar(pixels: Sequence[tuple[int, int, int, int]], size: tuple[int, int], ss: ShapeSettings
                  ) -> tuple[str | None, float | None]:
    """(done colour, percent) of a raster progress bar, read along its middle row. The bar's
    ends are the ink's, padded symmetrically (an unfilled paper part on the right still counts)."""
    w, h = size
    paper = (ss.paper_min_value, ss.paper_max_saturation)
    ink = [not _is_paper(p, *paper) for p in pixels]
    box = mask_box(ink, w, h)
    if box is None:
        return None, None
    x0, y0, x1, y1 = box
    x1 = max(x1, w - 1 - x0)
    y = (y0 + y1) // 2
    strip = [PAPER if _is_paper(pixels[y * w + x], *paper) else pixels[y * w + x][:3] for x in range(x0, x1 + 1)]
    return strip_to_progress(strip, ss)


def rects_to_bars(rects: Sequence[PathObject], max_mark: float, ss: ShapeSettings) -> tuple[list[Shape], set[int]]:
    """Filled rects side by side (or stacked: a bar drawn over its track) with the same top and
    bottom, of two or more colours, together wide and low -> progress bars. Returns the bars and
    the ids of the rects they use. One-colour runs are cell shading, never bars."""
    t = ss.bar_edge_tolerance
    cand = [r for r in rects if r.get("fill") and ss.bar_min_height <= r["bottom"] - r["top"] <= max_mark
            and not _border(r, ss)]
    cand.sort(key=lambda r: (round(r["top"] / t), round(r["bottom"] / t), r["x0"]))
    groups: list[list[PathObject]] = []
    for r in cand:
        g = groups[-1] if groups else None
        if (g and abs(g[0]["top"] - r["top"]) <= t and abs(g[0]["bottom"] - r["bottom"]) <= t
                and r["x0"] <= max(o["x1"] for o in g) + t):
            g.append(r)
        else:
            groups.append([r])
    bars: list[Shape] = []
    used: set[int] = set()
    order = {id(r): k for k, r in enumerate(rects)}
    for g in groups:
        x0, x1 = min(r["x0"] for r in g), max(r["x1"] for r in g)
        top, bottom = min(r["top"] for r in g), max(r["bottom"] for r in g)
        colours = {pdf_color_to_hex(r.get("non_stroking_color")) for r in g}
        if (len(g) < 2 or len(colours) < 2 or x1 - x0 > ss.bar_max_width
                or (x1 - x0) < ss.bar_min_aspect * (bottom - top)):
            continue
        painted = sorted(g, key=lambda r: order[id(r)])  # later rects paint over earlier ones
        strip = []
        for k in range(ss.bar_samples):
            x = x0 + (k + 0.5) * (x1 - x0) / ss.bar_samples
            over = [r for r in painted if r["x0"] <= x <= r["x1"]]
            strip.append(_rgba(over[-1].get("non_stroking_color"))[:3] if over else PAPER)
        color, progress = strip_to_progress(strip, ss)
        bars.append(Shape(x0, top, x1, bottom, Mark("bar", color, "bar", True, "vector",
                                                      BBox(x0, top, x1, bottom), progress)))
        used.update(id(r) for r in g)
    return bars, used


def _border(r: PathObject, ss: ShapeSettings) -> bool:
    return (r["x1"] - r["x0"] < ss.bar_rule_max_width
            and hue_family(pdf_color_to_hex(r.get("non_stroking_color"))) in ("black", "grey"))


def is_bar_box(w: float, h: float, max_mark: float, ss: ShapeSettings) -> bool:
    return ss.bar_min_height <= h <= max_mark and w >= ss.bar_min_aspect * h and w <= ss.bar_max_width


# ----------------------------------------------------------------------------- a page's marks

def _overlap(a: Box, b: Box) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _clusters(objs: list[PathObject], max_mark: float) -> list[list[PathObject]]:
    """Small paths whose boxes overlap: one icon drawn in several paths. A sweep from the top
    keeps it near-linear on pages full of chart segments; a group that grows beyond a mark's
    size is no icon, and its paths stay marks of their own."""
    order = {id(o): k for k, o in enumerate(objs)}
    active: list[list[PathObject]] = []
    done: list[list[PathObject]] = []
    for o in sorted(objs, key=lambda o: o["top"]):
        keep: list[list[PathObject]] = []
        for g in active:
            (keep if max(p["bottom"] for p in g) >= o["top"] else done).append(g)
        hit = [g for g in keep if any(_overlap(o, p) for p in g)]
        merged = [p for g in hit for p in g] + [o]
        active = [g for g in keep if not any(g is h for h in hit)] + [merged]
    out: list[list[PathObject]] = []
    for g in done + active:
        w = max(p["x1"] for p in g) - min(p["x0"] for p in g)
        h = max(p["bottom"] for p in g) - min(p["top"] for p in g)
        parts = [g] if w <= max_mark and h <= max_mark else [[p] for p in g]
        out.extend(sorted(part, key=lambda p: order[id(p)]) for part in parts)
    return out


def declared_pixels(obj: ImageObject) -> int:
    """An image's pixel count as its dictionary declares it (nothing decoded)."""
    attrs = obj["stream"].attrs if obj.get("stream") is not None else {}
    src = obj.get("srcsize") or (0, 0)
    try:
        return int(attrs.get("Width", src[0]) or 0) * int(attrs.get("Height", src[1]) or 0)
    except (TypeError, ValueError):
        return 0


def oversized_images(page, max_pixels: int) -> list[ImageObject]:
    """Images a mark reading would decode but whose declared size is over the pixel budget (a
    30000×30000 image drawn as an icon would take gigabytes): skipped with a page warning."""
    return [obj for obj in page.images if declared_pixels(obj) > max_pixels]


def objects_to_shapes(page, max_mark: float, max_pixels: int, pdf: PdfSettings) -> tuple[list[Shape], list[BBox]]:
    """Small curves, rects and images -> mark candidates; large images -> figure boxes. Images
    over ``max_pixels`` (declared) are never decoded."""
    ss = pdf.shapes
    shapes: list[Shape] = []
    figures: list[BBox] = []
    seen: set[tuple] = set()
    small = []
    # small curves, and short diagonal lines (the strokes of a cross), drawn twice count once
    diagonal = [ln for ln in page.lines if min(ln["x1"] - ln["x0"], ln["bottom"] - ln["top"]) >= ss.min_curve_mark]
    for obj in [*page.curves, *diagonal]:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w <= max_mark and h <= max_mark and max(w, h) >= ss.min_curve_mark:
            key = (tuple(round(v) for p in obj.get("pts") or () for v in p), round(w), round(h), bool(obj.get("fill")))
            if key not in seen:
                seen.add(key)
                small.append(obj)
    bars, used = rects_to_bars(page.rects, max_mark, ss)
    shapes.extend(bars)
    # small rects drawn on a curve (pause bars on a disc) belong to its icon
    on_curves = [r for r in page.rects if id(r) not in used and r["x1"] - r["x0"] <= max_mark
                 and r["bottom"] - r["top"] <= max_mark and any(_overlap(r, c) for c in small)]
    used.update(id(r) for r in on_curves)
    icons = 0
    for group in _clusters(small + on_curves, max_mark):
        w = max(o["x1"] for o in group) - min(o["x0"] for o in group)
        h = max(o["bottom"] for o in group) - min(o["top"] for o in group)
        if not 1 / ss.max_icon_aspect <= w / max(h, 1e-6) <= ss.max_icon_aspect or icons >= ss.max_vector_icons:
            continue  # a chart's segment, or a page of them: not worth rasterising
        icons += 1
        # paint order across curves and rects is lost: the larger part is the background
        m = curves_to_mark(sorted(group, key=lambda o: -(o["x1"] - o["x0"]) * (o["bottom"] - o["top"])), pdf)
        if m and (b := m.bbox) is not None:  # curves_to_mark always boxes its mark
            shapes.append(Shape(b.x0, b.top, b.x1, b.bottom, m))
    for obj in page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if (id(obj) not in used and ss.min_rect_mark <= w <= max_mark and ss.min_rect_mark <= h <= max_mark
                and 1 / ss.max_mark_aspect <= w / h <= ss.max_mark_aspect):
            key = (round(obj["x0"]), round(obj["top"]), round(w), round(h))
            if key in seen:
                continue
            seen.add(key)
            shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], rect_to_mark(obj)))
    for obj in page.images:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        small_image = w <= max_mark and h <= max_mark
        decodable = declared_pixels(obj) <= max_pixels  # over the budget: never decoded
        m = None if not decodable else image_to_mark(obj, pdf) if small_image else \
            image_to_bar(obj, ss) if is_bar_box(w, h, max_mark, ss) else None
        if m is None and not small_image and (w > ss.figure_min_marks * max_mark or h > ss.figure_min_marks * max_mark):
            figures.append(BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
        if m:
            shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], m))
    return shapes, figures


def shaded(fills: Sequence[PathObject], box: BBox, ss: ShapeSettings) -> bool:
    """True when a non-white filled rect covers most of ``box`` (a shaded header row)."""
    for f in fills:
        t = ss.shade_tolerance
        if f["x0"] <= box.x0 + t and f["x1"] >= box.x0 + 5 * t and f["top"] <= box.top + t and f["bottom"] >= box.bottom - t:
            col = pdf_color_to_hex(f.get("non_stroking_color"))
            if col and col not in ("#ffffff",):
                return True
    return False

"""Vector and raster marks: small curves, rects and images -> Mark (shape, colour, fill)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

from pipeline.marks import pdf_color_to_hex, rgb_to_hex
from pipeline.model import BBox, Mark
from pipeline.read.pdf.layout import Shape

# paths narrower than this (pt) are no mark; curves from MIN_CURVE_MARK, rects from MIN_RECT_MARK
MIN_MARK_EXTENT = 0.5
MIN_CURVE_MARK = 2.0
MIN_RECT_MARK = 3.0
# a square-ish mark's width/height ratio stays within this factor
MAX_MARK_ASPECT = 1.6
# a mark or a bar is small: an image declaring more pixels than this is not decoded
MAX_IMAGE_PIXELS = 4_000_000
# an image this many times the mark size is a figure
FIGURE_MIN_MARKS = 3.0
# vector polygons are rasterised at this size to be judged like icons
SHAPE_RASTER_SIZE = 32
# icons are downscaled to at most this many pixels a side
ICON_MAX_PIXELS = 64
# paper: near-white pixels (HSV value above, saturation below) are not ink
PAPER_MIN_VALUE = 0.92
PAPER_MAX_SATURATION = 0.08
# ink covering more than this share of its box is a filled mark
FILLED_MIN_SHARE = 0.45
# fill ratio of the ink's box: square above SQUARE_MIN_FILL, circle above CIRCLE_MIN_FILL
SQUARE_MIN_FILL = 0.9
CIRCLE_MIN_FILL = 0.68
# an arrow's stem is at most this share of its widest part, and varies by at most ARROW_STEM_WOBBLE
ARROW_STEM_MAX_WIDTH = 0.6
ARROW_STEM_WOBBLE = 0.1
# a fill counts as a row's shade when it covers the cell within this tolerance (pt)
SHADE_TOLERANCE = 2.0

def curve_to_mark(obj: dict) -> Mark | None:
    """A small filled (or stroked) vector path -> Mark, shape read from its points."""
    pts = obj.get("pts") or []
    x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    w, h = x1 - x0, bottom - top
    if w <= MIN_MARK_EXTENT or h <= MIN_MARK_EXTENT:
        return None
    filled = bool(obj.get("fill"))
    color = pdf_color_to_hex(obj.get("non_stroking_color") if filled else obj.get("stroking_color"))
    curved = any(seg and seg[0] in ("c", "v", "y") for seg in obj.get("path") or ())
    shape = "circle" if curved else polygon_to_shape([(p[0], p[1]) for p in pts], (x0, top, x1, bottom))
    return Mark(shape, color, shape, filled, "vector", BBox(x0, top, x1, bottom))


def polygon_to_shape(pts: list[tuple[float, float]], bbox: tuple[float, float, float, float]) -> str:
    """Name a straight-edged path's shape by rasterising it and reading the pixel mask, so
    vector and raster marks are judged by the same rules."""
    from PIL import Image, ImageDraw

    x0, top, x1, bottom = bbox
    w, h = max(x1 - x0, 1e-6), max(bottom - top, 1e-6)
    n = SHAPE_RASTER_SIZE
    im = Image.new("L", (n, n), 0)
    if len(pts) >= 3:
        ImageDraw.Draw(im).polygon([((x - x0) / w * (n - 1), (y - top) / h * (n - 1)) for x, y in pts], fill=255)
    data = list(im.tobytes())
    return mask_to_shape([v > 127 for v in data], n, n) or "shape"


def rect_to_mark(obj: dict) -> Mark:
    filled = bool(obj.get("fill"))
    color = pdf_color_to_hex(obj.get("non_stroking_color") if filled else obj.get("stroking_color"))
    return Mark("square", color, "square", filled, "vector",
                BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))


def image_to_mark(obj: dict) -> Mark | None:
    """A small raster icon -> Mark: dominant ink colour and shape from its pixels."""
    try:
        pixels, size = _image_pixels(obj)
    except Exception:  # unsupported encodings are not fatal: the cell just has no image mark
        return None
    bbox = BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    color, shape, filled = pixels_to_mark(pixels, size)
    if shape is None:
        return None
    return Mark(shape, color, shape, filled, "image", bbox)


def _image_pixels(obj: dict) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    from PIL import Image

    stream = obj["stream"]
    attrs = stream.attrs
    w, h = int(attrs.get("Width", obj.get("srcsize", (0, 0))[0])), int(attrs.get("Height", obj.get("srcsize", (0, 0))[1]))
    filters = str(attrs.get("Filter", ""))
    if "DCT" in filters or "JPX" in filters:
        img = Image.open(io.BytesIO(stream.get_rawdata())).convert("RGB")
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
        mdata = ms.get_data()
        mw, mh = int(ms.attrs.get("Width", w)), int(ms.attrs.get("Height", h))
        alpha = Image.frombytes("L", (mw, mh), mdata[: mw * mh]).resize(img.size)
        img.putalpha(alpha)
    if max(img.size) > ICON_MAX_PIXELS:  # shape and colour survive downscaling; pixel loops stay cheap
        n = ICON_MAX_PIXELS
        img = img.resize((n, max(1, round(n * img.size[1] / img.size[0]))) if img.size[0] >= img.size[1]
                         else (max(1, round(n * img.size[0] / img.size[1])), n), Image.NEAREST)
    raw = img.tobytes()
    return [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)], img.size


def pixels_to_mark(pixels: Sequence[tuple[int, int, int, int]], size: tuple[int, int]
                   ) -> tuple[str | None, str | None, bool | None]:
    """(colour hex, shape, filled) of the ink in an icon; ink = opaque and not near-white."""
    import colorsys

    w, h = size
    ink = [False] * (w * h)
    buckets: Counter = Counter()
    sums: dict[tuple, list[int]] = {}
    for i, (r, g, b, a) in enumerate(pixels):
        if a < 128:
            continue
        _, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        if v > PAPER_MIN_VALUE and s < PAPER_MAX_SATURATION:
            continue
        ink[i] = True
        key = (r >> 5, g >> 5, b >> 5)
        buckets[key] += 1
        acc = sums.setdefault(key, [0, 0, 0])
        acc[0] += r
        acc[1] += g
        acc[2] += b
    n = sum(ink)
    if n == 0:
        return None, None, None
    key, cnt = buckets.most_common(1)[0]
    r, g, b = (c / cnt / 255 for c in sums[key])

    color = rgb_to_hex((r, g, b))
    rows = [sum(ink[y * w:(y + 1) * w]) for y in range(h)]
    cols = [sum(ink[y * w + x] for y in range(h)) for x in range(w)]
    ys = [y for y, c in enumerate(rows) if c]
    xs = [x for x, c in enumerate(cols) if c]
    bw, bh = xs[-1] - xs[0] + 1, ys[-1] - ys[0] + 1
    fill = n / (bw * bh)
    cx, cy = (xs[0] + xs[-1]) // 2, (ys[0] + ys[-1]) // 2
    centre_ink = ink[cy * w + cx]
    filled = centre_ink or fill > FILLED_MIN_SHARE
    if not filled:
        # hollow: judge the outline shape by its ink at the corners vs the edge midpoints
        corner = ink[ys[0] * w + xs[0]] or ink[ys[-1] * w + xs[-1]]
        return color, ("square" if corner else "diamond" if bw > 4 else "circle"), False
    return color, mask_to_shape(ink, w, h), True


def mask_to_shape(ink: Sequence[bool], w: int, h: int) -> str | None:
    """Shape of the ink in a w x h mask: square, circle, diamond, triangle_* or arrow_*.

    Fill ratio separates square (~1), circle (~0.79) and the rest (~0.5). An arrow has a
    stem: a third of its length of constant, narrow width; a triangle is widest at one end,
    a diamond in the middle.
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
    if fill > SQUARE_MIN_FILL:
        return "square"
    if fill > CIRCLE_MIN_FILL:
        return "circle"

    def stem(seq: list[int]) -> bool:
        part = seq[: max(2, len(seq) // 3)]
        top = max(seq)
        return (all(0 < v <= ARROW_STEM_MAX_WIDTH * top for v in part)
                and max(part) - min(part) <= ARROW_STEM_WOBBLE * top + 0.5)

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
        return "triangle_left"
    if tallest >= 3 * len(colw) / 4:
        return "triangle_right"
    return "diamond"


def declared_pixels(obj: dict) -> int:
    """An image's pixel count as its dictionary declares it (nothing decoded)."""
    attrs = obj["stream"].attrs if obj.get("stream") is not None else {}
    src = obj.get("srcsize") or (0, 0)
    try:
        return int(attrs.get("Width", src[0]) or 0) * int(attrs.get("Height", src[1]) or 0)
    except (TypeError, ValueError):
        return 0


def oversized_images(page, max_pixels: int) -> list[dict]:
    """Images a mark reading would decode but whose declared size is over the pixel budget (a
    30000×30000 image drawn as an icon would take gigabytes): skipped with a page warning."""
    return [obj for obj in page.images if declared_pixels(obj) > max_pixels]


def objects_to_shapes(page, max_mark: float,
                      max_pixels: int = MAX_IMAGE_PIXELS) -> tuple[list[Shape], list[BBox]]:
    """Small curves, rects and images -> mark candidates; large images -> figure boxes. Images
    over ``max_pixels`` (declared) are never decoded."""
    shapes: list[Shape] = []
    figures: list[BBox] = []
    seen: set[tuple] = set()
    for obj in page.curves:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w <= max_mark and h <= max_mark and max(w, h) >= MIN_CURVE_MARK:
            key = (round(obj["x0"]), round(obj["top"]), round(w), round(h))
            if key in seen:
                continue
            seen.add(key)
            m = curve_to_mark(obj)
            if m:
                shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], m))
    for obj in page.rects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if (MIN_RECT_MARK <= w <= max_mark and MIN_RECT_MARK <= h <= max_mark
                and 1 / MAX_MARK_ASPECT <= w / h <= MAX_MARK_ASPECT):
            key = (round(obj["x0"]), round(obj["top"]), round(w), round(h))
            if key in seen:
                continue
            seen.add(key)
            shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], rect_to_mark(obj)))
    for obj in page.images:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if w <= max_mark and h <= max_mark and declared_pixels(obj) <= max_pixels:
            m = image_to_mark(obj)
            if m:
                shapes.append(Shape(obj["x0"], obj["top"], obj["x1"], obj["bottom"], m))
        elif w > FIGURE_MIN_MARKS * max_mark or h > FIGURE_MIN_MARKS * max_mark:
            figures.append(BBox(obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
    return shapes, figures


def shaded(fills: Sequence[dict], box: BBox) -> bool:
    """True when a non-white filled rect covers most of ``box`` (a shaded header row)."""
    for f in fills:
        t = SHADE_TOLERANCE
        if f["x0"] <= box.x0 + t and f["x1"] >= box.x0 + 5 * t and f["top"] <= box.top + t and f["bottom"] >= box.bottom - t:
            col = pdf_color_to_hex(f.get("non_stroking_color"))
            if col and col not in ("#ffffff",):
                return True
    return False

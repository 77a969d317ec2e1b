"""Status icons, trend icons and progress bars drawn with PIL for the shape tests.

Each is drawn at four times its size and downscaled, so edges are anti-aliased like the
icons that real report tools embed.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

SUPERSAMPLE = 4
WHITE = (255, 255, 255, 255)
COLOURS = {"green": (106, 179, 62), "yellow": (242, 194, 1), "red": (217, 55, 43), "grey": (155, 155, 155),
           "blue": (31, 92, 153), "darkgrey": (90, 90, 90)}
ICON_SHAPES = ("ring", "open_diamond", "open_square", "check", "cross", "half_circle",
               "circle_check", "circle_play", "circle_cross", "circle_pause", "circle", "square")


def _pixels(im: Image.Image, size: tuple[int, int]) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    small = im.resize(size, Image.LANCZOS)
    raw = small.tobytes()
    return [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)], small.size


def icon(shape: str, size: int, colour: str) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    """RGBA pixels of a ``size`` x ``size`` icon on a transparent background."""
    s = size * SUPERSAMPLE
    ink = COLOURS[colour] + (255,)
    im = Image.new("RGBA", (s, s), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)

    def p(u: float, v: float) -> tuple[float, float]:
        return u * (s - 1), v * (s - 1)

    lw = max(SUPERSAMPLE, round(0.12 * s))
    disc = (*p(0.04, 0.04), *p(0.96, 0.96))
    if shape == "ring":
        d.ellipse(disc, outline=ink, width=lw)
    elif shape == "open_diamond":
        d.polygon([p(0.5, 0.02), p(0.98, 0.5), p(0.5, 0.98), p(0.02, 0.5)], outline=ink, width=lw)
    elif shape == "open_square":
        d.rectangle(disc, outline=ink, width=lw)
    elif shape == "check":
        d.line([p(0.08, 0.5), p(0.38, 0.85), p(0.92, 0.12)], fill=ink, width=round(1.3 * lw), joint="curve")
    elif shape == "cross":
        d.line([p(0.12, 0.12), p(0.88, 0.88)], fill=ink, width=round(1.3 * lw))
        d.line([p(0.88, 0.12), p(0.12, 0.88)], fill=ink, width=round(1.3 * lw))
    elif shape == "half_circle":
        d.pieslice(disc, 90, 270, fill=ink)
        d.ellipse(disc, outline=ink, width=lw)
    elif shape == "circle":
        d.ellipse(disc, fill=ink)
    elif shape == "square":
        d.rectangle(disc, fill=ink)
    elif shape.startswith("circle_"):
        d.ellipse(disc, fill=ink)
        sym = shape.removeprefix("circle_")
        w = round(1.4 * lw)
        if sym == "check":
            d.line([p(0.27, 0.52), p(0.44, 0.7), p(0.74, 0.32)], fill=WHITE, width=w, joint="curve")
        elif sym == "cross":
            d.line([p(0.3, 0.3), p(0.7, 0.7)], fill=WHITE, width=w)
            d.line([p(0.7, 0.3), p(0.3, 0.7)], fill=WHITE, width=w)
        elif sym == "play":
            d.polygon([p(0.36, 0.26), p(0.76, 0.5), p(0.36, 0.74)], fill=WHITE)
        elif sym == "pause":
            d.rectangle((*p(0.3, 0.27), *p(0.43, 0.73)), fill=WHITE)
            d.rectangle((*p(0.57, 0.27), *p(0.7, 0.73)), fill=WHITE)
    else:
        raise ValueError(shape)
    return _pixels(im, (size, size))


def bar(percent: float, height: int, colour: str = "green", rest: str | None = "darkgrey",
        aspect: float = 5.7, frame: bool = False) -> tuple[list[tuple[int, int, int, int]], tuple[int, int]]:
    """A progress bar ``percent`` full: the done part in ``colour`` from the left, the rest in
    ``rest`` (None: paper), optionally inside a thin dark frame."""
    w, h = round(height * aspect) * SUPERSAMPLE, height * SUPERSAMPLE
    im = Image.new("RGBA", (w, h), WHITE)
    d = ImageDraw.Draw(im)
    if rest:
        d.rectangle((0, 0, w - 1, h - 1), fill=COLOURS[rest] + (255,))
    if round(w * percent / 100) >= 1:
        d.rectangle((0, 0, round(w * percent / 100) - 1, h - 1), fill=COLOURS[colour] + (255,))
    if frame:
        d.rectangle((0, 0, w - 1, h - 1), outline=COLOURS["darkgrey"] + (255,), width=SUPERSAMPLE)
    return _pixels(im, (w // SUPERSAMPLE, h // SUPERSAMPLE))


# ----------------------------------------------------------------------------- vector marks

VECTOR_SHAPES = ("ring", "open_diamond", "open_square", "check", "cross", "half_circle", "circle_check",
                 "circle_play", "circle_cross", "circle_pause", "circle", "square")


def _draw_vector(c, shape: str, cx: float, cy: float, r: float, rgb: tuple[float, float, float]) -> None:
    """One mark centred at (cx, cy) (reportlab coordinates), radius r."""
    c.setFillColorRGB(*rgb)
    c.setStrokeColorRGB(*rgb)
    c.setLineWidth(0.18 * r)

    def path(points, close=False, stroke=1, fill=0, moves=()):
        p = c.beginPath()
        for k, (u, v) in enumerate(points):
            (p.moveTo if k == 0 or k in moves else p.lineTo)(cx + u * r, cy + v * r)
        if close:
            p.close()
        c.drawPath(p, stroke=stroke, fill=fill)

    if shape == "ring":
        c.circle(cx, cy, r * 0.9, stroke=1, fill=0)
    elif shape == "open_diamond":
        path([(0, 0.95), (0.95, 0), (0, -0.95), (-0.95, 0)], close=True)
    elif shape == "open_square":
        c.rect(cx - 0.9 * r, cy - 0.9 * r, 1.8 * r, 1.8 * r, stroke=1, fill=0)
    elif shape == "check":
        c.setLineWidth(0.25 * r)
        path([(-0.85, 0.0), (-0.25, -0.7), (0.85, 0.75)])
    elif shape == "cross":
        c.setLineWidth(0.25 * r)
        path([(-0.8, 0.8), (0.8, -0.8), (0.8, 0.8), (-0.8, -0.8)], moves=(2,))
    elif shape == "half_circle":
        c.wedge(cx - 0.9 * r, cy - 0.9 * r, cx + 0.9 * r, cy + 0.9 * r, 90, 180, stroke=0, fill=1)
        c.circle(cx, cy, r * 0.9, stroke=1, fill=0)
    elif shape == "circle":
        c.circle(cx, cy, r, stroke=0, fill=1)
    elif shape == "square":
        c.rect(cx - r, cy - r, 2 * r, 2 * r, stroke=0, fill=1)
    elif shape.startswith("circle_"):
        c.circle(cx, cy, r, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setStrokeColorRGB(1, 1, 1)
        c.setLineWidth(0.22 * r)
        sym = shape.removeprefix("circle_")
        if sym == "check":
            path([(-0.5, 0.0), (-0.15, -0.4), (0.5, 0.4)])
        elif sym == "cross":
            path([(-0.4, 0.4), (0.4, -0.4), (0.4, 0.4), (-0.4, -0.4)], moves=(2,))
        elif sym == "play":
            path([(-0.3, 0.5), (0.5, 0), (-0.3, -0.5)], close=True, stroke=0, fill=1)
        elif sym == "pause":
            c.rect(cx - 0.4 * r, cy - 0.45 * r, 0.25 * r, 0.9 * r, stroke=0, fill=1)
            c.rect(cx + 0.15 * r, cy - 0.45 * r, 0.25 * r, 0.9 * r, stroke=0, fill=1)
    else:
        raise ValueError(shape)


def _draw_bar(c, x: float, y: float, w: float, h: float, percent: float, overlay: bool) -> None:
    """A vector progress bar with its bottom-left at (x, y): green done part, dark grey rest,
    as two rects side by side or as a green rect painted over a full-length grey track."""
    green, grey = (v / 255 for v in COLOURS["green"]), (v / 255 for v in COLOURS["darkgrey"])
    done = w * percent / 100
    c.setFillColorRGB(*grey)
    if overlay:
        c.rect(x, y, w, h, stroke=0, fill=1)
    elif done < w:
        c.rect(x + done, y, w - done, h, stroke=0, fill=1)
    if done > 0:
        c.setFillColorRGB(*green)
        c.rect(x, y, done, h, stroke=0, fill=1)


def vector_marks_pdf(rows: list[tuple[str, str, float]]) -> bytes:
    """A ruled two-column table, one mark per row: (label, colour, size in pt). A label
    "bar P" or "overlay P" draws a progress bar P % full instead of a mark."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    height = A4[1]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    xs, row_h, top0 = (60, 220, 330), 26, 80
    ys = [top0 + row_h * k for k in range(len(rows) + 2)]
    c.setLineWidth(0.5)
    for x in xs:
        c.line(x, height - ys[0], x, height - ys[-1])
    for y in ys:
        c.line(xs[0], height - y, xs[-1], height - y)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(xs[0] + 4, height - ys[0] - 16, "Märke")
    c.drawString(xs[1] + 4, height - ys[0] - 16, "Bedömning")
    for k, (label, colour, size) in enumerate(rows):
        top = ys[k + 1]
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica", 9)
        c.drawString(xs[0] + 4, height - top - 16, label)
        cy = height - top - row_h / 2
        kind, _, pct = label.partition(" ")
        if kind in ("bar", "overlay"):
            _draw_bar(c, xs[1] + 20, cy - size / 2, 5.7 * size, size, float(pct), kind == "overlay")
        else:
            _draw_vector(c, kind, xs[1] + 40, cy, size / 2, tuple(v / 255 for v in COLOURS[colour]))
    c.save()
    return buf.getvalue()

"""Mark geometry in a unit square (y down), shared by the vector and raster renderers, and the
status/trend/state colours and legend wording."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from fixtures_build.model import Mark

GREEN, YELLOW, RED, GREY, BLUE = "#3aa335", "#f2b705", "#d7191c", "#9e9e9e", "#2e75b6"
DARK_GREY = "#404040"

STATUS_MARKS = {
    "achieved": Mark("circle", GREEN),
    "partially_achieved": Mark("circle", YELLOW),
    "not_achieved": Mark("circle", RED),
    "not_assessed": Mark("diamond", "#000000", filled=False),
}
TREND_MARKS = {
    "improving": Mark("arrow_up", GREEN),
    "unchanged": Mark("arrow_right", YELLOW),
    "worsening": Mark("arrow_down", RED),
}
STATE_MARKS = {  # activities and assignments
    "done": Mark("check", GREEN),
    "in_progress": Mark("play", BLUE),
    "delayed": Mark("clock", YELLOW),
    "not_started": Mark("circle", GREY, filled=False),
    "cancelled": Mark("cross", RED),
}
TREND_BY_GLYPH = {"↑": "improving", "➔": "unchanged", "→": "unchanged", "↓": "worsening"}

LEGEND_STATUS = (
    ("achieved", "Målet är uppnått"),
    ("partially_achieved", "Målet är delvis uppnått"),
    ("not_achieved", "Målet är inte uppnått"),
    ("not_assessed", "Ej möjligt att bedöma vid delåret"),
)
LEGEND_TREND = (("improving", "Förbättrad"), ("unchanged", "Oförändrad"), ("worsening", "Försämrad"))

_ARROWS = {
    "arrow_up": [(0.5, 0.0), (0.95, 0.5), (0.65, 0.5), (0.65, 1.0), (0.35, 1.0), (0.35, 0.5), (0.05, 0.5)],
    "arrow_right": [(1.0, 0.5), (0.5, 0.95), (0.5, 0.65), (0.0, 0.65), (0.0, 0.35), (0.5, 0.35), (0.5, 0.05)],
    "arrow_down": [(0.5, 1.0), (0.95, 0.5), (0.65, 0.5), (0.65, 0.0), (0.35, 0.0), (0.35, 0.5), (0.05, 0.5)],
}
_POLYGONS = {
    "diamond": [(0.5, 0.0), (1.0, 0.5), (0.5, 1.0), (0.0, 0.5)],
    "play": [(0.35, 0.25), (0.78, 0.5), (0.35, 0.75)],
    "cross": [(0.2, 0.1), (0.5, 0.4), (0.8, 0.1), (0.9, 0.2), (0.6, 0.5), (0.9, 0.8), (0.8, 0.9),
              (0.5, 0.6), (0.2, 0.9), (0.1, 0.8), (0.4, 0.5), (0.1, 0.2)],
    **_ARROWS,
}
CHECK_LINE = [(0.25, 0.52), (0.43, 0.7), (0.76, 0.32)]  # drawn inside a filled circle
CLOCK_LINE = [(0.5, 0.2), (0.5, 0.5), (0.72, 0.62)]


def polygon(shape: str) -> list[tuple[float, float]] | None:
    """The outline of a polygon shape, or None for circle-based shapes."""
    return _POLYGONS.get(shape)


def inner_line(shape: str) -> list[tuple[float, float]] | None:
    """A white stroke drawn on top of a filled circle (check, clock)."""
    return {"check": CHECK_LINE, "clock": CLOCK_LINE}.get(shape)


def is_round(shape: str) -> bool:
    return shape in ("circle", "check", "clock", "play")


def rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def icon_png(mark: Mark, px: int = 44) -> bytes:
    """A raster icon, drawn at 4x and downsampled so the edges are anti-aliased like real icons."""
    big = px * 4
    img = Image.new("RGBA", (big, big), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    col = rgb(mark.color)
    pad = big * 0.06
    box = [pad, pad, big - pad, big - pad]
    scale = big - 2 * pad

    def pts(points):
        return [(pad + x * scale, pad + y * scale) for x, y in points]

    if is_round(mark.shape):
        if mark.filled:
            d.ellipse(box, fill=col)
        else:
            d.ellipse(box, outline=col, width=int(big * 0.1))
    if mark.shape == "play":
        d.polygon(pts(polygon("play")), fill=(255, 255, 255))
    elif inner_line(mark.shape):
        d.line(pts(inner_line(mark.shape)), fill=(255, 255, 255), width=int(big * 0.1), joint="curve")
    elif polygon(mark.shape):
        if mark.filled:
            d.polygon(pts(polygon(mark.shape)), fill=col)
        else:
            d.polygon(pts(polygon(mark.shape)), outline=col, width=int(big * 0.08))
    return _png(img.resize((px, px), Image.LANCZOS))


def bar_png(percent: int, width_px: int = 256, height_px: int = 44) -> bytes:
    """A färdiggrad bar: green for the done share, dark grey for the rest (64 x 11 pt at 4 px/pt)."""
    img = Image.new("RGB", (width_px, height_px), rgb(DARK_GREY))
    done = round(width_px * max(0, min(100, percent)) / 100)
    if done:
        ImageDraw.Draw(img).rectangle([0, 0, done - 1, height_px - 1], fill=rgb(GREEN))
    return _png(img)


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()

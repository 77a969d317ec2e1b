"""Status and trend marks -> status / trend, and the document's own legend.

A mark is whatever a report draws in a status or trend cell: a coloured glyph ("●"), a
vector shape (a filled circle drawn as Bézier curves) or a small raster icon. The reader
turns each into a ``Mark`` (symbol, colour, shape, filled); this module decides what it
means. Colours differ between templates and years, so they are classified by hue family
(HSV), never by exact RGB.

Order of evidence (issue 3): the document's legend ("Teckenförklaring") first, then the
profile: a shape with a meaning of its own (``profile.legend.shapes``: a check, a cross, a
half-filled circle, a bar, an open diamond), then a hollow mark (``profile.legend.hollow``),
then the hue family (``profile.legend.hues``).
"""

from __future__ import annotations

import colorsys
import re
from collections.abc import Iterable, Sequence

from pipeline.model import BBox, Legend, LegendEntry, Mark, StatusReading, Trend
from pipeline.settings.profile import LegendSettings, Profile, ScorecardSettings
from pipeline.status.phrases import label_to_status, norm

# glyph -> (shape, filled). Glyphs not listed here are not marks.
GLYPHS: dict[str, tuple[str, bool]] = {
    "●": ("circle", True), "⬤": ("circle", True), "○": ("ring", False),
    "◯": ("ring", False), "◆": ("diamond", True), "♦": ("diamond", True), "◇": ("diamond", False),
    "◊": ("diamond", False), "■": ("square", True), "□": ("square", False), "▪": ("square", True),
    "▲": ("triangle_up", True), "△": ("triangle_up", False), "▼": ("triangle_down", True),
    "▽": ("triangle_down", False), "▶": ("triangle_right", True), "▷": ("triangle_right", False),
    "★": ("star", True), "☆": ("star", False),
    "↑": ("arrow_up", True), "⬆": ("arrow_up", True), "↗": ("arrow_up_right", True),
    "↓": ("arrow_down", True), "⬇": ("arrow_down", True), "↘": ("arrow_down_right", True),
    "→": ("arrow_right", True), "➔": ("arrow_right", True), "➜": ("arrow_right", True),
    "⮕": ("arrow_right", True), "➞": ("arrow_right", True),
    "✓": ("check", True), "✔": ("check", True), "☑": ("check", True),
    "✗": ("cross", True), "✘": ("cross", True), "×": ("cross", True), "☒": ("cross", True),
    "😊": ("smile", True), "🙂": ("smile", True), "☺": ("smile", True), "😐": ("neutral_face", True),
    "😒": ("frown", True), "🙁": ("frown", True), "☹": ("frown", True),
    "◐": ("half_circle", True), "◑": ("half_circle", True), "◒": ("half_circle", True), "◓": ("half_circle", True),
}
# emoji status marks are coloured by definition
EMOJI: dict[str, tuple[str, str]] = {
    "🟢": ("circle", "#2e9e3a"), "🟡": ("circle", "#f2c200"), "🔴": ("circle", "#d7263d"),
    "🟠": ("circle", "#f28c00"), "🟩": ("square", "#2e9e3a"), "🟨": ("square", "#f2c200"),
    "🟥": ("square", "#d7263d"), "⚪": ("circle", "#ffffff"), "⚫": ("circle", "#000000"),
    "✅": ("circle_check", "#2e9e3a"), "❌": ("cross", "#d7263d"),
}
# shapes that express a trend rather than a status
SHAPE_TRENDS: dict[str, Trend] = {
    "arrow_up": Trend.IMPROVING, "arrow_up_right": Trend.IMPROVING, "arrow_right": Trend.UNCHANGED,
    "arrow_down": Trend.WORSENING, "arrow_down_right": Trend.WORSENING,
}
# canonical glyph per trend shape, so a vector arrow reports the same trend_symbol as a glyph
SHAPE_GLYPH: dict[str, str] = {"arrow_up": "↑", "arrow_right": "➔", "arrow_down": "↓",
                               "arrow_up_right": "↗", "arrow_down_right": "↘"}
TREND_SHAPES = frozenset(SHAPE_TRENDS)


def is_mark_glyph(text: str) -> bool:
    return text in GLYPHS or text in EMOJI


def glyph_to_mark(glyph: str, color: str | None, bbox: BBox | None = None) -> Mark:
    """A glyph mark; emoji carry their own colour."""
    if glyph in EMOJI:
        emoji_shape, col = EMOJI[glyph]
        return Mark(glyph, col, emoji_shape, True, "glyph", bbox)
    shape, filled = GLYPHS.get(glyph, (None, None))
    return Mark(glyph, color, shape, filled, "glyph", bbox)


def rgb_to_hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c * 255))):02x}" for c in rgb)


def pdf_color_to_hex(color: object) -> str | None:
    """pdfplumber colours are gray (1), RGB (3) or CMYK (4) tuples of 0..1; patterns are None."""
    if color is None:
        return None
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not all(isinstance(c, int | float) for c in color):
        return None
    if len(color) == 1:
        return rgb_to_hex((color[0],) * 3)
    if len(color) == 3:
        return rgb_to_hex(color)
    if len(color) == 4:
        c, m, y, k = color
        return rgb_to_hex(((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    return None


def hex_to_rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def hue_family(color: str | None) -> str | None:
    """Hue family of a colour: green | yellow | red | blue | grey | white | black | None.

    Amber and orange count as yellow: templates use them for "delvis uppnått". Low saturation
    is grey whatever the hue, so a greyish diamond is never read as a colour.
    """
    if not color or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        return None
    h, s, v = colorsys.rgb_to_hsv(*hex_to_rgb(color))
    if v < 0.18:
        return "black"
    if s < 0.18:
        return "white" if v > 0.9 else "grey"
    deg = h * 360
    if deg < 18 or deg >= 330:
        return "red"
    if deg < 72:
        return "yellow"
    if deg < 170:
        return "green"
    if deg < 260:
        return "blue"
    return "red" if deg >= 300 else None  # magenta-ish reds


def pairs_to_legend(pairs: Iterable[tuple[Mark, str]], profile: Profile) -> Legend | None:
    """Legend lines (mark, label) -> Legend; trend arrows and unreadable labels are skipped."""
    entries = []
    for mark, label in pairs:
        if mark.shape in TREND_SHAPES:
            continue
        status = label_to_status(label, profile)
        if status is None:
            continue
        entries.append(LegendEntry(status, mark.color, mark.shape, mark.filled, label.strip()))
    return Legend(tuple(entries)) if entries else None


def is_legend_heading(text: str, leg: LegendSettings) -> bool:
    t = norm(text).rstrip(":")
    return any(t == norm(h) for h in leg.legend_headings)


def _entry_score(entry: LegendEntry, mark: Mark) -> int:
    """How well a legend entry matches a mark; 0 = not at all."""
    fam_e, fam_m = hue_family(entry.color), hue_family(mark.color)
    same_hue = fam_e is not None and fam_e == fam_m
    same_shape = entry.shape is not None and entry.shape == mark.shape
    same_fill = entry.filled is not None and entry.filled == mark.filled
    colourful = fam_m in ("green", "yellow", "red", "blue")
    if same_hue and same_shape:
        return 4 + same_fill
    if same_hue and colourful:
        return 3  # a green circle in the legend, a green square in the table: still green
    if same_shape and same_fill and not colourful:
        return 2  # hollow grey diamond in the legend, hollow black diamond in the table
    return 0


def shape_key(mark: Mark) -> str | None:
    """The mark's key in ``profile.legend.shapes``: its shape, ``open_`` before it when hollow."""
    if mark.shape is None:
        return None
    return f"open_{mark.shape}" if mark.filled is False else mark.shape


def status_from_mark(mark: Mark, legend: Legend | None, profile: Profile) -> StatusReading:
    """The status a mark stands for: the document's legend first, then the profile.

    Without a legend entry that fits, the profile decides, the more specific evidence
    first: a shape that means a status by itself (``legend.shapes``: a check is achieved,
    a cross not achieved, an open diamond not assessed) wins over the colour, so a red
    check is still achieved; then a hollow mark is ``legend.hollow``; then the colour's hue
    family (``legend.hues``). A mark that matches nothing has status None and keeps its
    colour, so the caller can warn.
    """
    symbol = mark.symbol
    if legend is not None and legend.entries:
        scored = [(_entry_score(e, mark), i, e) for i, e in enumerate(legend.entries)]
        best = max(scored, key=lambda t: (t[0], -t[1]))
        if best[0] > 0:
            return StatusReading(best[2].status, "legend", symbol, mark.color)
    if mark.shape in TREND_SHAPES:
        return StatusReading(None, None, symbol, mark.color)
    by_shape = profile.legend.shapes.get(shape_key(mark) or "")
    if by_shape is not None:
        return StatusReading(by_shape, "profile", symbol, mark.color)
    if mark.filled is False:
        return StatusReading(profile.legend.hollow, "profile", symbol, mark.color)
    family = hue_family(mark.color)
    status = profile.legend.hues.get(family or "")
    if status is None and mark.color is None:
        # a glyph without colour information: what the text-export symbol table says
        sym = profile.scorecard.symbols.get(symbol)
        if sym and sym != "assessed":
            return StatusReading(sym, "symbol", symbol, None)
    return StatusReading(status, "profile" if status else None, symbol, mark.color)


def trend_from_mark(mark: Mark, sc: ScorecardSettings) -> tuple[str | None, str | None]:
    """(trend, trend_symbol) of a glyph arrow or a vector/image arrow shape."""
    trend = sc.arrows.get(mark.symbol)
    if trend is not None:
        return trend, mark.symbol
    if mark.shape in SHAPE_TRENDS:
        return SHAPE_TRENDS[mark.shape], SHAPE_GLYPH.get(mark.shape, mark.symbol)
    return None, None

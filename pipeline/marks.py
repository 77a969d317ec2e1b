"""Status and trend marks -> status / trend. (First version; the PDF work extends it.)"""

from __future__ import annotations

import colorsys

from pipeline.model import Legend, Mark, StatusReading
from pipeline.profile import Profile


def hue_family(color: str | None) -> str | None:
    if not color:
        return None
    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if v > 0.9 and s < 0.12:
        return "white"
    if s < 0.15:
        return "grey"
    deg = h * 360
    if deg < 20 or deg >= 330:
        return "red"
    if deg < 70:
        return "yellow"
    if deg < 170:
        return "green"
    return None


def status_from_mark(mark: Mark, legend: Legend | None, profile: Profile) -> StatusReading:
    family = hue_family(mark.color)
    if legend:
        for e in legend.entries:
            if hue_family(e.color) == family and (e.shape is None or e.shape == mark.shape):
                return StatusReading(e.status, "legend", mark.symbol, mark.color)
    if mark.filled is False:
        return StatusReading(profile.legend.hollow, "profile", mark.symbol, mark.color)
    status = profile.legend.hues.get(family or "")
    return StatusReading(status, "profile" if status else None, mark.symbol, mark.color)


def trend_from_mark(mark: Mark, profile: Profile) -> tuple[str | None, str | None]:
    return profile.scorecard.arrows.get(mark.symbol), mark.symbol

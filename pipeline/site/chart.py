"""A small inline SVG line chart of numeric target and outcome history (no JavaScript, no library)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 420, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 40, 24, 32
SERIES = (("target", "Mål", "#1f4e99", "6 4", "rect"), ("outcome", "Utfall", "#b34700", "", "circle"))


def _num(v) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _fmt(v: float) -> str:
    """Numbers as Swedish readers write them, deterministically: 1 234,5."""
    text = f"{v:,.1f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    return text.replace(",", " ").replace(".", ",")


def _scale(values: list[float]) -> tuple[float, float]:
    lo, hi = min(min(values), 0.0), max(max(values), 0.0)
    return (lo, hi) if hi > lo else (lo - 1.0, hi + 1.0)


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    t = f"<title>{escape(title)}</title>"
    if shape == "rect":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{t}</rect>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{t}</circle>'


def _series(points, key, label, colour, dash, shape, xs, ymap) -> list[str]:
    pts = [(xs[i], ymap(v), p[0], v) for i, p in enumerate(points) if (v := _num(p[1 if key == "target" else 2])) is not None]
    if not pts:
        return []
    parts = []
    if len(pts) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in pts)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
    parts += [_marker(shape, x, y, colour, f"{label} {period}: {_fmt(v)}") for x, y, period, v in pts]
    return parts


def _legend(present: list[tuple]) -> list[str]:
    parts = []
    for i, (_, label, colour, _, shape) in enumerate(present):
        x = PAD_LEFT + i * 90
        parts.append(_marker(shape, x + 4, 12, colour, label))
        parts.append(f'<text x="{x + 14}" y="16">{escape(label)}</text>')
    return parts


def line_chart(points: Sequence[tuple[str, object, object]], title: str) -> str:
    """``points`` are (period label, target, outcome) in period order; returns '' when no value is
    numeric. Each point carries a <title> with its value, and the chart a text alternative."""
    values = [v for p in points for v in (_num(p[1]), _num(p[2])) if v is not None]
    if not values:
        return ""
    lo, hi = _scale(values)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    step = plot_w / max(len(points) - 1, 1)
    xs = [PAD_LEFT + (i * step if len(points) > 1 else plot_w / 2) for i in range(len(points))]

    def ymap(v: float) -> float:
        return PAD_TOP + plot_h * (hi - v) / (hi - lo)

    body = [f'<line x1="{PAD_LEFT}" y1="{ymap(y):.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{ymap(y):.1f}" class="grid"/>'
            f'<text x="{PAD_LEFT - 6}" y="{ymap(y) + 4:.1f}" text-anchor="end">{_fmt(y)}</text>' for y in (lo, hi)]
    body += [f'<text x="{x:.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(p[0])}</text>' for x, p in zip(xs, points, strict=True)]
    present = [s for s in SERIES if any(_num(p[1 if s[0] == "target" else 2]) is not None for p in points)]
    for s in present:
        body += _series(points, *s, xs, ymap)
    body += _legend(present)
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")

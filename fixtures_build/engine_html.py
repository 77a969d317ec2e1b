"""Typeset a Doc as HTML and print it with headless Chromium (vector marks as inline SVG)."""

from __future__ import annotations

import base64
import subprocess
from html import escape
from pathlib import Path

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Mark, Style

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_TIMEOUT_S = 120
PT_PER_PX = 0.75  # CSS px


def _svg(mark: Mark, px: float) -> str:
    s = 100
    col = mark.color
    parts = []
    if shapes.is_round(mark.shape):
        parts.append(f'<circle cx="50" cy="50" r="44" fill="{col if mark.filled else "none"}" '
                     f'stroke="{col}" stroke-width="{0 if mark.filled else 9}"/>')
    if mark.shape == "play":
        parts.append(f'<polygon points="{_pts(shapes.polygon("play"), s)}" fill="#ffffff"/>')
    elif shapes.inner_line(mark.shape):
        parts.append(f'<polyline points="{_pts(shapes.inner_line(mark.shape), s)}" fill="none" '
                     f'stroke="#ffffff" stroke-width="10"/>')
    elif shapes.polygon(mark.shape):
        fill = col if mark.filled else "none"
        parts.append(f'<polygon points="{_pts(shapes.polygon(mark.shape), s)}" fill="{fill}" stroke="{col}" '
                     f'stroke-width="{0 if mark.filled else 8}"/>')
    return (f'<svg class="mark" width="{px:.0f}" height="{px:.0f}" viewBox="-4 -4 108 108">'
            + "".join(parts) + "</svg>")


def _pts(points, s: int) -> str:
    return " ".join(f"{x * s:.1f},{y * s:.1f}" for x, y in points)


def _fill(c: Cell) -> str:
    return f' style="background:{c.fill}"' if c.fill else ""


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class Renderer:
    def __init__(self, style: Style):
        self.style = style

    def text(self, s: str) -> str:
        return escape(model.ligate(s, self.style))

    def mark(self, mark: Mark) -> str:
        if self.style.marks == "vector":
            return _svg(mark, self.style.mark_pt / PT_PER_PX)
        if self.style.marks == "raster":
            px = self.style.mark_pt / PT_PER_PX
            return f'<img class="mark" src="{_data_uri(shapes.icon_png(mark))}" width="{px:.0f}" height="{px:.0f}">'
        return f'<span class="glyph" style="color:{mark.color}">{mark.glyph}</span>'

    def cell(self, c: Cell, t: model.Table | None = None) -> str:
        if c.progress is not None:
            return f'<img class="bar" src="{_data_uri(shapes.bar_png(c.progress))}">'
        out = self.mark(c.mark) + (" " if c.text or c.label else "") if c.mark else ""
        out += f"<b>{escape(c.label)}</b> " if c.label else ""
        text = self.text(model.fit(c.text, t, self.style) if t else c.text)
        return out + (f'<span style="color:{c.color}">{text}</span>' if c.color else text)

    def table(self, t: model.Table) -> str:
        widths = model.column_widths(t, self.style)
        cols = "".join(f'<col style="width:{w / sum(widths) * 100:.1f}%">' for w in widths)
        head = "<tr class='head'>" + "".join(f"<th>{self.text(model.fit(h, t, self.style))}</th>" for h in t.header) + "</tr>"
        body = []
        for row in t.rows:
            if row.kind in ("subheader", "comment"):
                body.append(f'<tr class="{row.kind}"><td colspan="{len(t.header)}">{self.cell(row.cells[0], t)}</td></tr>')
            else:
                tds = "".join(f'<td class="{"m" if i in t.mark_columns else ""}"{_fill(c)}>{self.cell(c, t)}</td>'
                              for i, c in enumerate(row.cells))
                body.append(f"<tr>{tds}</tr>")
        if self.style.repeat_header:
            inner = f"<thead>{head}</thead><tbody>{''.join(body)}</tbody>"
        else:
            inner = f"<tbody>{head}{''.join(body)}</tbody>"
        return f'<table style="width:{sum(widths) * 100:.0f}%"><colgroup>{cols}</colgroup>{inner}</table>'

    def block(self, b) -> str:
        if isinstance(b, model.Heading):
            return f"<h{b.level + 1}>{self.text(b.text)}</h{b.level + 1}>"
        if isinstance(b, model.Paragraph):
            lead = f"<b>{escape(b.label)}</b> " if b.label else ""
            return f"<p>{lead}{self.text(b.text)}</p>"
        if isinstance(b, model.Table):
            return self.table(b)
        if isinstance(b, model.LegendBlock):
            items = "".join(f"<div>{self.mark(m)} {escape(label)}</div>" for m, label in b.entries)
            return f'<div class="legend"><h5>{escape(b.title)}</h5>{items}</div>'
        if isinstance(b, model.PageBreak):
            return '<div style="break-after: page"></div>'
        raise TypeError(b)

    def css(self) -> str:
        st = self.style
        rules = {"grid": "border: 0.75px solid #000;",
                 "rows": "border: none; border-bottom: 0.5px solid #888;",
                 "none": "border: none;"}[st.rules]
        head_bg = st.header_fill if st.shading != "none" else "transparent"
        alt = (f"tbody tr:nth-child(even) td {{ background: {st.body_fills[1]}; }}"
               f"tbody tr:nth-child(odd) td {{ background: {st.body_fills[0]}; }}") if st.shading == "alternate" else ""
        return f"""
@page {{ size: A4; margin: 20mm 20mm 22mm 20mm; }}
body {{ font-family: 'DejaVu Sans', 'Symbola', sans-serif; font-size: {st.font_size}pt; line-height: 1.3; font-kerning: none; }}
h1 {{ font-size: 20pt; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13.5pt; }}
h4 {{ font-size: 12pt; }} h5 {{ font-size: 11pt; margin: 8pt 0 4pt; }}
table {{ font-size: {st.table_font_size}pt; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 10pt; }}
th, td {{ {rules} padding: 2pt 4pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }}
tr {{ break-inside: avoid; }}
tr.head th {{ background: {head_bg}; color: {st.header_text}; }}
{alt}
tr.subheader td {{ background: {st.subheader_fill}; font-weight: bold; }}
td.m {{ text-align: center; }}
.mark {{ vertical-align: -1px; }} img.bar {{ width: 64pt; height: 11pt; }}
.legend div {{ margin: 1pt 0; }}
"""

    def html(self, doc: Doc) -> str:
        body = "\n".join(self.block(b) for b in doc.blocks)
        return (f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{escape(doc.title)}</title>'
                f'<meta name="author" content="{escape(doc.author)}"><style>{self.css()}{_page_boxes(doc)}</style>'
                f"</head><body>{body}</body></html>")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_boxes(doc: Doc) -> str:
    """Running header and footer as @page margin boxes (Chromium >= 131 prints them)."""
    boxes = []
    if doc.header:
        left, _, right = doc.header.partition(" | ")
        boxes.append(f"@top-left {{ content: {_css_string(left)}; }}")
        boxes.append(f"@top-right {{ content: {_css_string(right)}; }}")
    if doc.footer:
        parts = []
        for i, chunk in enumerate(doc.footer.replace("{pages}", "\0P").replace("{page}", "\0p").split("\0")):
            if i and chunk[:1] in ("p", "P"):
                parts.append("counter(page)" if chunk[0] == "p" else "counter(pages)")
                chunk = chunk[1:]
            if chunk:
                parts.append(_css_string(chunk))
        boxes.append(f"@bottom-right {{ content: {' '.join(parts)}; }}")
    style = "font-family: 'DejaVu Sans', sans-serif; font-size: 8pt;"
    return "@page { " + " ".join(b.replace("content", style + " content", 1) for b in boxes) + " }"


def render(doc: Doc, style: Style, out: Path, tmp: Path) -> None:
    src = tmp / (out.stem + ".html")
    src.write_text(Renderer(style).html(doc), encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp / 'profile'}",
                    f"--print-to-pdf={out}", "--no-pdf-header-footer", src.as_uri()],
                   check=True, capture_output=True, timeout=CHROMIUM_TIMEOUT_S)

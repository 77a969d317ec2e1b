"""Small PDFs made with reportlab inside the tests (no binaries in the repo)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4
HEAD = ("Framgångsfaktor", "Styrmått", "Mål", "Måluppfyllelse", "Utveckling")
COLS = (60, 180, 330, 390, 490)


def _y(top: float) -> float:
    """reportlab measures from the bottom; tests think in pdfplumber's top-based coordinates."""
    return H - top


def light_table_pdf(*, rules: bool) -> bytes:
    """A scorecard table without vertical rules: columns aligned by whitespace, optional thin
    row rules, one wrapped cell with a broken word ("kommu-" / "ner")."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, _y(60), "Uppföljning april")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, _y(100), "Framgångsfaktor: Starka miljöer")
    c.setFont("Helvetica", 10)
    c.drawString(60, _y(125), "Tabellen visar läget för styrmåtten under perioden.")
    top = 150
    c.setFont("Helvetica-Bold", 10)
    for x, t in zip(COLS, HEAD, strict=True):
        c.drawString(x, _y(top), t)
    rows = [
        (("Starka miljöer",), ("Antal företagsbesök",), ("150",), ("Delvis",), ("Oförändrad",)),
        (("Starka miljöer",), ("Antal samarbeten med", "kommu-", "ner i länet"), ("Öka",), ("",), ("",)),
        (("Starka miljöer",), ("Aktivitet: Ta fram ett", "klusterprogram"), ("Utkast",), ("",), ("",)),
    ]
    c.setFont("Helvetica", 10)
    y = top + 18
    for row in rows:
        if rules:
            c.setLineWidth(0.3)
            c.line(55, _y(y - 11), 540, _y(y - 11))
        height = max(len(cell) for cell in row)
        for x, cell in zip(COLS, row, strict=True):
            for k, line in enumerate(cell):
                c.drawString(x, _y(y + 12 * k), line)
        y += 12 * height + 8
    c.setFont("Helvetica", 10)
    c.drawString(60, _y(y + 20), "Efter tabellen följer en vanlig mening i brödtexten.")
    c.drawString(60, _y(800), "Sida 1")
    c.save()
    return buf.getvalue()


def marks_pdf(kind: str) -> bytes:
    """A ruled scorecard table whose status cells hold vector or raster marks, plus a legend
    drawn the same way. kind: "vector" | "image"."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    colours = {"green": (30, 158, 58), "yellow": (242, 194, 0), "red": (215, 38, 61), "grey": (127, 127, 127)}

    def draw_mark(c, x, top, colour, shape, filled=True):
        rgb = colours[colour]
        if kind == "vector":
            c.setFillColorRGB(*(v / 255 for v in rgb))
            c.setStrokeColorRGB(*(v / 255 for v in rgb))
            cx, cy, r = x + 5, _y(top + 5), 5
            if shape == "circle":
                c.circle(cx, cy, r, stroke=0 if filled else 1, fill=1 if filled else 0)
            elif shape == "diamond":
                p = c.beginPath()
                p.moveTo(cx, cy + r)
                p.lineTo(cx + r, cy)
                p.lineTo(cx, cy - r)
                p.lineTo(cx - r, cy)
                p.close()
                c.drawPath(p, stroke=0 if filled else 1, fill=1 if filled else 0)
            elif shape == "arrow_up":
                p = c.beginPath()
                for px, py in [(0, 5), (5, 0), (2, 0), (2, -5), (-2, -5), (-2, 0), (-5, 0)]:
                    (p.moveTo if px == 0 and py == 5 else p.lineTo)(cx + px, cy + py)
                p.close()
                c.drawPath(p, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
        else:
            im = Image.new("RGBA", (40, 40), (255, 255, 255, 0))
            d = ImageDraw.Draw(im)
            if shape == "circle":
                d.ellipse((2, 2, 37, 37), fill=rgb + (255,) if filled else None, outline=rgb + (255,), width=4)
            elif shape == "diamond":
                d.polygon([(20, 1), (38, 20), (20, 38), (1, 20)], fill=rgb + (255,) if filled else None,
                          outline=rgb + (255,), width=4)
            else:
                d.polygon([(20, 1), (38, 20), (26, 20), (26, 38), (14, 38), (14, 20), (1, 20)], fill=rgb + (255,))
            c.drawImage(ImageReader(im), x, _y(top + 10), 10, 10, mask="auto")

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(60, _y(60), "Rapport med symboler")
    c.setFont("Helvetica-Bold", 14)
    c.drawString(60, _y(95), "Sammanfattande bild av måluppfyllelse")
    c.setFont("Helvetica", 10)
    c.drawString(60, _y(115), "Teckenförklaring")
    legend = [("green", "circle", True, "Målet är uppnått"), ("yellow", "circle", True, "Målet är delvis uppnått"),
              ("red", "circle", True, "Målet är inte uppnått"), ("grey", "diamond", False, "Ej möjligt att bedöma")]
    for k, (col, shape, filled, label) in enumerate(legend):
        top = 130 + 18 * k
        draw_mark(c, 60, top, col, shape, filled)
        c.drawString(76, _y(top + 8), label)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(60, _y(230), "Framgångsfaktor: Starka miljöer")
    xs = (60, 170, 330, 400, 480, 540)
    ys = (245, 262, 290, 318, 346, 374)
    c.setLineWidth(0.5)
    for x in xs:
        c.line(x, _y(ys[0]), x, _y(ys[-1]))
    for y in ys:
        c.line(xs[0], _y(y), xs[-1], _y(y))
    c.setFont("Helvetica-Bold", 9)
    for x, t in zip(xs[:-1], HEAD, strict=True):
        c.drawString(x + 4, _y(ys[0] + 12), t)
    c.setFont("Helvetica", 9)
    body = [("Starka miljöer", "Antal företagsbesök", "150", ("green", "circle", True), None),
            ("Starka miljöer", "Antal kluster", "5", ("yellow", "circle", True), "arrow_up"),
            ("Starka miljöer", "Antal projekt", "Öka", ("red", "circle", True), None),
            ("Starka miljöer", "Antal möten", "20", ("grey", "diamond", False), None)]
    for r, (f, m, t, mark, trend) in enumerate(body):
        top = ys[r + 1]
        for x, text in zip(xs, (f, m, t), strict=False):
            c.drawString(x + 4, _y(top + 12), text)
        draw_mark(c, xs[3] + 8, top + 8, *mark)
        if trend:
            draw_mark(c, xs[4] + 8, top + 8, "grey", trend)
    c.save()
    return buf.getvalue()


def text_pdf(pages: list[list[str]]) -> bytes:
    """Plain pages of text lines (running header and page number on each)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n, lines in enumerate(pages, start=1):
        c.setFont("Helvetica", 9)
        c.drawString(60, _y(30), "Region Exempel   Rapport 2024")
        c.drawString(60, _y(810), f"Sida {n}")
        c.setFont("Helvetica", 10)
        for k, line in enumerate(lines):
            c.drawString(60, _y(80 + 14 * k), line)
        c.showPage()
    c.save()
    return buf.getvalue()

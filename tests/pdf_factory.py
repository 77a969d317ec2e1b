"""Small PDFs made with reportlab inside the tests (no binaries in the repo)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4
# body text of a generated report (pdf_report) and of its text export (tests/identity)
REPORT_BODY = ["Verksamheten har under perioden arbetat vidare med de prioriterade målen.",
               "Samverkan med Region Skåne och Göteborgs Stad har fortsatt enligt plan."]
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


# ----------------------------------------------------------------------------- whole reports

RGB = {"green": (0, 176, 80), "amber": (237, 125, 49), "yellow": (255, 192, 0), "red": (192, 0, 0),
       "grey": (128, 128, 128), "black": (0, 0, 0)}


def draw_shape(c, kind: str, x: float, top: float, colour: str, shape: str, filled: bool = True,
               size: float = 8.0) -> None:
    """A status/trend mark whose top-left corner is (x, top): a vector path, a rect or a raster
    icon (kind "vector" | "image")."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    rgb = RGB[colour]
    r = size / 2
    cx, cy = x + r, _y(top + r)
    if kind == "image":
        im = Image.new("RGBA", (48, 48), (255, 255, 255, 0))
        d = ImageDraw.Draw(im)
        ink = rgb + (255,)
        if shape == "circle":
            d.ellipse((3, 3, 44, 44), fill=ink if filled else None, outline=ink, width=5)
        elif shape == "diamond":
            d.polygon([(24, 1), (46, 24), (24, 46), (1, 24)], fill=ink if filled else None, outline=ink, width=5)
        elif shape == "square":
            d.rectangle((3, 3, 44, 44), fill=ink if filled else None, outline=ink, width=5)
        else:
            pts = {"arrow_up": [(24, 1), (46, 22), (31, 22), (31, 46), (17, 46), (17, 22), (1, 22)],
                   "arrow_down": [(24, 46), (46, 25), (31, 25), (31, 1), (17, 1), (17, 25), (1, 25)],
                   "arrow_right": [(46, 24), (25, 1), (25, 16), (1, 16), (1, 32), (25, 32), (25, 46)]}[shape]
            d.polygon(pts, fill=ink)
        c.drawImage(ImageReader(im), x, _y(top + size), size, size, mask="auto")
        return
    c.setFillColorRGB(*(v / 255 for v in rgb))
    c.setStrokeColorRGB(*(v / 255 for v in rgb))
    c.setLineWidth(1)
    stroke, fill = (0, 1) if filled else (1, 0)
    if shape == "circle":
        c.circle(cx, cy, r, stroke=stroke, fill=fill)
    elif shape == "square":
        c.rect(x, _y(top + size), size, size, stroke=stroke, fill=fill)
    else:
        pts = {"diamond": [(0, r), (r, 0), (0, -r), (-r, 0)],
               "arrow_up": [(0, r), (r, 0), (0.4 * r, 0), (0.4 * r, -r), (-0.4 * r, -r), (-0.4 * r, 0), (-r, 0)],
               "arrow_down": [(0, -r), (r, 0), (0.4 * r, 0), (0.4 * r, r), (-0.4 * r, r), (-0.4 * r, 0), (-r, 0)],
               "arrow_right": [(r, 0), (0, r), (0, 0.4 * r), (-r, 0.4 * r), (-r, -0.4 * r), (0, -0.4 * r), (0, -r)],
               }[shape]
        p = c.beginPath()
        p.moveTo(cx + pts[0][0], cy + pts[0][1])
        for px, py in pts[1:]:
            p.lineTo(cx + px, cy + py)
        p.close()
        c.drawPath(p, stroke=stroke, fill=fill)
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)


def _furniture(c, n: int, org: str) -> None:
    c.setFont("Helvetica", 8)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(50, _y(28), org)
    c.drawRightString(545, _y(28), "Delårsrapport april 2024")
    c.drawString(50, _y(815), f"Sida {n}")


# one expected metric per row: (factor, metric, target, status, trend)
LIGHT_EXPECTED = [
    ("Starka kulturmiljöer", "Antal besökare på museet", "25 000", "achieved", "improving"),
    ("Starka kulturmiljöer", "Antal arrangemang för barn och unga i hela länet", "Öka", "partially_achieved",
     "unchanged"),
    ("Starka kulturmiljöer", "Aktivitet: Ny kulturplan", "Antagen", "not_assessed", None),
    ("Starka kulturmiljöer", "Andel nöjda besökare", "90%", "not_achieved", "worsening"),
]


def light_report_pdf() -> bytes:
    """Another template: Times, headings bold at several sizes (metric headings bold italic at
    body size), tables without any rules and with other column widths, status as vector
    circles and a hollow diamond, trend as vector arrows, and no legend (the profile's hues
    apply)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    org = "Region Västerbotten  Kulturnämnden"  # a real name: report identity is read from it
    _furniture(c, 1, org)
    c.setFont("Times-Bold", 20)
    c.drawString(50, _y(70), "Delårsrapport april 2024 regionstyrelsen")
    c.setFont("Times-Bold", 16)
    c.drawString(50, _y(110), "Samhälle")
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(130), "Perspektivet beskriver hur länet utvecklas.")
    c.setFont("Times-Bold", 13.5)
    c.drawString(50, _y(160), "Strategiskt mål: Ett hållbart län")
    # goal table: no rules; the goal's own row, then factor-only rows with an empty first cell
    gx = (50, 200, 330)
    c.setFont("Times-Bold", 10)
    for x, t in zip(gx, ("Strategiskt mål", "Måluppfyllelse", "Framgångsfaktor"), strict=True):
        c.drawString(x, _y(185), t)
    c.setFont("Times-Roman", 10)
    c.drawString(gx[0], _y(203), "Ett hållbart län")
    draw_shape(c, "vector", gx[1] + 2, 196, "yellow", "circle")
    c.drawString(gx[2], _y(203), "Starka kulturmiljöer")
    c.drawString(gx[2], _y(221), "Fler deltar i kulturlivet")
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(250), "Den samlade bedömningen är att målet är delvis uppnått för perioden.")
    c.setFont("Times-Bold", 12)
    c.drawString(50, _y(280), "Framgångsfaktor: Starka kulturmiljöer")
    xs = (50, 165, 335, 405, 490)
    c.setFont("Times-Bold", 10)
    for x, t in zip(xs, HEAD, strict=True):
        c.drawString(x, _y(305), t)
    rows = [(("Starka kulturmiljöer",), ("Antal besökare på museet",), ("25 000",), ("green", "circle", True), "arrow_up"),
            (("Starka kulturmiljöer",), ("Antal arrangemang för barn", "och unga i hela länet"), ("Öka",),
             ("amber", "circle", True), "arrow_right"),
            (("Starka kulturmiljöer",), ("Aktivitet: Ny kulturplan",), ("Antagen",), ("grey", "diamond", False), None),
            (("Starka kulturmiljöer",), ("Andel nöjda besökare",), ("90%",), ("red", "circle", True), "arrow_down")]
    c.setFont("Times-Roman", 10)
    top = 325
    for f, m, t, mark, trend in rows:
        for x, cell in zip(xs, (f, m, t), strict=False):
            for k, line in enumerate(cell):
                c.drawString(x, _y(top + 12 * k), line)
        draw_shape(c, "vector", xs[3] + 2, top - 7, *mark)
        if trend:
            draw_shape(c, "vector", xs[4] + 2, top - 7, "black", trend)
        top += 12 * max(len(f), len(m), len(t)) + 9
    c.setFont("Times-BoldItalic", 11)
    c.drawString(50, _y(top + 20), "Antal besökare på museet")
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(top + 36), "Museet hade 12 400 besökare under perioden, fler än under samma period i fjol.")
    c.drawString(50, _y(top + 50), "Utställningen om samisk slöjd lockade många besökare och skolklasser")
    c.showPage()
    _furniture(c, 2, org)
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(80), "från hela länet.")
    c.setFont("Times-BoldItalic", 11)
    c.drawString(50, _y(110), "Andel nöjda besökare")
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(126), "Enkäten visar att 84 procent av besökarna var nöjda.")
    c.setFont("Times-Bold", 12)
    c.drawString(50, _y(160), "Framgångsfaktor: Fler deltar i kulturlivet")
    c.setFont("Times-Roman", 11)
    c.drawString(50, _y(180), "Fler föreningar har sökt stöd än tidigare år.")
    c.save()
    return buf.getvalue()


RULED_EXPECTED = [
    ("God tillgänglighet", f"Styrmått nummer {k}", str(10 * k), status, trend)
    for k, status, trend in [
        (1, "achieved", "improving"), (2, "partially_achieved", None), (3, "not_achieved", "worsening"),
        (4, "not_assessed", None), (5, "achieved", None), (6, "partially_achieved", "unchanged"),
        (7, "achieved", "improving"), (8, "not_assessed", None), (9, "not_achieved", None),
        (10, "achieved", None), (11, "partially_achieved", "improving"),
    ]
]
_STATUS_MARK = {"achieved": ("green", "square", True), "partially_achieved": ("yellow", "square", True),
                "not_achieved": ("red", "square", True), "not_assessed": ("grey", "diamond", False)}
_TREND_SHAPE = {"improving": "arrow_up", "unchanged": "arrow_right", "worsening": "arrow_down"}


def ruled_two_page_report_pdf(mark_kind: str = "vector") -> bytes:
    """Another template: Helvetica, headings only bold (goal and factor headings at body size),
    a ruled table with a shaded header that breaks across two pages and repeats its header,
    status as coloured squares and a hollow diamond (vector or raster), trend as arrows, no
    legend."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    org = "Region Skåne  Hälso- och sjukvårdsnämnden"
    xs = (50, 150, 330, 400, 475, 545)

    def header(top: float) -> float:
        c.setFillColorRGB(0.85, 0.88, 0.95)
        c.rect(xs[0], _y(top + 18), xs[-1] - xs[0], 18, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont("Helvetica-Bold", 9)
        for x, t in zip(xs, HEAD, strict=False):
            c.drawString(x + 4, _y(top + 12), t)
        return top + 18

    def rules(tops: list[float]) -> None:
        c.setLineWidth(0.5)
        for y in tops:
            c.line(xs[0], _y(y), xs[-1], _y(y))
        for x in xs:
            c.line(x, _y(tops[0]), x, _y(tops[-1]))

    def body_rows(top: float, rows) -> float:
        tops = [top - 18, top]
        c.setFont("Helvetica", 9)
        for factor, metric, target, status, trend in rows:
            c.drawString(xs[0] + 4, _y(top + 12), factor)
            c.drawString(xs[1] + 4, _y(top + 12), metric)
            c.drawString(xs[2] + 4, _y(top + 12), target)
            draw_shape(c, mark_kind, xs[3] + 6, top + 5, *_STATUS_MARK[status])
            if trend:
                draw_shape(c, mark_kind, xs[4] + 6, top + 5, "black", _TREND_SHAPE[trend])
            top += 20
            tops.append(top)
        rules(tops)
        return top

    _furniture(c, 1, org)
    c.setFont("Helvetica-Bold", 15)
    c.drawString(50, _y(70), "Delårsrapport april 2024 RS")
    c.setFont("Helvetica-Bold", 12)
    c.drawString(50, _y(105), "Medborgare")
    c.setFont("Helvetica", 10)
    c.drawString(50, _y(122), "Perspektivet beskriver vad invånarna möter.")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, _y(150), "Strategiskt mål: Trygg vård")
    c.setFont("Helvetica", 10)
    c.drawString(50, _y(168), "Den samlade bedömningen är att målet är delvis uppnått för perioden.")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, _y(198), "Framgångsfaktor: God tillgänglighet")
    top = header(215)
    body_rows(top, RULED_EXPECTED[:7])
    c.showPage()
    _furniture(c, 2, org)
    top = header(60)
    top = body_rows(top, RULED_EXPECTED[7:])
    c.setFont("Helvetica-BoldOblique", 10)
    c.drawString(50, _y(top + 30), "Styrmått nummer 3")
    c.setFont("Helvetica", 10)
    c.drawString(50, _y(top + 46), "Väntetiden ökade till 45 dagar i mars.")
    c.save()
    return buf.getvalue()


def pdf_report(tmp_path, name: str, title_page: list[str], *, header: str = "", author: str = "",
               title: str = "", pages: int = 3):
    """Page 1: the title page lines; later pages: body text. ``header`` runs on every page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if author:
        c.setAuthor(author)
    if title:
        c.setTitle(title)
    h = A4[1]
    for n in range(1, pages + 1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(50, h - 28, header)
        c.setFont("Helvetica", 8)
        c.drawString(50, h - 815, f"Sida {n}")
        lines = title_page if n == 1 else [f"Avsnitt {n}", *REPORT_BODY]
        for k, line in enumerate(lines):
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 16 if k == 0 else 10)
            c.drawString(60, h - 120 - 22 * k, line)
        c.showPage()
    c.save()
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(buf.getvalue())
    return path

"""Typeset a Doc with reportlab platypus (vector marks drawn on the canvas)."""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Mark, Style

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 20 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
BAR_PT = (64.0, 11.0)
HEADING_SIZES = {0: 20, 1: 16, 2: 13.5, 3: 12, 4: 11}
_fonts_ready = False


def _register_fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily("DejaVu", normal="DejaVu", bold="DejaVu-Bold")
    _fonts_ready = True


class VectorMark(Flowable):
    """A mark drawn as filled paths, not text."""

    def __init__(self, mark: Mark, size: float):
        super().__init__()
        self.mark, self.size = mark, size
        self.width = self.height = size

    def draw(self) -> None:
        c, s, m = self.canv, self.size, self.mark
        col = colors.HexColor(m.color)
        c.setFillColor(col)
        c.setStrokeColor(col)

        def path(points):
            p = c.beginPath()
            (x0, y0), *rest = [(x * s, s - y * s) for x, y in points]
            p.moveTo(x0, y0)
            for x, y in rest:
                p.lineTo(x, y)
            p.close()
            return p

        if shapes.is_round(m.shape):
            c.setLineWidth(s * 0.1)
            c.circle(s / 2, s / 2, s * 0.45, stroke=0 if m.filled else 1, fill=1 if m.filled else 0)
        if m.shape == "play":
            c.setFillColor(colors.white)
            c.drawPath(path(shapes.polygon("play")), stroke=0, fill=1)
        elif shapes.inner_line(m.shape):
            c.setStrokeColor(colors.white)
            c.setLineWidth(s * 0.1)
            p = c.beginPath()
            (x0, y0), *rest = [(x * s, s - y * s) for x, y in shapes.inner_line(m.shape)]
            p.moveTo(x0, y0)
            for x, y in rest:
                p.lineTo(x, y)
            c.drawPath(p, stroke=1, fill=0)
        elif shapes.polygon(m.shape):
            c.setLineWidth(s * 0.09)
            c.drawPath(path(shapes.polygon(m.shape)), stroke=0 if m.filled else 1, fill=1 if m.filled else 0)


class Renderer:
    def __init__(self, style: Style, tmp: Path):
        _register_fonts()
        self.style, self.tmp = style, tmp
        fs = style.font_size
        self.body = ParagraphStyle("body", fontName="DejaVu", fontSize=fs, leading=fs * 1.3, spaceAfter=fs * 0.6)
        tfs = style.table_font_size
        self.cell_style = ParagraphStyle("cell", parent=self.body, spaceAfter=0, fontSize=tfs, leading=tfs * 1.25)
        self.head_cell = ParagraphStyle("hcell", parent=self.cell_style, fontName="DejaVu-Bold",
                                        textColor=colors.HexColor(style.header_text))
        self.bold_cell = ParagraphStyle("bcell", parent=self.cell_style, fontName="DejaVu-Bold")
        self.headings = {lvl: ParagraphStyle(f"h{lvl}", parent=self.body, fontName="DejaVu-Bold", fontSize=size,
                                             leading=size * 1.25, spaceBefore=size * 0.7, spaceAfter=size * 0.4)
                         for lvl, size in HEADING_SIZES.items()}
        self._n = 0

    # -- marks -------------------------------------------------------------------------
    def _png_path(self, data: bytes) -> str:
        self._n += 1
        p = self.tmp / f"img{self._n}.png"
        p.write_bytes(data)
        return str(p)

    def inline_mark(self, mark: Mark) -> str:
        """Paragraph markup for a mark in front of text (glyph or inline image)."""
        if self.style.marks == "glyph":
            return f'<font name="DejaVu" color="{mark.color}">{mark.glyph}</font>'
        src = self._png_path(shapes.icon_png(mark))
        return f'<img src="{src}" width="{self.style.mark_pt}" height="{self.style.mark_pt}" valign="middle"/>'

    def mark_flowable(self, mark: Mark):
        if self.style.marks == "vector":
            return VectorMark(mark, self.style.mark_pt)
        if self.style.marks == "raster":
            return Image(io.BytesIO(shapes.icon_png(mark)), self.style.mark_pt, self.style.mark_pt)
        return Paragraph(self.inline_mark(mark), self.cell_style)

    # -- blocks ------------------------------------------------------------------------
    def para(self, text: str, style: ParagraphStyle, label: str | None = None) -> Paragraph:
        lead = f"<b>{escape(label)}</b> " if label else ""
        return Paragraph(lead + escape(text), style)

    def cell(self, c: Cell, bold: bool = False):
        if c.progress is not None:
            return Image(io.BytesIO(shapes.bar_png(c.progress)), *BAR_PT)
        if c.mark is not None and not c.text and not c.label:
            return self.mark_flowable(c.mark)
        if c.mark is not None and self.style.marks == "vector":  # paths cannot sit inside a Paragraph
            return self.mark_beside_text(c, bold)
        lead = self.inline_mark(c.mark) + " " if c.mark is not None else ""
        lead += f"<b>{escape(c.label)}</b> " if c.label else ""
        text = f'<font color="{c.color}">{escape(c.text)}</font>' if c.color else escape(c.text)
        return Paragraph(lead + text, self.bold_cell if bold else self.cell_style)

    def mark_beside_text(self, c: Cell, bold: bool) -> Table:
        text = Cell(c.text, label=c.label)
        inner = Table([[VectorMark(c.mark, self.style.mark_pt), self.cell(text, bold)]],
                      colWidths=[self.style.mark_pt + 3, None], hAlign="LEFT")
        inner.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        return inner

    def table(self, t: model.Table):
        st = self.style
        widths = [w * TEXT_WIDTH for w in model.column_widths(t, st)]
        data = [[Paragraph(escape(h), self.head_cell) for h in t.header]]
        cmds = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        for col in t.mark_columns:
            cmds.append(("ALIGN", (col, 1), (col, -1), "CENTER"))
        for i, row in enumerate(t.rows, start=1):
            if row.kind in ("subheader", "comment"):
                first = self.cell(row.cells[0], bold=row.kind == "subheader")
                data.append([first] + [""] * (len(t.header) - 1))
                cmds.append(("SPAN", (0, i), (-1, i)))
                if row.kind == "subheader":
                    cmds.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor(st.subheader_fill)))
            else:
                data.append([self.cell(c) for c in row.cells])
        if st.shading != "none":
            cmds.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(st.header_fill)))
        if st.shading == "alternate":
            cmds.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.HexColor(c) for c in st.body_fills]))
        if st.rules == "grid":
            cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        elif st.rules == "rows":
            cmds.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#808080")))
        tbl = Table(data, colWidths=widths, repeatRows=1 if st.repeat_header else 0, hAlign="LEFT")
        tbl.setStyle(TableStyle(cmds))
        return [tbl, Spacer(1, 6)]

    def legend(self, lg: model.LegendBlock):
        out = [self.para(lg.title, self.headings[4])]
        for mark, label in lg.entries:
            out.append(self.cell(Cell(label, mark=mark)))
        return [KeepTogether(out), Spacer(1, 6)]

    def flowables(self, doc: Doc) -> list:
        out: list = []
        for b in doc.blocks:
            if isinstance(b, model.Heading):
                out.append(self.para(b.text, self.headings[b.level]))
            elif isinstance(b, model.Paragraph):
                out.append(self.para(b.text, self.body, b.label))
            elif isinstance(b, model.Table):
                out.extend(self.table(b))
            elif isinstance(b, model.LegendBlock):
                out.extend(self.legend(b))
            elif isinstance(b, model.PageBreak):
                out.append(PageBreak())
        return out


def render(doc: Doc, style: Style, out: Path, tmp: Path) -> None:
    rl_config.invariant = 1  # no timestamps or random ids: regenerating gives the same bytes
    pages = ""
    if "{pages}" in doc.footer:  # a first pass counts the pages
        pages = str(_build(doc, style, tmp / "count.pdf", tmp, ""))
    _build(doc, style, out, tmp, pages)


def _build(doc: Doc, style: Style, out: Path, tmp: Path, pages: str) -> int:
    r = Renderer(style, tmp)

    def furniture(canvas, d) -> None:
        canvas.saveState()
        canvas.setFont("DejaVu", 8)
        if doc.header:
            left, _, right = doc.header.partition(" | ")
            canvas.drawString(MARGIN, A4[1] - 12 * mm, left)
            canvas.drawRightString(A4[0] - MARGIN, A4[1] - 12 * mm, right)
        if doc.footer:
            canvas.drawRightString(A4[0] - MARGIN, 10 * mm, doc.footer.format(page=d.page, pages=pages).strip())
        canvas.restoreState()

    tpl = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=doc.title, author=doc.author, subject=doc.subject,
                            creator="fixtures_build (reportlab)")
    tpl.build(r.flowables(doc), onFirstPage=furniture, onLaterPages=furniture)
    return tpl.page

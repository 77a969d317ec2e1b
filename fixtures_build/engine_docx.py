"""Write a Doc as .docx with python-docx and convert it with LibreOffice (soffice --headless).

Word has no inline vector shapes that python-docx can write, so this engine draws marks as
glyphs or raster pictures only.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Mark, Style

SOFFICE = "/usr/bin/soffice"
SOFFICE_TIMEOUT_S = 180
TEXT_WIDTH_MM = 170.0
BAR_PT = (64.0, 11.0)
BODY_FONT = "Liberation Sans"
GLYPH_FONT = "DejaVu Sans"  # has ● ◇ ➔ ✔


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor(*shapes.rgb(hex_color))


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shd)


def _borders(cell, edges: dict[str, str]) -> None:
    """edges: {"top": "single"|"nil", ...}"""
    tc_pr = cell._tc.get_or_add_tcPr()
    b = OxmlElement("w:tcBorders")
    for edge, val in edges.items():
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), val)
        if val != "nil":
            e.set(qn("w:sz"), "4")
            e.set(qn("w:color"), "808080")
        b.append(e)
    tc_pr.append(b)


def _repeat_header(row) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _table_text_size(cell, style: Style) -> None:
    """Table text is smaller than body text."""
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = Pt(style.table_font_size)


class Renderer:
    def __init__(self, style: Style):
        if style.marks == "vector":
            raise ValueError("the docx engine draws marks as glyphs or raster icons only")
        self.style = style
        self.d = DocxDocument()
        normal = self.d.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(style.font_size)
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(20)

    def mark(self, paragraph, mark: Mark) -> None:
        if self.style.marks == "raster":
            paragraph.add_run().add_picture(io.BytesIO(shapes.icon_png(mark)), width=Pt(self.style.mark_pt), height=Pt(self.style.mark_pt))
        else:
            run = paragraph.add_run(mark.glyph)
            run.font.name = GLYPH_FONT
            run.font.color.rgb = _rgb(mark.color)

    def fill_cell(self, cell, c: Cell, t: model.Table, *, bold: bool = False, center: bool = False) -> None:
        p = cell.paragraphs[0]
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if c.progress is not None:
            p.add_run().add_picture(io.BytesIO(shapes.bar_png(c.progress)), width=Pt(BAR_PT[0]), height=Pt(BAR_PT[1]))
            return
        if c.mark is not None:
            self.mark(p, c.mark)
            if c.text or c.label:
                p.add_run(" ")
        if c.label:
            p.add_run(c.label + " ").bold = True
        if c.text:
            run = p.add_run(model.fit(c.text, t, self.style))
            run.bold = bold
            if c.color:
                run.font.color.rgb = _rgb(c.color)

    def table(self, t: model.Table) -> None:
        st = self.style
        tbl = self.d.add_table(rows=1 + len(t.rows), cols=len(t.header))
        tbl.autofit = False
        if st.rules == "grid":
            tbl.style = self.d.styles["Table Grid"]
        widths = [Mm(w * TEXT_WIDTH_MM) for w in model.column_widths(t, st)]
        for i, h in enumerate(t.header):
            cell = tbl.rows[0].cells[i]
            run = cell.paragraphs[0].add_run(model.fit(h, t, st))
            run.bold = True
            run.font.color.rgb = _rgb(st.header_text)
            if st.shading != "none":
                _shade(cell, st.header_fill)
        if st.repeat_header:
            _repeat_header(tbl.rows[0])
        for r, row in enumerate(t.rows, start=1):
            cells = tbl.rows[r].cells
            if row.kind in ("subheader", "comment"):
                merged = cells[0].merge(cells[-1])
                self.fill_cell(merged, row.cells[0], t, bold=row.kind == "subheader")
                if row.kind == "subheader":
                    _shade(merged, st.subheader_fill)
                continue
            for i, c in enumerate(row.cells):
                self.fill_cell(cells[i], c, t, center=i in t.mark_columns)
                if st.shading == "alternate":
                    _shade(cells[i], st.body_fills[(r - 1) % len(st.body_fills)])
        for col, w in zip(tbl.columns, widths, strict=True):  # LibreOffice reads the grid, Word the cells
            col.width = w
        for row in tbl.rows:
            for i, cell in enumerate(row.cells):
                _table_text_size(cell, st)
                cell.width = widths[min(i, len(widths) - 1)]
                if st.rules == "rows":
                    _borders(cell, {"top": "nil", "left": "nil", "right": "nil", "bottom": "single"})
        self.d.add_paragraph()

    def legend(self, lg: model.LegendBlock) -> None:
        self.d.add_paragraph().add_run(lg.title).bold = True
        for mark, label in lg.entries:
            p = self.d.add_paragraph()
            self.mark(p, mark)
            p.add_run(" " + label)

    def furniture(self, doc: Doc) -> None:
        sec = self.d.sections[0]
        if doc.header:
            left, _, right = doc.header.partition(" | ")
            sec.header.paragraphs[0].text = f"{left}\t\t{right}"
        if doc.footer:
            p = sec.footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            before, _, rest = doc.footer.partition("{page}")
            mid, _, after = rest.partition("{pages}")
            p.add_run(before)
            if rest or "{page}" in doc.footer:
                _field(p, "PAGE")
                p.add_run(mid)
                if "{pages}" in doc.footer:
                    _field(p, "NUMPAGES")
                    p.add_run(after)

    def build(self, doc: Doc) -> DocxDocument:
        props = self.d.core_properties
        props.title, props.author, props.subject = doc.title, doc.author, doc.subject
        self.furniture(doc)
        for b in doc.blocks:
            if isinstance(b, model.Heading):
                h = self.d.add_heading(b.text, level=b.level)
                for run in h.runs:
                    run.font.name = BODY_FONT
            elif isinstance(b, model.Paragraph):
                p = self.d.add_paragraph()
                if b.label:
                    p.add_run(b.label + " ").bold = True
                p.add_run(b.text)
            elif isinstance(b, model.Table):
                self.table(b)
            elif isinstance(b, model.LegendBlock):
                self.legend(b)
            elif isinstance(b, model.PageBreak):
                self.d.add_page_break()
        return self.d


def render(doc: Doc, style: Style, out: Path, tmp: Path) -> None:
    src = tmp / (out.stem + ".docx")
    Renderer(style).build(doc).save(str(src))
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
                   check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
    (tmp / (out.stem + ".pdf")).replace(out)

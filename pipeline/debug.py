"""Debug view (outside the stages): draw what the PDF reader saw onto a page image.

Blocks are outlined by kind, table cells in thin grey, and each status/trend mark is boxed in
its hue with the decoded status (or trend) written beside it. For a person to look at.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.model import BlockKind, Document
from pipeline.read import read_source
from pipeline.settings.profile import AUTO, Profile, load_profile
from pipeline.status.marks import status_from_mark, trend_from_mark

KIND_COLOURS = {
    BlockKind.TITLE: (128, 0, 128), BlockKind.HEADING: (0, 90, 200), BlockKind.PARAGRAPH: (0, 160, 0),
    BlockKind.LIST_ITEM: (0, 160, 160), BlockKind.TABLE_ROW: (220, 120, 0), BlockKind.TOC_ENTRY: (150, 150, 0),
    BlockKind.CHART: (200, 0, 0), BlockKind.LEGEND: (120, 60, 0),
}


def document_page_to_png(doc: Document, pdf_path: Path, page: int, out: Path, profile: Profile,
                         resolution: int = 110) -> Path:
    import pdfplumber
    from PIL import ImageDraw

    with pdfplumber.open(pdf_path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            raise ValueError(f"page {page} out of range 1..{len(pdf.pages)}")
        im = pdf.pages[page - 1].to_image(resolution=resolution).original.convert("RGB")
    scale = resolution / 72
    draw = ImageDraw.Draw(im)

    def box(b):
        return (b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale)

    labels: list[tuple[tuple[float, float], str, tuple[int, int, int]]] = []

    def label(x: float, y: float, text: str, colour: tuple[int, int, int]) -> None:
        labels.append(((x, y), text, colour))  # drawn last, on white, so boxes never hide them

    for blk in doc.blocks:
        if blk.prov.page != page or blk.prov.bbox is None:
            continue
        colour = KIND_COLOURS.get(blk.kind, (0, 0, 0))
        draw.rectangle(box(blk.prov.bbox), outline=colour, width=2)
        text = blk.kind.value + (f" h{blk.level}" if blk.level else "") + (" header" if blk.style == "table_header" else "")
        # in the left margin, level with the box's top, so a label never covers text
        width = draw.textlength(text)
        label(max(0.0, blk.prov.bbox.x0 * scale - width - 4), blk.prov.bbox.top * scale, text, colour)
        for cell in blk.cells:
            if cell.prov.bbox is not None:
                draw.rectangle(box(cell.prov.bbox), outline=(160, 160, 160), width=1)
            for m in cell.marks:
                if m.bbox is None:
                    continue
                trend, _ = trend_from_mark(m, profile.scorecard)
                reading = status_from_mark(m, doc.legend, profile)
                text = trend or f"{reading.status} ({reading.source})"
                draw.rectangle(box(m.bbox), outline=(255, 0, 255), width=2)
                # under the mark: the rest of a status cell is empty, and the next cell may hold a mark
                label(m.bbox.x0 * scale, m.bbox.bottom * scale + 2, f"{m.source}:{m.shape}", (200, 0, 200))
                label(m.bbox.x0 * scale, m.bbox.bottom * scale + 12, text, (200, 0, 200))
    for (x, y), text, colour in labels:
        x0, y0, x1, y1 = draw.textbbox((x, y), text)
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=(255, 255, 255))
        draw.text((x, y), text, fill=colour)
    out.parent.mkdir(parents=True, exist_ok=True)
    im.save(out)
    return out


def debug_page(pdf_path: Path | str, page: int, out: Path | str, profile: Profile | str = AUTO) -> Path:
    """Read a PDF and draw page ``page`` (1-based) with blocks, cells and decoded marks to ``out``."""
    prof = load_profile(profile) if isinstance(profile, str) else profile
    pdf_path = Path(pdf_path)
    doc = read_source(pdf_path, prof)
    return document_page_to_png(doc, pdf_path, page, Path(out), prof)

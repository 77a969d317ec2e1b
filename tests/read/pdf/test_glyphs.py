"""Glyphs to words."""


def test_chars_pdf_ligature_glyph_reads_as_letters():
    """A font that draws 'ﬁ' as one glyph gives 'fi' in the word the PDF reader emits."""
    from pipeline.read.pdf.glyphs import line_to_words
    from pipeline.read.pdf.layout import Glyph
    from pipeline.settings.pdf import TextSettings

    glyphs, x = [], 10.0
    for ch in "\ufb01nns":
        glyphs.append(Glyph(ch, x, 0.0, x + 5, 10.0, 10.0, False, False, None))
        x += 5
    assert [w.text for w in line_to_words(glyphs, TextSettings())] == ["finns"]


def test_a_cell_keeps_the_colour_most_of_its_text_is_printed_in():
    """Issue 22: an outcome printed in dark red (a missed target) keeps its colour; a mark's colour
    is the mark's, not the text's."""
    from pipeline.model import BBox
    from pipeline.read.pdf.cells import words_to_cell
    from pipeline.read.pdf.glyphs import line_to_words
    from pipeline.read.pdf.layout import Glyph
    from pipeline.settings.pdf import PdfSettings

    def glyphs(text: str, colours: list[str | None], x: float = 10.0) -> list[Glyph]:
        return [Glyph(ch, x + 5 * i, 0.0, x + 5 * i + 5, 10.0, 10.0, False, False, colours[min(i, len(colours) - 1)])
                for i, ch in enumerate(text)]

    box, pdf = BBox(0.0, -2.0, 200.0, 12.0), PdfSettings()
    red = words_to_cell(line_to_words(glyphs("12 %", ["#c00000"]), pdf.text), box, (), pdf)
    assert (red.text, red.color) == ("12 %", "#c00000")
    mixed = words_to_cell(line_to_words(glyphs("● 99,8", ["#00b050", "#000000"]), pdf.text), box, (), pdf)
    assert (mixed.text, mixed.color, mixed.marks[0].color) == ("● 99,8", "#000000", "#00b050")
    assert words_to_cell([], box, (), pdf).color is None

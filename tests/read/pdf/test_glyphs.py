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

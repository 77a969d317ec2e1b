"""Ligatures and compatibility characters (issue 8 item 3)."""

from hypothesis import given
from hypothesis import strategies as st

from pipeline.read.chars import LIGATURES, SOFT_HYPHEN, clean_text


def test_chars_ligatures_become_letters():
    assert clean_text("Attraktiva livsmiljöer \ufb01nns i hela Norrbotten") == "Attraktiva livsmiljöer finns i hela Norrbotten"
    assert clean_text("e\ufb00ekt \ufb02ygplats \ufb03 \ufb04 \ufb05 \ufb06") == "effekt flygplats ffi ffl st st"


def test_chars_soft_hyphens_removed_and_compatibility_digits_kept():
    assert clean_text(f"kompetens{SOFT_HYPHEN}försörjning") == "kompetensförsörjning"
    assert clean_text("12 m² och ½ år") == "12 m² och ½ år"


def test_chars_nfc():
    assert clean_text("a\u0308r") == "är"


@given(st.text())
def test_chars_clean_text_is_idempotent_and_leaves_no_ligature(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert not any(lig in once for lig in LIGATURES) and SOFT_HYPHEN not in once


_SPECIALS = st.sampled_from([*LIGATURES, SOFT_HYPHEN, "\u2010", "\u2011", "-", "a\u0308", "ö", " ", "f", "i"])


@given(st.lists(st.one_of(_SPECIALS, st.text(max_size=3))).map("".join), st.booleans())
def test_chars_clean_text_equals_one_translate_table(text, keep_hyphens):
    """The per-character replacements give what one ``str.translate`` of the same table gives."""
    import unicodedata

    from pipeline.read.chars import HYPHENS

    table = {**LIGATURES, SOFT_HYPHEN: ""} if keep_hyphens else {**LIGATURES, **HYPHENS, SOFT_HYPHEN: ""}
    assert clean_text(text, keep_hyphens) == unicodedata.normalize("NFC", text.translate(str.maketrans(table)))

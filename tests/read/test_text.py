import dataclasses
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import BlockKind
from pipeline.read import ReadError, read_source
from pipeline.read.text import _BULLETS, bytes_to_text, read_text, repair_page_breaks, text_to_units


def _read(text: str, profile, encoding="utf-8"):
    return read_text(Path("x.txt"), text.encode(encoding), profile)


def test_read_text_decodes_cp1252_and_warns(profile):
    doc = _read("Bilaga Delårsrapport april 2021 RUN\n\nÅrets möte hölls i Luleå.\n", profile, "cp1252")
    assert "Årets möte hölls i Luleå." in doc.text
    assert any("cp1252" in w.message for w in doc.warnings)


def test_read_text_normalises_to_nfc(profile):
    decomposed = "Bilaga\n\nLulea\u030a kommun har genomfo\u0308rt mo\u0308ten.\n"
    doc = _read(decomposed, profile)
    assert "Luleå kommun har genomfört möten." in doc.text


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", bytes(range(256)) * 4])
def test_read_text_rejects_binary(data):
    with pytest.raises(ReadError, match="binary"):
        bytes_to_text(data)


def test_read_text_empty_file_is_a_read_error(tmp_path, profile):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match="empty"):
        read_source(p, profile)


def test_read_text_joins_paragraph_split_by_page_break():
    units = repair_page_breaks(text_to_units("I Kiruna kommun genomförs\n\nen utredning inför etablering.\n"))
    assert [u.text for u in units] == ["I Kiruna kommun genomförs en utredning inför etablering."]


def test_read_text_joins_word_split_across_pages():
    units = repair_page_breaks(text_to_units("via Statens kul-\n\nturråd. Frågeställningar\n"))
    assert units[0].text == "via Statens kulturråd. Frågeställningar"


def test_read_text_chart_placeholder_between_split_paragraph_is_kept_after():
    units = repair_page_breaks(text_to_units("Det här är en del\n\u00a0\n\u00a0\nsom fortsätter här.\n"))
    assert [u.kind for u in units] == ["text", "chart"]
    assert units[0].text == "Det här är en del som fortsätter här."


def test_read_text_sentence_end_is_not_joined():
    units = repair_page_breaks(text_to_units("Första stycket slutar här.\n\nandra börjar med gemen.\n"))
    assert len(units) == 2


def test_read_text_sample_blocks(ex2021):
    doc = ex2021.document
    kinds = {b.kind for b in doc.blocks}
    assert {BlockKind.TITLE, BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW,
            BlockKind.TOC_ENTRY, BlockKind.CHART} <= kinds
    assert doc.blocks[0].kind == BlockKind.TITLE and doc.title == "Bilaga Delårsrapport april 2021 RUN"
    assert "Statens kulturråd" in doc.text and "kul-" not in doc.text
    assert "I Kiruna kommun genomförs en utredning" in doc.text
    toc = [b.cells[0].text for b in doc.blocks if b.kind == BlockKind.TOC_ENTRY]
    assert toc[0] == "BILAGA" and "Medborgare" in toc  # dot leaders removed
    items = [b.text for b in doc.blocks if b.kind == BlockKind.LIST_ITEM]
    assert "Snårig väg till bredbandsmålet" in items


def test_read_text_offsets_point_into_full_text(ex2021):
    doc = ex2021.document
    for b in doc.blocks:
        assert doc.text[b.prov.char_start:b.prov.char_end] == b.text
        for c in b.cells:
            assert doc.text[c.prov.char_start:c.prov.char_end] == c.text


def test_read_text_restores_dropped_suspension_hyphen(profile):
    doc = _read("Bilaga\n\nStöd till livsoch drivmedelshandlare och Postoch telestyrelsen.\n", profile)
    assert "livs- och drivmedelshandlare" in doc.text and "Post- och telestyrelsen" in doc.text


SAMPLE_TEXT = "Bilaga Delårsrapport april 2021 RUN\n\nÅrets möte hölls i Luleå.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig"])
def test_read_text_detects_utf16_and_utf32_by_bom(profile, codec):
    # regression: a UTF-16/32 export with a BOM was rejected as "binary file (NUL bytes)"
    doc = read_text(Path("x.txt"), SAMPLE_TEXT.encode(codec), profile)
    assert "Årets möte hölls i Luleå." in doc.text
    assert not doc.warnings


def test_read_text_stray_nul_after_64k_is_removed_with_a_warning(profile):
    # regression: NUL bytes after the first 64 KB were accepted silently
    data = (SAMPLE_TEXT + "Fyllnad.\n" * 9000).encode() + b"Sista\x00 raden.\n"
    assert len(data) > 65536
    doc = read_text(Path("x.txt"), data, profile)
    assert "Sista raden." in doc.text and "\x00" not in doc.text
    assert [w.message for w in doc.warnings] == ["1 stray NUL bytes removed"]


def test_read_text_nuls_over_the_share_late_in_the_file_are_binary():
    data = b"a" * 70000 + b"\x00" * 2000
    with pytest.raises(ReadError, match="binary"):
        bytes_to_text(data)


def test_read_text_a_line_of_numbers_is_not_a_heading(profile):
    # regression: 20,000 number lines became 20,000 headings, each nested in the one before
    doc = _read("Bilaga Delårsrapport april 2021 RUN\n\n12 345 6789\n2021 2022\n", profile)
    assert [b.kind for b in doc.blocks[1:]] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]


def test_read_text_utf8_with_a_damaged_byte_stays_utf8(profile):
    # found by fuzzing: one flipped byte sent the whole file to cp1252 ("DelÃ¥rsrapport")
    data = bytearray((SAMPLE_TEXT + "Fyllnad med å, ä och ö.\n" * 200).encode())
    data[60] = 0xFF
    doc = read_text(Path("x.txt"), bytes(data), profile)
    assert doc.blocks[0].text == "Bilaga Delårsrapport april 2021 RUN"
    assert [w.message for w in doc.warnings] == ["invalid UTF-8 bytes replaced by U+FFFD (1)"]


_LINES = st.one_of(st.sampled_from(["Innehåll", "Inledning", "- en punkt", "Mål 1", "Ett stycke text.", "", " ",
                                    "\u00a0", "Rubrik ........ 3\t3", "a\tb\t\tc", "1 2 3", "livsoch drivmedel"]),
                   st.lists(st.text(alphabet="abcÅ .\u00a0", max_size=6), min_size=1, max_size=4).map("\t".join),
                   st.text(alphabet="abcÅ -•.\u00a0", max_size=12))


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=30).map("\n".join))
def test_read_text_blocks_and_cells_point_into_full_text(profile, text):
    from pipeline.read.text import units_to_blocks

    full, blocks = units_to_blocks(repair_page_breaks(text_to_units(text)), profile)
    for b in blocks:
        assert full[b.prov.char_start:b.prov.char_end] == b.text
        assert [c.text for c in b.cells] == (b.text.split("\t") if b.cells else [])
        for c in b.cells:
            assert full[c.prov.char_start:c.prov.char_end] == c.text


# --- the faster reader steps read what the steps as first written read ------------------------

_ORACLE_LINES = st.one_of(
    _LINES,
    st.sampled_from(["Mål: Attraktiva livsmiljöer", "Framgångsfaktor: Samverkan", "INNEHÅLLSFÖRTECKNING", "Innehållsförteckning",
                     "Innehållsförteckningen", "Ingen sida",
                     "en fortsättning på raden", "\u2003- en punkt", "\x1c• punkt", "Statens kul-", "turråd.",
                     "\u00a0\u00a0", "\f", "«Citat»", "”Citat”", "12 av 14", "Σίσυφος", "İnnehåll", "ǅemal"]),
    st.text(alphabet="aåÅB -–•*.:\u00a0\u2003\x1c\t\f\u202f\uf0b7", max_size=16))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ORACLE_LINES, max_size=30).map("\n".join))
def test_read_text_steps_equal_the_steps_as_first_written(profile, text):
    from pipeline.read.text import _restored, units_to_blocks
    from tests.read_text_reference import text_to_blocks

    units = [_restored(u) for u in repair_page_breaks(text_to_units(text))]
    assert units_to_blocks(units, profile) == text_to_blocks(text, profile)


@pytest.mark.parametrize("path", sorted(Path(__file__).resolve().parents[2].glob("samples/*.txt")),
                         ids=lambda p: p.name)
def test_read_text_steps_equal_the_steps_as_first_written_on_samples(profile, path):
    from tests.read_text_reference import text_to_blocks

    doc = read_text(path, path.read_bytes(), profile)
    assert (doc.text, doc.blocks) == text_to_blocks(bytes_to_text(path.read_bytes())[0], profile)


@given(st.sampled_from(_BULLETS), st.sampled_from(["", " ", "  ", "\u00a0", "\u2003", "\u3000", " \u00a0 "]),
       st.sampled_from(["insatser i länet", "åtgärder pågår", "x"]))
def test_read_text_bullet_line_never_continues_a_paragraph(profile, bullet, white, item):
    # a page break may split a paragraph ("... med" / "insatser ..."), but a bullet line after it,
    # however indented, is a list item of its own: only a line starting in lower case is joined
    doc = _read(f"Rubrik\n\nVi arbetar vidare med\n\n{white}{bullet} {item}\n", profile)
    assert [(b.kind, b.text) for b in doc.blocks[1:]] == \
        [(BlockKind.HEADING, "Vi arbetar vidare med"), (BlockKind.LIST_ITEM, item)]
    joined = _read(f"Rubrik\n\nVi arbetar vidare med\n\n{white}{item}\n", profile)
    assert [b.text for b in joined.blocks[1:]] == [f"Vi arbetar vidare med {item}"]


_TOC_HEADINGS = ["Innehåll", "İçindekiler", "Straße"]  # the longest one longer when lowered (İ: i + ◌̇)


@given(st.sampled_from(_TOC_HEADINGS).flatmap(
    lambda h: st.tuples(*[st.sampled_from([c, c.lower(), c.upper()]) for c in h]).map("".join)),
    st.sampled_from(["", " 2021", "s", "\u0307"]))
def test_read_text_toc_heading_in_any_case_starts_the_toc(profile, heading, tail):
    # rows after a TOC heading, written in any case, are TOC entries; after any other text they
    # are table rows (the reader lowers only a text no longer than the longest heading)
    prof = dataclasses.replace(profile, read=dataclasses.replace(profile.read, toc_headings=_TOC_HEADINGS))
    doc = _read(f"Rubrik.\n\n{heading}{tail}\n\nInledning\t3\n", prof)  # the full stop: no join
    text = doc.blocks[-2].text
    assert text == unicodedata.normalize("NFC", heading + tail)
    in_toc = text.lower() in {h.lower() for h in _TOC_HEADINGS}
    assert doc.blocks[-1].kind == (BlockKind.TOC_ENTRY if in_toc else BlockKind.TABLE_ROW)
    if not tail and heading in _TOC_HEADINGS + [h.lower() for h in _TOC_HEADINGS]:
        assert in_toc


@given(st.text(alphabet=st.sampled_from("aå\x00\x01\x08\x09\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\xa0\xc2\u20ac\U0001f600\r\n")),
       st.booleans())
def test_read_text_controls_counted_in_utf8_bytes_as_in_text(text, bom):
    # a UTF-8 file's control characters are counted in its bytes, not by a regex over its text
    from pipeline.read.text import _CONTROL, _count_controls

    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode()
    assert _count_controls(text.replace("\x00", ""), data, "utf-8") == len(_CONTROL.findall(text.replace("\x00", "")))


def test_read_text_bullet_class_matches_as_first_written():
    import itertools
    import re

    from pipeline.read.text import _BULLET

    first = re.compile(r"^\s*(?:[-•–*]|\u2022|\uf0b7)\s+")
    for n in range(5):
        for chars in itertools.product(" \t-•–*\uf0b7a\u2003", repeat=n):
            text = "".join(chars)
            assert (m.span() if (m := _BULLET.match(text)) else None) == \
                (m.span() if (m := first.match(text)) else None)

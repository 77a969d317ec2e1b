
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.text.hyphenation import dehyphenate_cell, join_lines, restore_suspension_hyphens


@pytest.mark.parametrize("raw, clean", [
    ("Mobilisera ex-ternt utveckl-ingskapital", "Mobilisera externt utvecklingskapital"),
    ("Antal yttran-den, artiklar etc för infö-randet av reg-ionala naturre-sursavgifter",
     "Antal yttranden, artiklar etc för införandet av regionala naturresursavgifter"),
    ("Måluppfyl-lelse", "Måluppfyllelse"),
    ("Framgångs-faktor", "Framgångsfaktor"),
    ("Beslut på nationell och EU-nivå", "Beslut på nationell och EU-nivå"),
    ("RUS-konferens Utveckla Norrbottens", "RUS-konferens Utveckla Norrbottens"),
    ("sträckning Umeå-Luleå", "sträckning Umeå-Luleå"),
    ("kulturplan, läns-transportplan och", "kulturplan, läns-transportplan och"),
    ("EU-program 2021-2027", "EU-program 2021-2027"),
    ("livs- och drivmedelshandlare", "livs- och drivmedelshandlare"),
])
def test_hyphenation_dehyphenate_cell(raw, clean):
    assert dehyphenate_cell(raw) == clean


@pytest.mark.parametrize("lines, joined", [
    (["Statens kul-", "turråd"], "Statens kulturråd"),
    (["EU-", "nivå"], "EU-nivå"),
    (["transport-", "och kommunikationslösningar"], "transport- och kommunikationslösningar"),
    (["Umeå-", "Luleå"], "Umeå-Luleå"),
    (["första raden", "andra raden"], "första raden andra raden"),
])
def test_hyphenation_join_lines(lines, joined):
    assert join_lines(lines) == joined


@pytest.mark.parametrize("raw, fixed", [
    ("från livsoch drivmedelshandlare", "från livs- och drivmedelshandlare"),
    ("hållbara transportoch kommunikationslösningar", "hållbara transport- och kommunikationslösningar"),
    ("kultur och natur", "kultur och natur"),
])
def test_hyphenation_restore_suspension_hyphens(raw, fixed):
    from pipeline.text.hyphenation import restore_suspension_hyphens

    assert restore_suspension_hyphens(raw) == fixed


_OCH_WORDS = st.sampled_from(["livsoch", "drivmedel", "och", "Och", "transportoch", "kochoch", "ochoch", "bokoch",
                              "x", "ab", "12och", "a_och", "²²och", "vägoch", "regionaloch", "kultur", "ÅÄÖoch"])
_OCH_SEPARATORS = st.sampled_from([" ", " ", "  ", "-", "\n", ", ", "_", "1", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(_OCH_WORDS, st.text(max_size=3)), _OCH_SEPARATORS).map("".join),
                max_size=25).map("".join))
@example("livsoch drivmedel, transportoch kommunikationslösningar och 12och x")
def test_hyphenation_suspension_scan_equals_one_regex_sub(text):
    """Trying the regex only at words that end in "och " gives what one ``sub`` over the text gives."""
    from pipeline.text.hyphenation import _GLUED_OCH, _suspension, restore_suspension_hyphens

    assert restore_suspension_hyphens(text) == _GLUED_OCH.sub(_suspension, text)


_INNER_AS_FIRST_WRITTEN = r"(?<=[^\W\d_])-(?=[^\W\d_])"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab-1_ ÅéΣ\u00ad", max_size=20))
def test_hyphenation_inner_hyphen_found_as_first_written(text):
    # the pattern now starts with the hyphen (searched for) and looks behind from there
    import re

    from pipeline.text.hyphenation import _INNER

    assert [m.span() for m in _INNER.finditer(text)] == [m.span() for m in re.finditer(_INNER_AS_FIRST_WRITTEN, text)]


@pytest.mark.parametrize("glued, expected", [
    ("handlare från livsoch drivmedel", "handlare från livs- och drivmedel"),
    ("Postoch telestyrelsens", "Post- och telestyrelsens"),
    ("de kommunoch regionägda bolagen", "de kommun- och regionägda bolagen"),
    ("hemsändningsoch servicebidrag", "hemsändnings- och servicebidrag"),
    ("barn och unga", "barn och unga"),  # "och" alone
    ("Enoch och Anna", "Enoch och Anna"),  # a name: the head must be three letters or more
])
def test_read_pdf_restore_suspension_hyphens(glued, expected):
    assert restore_suspension_hyphens(glued) == expected

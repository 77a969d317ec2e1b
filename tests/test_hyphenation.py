import pytest

from pipeline.hyphenation import dehyphenate_cell, join_lines


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
    from pipeline.hyphenation import restore_suspension_hyphens

    assert restore_suspension_hyphens(raw) == fixed

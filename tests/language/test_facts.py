"""Numbers stated in narrative: the issue's forms, property tests for the number parser, and
the samples (offsets point into Document.text)."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.language.facts import (
    _CASE_FOLDS,
    MENTION,
    NUMBER_WORDS,
    PHONE,
    QUALIFIERS,
    REGISTRATION,
    mention_matches,
    parse_number,
    text_to_drafts,
)
from tests.conftest import PDF_2021, PDF_2022, TEXT_2021, TEXT_2022, extraction


def _one(text: str):
    drafts = text_to_drafts(text)
    assert len(drafts) == 1, drafts
    return drafts[0]


@pytest.mark.parametrize("text,value,unit,qualifier,value_max", [
    ("Fysiska besök 125 130 totalt", 125130, "count", None, None),
    ("totalt 9,6 mkr.", 9_600_000, "SEK", None, None),
    ("ett underskott på 38,2 miljoner kronor.", 38_200_000, "SEK", None, None),
    ("Förslaget är på totalt 196 319 688 euro, det vill säga", 196_319_688, "EUR", None, None),
    ("Förslaget är på totalt 196\u00a0319\u00a0688 euro", 196_319_688, "EUR", None, None),
    ("budgetförslag: 93,8 miljoner euro.", 93_800_000, "EUR", None, None),
    ("stödet är på 1,6 miljarder för hela landet", 1_600_000_000, "SEK", None, None),
    ("har nu över 80 procent", 80, "percent", "över", None),
    ("Luleå ligger bäst till med 88 procents tillgång", 88, "percent", None, None),
    ("var i genomsnitt ca 10-12 resenärer per avgång", 10, "persons", "ca", 12),
    ("var år 2020 sju procent, alltså", 7, "percent", None, None),
    ("motsvarande ca 6 miljoner kronor", 6_000_000, "SEK", "ca", None),
    ("med 13 unga deltagare", 13, "persons", None, None),
])
def test_facts_issue_forms(text, value, unit, qualifier, value_max):
    d = _one(text)
    assert (d.value, d.unit, d.qualifier, d.value_max) == (value, unit, qualifier, value_max)
    assert text[d.start:d.end] == d.raw


def test_facts_percent_before_other_word():
    d = text_to_drafts("Medfinansieringsgraden är 65 procent EU och nationell medfinansiering 35 procent")
    assert [(x.raw, x.value, x.unit) for x in d] == [("65 procent", 65, "percent"), ("35 procent", 35, "percent")]


@pytest.mark.parametrize("text", ["har 49 kvinnor och 52 män erbjudits", "med 45 företag (49 kvinnor, 52 män)."])
def test_facts_gender_split(text):
    by_gender = {d.gender: d for d in text_to_drafts(text) if d.gender}
    assert by_gender["women"].value == 49 and by_gender["men"].value == 52
    assert {d.unit for d in by_gender.values()} == {"persons"}


@pytest.mark.parametrize("text", [
    "under 2021", "planperiod 2022-2033", "den 17 februari", "22-23 april 2020 ställdes den in",
    "(per 2021-04-27)", "covid-19-medlen", "från 1600-talet", "40x100 Gbit/s", "(ERP och 1:1)",
    "årsskiftet 20/21", "Nära mat 2.0", "(1%-regeln)", "PO1 och S3", "tre grupper", "Trettio företag",
])
def test_facts_not_amounts(text):
    assert text_to_drafts(text) == []


SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f"])


def swedish(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


@given(st.integers(min_value=0, max_value=10**12), SEPARATORS)
def test_facts_parse_number_grouped_roundtrip(value, sep):
    assert parse_number(swedish(value, sep)) == value


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99), SEPARATORS)
def test_facts_parse_number_decimal_comma(whole, frac, sep):
    raw = f"{swedish(whole, sep)},{frac:02d}"
    assert parse_number(raw) == pytest.approx(whole + frac / 100)


@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("mkr", 1e6, "SEK"), ("miljoner kronor", 1e6, "SEK"), ("miljarder kronor", 1e9, "SEK"),
                        ("miljoner euro", 1e6, "EUR"), ("euro", 1, "EUR"), ("kronor", 1, "SEK"),
                        ("procent", 1, "percent"), ("%", 1, "percent")]))
def test_facts_amount_with_unit_roundtrip(whole, tenth, unit_case):
    words, scale, unit = unit_case
    text = f"Beloppet är {swedish(whole, ' ')},{tenth} {words} i år."
    d = _one(text)
    assert d.unit == unit
    assert d.value == pytest.approx((whole + tenth / 10) * scale)


@given(st.integers(min_value=1900, max_value=2099))
def test_facts_years_are_not_amounts(year):
    assert text_to_drafts(f"Under {year} gick det bra.") == []


@given(st.integers(min_value=1, max_value=28), st.sampled_from(["januari", "mars", "april", "oktober"]))
def test_facts_dates_are_not_amounts(day, month):
    assert text_to_drafts(f"Mötet hölls den {day} {month} i Luleå.") == []


@given(st.sampled_from(sorted(w for w in NUMBER_WORDS if w not in ("en", "ett"))))
def test_facts_number_words_need_a_unit(word):
    assert text_to_drafts(f"Det var {word} grupper.") == []
    assert _one(f"Det var {word} procent.").value == NUMBER_WORDS[word]


@pytest.mark.parametrize("path", [TEXT_2021, TEXT_2022, PDF_2021, PDF_2022],
                         ids=["text-2021", "text-2022", "pdf-2021", "pdf-2022"])
def test_facts_sample_offsets_and_narrative_only(path):
    ex = extraction(path)
    text = ex.document.text
    assert ex.facts
    for f in ex.facts:
        assert text[f.char_start:f.char_end] == f.raw
        assert f.raw in f.sentence
    sids = {s.section_id for s in ex.sections}
    assert all(f.section_id in sids for f in ex.facts)


def test_facts_sample_2021_issue_numbers():
    ex = extraction(TEXT_2021)
    got = {(f.raw, f.value, f.unit, f.qualifier, f.gender, f.value_max) for f in ex.facts}
    for want in [
        ("9,6 mkr", 9_600_000, "SEK", None, None, None),
        ("38,2 miljoner kronor", 38_200_000, "SEK", None, None, None),
        ("196 319 688 euro", 196_319_688, "EUR", None, None, None),
        ("93,8 miljoner euro", 93_800_000, "EUR", None, None, None),
        ("1,6 miljarder", 1_600_000_000, "SEK", None, None, None),
        ("över 80 procent", 80, "percent", "över", None, None),
        ("88 procents", 88, "percent", None, None, None),
        ("65 procent", 65, "percent", None, None, None),
        ("49 kvinnor", 49, "persons", None, "women", None),
        ("52 män", 52, "persons", None, "men", None),
        ("32 kvinnor", 32, "persons", None, "women", None),
        ("53 män", 53, "persons", None, "men", None),
        ("ca 10-12 resenärer", 10, "persons", "ca", None, 12),
        ("sju procent", 7, "percent", None, None, None),
    ]:
        assert want in got, want
    assert not any(f.raw in ("2021", "2020", "2019") for f in ex.facts)


def test_facts_carry_metric_of_their_section():
    ex = extraction(TEXT_2021)
    metric = {m.metric_key: m.metric for m in ex.metrics}
    fact = next(f for f in ex.facts if f.raw == "38,2 miljoner kronor")
    assert metric[fact.metric_key] == "Budget hålls"
    fact = next(f for f in ex.facts if f.raw == "32 kvinnor")
    assert metric[fact.metric_key] == "Antal företagsbesök"


# -- regressions from the output audit (one test per bug) ----------------------------------------

@pytest.mark.parametrize("text", [
    "se sidan 14.", "se sid. 12 i bilagan", "Se bilaga 3.", "kapitel 4 beskriver", "enligt tabell 3",
    "se figur 2", "Punkt 3 i planen.", "under kvartal 1 har", "Under etapp 2 av projektet", "Rv 97 byggs",
    "väg 97 och länsväg 356", "kl. 10-12 pågick", "§ 12 säger",
])
def test_facts_references_are_not_amounts(text):
    """Page, appendix, chapter, table, period and road numbers name a thing; they were counts."""
    assert text_to_drafts(text) == []


@pytest.mark.parametrize("text", ["1. Inledning av arbetet", "Programmet:\n2) Ett grönare Europa", "  3. Mål"])
def test_facts_list_numbering_is_not_an_amount(text):
    assert text_to_drafts(text) == []


def test_facts_sentence_ending_number_is_still_an_amount():
    assert [d.raw for d in text_to_drafts("Antalet var 35. Nästa mening.")] == ["35"]


@pytest.mark.parametrize("text", [
    "Ring 0920-29 30 00 för info.", "Telefon 070-123 45 67.", "Ring +46 920 29 30 00 nu",
    "Org.nr 556123-4567", "Dnr 123-2021 gäller.", "diarienummer 0123-21",
])
def test_facts_phone_and_registration_numbers_are_not_amounts(text):
    """They were ranges ("0920-29" = 920..29) and counts ("30", "00")."""
    assert text_to_drafts(text) == []


def test_facts_grouped_number_with_zero_group_is_not_a_phone_number():
    assert [(d.raw, d.value) for d in text_to_drafts("totalt 2 050 000 kronor")] == [("2 050 000 kronor", 2_050_000)]


def test_facts_scale_number_word_is_not_a_second_fact():
    """"20 tusen kronor" gave 20 000 SEK and also "tusen kronor" = 1 000 SEK."""
    assert [(d.raw, d.value) for d in text_to_drafts("Stödet var 20 tusen kronor.")] == [("20 tusen kronor", 20_000)]


@pytest.mark.parametrize("text,value,unit", [
    ("totalt 12 MSEK", 12e6, "SEK"), ("totalt 3 MEUR", 3e6, "EUR"), ("totalt 450 KSEK", 450e3, "SEK"),
])
def test_facts_msek_meur_units(text, value, unit):
    d = _one(text)
    assert (d.value, d.unit) == (value, unit)


def test_facts_percentage_points_are_not_percent():
    d = _one("Andelen ökade med 4 procentenheter")
    assert (d.value, d.unit) == (4, "percentage_points")


def test_facts_negative_amount_keeps_its_sign():
    assert [(d.raw, d.value) for d in text_to_drafts("Resultatet var -3,5 procent mot covid-19-året.")] == \
        [("-3,5 procent", -3.5)]


@pytest.mark.parametrize("text,unit", [("öppet 12 timmar", "hours"), ("under 5 dagar", "days"), ("1 200 km", "km")])
def test_facts_time_and_distance_units(text, unit):
    assert _one(text).unit == unit


def test_facts_gender_adjective():
    d = _one("en kurs med 12 kvinnliga deltagare")
    assert (d.value, d.unit, d.gender) == (12, "persons", "women")


@pytest.mark.parametrize("text", ["Temaåret Demokrati 100 år syftar till", "Temat är Demokrati 100 år och"])
def test_facts_years_inside_a_name_are_not_amounts(text):
    assert text_to_drafts(text) == []


def test_facts_duration_outside_a_name_is_kept():
    assert _one("Föreningen firar 100 år i år.").unit == "years"
    assert _one("Alla unga mellan 15-25 år är välkomna.").value_max == 25


def test_facts_percent_rule_broken_at_pdf_line_end():
    """A PDF line break after the hyphen left "(1%- regeln)", and 1% became a fact."""
    assert text_to_drafts("utsmyckning (1%- regeln).") == []


def test_facts_sample_2021_no_name_years():
    ex = extraction(TEXT_2021)
    assert not [f for f in ex.facts if f.raw == "100 år"]


# pieces a mention is made of, in any case, with the characters that fold oddly
_MENTION_PIECES = st.sampled_from([
    *NUMBER_WORDS, *QUALIFIERS, "CA", "Cirka", "TUSEN", "ſju", "nıo", "İ", "procent", "mkr", "miljoner kronor",
    "0", "7", "12", "2021", "196 319 688", "9,6", "1.5", "-", "−", "–", " ", "  ", "\n", "\t", ".", ",", "%",
    "(", ")", "/", ":", "covid", "ab", "men", "den", "hen", "x", "år",
])


@given(st.lists(_MENTION_PIECES, max_size=25).map("".join))
def test_facts_mention_scan_equals_the_regex_at_every_position(text):
    assert [m.span() for m in mention_matches(text)] == [m.span() for m in MENTION.finditer(text)]
    assert [m.groupdict() for m in mention_matches(text)] == [m.groupdict() for m in MENTION.finditer(text)]


def test_facts_mention_scan_equals_the_regex_on_the_samples():
    for path in (TEXT_2021, TEXT_2022):
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in mention_matches(text)] == [m.span() for m in MENTION.finditer(text)]


def test_facts_mention_scan_knows_every_odd_case_fold():
    """Every character IGNORECASE takes for a letter of a number word or qualifier either
    lower-cases to that letter, or to more than one character (then the scan falls back), or is
    folded by the scan."""
    letters = set("".join([*NUMBER_WORDS, *QUALIFIERS]))
    cls = re.compile("[" + re.escape("".join(sorted(letters))) + "]", re.IGNORECASE)
    odd = {c for c in map(chr, range(sys.maxunicode + 1)) if cls.fullmatch(c)
           and c.lower() not in letters and len(c.lower()) == 1}
    assert odd == set(_CASE_FOLDS)


# the identifier patterns as first written (a look-behind first): the oracle for the fast forms
_PHONE_FIRST = re.compile(r"(?<![\w,])(?<!\d[ \u00a0\u202f])(?:\+\d{2}[ \u00a0]?\d{1,3}|0\d{1,3})[-–/ \u00a0]\d{2,3}"
                          r"(?:[ \u00a0-]\d{2,3}){0,3}(?![\d,])")
_REGISTRATION_FIRST = re.compile(r"(?<![\w,])\d{6}-\d{4}(?!\d)")


@given(st.lists(st.sampled_from(["0", "1", "7", "46", "920", "123456", "+", "-", "–", "/", " ", "\u00a0", "\u202f",
                                 ",", "a", "\n", "00", "556123"]), max_size=20).map("".join))
def test_facts_identifier_patterns_find_what_their_first_forms_found(text):
    assert [m.span() for m in PHONE.finditer(text)] == [m.span() for m in _PHONE_FIRST.finditer(text)]
    assert [m.span() for m in REGISTRATION.finditer(text)] == [m.span() for m in _REGISTRATION_FIRST.finditer(text)]


@given(st.lists(st.sampled_from([" ", "  ", "%", "miljoner", "Kronor.", "(mkr", "kr.", "procent,", "procentenheter",
                                 "tusen", "grupper", "\n", "\"", "år", "MILJ.", "euro)", ".", "x"]), max_size=6).map("".join))
def test_facts_number_word_shortcut_agrees_with_the_amount_rule(after):
    from pipeline.language.facts import WORD_UNITS, first_word, following_words, mention_to_amount

    words = [w for w, _ in following_words(after)]
    assert first_word(after) == (words[0] if words else "")
    amount = mention_to_amount(7.0, None, words, None, is_word=True)
    assert (first_word(after) in WORD_UNITS) == (amount is not None)


@pytest.mark.parametrize("sep", [" ", "\u00a0", "\u202f", "\u2009"])
def test_facts_every_group_separator_of_the_one_grammar(sep):
    # regression: facts knew three separators, the cell parser four (a thin space split an amount)
    from pipeline.text.numbers import parse_number as cell_number

    d = _one(f"kostade 125{sep}130 kronor")
    assert (d.value, d.unit) == (125130, "SEK")
    assert cell_number(f"125{sep}130") == 125130

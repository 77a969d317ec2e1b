import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.identity.organisation import by_code, find_mentions, organisations, resolve
from tests.conftest import SAMPLES


def test_organisations_290_municipalities_and_21_regions():
    orgs = organisations()
    assert sum(o.kind == "kommun" for o in orgs) == 290
    assert sum(o.kind == "region" for o in orgs) == 21
    assert len({o.code for o in orgs}) == len(orgs)
    assert len({o.official_name for o in orgs}) == len(orgs)


def test_organisations_codes_are_scb_shaped():
    regions = {o.code for o in organisations() if o.kind == "region"}
    for o in organisations():
        if o.kind == "kommun":
            assert re.fullmatch(r"\d{4}", o.code) and o.county_code == o.code[:2] and o.county_code in regions
        else:
            assert re.fullmatch(r"\d{2}", o.code) and o.county_code == o.code


@pytest.mark.parametrize("code, name", [
    ("0114", "Upplands Väsby"), ("0180", "Stockholm"), ("1480", "Göteborg"), ("1280", "Malmö"),
    ("0380", "Uppsala"), ("2580", "Luleå"), ("1291", "Simrishamn"), ("2584", "Kiruna"), ("0580", "Linköping"),
    ("0980", "Gotland"), ("2080", "Falun"), ("01", "Stockholm"), ("12", "Skåne"), ("14", "Västra Götaland"),
    ("25", "Norrbotten"), ("09", "Gotland"),
])
def test_organisations_well_known_codes(code, name):
    assert by_code(code).name == name


@pytest.mark.parametrize("printed, code", [
    ("Simrishamns kommun", "1291"), ("Luleå kommun", "2580"), ("Göteborgs Stad", "1480"), ("Göteborgs stad", "1480"),
    ("Stockholms stad", "0180"), ("Malmö stad", "1280"), ("Falu kommun", "2080"), ("Borås Stad", "1490"),
    ("Kalix kommun", "2514"), ("Upplands-Bro kommun", "0139"), ("Region Norrbotten", "25"), ("region skåne", "12"),
    ("Västra Götalandsregionen", "14"), ("VGR", "14"), ("Norrbottens läns landsting", "25"),
    ("Landstinget i Uppsala län", "03"), ("Region Gotland", "09"), ("Gotlands kommun", "0980"),
    ("Region Jönköpings län", "06"), ("Dals-Eds kommun", "1438"), ("Malung-Sälens kommun", "2023"),
])
def test_organisation_printed_names_resolve(printed, code):
    assert resolve(printed).code == code


def test_organisation_genitive_rule_in_the_data():
    assert by_code("2580").official_name == "Luleå kommun"  # no genitive s after a vowel
    assert by_code("0861").official_name == "Mönsterås kommun"  # nor after s
    assert by_code("1291").official_name == "Simrishamns kommun"


def test_organisation_mentions_are_whole_names():
    text = ("Region Norrbottens kulturverksamheter; Simrishamns kommunala bolag; vgr-nätet; Luleå kommun; "
            "Malung-Sälens\nkommun och VGR.")
    assert [(m.organisation.code, m.printed) for m in find_mentions(text)] == [
        ("2580", "Luleå kommun"), ("2023", "Malung-Sälens\nkommun"), ("14", "VGR")]


def test_organisation_unknown_name_is_none():
    assert resolve("Exempelstads kommun") is None


# --- find_mentions: the one-pass scan finds what the word-by-word reference finds ------------

def _mentions_word_by_word(text):
    """The reference: every word, longest name first (the algorithm before the regex scan)."""
    from pipeline.identity.organisation import _WORD, _by_name

    folded, acronyms, longest, firsts = _by_name()
    words = list(_WORD.finditer(text))
    found, i = [], 0
    while i < len(words):
        if words[i].group(0).lower() in firsts:
            for n in range(min(longest, len(words) - i), 0, -1):
                span = words[i:i + n]
                key = " ".join(w.group(0) for w in span)
                org = acronyms.get(key) if n == 1 and key.isupper() else None
                if org := org or folded.get(key.lower()):
                    found.append((org.code, text[span[0].start():span[-1].end()], span[0].start()))
                    i += n - 1
                    break
        i += 1
    return found


def _mentions(text):
    find_mentions.cache_clear()
    return [(m.organisation.code, m.printed, m.start) for m in find_mentions(text)]


_NAMES = sorted({n for o in organisations() for n in o.names})
_NAME_WORDS = sorted({w for n in _NAMES for w in n.split()} | {"Region", "kommun", "län", "Stad", "landsting"})
_WORDS = st.one_of(st.sampled_from(_NAMES), st.sampled_from(_NAME_WORDS),
                   st.sampled_from(_NAMES + _NAME_WORDS).map(str.upper),
                   st.sampled_from(_NAMES + _NAME_WORDS).map(str.lower), st.text(max_size=4))
_SEPARATORS = st.sampled_from([" ", " ", " ", "\n", ", ", "-", ".", "İ", "ß", "Σ", "ǅ", "_", "\u00ad", "Å", ""])
_TEXTS = st.lists(st.tuples(_WORDS, _SEPARATORS).map("".join), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
@example("Kommunen Vallentuna kommun; Region Gotlands kommun; VGR-nätet, vgr; İstanbul kommun")  # overlaps
def test_organisation_mentions_scan_equals_word_by_word(text):
    assert _mentions(text) == _mentions_word_by_word(text)


@pytest.mark.parametrize("path", sorted(p for p in SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_organisation_mentions_scan_equals_word_by_word_on_samples(path):
    text = path.read_text(encoding="utf-8")
    assert _mentions(text) == _mentions_word_by_word(text)

"""Numbers stated in narrative: value, unit, scale, qualifier, gender (``facts.sv.v1``).

Steps: ``text_to_mentions`` finds numbers with what surrounds them (qualifier before; range,
scale, currency, percent, person nouns after) -> ``mention_to_amount`` turns one into a
value and unit -> ``text_to_drafts`` keeps amounts (not years, dates, codes like "PO1" or
"covid-19", references like "sidan 14" or "bilaga 3", list numbering, phone numbers and
registration numbers) with their sentence. The language stage adds sections, metrics and
offsets.

A range ("ca 10-12 resenärer") is stored as value = lower bound, value_max = upper bound.
Number words ("sju procent", "två miljoner kronor") count only before a unit or scale word:
"tre grupper" is prose, not a statistic. A scale word with no currency ("1,6 miljarder")
takes the profile's ``language.bare_scale_unit``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.text.numbers import PROSE_NUMBER
from pipeline.text.numbers import number_from_match as parse_number

NUMBER = PROSE_NUMBER
NUMBER_WORDS: dict[str, float] = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15,
    "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30,
    "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80, "nittio": 90,
    "hundra": 100, "tusen": 1000,
}
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
QUALIFIERS: dict[str, str] = {
    "ca": "ca", "ca.": "ca", "cirka": "ca", "omkring": "ca", "runt": "ca", "över": "över",
    "drygt": "över", "minst": "minst", "knappt": "knappt", "nästan": "knappt", "närmare": "knappt",
}
_QUAL = "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True))

MENTION = re.compile(
    rf"(?:(?P<qual>\b(?:{_QUAL}))\s+)?"
    # a minus sign only where a word could start: "-3 procent", not "covid-19"
    rf"(?:(?<![\w,.:/\-−–])(?P<sign>[-−](?=\d))?(?P<num>(?:{NUMBER}))"
    rf"(?:\s?[-–]\s?(?P<num2>(?:{NUMBER})))?"
    rf"|(?P<word>\b(?:{_WORD})\b))"
    # a lookahead, so the words after one number stay free for the next ("49 kvinnor och 52 män")
    rf"(?=(?P<after>(?:\s?%|\s+[^\s]+){{0,3}}))",
    re.IGNORECASE,
)

# Where a mention can start: a digit (or the sign before it), a qualifier or a number word.
# ``MENTION`` tried at every character of a 60 kB report cost ~11 ms (case-folded alternations
# at each position); this plain scan over the lower-cased text finds a superset of its starts.
_ANCHOR = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in sorted({*NUMBER_WORDS, *QUALIFIERS},
                                                                         key=len, reverse=True)) + ")")
_SIGNS = "-−"
# characters that IGNORECASE matches to a letter of those words but ``str.lower`` leaves alone
_CASE_FOLDS = {"ſ": "s", "ı": "i"}

SCALES: dict[str, tuple[float, str | None]] = {
    "tusen": (1e3, None), "tkr": (1e3, "SEK"),
    "miljon": (1e6, None), "miljoner": (1e6, None), "milj.": (1e6, None), "milj": (1e6, None),
    "mkr": (1e6, "SEK"), "mnkr": (1e6, "SEK"), "mn": (1e6, None),
    "miljard": (1e9, None), "miljarder": (1e9, None), "mdr": (1e9, None), "mdkr": (1e9, "SEK"),
    "ksek": (1e3, "SEK"), "msek": (1e6, "SEK"), "mdsek": (1e9, "SEK"), "keur": (1e3, "EUR"),
    "meur": (1e6, "EUR"),
}
CURRENCIES: dict[str, str] = {"kronor": "SEK", "kr": "SEK", "kr.": "SEK", "sek": "SEK",
                              "euro": "EUR", "eur": "EUR", "€": "EUR"}
PERCENT_WORDS = frozenset({"%", "procent", "procents"})
# a difference of two percentages is not a percentage: "ökade med 4 procentenheter"
POINT_WORDS = frozenset({"procentenheter", "procentenhet", "procentenheters"})
GENDER_WORDS: dict[str, str] = {"kvinnor": "women", "män": "men", "flickor": "women", "pojkar": "men",
                                "kvinnliga": "women", "manliga": "men"}
PERSON_WORDS = frozenset({
    "personer", "individer", "deltagare", "invånare", "resenärer", "besökare", "elever",
    "konstnärer", "medarbetare", "anställda", "ungdomar", "barn", "studenter", "sökande",
    "kvinnor", "män", "flickor", "pojkar", "unga", "vuxna", "politiker", "företagare",
})
OTHER_UNITS: dict[str, str] = {
    "år": "years", "mbit/s": "Mbit/s", "gbit/s": "Gbit/s", "mbit": "Mbit/s",
    "timmar": "hours", "timme": "hours", "dagar": "days", "dygn": "days", "veckor": "weeks",
    "månader": "months", "minuter": "minutes", "km": "km", "kilometer": "km", "mil": "mil",
}
# a number after one of these names a thing, it does not count one: "sidan 14", "bilaga 3",
# "kapitel 4", "tabell 2", "punkt 3", "kvartal 1", "etapp 2", "väg 97", "kl. 10-12", "Dnr 123"
REFERENCE_WORDS = frozenset({
    "sidan", "sida", "sid", "s", "bilaga", "bilagan", "kapitel", "kap", "avsnitt", "tabell",
    "figur", "diagram", "punkt", "§", "paragraf", "kvartal", "vecka", "v", "etapp", "fas",
    "version", "nr", "nummer", "no", "dnr", "diarienummer", "linje", "linjen", "väg", "vägen",
    "länsväg", "riksväg", "rv", "lv", "e", "kl", "klockan", "steg", "spår", "plats", "rum",
    "sal", "delmål", "åtgärd", "insatsområde", "prioritering", "tel", "telefon",
    "postnummer", "org.nr", "orgnr", "organisationsnummer", "sfs",
})
MONTHS = frozenset({
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec",
})


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    gender: str | None
    n_unit_words: int  # how many words after the number belong to it ("miljoner kronor" = 2)


@dataclass(frozen=True, slots=True)
class FactDraft:
    """A fact before it knows its section: offsets are into the text it was found in."""

    start: int
    end: int
    raw: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    gender: str | None
    sentence: str


def number_value(num: str | None, word: str | None, sign: str | None = None) -> float:
    if num:
        value = parse_number(num)
    else:
        assert word is not None  # a mention is a number or a number word
        value = NUMBER_WORDS[word.lower()]
    return -value if sign else value


_TRAIL = ",;:)!?\"”'"


_WORD_TOKEN = re.compile(r"%|[^\s%]+")


def following_words(after: str) -> list[tuple[str, int]]:
    """" miljoner kronor." -> [("miljoner", 9), ("kronor", 16)]: each word, lower case and
    without trailing punctuation, with its end offset in ``after``."""
    words = []
    for w in _WORD_TOKEN.finditer(after):
        token = w.group()
        core = word_core(token)
        cut = len(token.lower().rstrip("." + _TRAIL)) if core != token.lower().rstrip(_TRAIL) else len(token.rstrip(_TRAIL))
        words.append((core, w.start() + cut))
    return words


def word_core(token: str) -> str:
    core = token.lower().lstrip("(\"“").rstrip(_TRAIL)
    return core if core in SCALES or core in CURRENCIES else core.rstrip("." + _TRAIL)


def first_word(after: str) -> str:
    """``following_words(after)[0][0]`` without the rest: "" when no word follows."""
    w = _WORD_TOKEN.search(after)
    return word_core(w.group()) if w else ""


# the words after a number word that make it an amount (``mention_to_amount`` with ``is_word``)
WORD_UNITS = frozenset({*SCALES, *CURRENCIES, *PERCENT_WORDS, *POINT_WORDS})


def mention_to_amount(value: float, value_max: float | None, words: Sequence[str], qualifier: str | None,
                      *, is_word: bool, bare_scale_unit: str = "SEK") -> Amount | None:
    """Value and unit from the words after a number; None when a number word has no unit."""
    i = 0
    unit: str | None = None
    scale = 1.0
    if i < len(words) and words[i] in SCALES:
        scale, unit = SCALES[words[i]]
        i += 1
    if i < len(words) and words[i] in CURRENCIES and unit is None:
        unit = CURRENCIES[words[i]]
        i += 1
    elif scale != 1.0 and unit is None:
        unit = bare_scale_unit
    qual = QUALIFIERS.get(qualifier.lower()) if qualifier else None
    vmax = value_max * scale if value_max is not None else None
    if unit is not None:
        return Amount(value * scale, vmax, unit, qual, None, i)
    first = words[0] if words else ""
    if first in PERCENT_WORDS:
        return Amount(value, value_max, "percent", qual, None, 1)
    if first in POINT_WORDS:
        return Amount(value, value_max, "percentage_points", qual, None, 1)
    if is_word:
        return None
    if first in GENDER_WORDS:
        return Amount(value, value_max, "persons", qual, GENDER_WORDS[first], 1)
    for n, w in enumerate(words[:2]):
        if w in PERSON_WORDS:
            return Amount(value, value_max, "persons", qual, None, n + 1)
    if first in OTHER_UNITS:
        return Amount(value, value_max, OTHER_UNITS[first], qual, None, 1)
    return Amount(value, value_max, "count", qual, None, 0)


# compiled once: ``re.match(pattern, ...)`` looks its pattern up in a cache at every call
_YEAR = re.compile(r"(19|20)\d\d")
_PERCENT_WORD = re.compile(r"\s?%-\s?[a-zåäö]")  # "1%-regeln"
_LAST_WORD = re.compile(r"(\S+)\s*$")
_LIST_MARK = re.compile(r"[.)]\s")  # "1. ", "2) "
_WORD_BEFORE = re.compile(r"(\S)?(\s*)(\w+)\s+$")


def is_year(raw: str) -> bool:
    return bool(_YEAR.fullmatch(raw))


def is_calendar(m: re.Match, words: Sequence[str]) -> bool:
    """Years ("2021", "2021-2027") and dates ("17 februari", "22-23 april") are not amounts,
    unless a unit follows ("2021 kronor")."""
    if words and words[0] in MONTHS:
        return True
    num, num2 = m.group("num"), m.group("num2")
    unit_follows = bool(words) and (words[0] in SCALES or words[0] in CURRENCIES or words[0] in PERCENT_WORDS
                                    or words[0] in POINT_WORDS or words[0] in PERSON_WORDS)
    return bool(num) and is_year(num) and (num2 is None or is_year(num2)) and not unit_follows


def glued_to_code(text: str, m: re.Match) -> bool:
    """"covid-19", "1600-talet", "40x100", "1:1", "2.0", "1%-regeln": part of a code or word."""
    end = m.end("num2") if m.group("num2") else m.end("num") if m.group("num") else m.end("word")
    rest = text[end:end + 2]
    if rest[:1].isalnum() or rest[:1] in (":", "/") or rest[:1] == "_":
        return True
    if rest[:1] in ("-", "–", ".", ",") and rest[1:2].isalnum():
        return True
    # "1%-regeln"; "1%- regeln" when a PDF line broke at the hyphen
    return bool(_PERCENT_WORD.match(text, end, end + 5))


# "0920-29 30 00", "070-123 45 67", "+46 920 293000": telephone numbers
# Each starts with the character it must start with, and looks behind only after it: a pattern
# that starts with a character class is searched for in C, one that starts with a look-behind
# is tried at every position (~3 ms per report).
PHONE = re.compile(r"[+0](?<![\w,][+0])(?<!\d[ \u00a0\u202f][+0])(?:(?<=\+)\d{2}[ \u00a0]?\d{1,3}|(?<=0)\d{1,3})"
                   r"[-–/ \u00a0]\d{2,3}(?:[ \u00a0-]\d{2,3}){0,3}(?![\d,])")
# "556123-4567": an organisation or personal registration number
REGISTRATION = re.compile(r"\d(?<![\w,]\d)\d{5}-\d{4}(?!\d)")


def identifier_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for rx in (PHONE, REGISTRATION) for m in rx.finditer(text)]


def is_identifier(m: re.Match) -> bool:
    """"0920" (a leading zero), "123-2021" (a number, then a year: a case number), "0920-29"
    (a "range" that runs backwards): ids and codes, not amounts or ranges."""
    num, num2 = m.group("num"), m.group("num2")
    if num and len(num) > 1 and num[0] == "0" and num[1].isdigit():
        return True
    if num and num2:
        if parse_number(num2) <= parse_number(num):
            return True
        if is_year(num2) and not is_year(num):
            return True
    return False


def previous_word(text: str, start: int) -> str:
    found = _LAST_WORD.search(text[max(0, start - 40):start])
    return found.group(1).lower().rstrip(".:") if found else ""


def is_reference(text: str, m: re.Match) -> bool:
    """"sidan 14", "bilaga 3", "kapitel 4", "kvartal 1", "väg 97", "kl. 10-12": a number that
    names a page, an appendix, a period or a road."""
    return bool(m.group("num")) and previous_word(text, m.start()) in REFERENCE_WORDS


def is_list_number(text: str, m: re.Match) -> bool:
    """"1. Inledning", "2) Ett grönare Europa": numbering at the start of a line."""
    if not m.group("num") or m.group("qual") or m.group("num2"):
        return False
    if not _LIST_MARK.match(text, m.end("num"), m.end("num") + 2):
        return False
    i = m.start()  # the last character before the number that is not a blank (no copy of the text)
    while i > 0 and text[i - 1] in " \t\u00a0":
        i -= 1
    return i == 0 or text[i - 1] == "\n"


def is_in_name(text: str, m: re.Match, unit: str) -> bool:
    """"temaåret Demokrati 100 år": a duration right after a capitalised word inside a
    sentence belongs to a name, it is not a statistic."""
    if unit != "years" or m.group("qual"):
        return False
    found = _WORD_BEFORE.search(text[max(0, m.start() - 60):m.start()])
    if not found or not found.group(3)[:1].isupper():
        return False
    before = found.group(1)
    return before is not None and before not in ".!?:•–-\"”" and "\n" not in found.group(2)


def mention_matches(text: str, anchors: Sequence[int] | None = None) -> list[re.Match]:
    """``list(MENTION.finditer(text))``, trying ``MENTION`` only where a match can start.
    ``anchors``: those places, in order, if the caller knows them (``text_anchors`` of each
    word, placed), else found here."""
    if anchors is None:
        anchors = text_anchors(text)
        if anchors is None:
            return list(MENTION.finditer(text))
    out: list[re.Match] = []
    end = 0  # like finditer, the next match starts at or after the end of the last one
    for p in anchors:
        tries = (p - 1, p) if p > end and text[p - 1] in _SIGNS else (p,)
        for q in tries:
            m = MENTION.match(text, q) if q >= end else None
            if m:
                out.append(m)
                end = m.end()
                break
    return out


def text_anchors(text: str) -> tuple[int, ...] | None:
    """Where ``MENTION`` can start in ``text`` (a superset, in order); None when lower case would
    move the offsets. Of a whole text, or of each word (a token: no whitespace inside but a
    merged number's), placed: each place where ``MENTION`` can start is an anchor of the word
    holding it, since a digit is one and a number word or qualifier lies inside one word (at a
    word's first character the word boundary is taken as given, which only adds anchors)."""
    low = _fold(text)
    return None if low is None else tuple(a.start() for a in _ANCHOR.finditer(low))


def _fold(text: str) -> str | None:
    low = text.lower()
    for odd, folded in _CASE_FOLDS.items():
        if odd in low:
            low = low.replace(odd, folded)
    return low if len(low) == len(text) else None  # a longer lower case: offsets would drift


def text_to_mentions(text: str, anchors: Sequence[int] | None = None) -> list[re.Match]:
    """The mentions that may be amounts: no number word without a unit after it ("sju procent"
    may be, "en" and "ett" in prose are not), none glued to a code or inside a phone number."""
    found = [m for m in mention_matches(text, anchors)
             if not (m.group("word") and first_word(m.group("after")) not in WORD_UNITS)
             and not glued_to_code(text, m)]
    ids = identifier_spans(text) if found else ()  # most paragraphs state no number
    return [m for m in found if not any(s <= m.start() < e for s, e in ids)]


def text_to_drafts(text: str, sentences: Sequence[tuple[int, int]] = (), *,
                   bare_scale_unit: str = "SEK", anchors: Sequence[int] | None = None) -> list[FactDraft]:
    """All amounts in ``text``; ``sentences`` are (start, end) spans for the sentence field;
    ``anchors`` as for ``mention_matches``."""
    out = []
    taken = 0  # end of the last fact: "20 tusen kronor" is one fact, not also "tusen kronor"
    for m in text_to_mentions(text, anchors):
        if m.start() < taken:
            continue
        tagged = following_words(m.group("after"))
        words = [w for w, _ in tagged]
        if m.group("num") and (is_calendar(m, words) or is_identifier(m) or is_reference(text, m)
                               or is_list_number(text, m)):
            continue
        value = number_value(m.group("num"), m.group("word"), m.group("sign"))
        vmax = parse_number(m.group("num2")) if m.group("num2") else None
        amount = mention_to_amount(value, vmax, words, m.group("qual"), is_word=bool(m.group("word")),
                                   bare_scale_unit=bare_scale_unit)
        if amount is None or is_in_name(text, m, amount.unit):
            continue
        start = m.start()
        n = amount.n_unit_words
        end = m.start("after") + (tagged[n - 1][1] if n else 0)
        taken = end
        out.append(FactDraft(start, end, text[start:end], amount.value, amount.value_max, amount.unit,
                             amount.qualifier, amount.gender, sentence_at(text, sentences, start)))
    return out


def sentence_at(text: str, sentences: Sequence[tuple[int, int]], pos: int) -> str:
    for s, e in sentences:
        if s <= pos < e:
            return text[s:e].strip()
    return text.strip()

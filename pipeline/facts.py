"""Numbers stated in narrative: value, unit, scale, qualifier, gender (``facts.sv.v1``).

Steps: ``text_to_mentions`` finds numbers with what surrounds them (qualifier before; range,
scale, currency, percent, person nouns after) -> ``mention_to_amount`` turns one into a
value and unit -> ``text_to_drafts`` keeps amounts (not years, dates, codes like "PO1" or
"covid-19") with their sentence. The language stage adds sections, metrics and offsets.

A range ("ca 10-12 resenärer") is stored as value = lower bound, value_max = upper bound.
Number words ("sju procent", "två miljoner kronor") count only before a unit or scale word:
"tre grupper" is prose, not a statistic. A scale word with no currency ("1,6 miljarder")
takes the profile's ``language.bare_scale_unit``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.numbers import number_from_match as parse_number

_SEP = "[ \u00a0\u202f]"
NUMBER = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?"
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
    rf"(?:(?P<num>(?<![\w,.:/\-−–])(?:{NUMBER}))(?:\s?[-–]\s?(?P<num2>(?:{NUMBER})))?"
    rf"|(?P<word>\b(?:{_WORD})\b))"
    # a lookahead, so the words after one number stay free for the next ("49 kvinnor och 52 män")
    rf"(?=(?P<after>(?:\s?%|\s+[^\s]+){{0,3}}))",
    re.IGNORECASE,
)

SCALES: dict[str, tuple[float, str | None]] = {
    "tusen": (1e3, None), "tkr": (1e3, "SEK"),
    "miljon": (1e6, None), "miljoner": (1e6, None), "milj.": (1e6, None), "milj": (1e6, None),
    "mkr": (1e6, "SEK"), "mnkr": (1e6, "SEK"), "mn": (1e6, None),
    "miljard": (1e9, None), "miljarder": (1e9, None), "mdr": (1e9, None), "mdkr": (1e9, "SEK"),
}
CURRENCIES: dict[str, str] = {"kronor": "SEK", "kr": "SEK", "kr.": "SEK", "sek": "SEK",
                              "euro": "EUR", "eur": "EUR", "€": "EUR"}
PERCENT_WORDS = frozenset({"%", "procent", "procents", "procentenheter"})
GENDER_WORDS: dict[str, str] = {"kvinnor": "women", "män": "men", "flickor": "women", "pojkar": "men"}
PERSON_WORDS = frozenset({
    "personer", "individer", "deltagare", "invånare", "resenärer", "besökare", "elever",
    "konstnärer", "medarbetare", "anställda", "ungdomar", "barn", "studenter", "sökande",
    "kvinnor", "män", "flickor", "pojkar", "unga", "vuxna", "politiker", "företagare",
})
OTHER_UNITS: dict[str, str] = {"år": "years", "mbit/s": "Mbit/s", "gbit/s": "Gbit/s", "mbit": "Mbit/s"}
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


def number_value(num: str | None, word: str | None) -> float:
    return parse_number(num) if num else NUMBER_WORDS[word.lower()]


_TRAIL = ",;:)!?\"”'"


def following_words(after: str) -> list[tuple[str, int]]:
    """" miljoner kronor." -> [("miljoner", 9), ("kronor", 16)]: each word, lower case and
    without trailing punctuation, with its end offset in ``after``."""
    words = []
    for w in re.finditer(r"%|[^\s%]+", after):
        token = w.group()
        core = token.lower().lstrip("(\"“").rstrip(_TRAIL)
        if core not in SCALES and core not in CURRENCIES:
            core = core.rstrip("." + _TRAIL)
        cut = len(token.lower().rstrip("." + _TRAIL)) if core != token.lower().rstrip(_TRAIL) else len(token.rstrip(_TRAIL))
        words.append((core, w.start() + cut))
    return words


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


def is_year(raw: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", raw))


def is_calendar(m: re.Match, words: Sequence[str]) -> bool:
    """Years ("2021", "2021-2027") and dates ("17 februari", "22-23 april") are not amounts,
    unless a unit follows ("2021 kronor")."""
    if words and words[0] in MONTHS:
        return True
    num, num2 = m.group("num"), m.group("num2")
    unit_follows = bool(words) and (words[0] in SCALES or words[0] in CURRENCIES
                                    or words[0] in PERCENT_WORDS or words[0] in PERSON_WORDS)
    return bool(num) and is_year(num) and (num2 is None or is_year(num2)) and not unit_follows


def glued_to_code(text: str, m: re.Match) -> bool:
    """"covid-19", "1600-talet", "40x100", "1:1", "2.0", "1%-regeln": part of a code or word."""
    end = m.end("num2") if m.group("num2") else m.end("num") if m.group("num") else m.end("word")
    rest = text[end:end + 2]
    if rest[:1].isalnum() or rest[:1] in (":", "/") or rest[:1] == "_":
        return True
    if rest[:1] in ("-", "–", ".", ",") and rest[1:2].isalnum():
        return True
    return bool(re.match(r"\s?%-\w", text[end:end + 4]))


def text_to_mentions(text: str) -> list[re.Match]:
    return [m for m in MENTION.finditer(text) if not glued_to_code(text, m)]


def text_to_drafts(text: str, sentences: Sequence[tuple[int, int]] = (), *,
                   bare_scale_unit: str = "SEK") -> list[FactDraft]:
    """All amounts in ``text``; ``sentences`` are (start, end) spans for the sentence field."""
    out = []
    for m in text_to_mentions(text):
        tagged = following_words(m.group("after"))
        words = [w for w, _ in tagged]
        if m.group("num") and is_calendar(m, words):
            continue
        value = number_value(m.group("num"), m.group("word"))
        vmax = parse_number(m.group("num2")) if m.group("num2") else None
        amount = mention_to_amount(value, vmax, words, m.group("qual"), is_word=bool(m.group("word")),
                                   bare_scale_unit=bare_scale_unit)
        if amount is None:
            continue
        start = m.start()
        n = amount.n_unit_words
        end = m.start("after") + (tagged[n - 1][1] if n else 0)
        out.append(FactDraft(start, end, text[start:end], amount.value, amount.value_max, amount.unit,
                             amount.qualifier, amount.gender, sentence_at(text, sentences, start)))
    return out


def sentence_at(text: str, sentences: Sequence[tuple[int, int]], pos: int) -> str:
    for s, e in sentences:
        if s <= pos < e:
            return text[s:e].strip()
    return text.strip()

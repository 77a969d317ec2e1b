"""Swedish numbers in table cells and scorecard targets.

Decimal comma; thousands grouped by space or no-break space ("125 130", "196 319 688").
Narrative amounts with units and scale words are the facts stage's job (pipeline/facts.py).
"""

from __future__ import annotations

import re

from pipeline.model import Target

# The one number grammar. Thousands are grouped by a space, a no-break, a narrow no-break or a
# thin space; the decimal sign is a comma.
_SPACES = "\u00a0\u202f\u2009 "
GROUP_SEP = "[ \u00a0\u202f\u2009]"
GROUPED = rf"\d{{1,3}}(?:{GROUP_SEP}\d{{3}})+(?:,\d+)?"
# in prose: "125 130", "9,6" (a point there is a sentence's, or a date's)
PROSE_NUMBER = rf"{GROUPED}|\d+(?:,\d+)?"
# in a cell: a sign, and a decimal point from tools that write one
_NUM = rf"[-−–]?{GROUPED}|[-−–]?\d+(?:[.,]\d+)?"
_PERCENT = re.compile(r"^\s*(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent)\s*$")
_NUMBER_ONLY = re.compile(rf"^\s*({_NUM})\s*(%|procent)?\s*$", re.IGNORECASE)
_RATIO = re.compile(rf"^\s*({_NUM})\s*(%?)\s*/\s*({_NUM})\s*(%?)\s*$")
_GENDER = re.compile(rf"^\s*({_NUM})\s*kvinnor\s*(?:,|och)?\s*({_NUM})\s*män\s*$", re.IGNORECASE)
_LEADING = re.compile(rf"^\s*({_NUM})\s+(\S.*)$")
# a comparison before a number: ">99%", "≤ 6 %", "Minst 90 %" (signs and words from the profile)
_COMPARED = re.compile(rf"^\s*([<>≤≥]=?|[^\W\d_]+)\s*({_NUM})\s*(%|procent)?\s*$", re.IGNORECASE)


def number_from_match(s: str) -> float:
    s = s.strip().replace("−", "-").replace("–", "-")
    for sp in _SPACES:
        s = s.replace(sp, "")
    return float(s.replace(",", "."))


def parse_number(text: str | None) -> float | None:
    """A cell that is one number ("125 130", "9,6", "85%") -> float; anything else -> None.

    Years like "2021" parse as numbers here: in a table cell they are values.
    """
    if not text:
        return None
    m = _NUMBER_ONLY.match(text)
    if not m:
        return None
    return number_from_match(m.group(1))


def parse_percent(text: str) -> float | None:
    """A cell that is a share in percent, 0-100 ("75 %", "12,5 procent") -> float; else None."""
    found = _PERCENT.match(text)
    if not found:
        return None
    value = number_from_match(found.group(1))
    return value if 0 <= value <= 100 else None


# a year, or a span of years ("2027–2030", "2027 - 2030"), as a Målår cell prints it
_YEARS = re.compile(r"^((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?$")


def parse_year(raw: str) -> Target | None:
    """A target year ("2026") or span of years ("2027–2030": value 2027, value_2 2030), kind year;
    None when the cell holds anything else."""
    m = _YEARS.match(" ".join(raw.split()))
    if m is None:
        return None
    return Target(raw=raw, kind="year", value=float(m.group(1)), value_2=float(m.group(2)) if m.group(2) else None)


def parse_target(raw: str, directions: dict[str, str], comparators: dict[str, str] | None = None) -> Target:
    """Type a Mål cell: number, percent, ratio, by_gender, direction or free text. A comparison
    before a number (``comparators``: ">" -> above, "minst" -> at_least) keeps the number and
    says how it compares in ``direction``."""
    text = " ".join(raw.split())
    if not text:
        return Target(raw=raw, kind="text")
    low = text.lower()
    if (m := _COMPARED.match(text)) and (direction := (comparators or {}).get(m.group(1).lower())):
        return Target(raw=raw, kind="percent" if m.group(3) else "number", value=number_from_match(m.group(2)),
                      unit="percent" if m.group(3) else None, direction=direction)
    # longest direction phrase first: "inte minska" before "minska"
    for phrase in sorted(directions, key=len, reverse=True):
        if low == phrase or low.startswith(phrase + " "):
            return Target(raw=raw, kind="direction", direction=directions[phrase])
    if m := _GENDER.match(text):
        return Target(raw=raw, kind="by_gender", women=number_from_match(m.group(1)),
                      men=number_from_match(m.group(2)), unit="persons")
    if m := _RATIO.match(text):
        unit = "percent" if (m.group(2) or m.group(4)) else None
        return Target(raw=raw, kind="ratio", value=number_from_match(m.group(1)), unit=unit,
                      value_2=number_from_match(m.group(3)))
    if m := _NUMBER_ONLY.match(text):
        value = number_from_match(m.group(1))
        if m.group(2):
            return Target(raw=raw, kind="percent", value=value, unit="percent")
        return Target(raw=raw, kind="number", value=value)
    if m := _LEADING.match(text):
        # "2 program fastställda", "4 En uppföljning av ...": a count with a description
        word = m.group(2).split()[0]
        return Target(raw=raw, kind="number", value=number_from_match(m.group(1)),
                      unit=word if word.islower() else None)
    return Target(raw=raw, kind="text")

"""The period a report reports on, and the date it was published or decided, kept apart.

"Årsredovisning 2025", "årsrapport för 2023", "delårsrapport mars 2026", "januari–augusti 2025",
"tertialrapport 2 2025", "per 31 augusti 2025", "Rapportperiod: 2025-12-31", a monthly follow-up's
month. A year that numbers a document ("Handling 2024 nr 62", "Dnr KS 2024/123") or sits in a full
date (a publication date: "2026-03-24") is never the period.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from pipeline.settings.profile import ReportSettings

# kinds that report on a whole year when no month is named
KINDS_WITH_YEAR_END = frozenset({"arsredovisning", "arsbokslut", "arsrapport", "verksamhetsberattelse",
                                 "verksamhetsplan", "arsredogorelse", "granskning", "uppfoljande-granskning",
                                 "revisionsberattelse"})
# kinds that cover a span of whole years, printed "2023-2026" (a risk analysis covers a mandate period)
KINDS_OVER_YEARS = frozenset({"risk-och-sarbarhetsanalys"})
# the longest span of years such a kind covers; a longer "YYYY-YYYY" is something else
MAX_SPAN_YEARS = 8
MONTHS_PER_TERTIAL = 4
MONTHS_PER_QUARTER = 3
_DASH = r"\s*[-–—]\s*"
FULL_DATE = re.compile(rf"\b((?:19|20)\d{{2}}){_DASH}(\d{{2}}){_DASH}(\d{{2}})\b")
# a year that numbers a document or a case, not the period
_NUMBERING = re.compile(r"(?:handling|dnr|diarienummer|diarienr|nr|§)\.?\s*:?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d{2})(?![\d/]|\s*[-–—]\s*\d{2}\b)")
_PERIOD_LABEL = re.compile(rf"\b(?:rapportperiod|avser period|period|per|t\.o\.m\.?|till och med)\s*:?\s*"
                           rf"((?:19|20)\d{{2}}){_DASH}(\d{{2}}){_DASH}(\d{{2}})\b", re.IGNORECASE)
_YEAR_SPAN = re.compile(rf"(?<![\d/-])((?:19|20)\d{{2}}){_DASH}((?:19|20)\d{{2}})(?![\d/-])")
_TERTIAL = re.compile(r"\b(?:tertial(?:rapport|uppföljning|bokslut)?|T)\s*([123])\b", re.IGNORECASE)
_QUARTER = re.compile(r"\b(?:kvartal(?:srapport)?|Q)\s*([1234])\b", re.IGNORECASE)
# a decision or publication date printed with a label
_PUBLISHED_LABEL = re.compile(r"\b(?:datum|beslutad|fastställd|antagen|daterad|upprättad)\s*:?\s*(?:den\s+)?"
                              rf"((?:19|20)\d{{2}}){_DASH}(\d{{2}}){_DASH}(\d{{2}})\b", re.IGNORECASE)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def period_years(text: str) -> list[int]:
    """Years in ``text`` that may be a period: none inside a full date or numbering a document."""
    out = []
    for m in _YEAR.finditer(text):
        if _NUMBERING.search(text[max(0, m.start() - 14):m.start()]):
            continue
        out.append(int(m.group(1)))
    return out


def labelled_end(text: str) -> date | None:
    """ "Rapportperiod: 2025-12-31", "per 2025-08-31" -> that date."""
    m = _PERIOD_LABEL.search(text)
    return _safe_date(*m.groups()) if m else None


def _month_named(text: str, report: ReportSettings) -> int | None:
    low = text.lower()
    months = [n for name, n in report.months.items() if re.search(rf"\b{name}\b", low)]
    return max(months) if months else None  # "januari–augusti": the last month named ends the period


def text_to_period(text: str, kind: str | None, rep: ReportSettings) -> tuple[date, date] | None:
    """The period ``text`` (a title, a header line) names, or None; never a publication date."""
    if end := labelled_end(text):
        return date(end.year, 1, 1), end
    if kind in KINDS_OVER_YEARS and (span := year_span(text)):
        return span
    years = period_years(FULL_DATE.sub(" ", text))
    if not years:
        return None
    year = years[0]
    month = _month_named(FULL_DATE.sub(" ", text), rep)
    if month is None and (m := _TERTIAL.search(text)) and kind not in ("manadsuppfoljning", "manadsrapport"):
        month = int(m.group(1)) * MONTHS_PER_TERTIAL
    if month is None and (m := _QUARTER.search(text)):
        month = int(m.group(1)) * MONTHS_PER_QUARTER
    if month is None and kind in KINDS_WITH_YEAR_END:
        month = 12
    if month is None:
        return None
    return date(year, 1, 1), _month_end(year, month)


def year_span(text: str) -> tuple[date, date] | None:
    """ "Risk- och sårbarhetsanalys 2023–2026" -> 2023-01-01 .. 2026-12-31; a full date is no span."""
    for m in _YEAR_SPAN.finditer(FULL_DATE.sub(" ", text)):
        first, last = int(m.group(1)), int(m.group(2))
        if 0 < last - first <= MAX_SPAN_YEARS:
            return date(first, 1, 1), date(last, 12, 31)
    return None


def published_in(text: str, labelled_only: bool) -> date | None:
    """A publication or decision date: one with a label ("Datum: 2026-03-24") or, on a title page
    (``labelled_only`` False), any full date printed there."""
    if m := _PUBLISHED_LABEL.search(text):
        return _safe_date(*m.groups())
    if labelled_only:
        return None
    for m in FULL_DATE.finditer(text):
        if not _PERIOD_LABEL.search(text[max(0, m.start() - 20):m.end()]) and (d := _safe_date(*m.groups())):
            return d
    return None

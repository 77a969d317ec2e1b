"""The period parser (pipeline.identity.period): properties over generated titles."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.identity.period import labelled_end, period_years, published_in, text_to_period
from pipeline.settings.profile import load_profile

PROFILE = load_profile("default")
MONTHS = list(PROFILE.report.months.items())
years = st.integers(min_value=1990, max_value=2099)
# the machine is shared: a parser call is fast, but a loaded box must not fail a test on time
PARSER = settings(deadline=None)
days = st.integers(min_value=1, max_value=28)


@PARSER
@given(years, st.sampled_from(MONTHS), years, st.integers(1, 12), days)
def test_period_named_month_and_a_publication_date(year, month, pub_year, pub_month, pub_day):
    name, number = month
    published = f"{pub_year}-{pub_month:02d}-{pub_day:02d}"
    for title in (f"Delårsrapport {name} {year}", f"Delårsrapport {name} {year} {published}",
                  f"{published} Delårsrapport {name} {year}"):
        start, end = text_to_period(title, "delarsrapport", PROFILE.report)
        assert (start, end) == (date(year, 1, 1), date(year, number, calendar.monthrange(year, number)[1])), title


@PARSER
@given(years, st.integers(1, 3))
def test_period_tertial(year, n):
    assert text_to_period(f"Tertialrapport {n} {year}", "tertialrapport", PROFILE.report)[1].month == 4 * n


@PARSER
@given(years, st.integers(1, 999), years)
def test_period_year_numbering_a_document_is_not_the_period(year, nr, handling):
    title = f"Årsrapport för {year}, Handling {handling} nr {nr}"
    assert text_to_period(title, "arsrapport", PROFILE.report) == (date(year, 1, 1), date(year, 12, 31))
    assert period_years(f"Dnr KS {handling}/{nr}") == []


@PARSER
@given(years, st.integers(1, 12), days)
def test_period_labelled_end_and_published(year, month, day):
    iso = f"{year}-{month:02d}-{day:02d}"
    assert labelled_end(f"Status: Påbörjad Rapportperiod: {iso}") == date(year, month, day)
    assert published_in(f"Rapport\nAlingsås kommun\n{year}–{month:02d}–{day:02d}", labelled_only=False) == date(
        year, month, day)
    assert published_in(f"Rapportperiod: {iso}", labelled_only=False) is None  # the period, not a publication
    assert published_in(f"Beslutad: {iso}", labelled_only=True) == date(year, month, day)


@PARSER
@given(st.text(max_size=80))
def test_period_never_raises(text):
    text_to_period(text, "arsredovisning", PROFILE.report)
    published_in(text, labelled_only=False)


@PARSER
@given(st.integers(1990, 2090), st.integers(1, 8), st.sampled_from(["-", "–", " - "]), years, st.integers(1, 12), days)
def test_period_year_span_of_a_risk_analysis(first, length, dash, pub_year, pub_month, pub_day):
    """Bjurholm, Borlänge, Hagfors (tests/real/external): "Risk- och sårbarhetsanalys 2023–2026" covers
    the mandate period, first year to last, whatever date is printed beside it."""
    last = first + length
    published = f"{pub_year}-{pub_month:02d}-{pub_day:02d}"
    title = f"Risk- och sårbarhetsanalys {first}{dash}{last} Upprättad {published}"
    kind = next(k for w, k in PROFILE.report.kinds.items() if w in title.lower())
    assert kind == "risk-och-sarbarhetsanalys"
    assert text_to_period(title, kind, PROFILE.report) == (date(first, 1, 1), date(last, 12, 31))


def test_period_year_span_only_for_kinds_that_cover_years():
    # a delårsrapport's "2023-2026" is not a span it reports on; nor is a span longer than a plan's
    assert text_to_period("Delårsrapport 2023-2026", "delarsrapport", PROFILE.report) is None
    assert text_to_period("Risk- och sårbarhetsanalys 2000-2030", "risk-och-sarbarhetsanalys", PROFILE.report) is None
    assert text_to_period("Risk- och sårbarhetsanalys 2023-10-25", "risk-och-sarbarhetsanalys", PROFILE.report) is None

from datetime import date

import pytest

from pipeline.identity.meta import title_to_committee, title_to_kind, title_to_period


@pytest.mark.parametrize("title, committee", [
    ("Bilaga Delårsrapport april 2021 RUN", "run"),
    ("Delårsrapport augusti 2022 regionala utvecklingsnämnden", "run"),
    ("Årsredovisning 2021 Kulturnämnden", "kulturnamnden"),
    ("Delårsrapport april 2021 Hälso- och sjukvårdsnämnden", "halso-och-sjukvardsnamnden"),
    ("Bilaga Delårsrapport april 2021", None),
])
def test_report_committee_from_title(profile, title, committee):
    assert title_to_committee(title, profile) == committee


@pytest.mark.parametrize("title, kind, end", [
    ("Bilaga Delårsrapport april 2021 RUN", "delarsrapport", date(2021, 4, 30)),
    ("Delårsrapport augusti 2022 RS", "delarsrapport", date(2022, 8, 31)),
    ("Årsredovisning 2021 Kulturnämnden", "arsredovisning", date(2021, 12, 31)),
    ("Delårsrapport 2021", "delarsrapport", None),  # no month: the period is unknown, not guessed
])
def test_report_kind_and_period(profile, title, kind, end):
    assert title_to_kind(title, profile) == kind
    assert title_to_period(title, kind, profile)[1] == end

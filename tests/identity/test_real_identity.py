"""Who wrote each real report, for which period, and where the pipeline read it (issue 21).

The expectations come from reading the documents' pages (tests/real/SOURCES.md), not from the
pipeline's output. A part the document does not state must be null with a warning; a part read
only from the body by recurrence, or from the file name, must say so in a warning.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from pipeline.model import Severity
from pipeline.run import run_document

REAL = Path(__file__).resolve().parent.parent / "real"

# file -> (organisation slug, SCB code, committee, kind, period start, period end, published, sources)
EXPECTED = {
    # the title page says "2025 Årsbokslut"; the author field names the nämnd; the municipality
    # only in the body ("Simrishamns kommuns kulturpris", "invånare i Simrishamns kommun")
    "simrishamn-kfn-2025.pdf": ("simrishamns-kommun", "1291", "kultur-och-fritidsnamnden", "arsbokslut",
                                date(2025, 1, 1), date(2025, 12, 31), None,
                                {"organisation": "body", "committee": "metadata"}),
    # an audit firm's report to "Alingsås kommuns revisorer"; it reviews the board and the nämnder
    # (their names are its subject, not its author); "... nämnder 2025", dated 2026-04-27
    "alingsas-revisorerna-grundlaggande-granskning-2025.pdf": (
        "alingsas-kommun", "1489", "revisorerna", "granskning", date(2025, 1, 1), date(2025, 12, 31),
        date(2026, 4, 27), {"organisation": "title", "committee": "body"}),
    # "Uppföljning av tidigare granskningar (2023)": the audit year followed up, dated 2026-03-24
    "alingsas-revisorerna-uppfoljning-granskningar-2023-2026.pdf": (
        "alingsas-kommun", "1489", "revisorerna", "uppfoljande-granskning", date(2023, 1, 1), date(2023, 12, 31),
        date(2026, 3, 24), {"organisation": "title", "committee": "body", "period": "metadata"}),
    # "Månadsuppföljning ekonomi november 2017 Socialnämnden"; the municipality in the footer
    "alingsas-sn-manadsuppfoljning-2017-11.pdf": (
        "alingsas-kommun", "1489", "socialnamnden", "manadsuppfoljning", date(2017, 1, 1), date(2017, 11, 30),
        None, {"organisation": "header", "committee": "title", "period": "title"}),
    # a text export: "Nämnden för Intraservice" / "Årsrapport nämnder och styrelser 2025"; the city
    # only in the body ("Göteborgs Stad ska ..."), dozens of times
    "goteborg-intraservice-arsrapport-2025.txt": (
        "goteborgs-stad", "1480", "namnden-for-intraservice", "arsrapport", date(2025, 1, 1), date(2025, 12, 31),
        None, {"organisation": "body", "committee": "title"}),
}


@cache
def extraction(name: str):
    return run_document(REAL / name)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_identity(name):
    org, code, committee, kind, start, end, published, sources = EXPECTED[name]
    ex = extraction(name)
    m = ex.meta
    assert (m.organisation, m.organisation_code, m.committee, m.report_kind) == (org, code, committee, kind)
    assert (m.period_start, m.period_end, m.published) == (start, end, published)
    assert m.report_id == f"{org}.{committee}.{kind}.{end:%Y-%m}"
    for part, source in sources.items():
        assert getattr(m, f"{part}_source") == source, part
    for part in ("organisation", "committee", "report_kind", "period"):
        assert 0 < getattr(m, f"{part}_confidence") <= 1


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[7].get("organisation") == "body"))
def test_real_identity_read_from_the_body_says_so(name):
    ex = extraction(name)
    assert ex.meta.organisation_confidence < 0.9
    said = [e for e in ex.errors if e.stage == "report" and e.severity == Severity.WARNING
            and ex.meta.organisation_name in e.message and "body" in e.message]
    assert said, [e.message for e in ex.errors if e.stage == "report"]


def test_real_audit_report_is_not_filed_under_the_committee_it_reviews():
    # regression: "Grundläggande granskning av kommunstyrelsen och nämnder 2025" was filed under
    # kommunstyrelsen, the committee the auditors review
    meta = extraction("alingsas-revisorerna-grundlaggande-granskning-2025.pdf").meta
    assert meta.committee == "revisorerna" and meta.committee_name == "Alingsås kommuns revisorer"


def test_real_publication_date_is_never_the_period():
    # regression: the follow-up of the 2023 audits, dated 2026, got a period ending 2024-05-27
    meta = extraction("alingsas-revisorerna-uppfoljning-granskningar-2023-2026.pdf").meta
    assert meta.published == date(2026, 3, 24) and meta.period_end == date(2023, 12, 31)


def test_real_title_is_not_the_table_of_contents():
    # the audit firm's title page is drawn, not typeset: its first block was "1 INNEHÅLLSFÖRTECKNING"
    meta = extraction("alingsas-revisorerna-uppfoljning-granskningar-2023-2026.pdf").meta
    assert meta.title == "Uppföljning av tidigare granskningar (2023)"
    assert extraction("alingsas-revisorerna-grundlaggande-granskning-2025.pdf").meta.title == (
        "Grundläggande granskning av kommunstyrelsen och nämnder 2025")

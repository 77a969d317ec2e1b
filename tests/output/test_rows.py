"""output.rows: the report row's status."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Document, Extraction, ReportMeta, ReportStatus
from pipeline.output.rows import GUESSED_CONFIDENCE, report_status


def _ex(organisation_confidence: float | None, period_confidence: float | None = 0.95) -> Extraction:
    meta = ReportMeta("r", "t", "org", "kfn", "arsbokslut", date(2025, 1, 1), date(2025, 12, 31),
                      organisation_confidence=organisation_confidence, period_confidence=period_confidence)
    return Extraction(document=Document("x.txt", "text", "0" * 64, "", ()), meta=meta)


@pytest.mark.parametrize("confidence, status", [
    (0.95, ReportStatus.OK),  # the title page names it
    (0.6, ReportStatus.PARTIAL),  # a name that only recurs in the body: guessed
    (0.3, ReportStatus.PARTIAL),  # the file name
    (None, ReportStatus.OK),  # not stated: null with a warning, nothing guessed
])
def test_rows_a_guessed_identity_makes_the_report_partial(confidence, status):
    # DEVELOPERS: every field it guessed is a warning row, and the report is partial
    assert report_status(_ex(confidence)) == status
    assert report_status(_ex(0.95, period_confidence=GUESSED_CONFIDENCE - 0.01)) == ReportStatus.PARTIAL

"""The report's organisation name is the register's, whatever the document printed (issue 25)."""

from __future__ import annotations

import pytest

from pipeline.run import extract_to_rows
from tests.identity.test_meta import text_export
from tests.pdf_factory import pdf_report


@pytest.mark.parametrize("printed", ["ALINGSÅS KOMMUN", "Alingsås kommun", "Alingsås stad"])
def test_identity_meta_organisation_name_is_the_registers(tmp_path, printed):
    path = text_export(tmp_path, "ks", ["Årsredovisning 2025 Kommunstyrelsen", printed])
    _, rows = extract_to_rows(path)
    (report,) = rows.reports
    assert (report.organisation_code, report.organisation_name) == ("1489", "Alingsås kommun")
    assert report.organisation_printed == printed


def test_identity_meta_upper_case_pdf_title_page(tmp_path):
    path = pdf_report(tmp_path, "bn", ["Delårsrapport augusti 2025", "Byggnadsnämnden", "ALINGSÅS KOMMUN"])
    _, rows = extract_to_rows(path)
    (report,) = rows.reports
    assert (report.organisation_name, report.organisation_printed) == ("Alingsås kommun", "ALINGSÅS KOMMUN")
    assert report.report_id.startswith("alingsas-kommun.")

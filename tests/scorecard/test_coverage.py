"""Coverage accounting (issue 21): every row of a table the scorecard reads ends as a dataset row
or as a warning naming its page and quoting its text; the report is partial when one does not."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.model import Mark, Severity
from pipeline.output.rows import extraction_to_rows
from pipeline.run import run_document
from pipeline.scorecard import extract_scorecard
from pipeline.scorecard.coverage import account
from pipeline.settings.profile import load_profile
from pipeline.status.precedence import decide_status
from tests.scorecard.test_scorecard import _table_extraction

ROOT = Path(__file__).resolve().parents[2]
COVERAGE_FIXTURES = ROOT / "tests" / "fixtures" / "coverage"


def rows_of(ex):
    return extraction_to_rows(ex, report_id="r", profile="default", pipeline_version="t",
                              extracted_at=datetime(2026, 1, 1, tzinfo=UTC))


def dropped(errors) -> list:
    return [e for e in errors if "row dropped" in e.message]


def read(header, rows, marks=None):
    profile = load_profile("default")
    # the stages as run.STAGES orders them: scorecard, status (no prose here), coverage
    return account(decide_status(extract_scorecard(_table_extraction(header, rows, marks), profile), profile), profile)


def test_coverage_unreadable_metric_row_is_a_warning_with_page_and_text():
    # the second row has a target and a status but no indicator text: it cannot be a metric
    ex = read(("Indikator", "Målvärde", "Bedömning"), [("Andel nöjda brukare", "80 %", "Uppnått"),
                                                       ("", "95 %", "Ej uppnått")])
    assert [m.metric for m in ex.metrics] == ["Andel nöjda brukare"]
    (warning,) = dropped(ex.errors)
    assert warning.page == 3 and warning.severity == Severity.WARNING
    assert "row 2 (page 3)" in warning.message and "'95 % | Ej uppnått'" in warning.message
    cov = ex.coverage
    assert (cov.rows_read, cov.rows_written, cov.rows_dropped) == (2, 1, 1)
    report = rows_of(ex).reports[0]
    assert (report.status, report.rows_read, report.rows_written, report.rows_dropped) == (
        "partial", 2, 1, 1)
    assert any(e.stage == "coverage" and "1 of 2 table rows dropped" in e.message for e in ex.errors)
    assert report.n_warnings == sum(e.severity == Severity.WARNING for e in ex.errors)


def test_coverage_goal_row_with_only_a_mark_is_a_warning():
    green = Mark("●", "#2e9e44", "circle", True, "vector")
    ex = read(("Strategiskt mål", "Måluppfyllelse"), [("Ett livskraftigt län", ""), ("", "")],
              {(1, 1): (green,)})
    assert [g.strategic_goal for g in ex.goals] == ["Ett livskraftigt län"]
    (warning,) = dropped(ex.errors)
    assert "no goal name and no success factor" in warning.message and "marks: ●" in warning.message
    assert ex.coverage.rows_dropped == 1


def test_coverage_comment_before_any_goal_is_a_warning():
    ex = read(("Strategiskt mål", "Måluppfyllelse"), [("Kommentar: inget att rapportera", ""),
                                                       ("Ett livskraftigt län", "Uppnått")])
    assert [g.strategic_goal for g in ex.goals] == ["Ett livskraftigt län"]
    assert "a comment row before any goal" in dropped(ex.errors)[0].message


def test_coverage_folded_rows_are_written_not_dropped():
    # a comment row belongs to the metric above it: read, written, nothing dropped
    ex = read(("Indikator", "Bedömning"), [("Andel nöjda", "Uppnått"), ("Kommentar: bra år", "")])
    assert ex.metrics[0].comment == "bra år"
    assert (ex.coverage.rows_read, ex.coverage.rows_written, ex.coverage.rows_dropped) == (2, 2, 0)
    assert rows_of(ex).reports[0].status == "ok"


def test_coverage_status_column_that_decodes_to_nothing_is_counted_and_said():
    ex = read(("Indikator", "Bedömning"), [("Andel nöjda", "Lila"), ("Antal besök", "Rosa"), ("Väntetid", "Uppnått")])
    assert ex.coverage.marks_undecoded == 2
    (said,) = [e for e in ex.errors if e.stage == "coverage" and "decodes to no status" in e.message]
    assert said.message.startswith("2 of 3 rows of table t01") and "Lila ×1" in said.message
    report = rows_of(ex).reports[0]
    assert (report.status, report.marks_undecoded) == ("partial", 2)


def test_coverage_rows_read_is_written_plus_dropped_on_the_samples():
    for sample in sorted((ROOT / "samples").glob("*.pdf")):
        cov = run_document(sample).coverage
        assert cov.rows_read == cov.rows_written + cov.rows_dropped > 0, sample.name
        assert cov.rows_dropped == 0, sample.name


def test_coverage_damaged_text_export_row_is_dropped_with_its_text(tmp_path):
    # the text export of a sample with one indicator's name removed from its table row
    src = (ROOT / "samples" / "rn-run-delarsrapport-2021-04.txt").read_text("utf-8")
    row = "Starka hållbara innovationsmiljöer och entreprenörskap\tAntal företagsbesök\t150\t◇\t"
    assert row in src
    path = tmp_path / "rn-run-delarsrapport-2021-04.txt"
    path.write_text(src.replace(row, "Starka hållbara innovationsmiljöer och entreprenörskap\t\t150\t◇\t"), "utf-8")
    ex = run_document(path)
    assert not any(m.metric == "Antal företagsbesök" for m in ex.metrics)
    assert any("150" in e.message and "row dropped" in e.message for e in ex.errors)
    report = rows_of(ex).reports[0]
    assert report.status == "partial" and report.rows_dropped == 1


@pytest.mark.parametrize("name", ["goal-dots-wrapped.chromium"])
def test_coverage_chromium_goal_table_wrapped_names_and_dots(name):
    # rendered by `python -m fixtures_build coverage` (Chromium); CI only reads the PDF
    expected = json.loads((COVERAGE_FIXTURES / f"{name}.expected.json").read_text("utf-8"))["goals"]
    ex = run_document(COVERAGE_FIXTURES / f"{name}.pdf")
    found = {" ".join(g.strategic_goal.split()): g for g in ex.goals}
    warnings = " ".join(e.message for e in ex.errors if e.severity == Severity.WARNING)
    for goal in expected:
        name_ = goal["strategic_goal"]
        if name_ in found:
            assert found[name_].status.status == goal["status"], name_
        else:  # missing is allowed only as a warning quoting it
            assert name_[:30] in warnings, f"{name_!r} neither read nor warned about"
    assert len(found) == len(expected)  # today every goal comes out, with its dot's status
    assert ex.coverage.rows_read == ex.coverage.rows_written + ex.coverage.rows_dropped


def test_coverage_is_kept_when_the_language_stage_fails():
    # the coverage stage needs only the document: a failed language stage leaves its counts
    from pipeline.run import STAGES, Stage, run_stages

    def boom(ex, profile):
        raise RuntimeError("boom")

    stages = tuple(dataclasses.replace(s, fn=boom) if s.name == "language" else s for s in STAGES)
    assert any(isinstance(s, Stage) and s.name == "coverage" for s in stages)
    doc = run_document(ROOT / "samples" / "rn-run-delarsrapport-2021-04.pdf").document
    ex = run_stages(doc, load_profile("region-norrbotten"), stages=stages)
    assert ex.coverage is not None and ex.coverage.rows_read > 0


def test_coverage_factor_row_lost_by_the_table_is_taken_from_its_heading():
    # regression: in this Chromium rendering the goal table runs onto the next page without its
    # header and without rules; its last two factor rows became a paragraph, silently
    ex = run_document(ROOT / "tests" / "fixtures" / "renderings"
                      / "2022-04.chromium.norules-shaded.raster.nolegend.narrow.norepeat.pdf")
    goal = next(g for g in ex.goals if g.strategic_goal.startswith("Behovsstyrd regional utveckling"))
    assert goal.success_factors == ("Struktur för samverkan med andra aktörer",
                                    "Genomföra och följa upp regionala strategier, planer och program",
                                    "Utveckla arbetssätt och metoder för samordnad verksamhet")
    # the band reader now reads those rows from the table itself (issue 22); a factor the table
    # still loses comes from its heading with a warning that names the page
    said = [e for e in ex.errors if "missing from its goal table" in e.message]
    assert all(e.page for e in said)


def test_coverage_terminal_line_and_summary_show_the_reports_counts(tmp_path):
    # the per-report line and the batch summary count what reports.n_warnings / rows_dropped say
    import pandas as pd

    from pipeline.batch.corpus import run_corpus
    from pipeline.terminal import summary_to_table

    src = (ROOT / "samples" / "rn-run-delarsrapport-2021-04.txt").read_text("utf-8")
    row = "Starka hållbara innovationsmiljöer och entreprenörskap\tAntal företagsbesök\t150\t◇\t"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "damaged.txt").write_text(src.replace(row, row.replace("Antal företagsbesök", "")), "utf-8")
    s = run_corpus([tmp_path / "in"], tmp_path / "out", workers=1, progress=False)
    report = pd.read_parquet(tmp_path / "out" / "reports").iloc[0]
    (brief,) = s.reports
    assert (brief.status, brief.n_warnings, brief.rows_dropped, brief.marks_undecoded) == (
        report.status, report.n_warnings, report.rows_dropped, report.marks_undecoded)
    assert f"{report.n_warnings} warnings ({report.rows_dropped} rows dropped" in str(brief)
    assert (s.n_warnings, s.rows_dropped, s.by_status.get("partial")) == (report.n_warnings, 1, 1)
    table = {row[0]: row[1] for row in zip(*(c._cells for c in summary_to_table(s).columns), strict=True)}
    assert (table["warnings"], table["rows dropped"], table["partial"]) == (str(report.n_warnings), "1", "1")

"""Metric identity across reports and the changes dataset."""

from __future__ import annotations

import shutil
from datetime import date

import pyarrow.parquet as pq
import pytest

from pipeline.batch import run_corpus
from pipeline.compare import BaseMetric, ReportRef, assign_keys, compare_reports
from pipeline.similarity import strict_similarity
from tests.conftest import TEXT_2021, TEXT_2022

R21, R22 = "region-norrbotten.run.delarsrapport.2021-04", "region-norrbotten.run.delarsrapport.2022-04"

# The real differences between the two text exports, found by diffing their table rows.
EXPECTED_SAMPLE_CHANGES = {
    ("renamed", "Antal genomförda företagsbesök", "Antal företagsbesök", "Antal genomförda företagsbesök"),
    ("added", "Antal besök på Polarbibblo.se", None, "Antal besök på Polarbibblo.se"),
    ("removed", "Framtagning strukturbild", "Framtagning strukturbild", None),
    ("target_changed", "Antal dialoger i framtagning av ny kulturplan och regional biblioteksplan", "30", "40"),
    ("status_changed", 'Antal kulturprojekt som knyter an till temaåret "Demokrati 100 år"', "not_assessed (◇)", "●"),
    ("trend_changed", 'Antal kulturprojekt som knyter an till temaåret "Demokrati 100 år"', None, "improving"),
    # the narrative says "inte uppnått" in both reports; the table gained a mark
    ("status_changed", "Kollektivtrafikens marknadsandelar", "not_achieved", "not_achieved (●)"),
    ("trend_changed", "Kollektivtrafikens marknadsandelar", None, "unchanged"),
    ("trend_changed", "RUS-konferens Utveckla Norrbottens genomförs en gång per år", "unchanged", "improving"),
}


def _ingest(tmp_path, name, *batches):
    out = tmp_path / name
    for batch in batches:
        src = tmp_path / f"src-{name}-{len(list(tmp_path.iterdir()))}"
        src.mkdir()
        for p in batch:
            shutil.copy(p, src / p.name)
        run_corpus([src], out, workers=2, progress=False)
    return out


@pytest.fixture(scope="module")
def samples_out(tmp_path_factory):
    return _ingest(tmp_path_factory.mktemp("cmp"), "both", [TEXT_2021, TEXT_2022])


def test_compare_samples_changes_are_exactly_the_real_differences(samples_out):
    changes = pq.read_table(samples_out / "changes").to_pylist()
    assert {(c["change"], c["metric"]) for c in changes} == {e[:2] for e in EXPECTED_SAMPLE_CHANGES}
    # status values also carry what the narrative says (language stage); the table marks are ours
    assert {(c["change"], c["metric"], c["old_value"], c["new_value"]) for c in changes} == EXPECTED_SAMPLE_CHANGES
    assert len(changes) == len(EXPECTED_SAMPLE_CHANGES)
    assert {(c["from_report_id"], c["to_report_id"]) for c in changes} == {(R21, R22)}
    renamed = next(c for c in changes if c["change"] == "renamed")
    assert 0.75 <= renamed["similarity"] < 1


def test_compare_samples_one_key_per_metric_across_both_reports(samples_out):
    metrics = pq.read_table(samples_out / "metrics").to_pylist()
    keys = {r["report_id"]: {m["metric_key"] for m in metrics if m["report_id"] == r["report_id"]}
            for r in metrics}
    by_text = {(m["report_id"], m["metric"]): m["metric_key"] for m in metrics}
    assert by_text[(R21, "Antal företagsbesök")] == by_text[(R22, "Antal genomförda företagsbesök")]
    assert len(keys[R21] & keys[R22]) == len(keys[R21]) - 1  # all but the removed activity
    assert len(keys[R22] - keys[R21]) == 1  # Polarbibblo
    for rid in (R21, R22):  # keys are unique within a report
        assert len([m for m in metrics if m["report_id"] == rid]) == len(keys[rid])
    links = pq.read_table(samples_out / "links").to_pylist()
    assert {k["metric_key"] for k in links} <= {m["metric_key"] for m in metrics}


def test_compare_keys_do_not_depend_on_ingestion_order(tmp_path, samples_out):
    reverse = _ingest(tmp_path, "reverse", [TEXT_2022], [TEXT_2021])
    for name in ("metrics", "links", "facts", "changes", "metric_keys"):
        a = pq.read_table(samples_out / name).to_pylist()
        b = pq.read_table(reverse / name).to_pylist()
        assert sorted(map(repr, a)) == sorted(map(repr, b)), name


def test_compare_command_function_on_files_and_ids(samples_out, profile):
    from_files = compare_reports(str(TEXT_2021), str(TEXT_2022), samples_out, profile)
    from_out = compare_reports(R21, R22, samples_out, profile)
    as_set = {(c.change, c.metric, c.old_value, c.new_value) for c in from_out}
    assert as_set == EXPECTED_SAMPLE_CHANGES
    assert {(c.change, c.metric, c.old_value, c.new_value) for c in from_files} == as_set


def _m(rid, pos, text, factor="F", kind="styrmatt"):
    return BaseMetric(rid, pos, f"{factor}.{text}", factor, text, kind)


REFS = [ReportRef("r1", "o", "c", date(2021, 4, 30)), ReportRef("r2", "o", "c", date(2022, 4, 30)),
        ReportRef("r3", "o", "c", date(2023, 4, 30))]


def _keys(metrics, threshold=0.75):
    return {(a.report_id, a.position): a.metric_key for a in assign_keys(REFS, metrics, threshold)}


def test_compare_renamed_metric_keeps_the_oldest_key():
    k = _keys([_m("r1", 0, "Antal företagsbesök"), _m("r2", 0, "Antal genomförda företagsbesök"),
               _m("r3", 0, "Antal genomförda företagsbesök")])
    assert k[("r1", 0)] == k[("r2", 0)] == k[("r3", 0)] == "F.Antal företagsbesök"


def test_compare_never_merges_two_metrics_that_share_a_report():
    # B would pass for a rename of A, but r3 has both: they are two metrics
    k = _keys([_m("r1", 0, "Antal företagsbesök"), _m("r2", 0, "Antal genomförda företagsbesök"),
               _m("r3", 0, "Antal företagsbesök"), _m("r3", 1, "Antal genomförda företagsbesök")])
    assert k[("r1", 0)] == k[("r3", 0)] != k[("r2", 0)] == k[("r3", 1)]


def test_compare_matches_within_the_same_success_factor_first():
    k = _keys([_m("r1", 0, "Budget hålls", "Ekonomi i balans"), _m("r1", 1, "Budget hålls", "Effektiv verksamhet"),
               _m("r2", 0, "Budgeten hålls", "Effektiv verksamhet"), _m("r2", 1, "Budgeten hålls", "Ekonomi i balans")])
    assert k[("r2", 1)] == k[("r1", 0)] and k[("r2", 0)] == k[("r1", 1)]


@pytest.mark.parametrize("threshold,same", [(0.75, True), (0.95, False)])
def test_compare_rename_threshold_comes_from_the_profile(threshold, same):
    k = _keys([_m("r1", 0, "Antal företagsbesök"), _m("r2", 0, "Antal genomförda företagsbesök")], threshold)
    assert (k[("r1", 0)] == k[("r2", 0)]) is same


@pytest.mark.parametrize("a,b,low,high", [
    ("Antal företagsbesök", "Antal genomförda företagsbesök", 0.75, 0.9),
    ("Framtagning strukturbild", "Antal besök på Polarbibblo.se", 0.0, 0.4),
    ("Antal kvinnor", "Antal män", 0.0, 0.75),
])
def test_compare_strict_similarity(a, b, low, high):
    assert low <= strict_similarity(a, b) <= high


@pytest.mark.slow
def test_compare_samples_with_pdfs_pdf_wins_and_colour_changes_show(tmp_path):
    from tests.conftest import PDF_2021, PDF_2022

    out = _ingest(tmp_path, "all", [TEXT_2021, TEXT_2022, PDF_2021, PDF_2022])
    reports = pq.read_table(out / "reports").to_pylist()
    assert sorted((r["report_id"], r["source_format"]) for r in reports) == [(R21, "pdf"), (R22, "pdf")]
    changes = {(c["change"], c["metric"]) for c in pq.read_table(out / "changes").to_pylist()}
    # the PDFs show colours the text exports lost: yellow -> green and red -> green
    colour = {("status_changed", "Framtagande och uppföljning av handlingsprogram för påverkansfrågor inom ramen "
                                 "för främja länets tillväxtvillkor"),
              ("status_changed", "RUS-konferens Utveckla Norrbottens genomförs en gång per år")}
    assert changes == {e[:2] for e in EXPECTED_SAMPLE_CHANGES} | colour


@pytest.mark.slow
def test_compare_across_templates_text_2021_to_stratsys_pdf_2022(tmp_path):
    """An organisation changed its reporting tool: the 2021 text export and the 2022 Stratsys-look
    PDF give the changes of the two text exports, plus only what colour shows (issue 9 item 7)."""
    from tests.conftest import STRATSYS_2022

    out = _ingest(tmp_path, "cross", [TEXT_2021, STRATSYS_2022])
    changes = pq.read_table(out / "changes").to_pylist()
    got = {(c["change"], c["metric"]) for c in changes}
    text_only = {e[:2] for e in EXPECTED_SAMPLE_CHANGES}
    assert text_only <= got
    # the rest are statuses a colourless ● could not show, never keys, targets or trends
    extra = got - text_only
    assert {change for change, _ in extra} <= {"status_changed"}
    by_metric = {(c["change"], c["metric"]): c for c in changes}
    assert all(by_metric[e]["old_value"] and "●" in by_metric[e]["old_value"] for e in extra)

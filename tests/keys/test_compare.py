"""Metric identity across reports and the changes dataset."""

from __future__ import annotations

import shutil
from datetime import date

import pyarrow.parquet as pq
import pytest

from pipeline.batch.corpus import run_corpus
from pipeline.keys.compare import BaseMetric, ReportRef, assign_keys, compare_reports
from pipeline.output.parquet import read_rows
from pipeline.text.similarity import strict_similarity
from tests.conftest import TEXT_2021, TEXT_2022
from tests.fakes_batch import write_spec
from tests.procs import modules_after

R21, R22 = "region-norrbotten.run.delarsrapport.2021-04", "region-norrbotten.run.delarsrapport.2022-04"

# The real differences between the two text exports, found by diffing their table rows.
EXPECTED_SAMPLE_CHANGES = {
    ("renamed", "Antal genomförda företagsbesök", "Antal företagsbesök", "Antal genomförda företagsbesök"),
    ("added", "Antal besök på Polarbibblo.se", None, "Antal besök på Polarbibblo.se"),
    ("removed", "Framtagning strukturbild", "Framtagning strukturbild", None),
    ("target_changed", "Antal dialoger i framtagning av ny kulturplan och regional biblioteksplan", "30", "40"),
    ("status_changed", 'Antal kulturprojekt som knyter an till temaåret "Demokrati 100 år"', "not_assessed (◇)", "●"),
    ("trend_changed", 'Antal kulturprojekt som knyter an till temaåret "Demokrati 100 år"', None, "improving"),
    # not a status change: "Kollektivtrafikens marknadsandelar" is not_achieved in both reports,
    # from the narrative in 2021 and with a mark in 2022 (only its source moved)
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


def _status_word(value: str | None) -> str | None:
    """The status of a changes value such as ``not_achieved (●)``: the word before the mark."""
    return None if value is None else value.split(" (")[0]


def _same_status_changes(out) -> list[dict]:
    return [c for c in pq.read_table(out / "changes").to_pylist() if c["change"] == "status_changed"
            and _status_word(c["old_value"]) == _status_word(c["new_value"])]


def test_compare_samples_no_status_change_with_the_same_status_on_both_sides(samples_out):
    """Issue 24: "Ej uppnått → Ej uppnått (●)" was a change of source (narrative to mark), not of status."""
    assert _same_status_changes(samples_out) == []
    metrics = pq.read_table(samples_out / "metrics").to_pylist()
    kollektiv = {m["report_id"]: (m["status"], m["status_symbol"]) for m in metrics
                 if m["metric"] == "Kollektivtrafikens marknadsandelar"}
    # the case of the issue is still in the data: the same status, a mark only in 2022
    assert kollektiv == {R21: ("not_achieved", None), R22: ("not_achieved", "●")}


def _state(status, symbol=None):
    from pipeline.keys.changes import MetricState

    return MetricState("k", "F", "M", "styrmatt", None, status, symbol, None, None)


@pytest.mark.parametrize("a,b,changed", [
    (_state("not_achieved"), _state("not_achieved", "●"), False),  # source moved: narrative -> mark
    (_state("achieved", "●"), _state("achieved", "✓"), False),  # another mark, same status
    (_state("achieved"), _state("not_achieved", "●"), True),
    (_state("not_assessed", "◇"), _state(None, "●"), True),  # not assessed -> assessed
    (_state("achieved", "●"), _state(None, "●"), False),  # colour vs a colourless mark: cannot tell
    (_state(None), _state(None, "●"), True),  # a mark appeared where there was no status
    (_state("achieved"), _state(None), True),  # the status vanished
])
def test_compare_status_changed_needs_a_different_status(a, b, changed):
    from pipeline.keys.changes import status_changed

    assert status_changed(a, b) is changed
    assert status_changed(b, a) is changed


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
    assert _same_status_changes(out) == []
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


# --- reconcile on disk: what it rewrites, and that its shortcuts give the same bytes ----------

KEYED_DATASETS = ("metrics", "links", "facts", "metric_keys", "changes")


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for d in KEYED_DATASETS for p in (out / d).glob("*.parquet")}


def test_compare_rekeyed_column_gives_the_bytes_of_the_rows_way(samples_out):
    """Replacing the metric_key column in the Arrow table encodes as rebuilding the rows would."""
    from pipeline.keys.compare import _read_table, _rekeyed
    from pipeline.output.parquet import rows_to_bytes

    for name in ("metrics", "links", "facts"):
        for path in sorted((samples_out / name).glob("*.parquet")):
            rows = read_rows(path)
            keys = [f"k{i}" if i % 2 else r["metric_key"] for i, r in enumerate(rows)]
            assert _rekeyed(name, _read_table(path), [r["metric_key"] for r in rows]) is None
            if len(rows) > 1:
                expected = rows_to_bytes(name, [dict(r, metric_key=k) for r, k in zip(rows, keys, strict=True)])
                assert _rekeyed(name, _read_table(path), keys) == expected, (name, path.name)


def test_compare_reconcile_again_replaces_no_file(tmp_path, samples_out, profile):
    from pipeline.keys.compare import reconcile

    out = shutil.copytree(samples_out, tmp_path / "out")
    inodes = {p: p.stat().st_ino for d in KEYED_DATASETS for p in (out / d).glob("*.parquet")}
    summary = reconcile(out, profile.compare.rename_threshold)
    assert summary.reports_rewritten == () and summary.changes == len(EXPECTED_SAMPLE_CHANGES)
    assert {p: p.stat().st_ino for p in inodes} == inodes


def _undo_keys(out, report_id):
    """The files of ``report_id`` as ingest left them: base keys everywhere, no changes."""
    from pipeline.keys.compare import BASE_KEYS, REGISTRY
    from pipeline.output.files import file_stem
    from pipeline.output.parquet import write_dataset

    stem = f"{file_stem(report_id)}.parquet"
    registry = read_rows(out / REGISTRY / stem)
    write_dataset(out, REGISTRY, report_id,
                  [dict(r, metric_key=r["base_key"], alias_of=None, similarity=None) for r in registry])
    bases = {r["position"]: r["base_key"] for r in registry}
    write_dataset(out, "metrics", report_id,
                  [dict(r, metric_key=bases[i]) for i, r in enumerate(read_rows(out / "metrics" / stem))])
    base_rows = read_rows(out / BASE_KEYS / stem)
    for name in ("links", "facts"):
        bases = {b["position"]: b["base_key"] for b in base_rows if b["dataset"] == name}
        write_dataset(out, name, report_id,
                      [dict(r, metric_key=bases[i]) for i, r in enumerate(read_rows(out / name / stem))])
    (out / "changes" / stem).unlink()


def test_compare_reconcile_redoes_keys_ingest_left_to_it(tmp_path, samples_out, profile):
    from pipeline.keys.compare import reconcile

    out = shutil.copytree(samples_out, tmp_path / "out")
    _undo_keys(out, R22)
    assert _files(out) != _files(samples_out)
    summary = reconcile(out, profile.compare.rename_threshold, {("region-norrbotten", "run")})
    assert summary.reports_rewritten == (R22,)
    assert _files(out) == _files(samples_out)


def test_compare_report_without_metrics_takes_part_in_changes(tmp_path, samples_out, profile):
    """A report with no registry rows is found from its reports file alone."""
    from pipeline.keys.compare import reconcile
    from pipeline.output.parquet import write_dataset

    out = shutil.copytree(samples_out, tmp_path / "out")
    rid = "region-norrbotten.run.delarsrapport.2023-04"
    rep = read_rows(out / "reports" / f"{R22}.parquet")[0]
    write_dataset(out, "reports", rid, [dict(rep, report_id=rid, period_end=date(2023, 4, 30))])
    reconcile(out, profile.compare.rename_threshold)
    changes = read_rows(out / "changes" / f"{rid}.parquet")
    n22 = len(read_rows(out / "metrics" / f"{R22}.parquet"))
    assert len(changes) == n22 and {c["change"] for c in changes} == {"removed"}
    assert {c["from_report_id"] for c in changes} == {R22}


@pytest.mark.slow
def test_speed_reconcile_rewrite_loads_no_pandas(tmp_path):
    # regression: the rekeyed column went through pa.array, whose pandas probe imported pandas
    # (~0.3 s) into the parent of every batch that rewrote a report
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "new" / "b.txt", "r.b", [("F", "Antal genomförda företagsbesök", "150", "◇", None)],
               period="2022-04-30")
    write_spec(src / "old" / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    code = ("from pipeline.batch.corpus import run_corpus\nfrom tests.fakes_batch import fake_extract\n"
            f"run_corpus([{str(src / 'new')!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)\n"
            f"s = run_corpus([{str(src / 'old')!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)\n"
            "assert s.reconcile.reports_rewritten == ('r.b',), s.reconcile")
    assert "pandas" not in modules_after(code, tmp_path)

"""Batch ingest: incremental, duplicates, failures as rows, resumable, local == dask."""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.bench_batch import make_corpus
from pipeline.batch.corpus import (
    JOURNAL,
    ManifestEntry,
    Source,
    read_manifest,
    run_corpus,
)
from pipeline.batch.manifest import FileRecord, FileStamp, _entry_to_dict, entry_to_row
from pipeline.batch.plan import plan_sources
from pipeline.run import PIPELINE_VERSION
from tests.conftest import ROOT, TEXT_2021, TEXT_2022
from tests.fakes_batch import datasets_snapshot, fake_extract, slow_warm_up, write_spec

F = "Starka hållbara innovationsmiljöer"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    # extracted_at is the one value that differs between two runs of the same input
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def rows(out: Path, name: str) -> list[dict]:
    d = out / name
    return pq.read_table(d).to_pylist() if d.exists() and any(d.glob("*.parquet")) else []


def run_fake(src, out, **kw):
    kw.setdefault("workers", 2)
    kw.setdefault("timeout", 5)
    return run_corpus([src], out, extract=fake_extract, progress=False, **kw)


def test_batch_plan_skips_only_unchanged_sources():
    src = [Source("/a.txt", "1" * 64, 1), Source("/b.txt", "2" * 64, 1), Source("/c.txt", "3" * 64, 1)]

    def entry(path, sha, **kw):
        base = dict(source_path=path, sha256=sha, size=1, source_format="text", report_id="r" + path,
                    status="ok", duplicate_of=None, pipeline_version=PIPELINE_VERSION, profile="p",
                    profile_hash="h", message=None, processed_at=None)
        return ManifestEntry(**{**base, **kw})

    manifest = {"/a.txt": entry("/a.txt", "1" * 64), "/b.txt": entry("/b.txt", "0" * 64),
                "/gone.txt": entry("/gone.txt", "9" * 64)}
    plan = plan_sources(src, manifest, {"/gone.txt"}, "p", "h")
    assert [s.path for s in plan.todo] == ["/b.txt", "/c.txt"]
    assert [e.source_path for e in plan.skipped] == ["/a.txt"]
    assert [e.source_path for e in plan.gone] == ["/gone.txt"]
    assert [s.path for s in plan_sources(src, manifest, set(), "p", "other").todo] == ["/a.txt", "/b.txt", "/c.txt"]


_text = st.text(max_size=12)
_entries = st.builds(ManifestEntry, _text, _text, st.none() | st.integers(0, 2**40), _text, st.none() | _text,
                     _text, st.none() | _text, _text, _text, _text, st.none() | _text,
                     st.none() | st.datetimes(timezones=st.just(UTC)),
                     st.lists(st.builds(FileRecord, _text, st.integers(0, 2**40), _text), max_size=3).map(tuple),
                     st.lists(st.builds(FileStamp, _text, st.integers(0, 2**62), st.integers(0, 2**62),
                                        st.integers(0, 2**40)), max_size=3).map(tuple))


@given(_entries)
def test_batch_manifest_row_is_asdict_without_its_copies(e):
    # oracle: the dataclasses.asdict these replace (a deep copy of immutable values); the stamps
    # go to the mirror and the journal only
    want = dataclasses.asdict(e)
    stamps = want.pop("stamps")
    assert entry_to_row(e) == want
    want["processed_at"] = e.processed_at.isoformat() if e.processed_at else None
    if stamps:
        want["stamps"] = e.stamps
    assert _entry_to_dict(e) == want


def test_batch_rerun_skips_and_is_byte_identical(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in (TEXT_2021, TEXT_2022):
        shutil.copy(name, src / name.name)
    out = tmp_path / "out"
    first = run_corpus([src], out, workers=2, progress=False)
    assert (first.done, first.failed) == (2, 0)
    before = datasets_snapshot(out)
    again = run_corpus([src], out, workers=2, progress=False)
    assert (again.done, again.skipped) == (0, 2)
    assert datasets_snapshot(out) == before
    ids = sorted(r["report_id"] for r in rows(out, "reports"))
    assert ids == ["region-norrbotten.run.delarsrapport.2021-04", "region-norrbotten.run.delarsrapport.2022-04"]
    manifest = read_manifest(out)
    # the text exports print ● without its colour: undecoded, so partial (issue 21)
    assert {e.status for e in manifest.values()} == {"partial"}
    assert all(e.sha256 and e.processed_at for e in manifest.values())


def test_batch_changed_file_is_reextracted_and_gone_file_pruned(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "b.txt", "r.b", [(F, "Antal företagsbesök", "150", "◇", None)], period="2022-04-30")
    run_fake(src, out)
    write_spec(src / "b.txt", "r.b", [(F, "Antal företagsbesök", "200", "◇", None)], period="2022-04-30")
    s = run_fake(src, out)
    assert (s.done, s.skipped) == (1, 1)
    assert [r["target_raw"] for r in rows(out, "metrics") if r["report_id"] == "r.b"] == ["200"]
    assert [(c["change"], c["old_value"], c["new_value"]) for c in rows(out, "changes")] == [
        ("target_changed", "150", "200")]

    (src / "b.txt").unlink()
    s = run_fake(src, out)
    assert s.gone == (str((src / "b.txt").resolve()),) and s.pruned == ()
    assert {r["report_id"] for r in rows(out, "reports")} == {"r.a", "r.b"}  # kept until --prune
    s = run_fake(src, out, prune=True)
    assert s.pruned and not s.gone
    assert {r["report_id"] for r in rows(out, "reports")} == {"r.a"}
    assert rows(out, "changes") == [] and not (out / "metrics" / "r.b.parquet").exists()
    assert str((src / "b.txt").resolve()) not in read_manifest(out)


def test_batch_hang_and_crash_become_error_rows(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "b.txt", "r.b", [(F, "Antal företagsbesök", "150", "◇", None)], period="2022-04-30")
    write_spec(src / "hang.txt", "r.h", [], hang=True)
    write_spec(src / "crash.txt", "r.c", [], crash=True)
    s = run_fake(src, out, timeout=1.5)
    assert (s.done, s.failed) == (2, 2)
    errors = {Path(r["source_path"]).name: r for r in rows(out, "errors")}
    assert errors["hang.txt"]["severity"] == "error" and "time limit" in errors["hang.txt"]["message"]
    assert errors["crash.txt"]["severity"] == "error" and "crashed" in errors["crash.txt"]["message"]
    statuses = {Path(p).name: e.status for p, e in read_manifest(out).items()}
    assert statuses == {"a.txt": "ok", "b.txt": "ok", "hang.txt": "timeout", "crash.txt": "crashed"}
    failed = {r["report_id"]: r["status"] for r in rows(out, "reports") if r["status"] == "failed"}
    assert len(failed) == 2
    assert run_fake(src, out, timeout=1.5).skipped == 4  # failures are not retried by default


@pytest.mark.parametrize("order", ["together", "text_first", "pdf_first"])
def test_batch_pdf_wins_over_text_of_same_report(tmp_path, order):
    src, out = tmp_path / "src", tmp_path / "out"
    metrics = [(F, "Antal företagsbesök", "150", "◇", None)]
    pdf, txt = src / "r.pdf", src / "r.txt"
    if order == "together":
        write_spec(pdf, "r.x", metrics), write_spec(txt, "r.x", metrics)
        run_corpus([src], out, extract=fake_extract, progress=False, workers=2)
    else:
        first, second = (txt, pdf) if order == "text_first" else (pdf, txt)
        write_spec(first, "r.x", metrics)
        run_corpus([first], out, extract=fake_extract, progress=False, workers=1)
        write_spec(second, "r.x", metrics)
        run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    reports = rows(out, "reports")
    assert [(r["report_id"], r["source_format"]) for r in reports] == [("r.x", "pdf")]
    manifest = {Path(p).name: e for p, e in read_manifest(out).items()}
    assert manifest["r.txt"].status == "duplicate" and manifest["r.txt"].duplicate_of == str(pdf.resolve())
    assert manifest["r.pdf"].status == "ok"
    warnings = [r for r in rows(out, "errors") if r["severity"] == "warning"]
    assert len(warnings) == 1 and warnings[0]["source_path"] == str(txt.resolve())
    assert len(rows(out, "metrics")) == 1


def test_batch_pruned_pdf_hands_report_to_its_text_duplicate(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    metrics = [(F, "Antal företagsbesök", "150", "◇", None)]
    write_spec(src / "r.pdf", "r.x", metrics), write_spec(src / "r.txt", "r.x", metrics)
    run_fake(src, out)
    (src / "r.pdf").unlink()
    run_fake(src, out, prune=True)
    assert [(r["report_id"], r["source_format"]) for r in rows(out, "reports")] == [("r.x", "text")]
    assert [r for r in rows(out, "errors") if r["severity"] == "warning"] == []


def test_batch_duplicate_that_becomes_another_report_drops_its_warning(tmp_path):
    # regression: the PDF's report kept "duplicate source: r.txt" after r.txt turned into r.y
    src, out = tmp_path / "src", tmp_path / "out"
    metrics = [(F, "Antal företagsbesök", "150", "◇", None)]
    write_spec(src / "r.pdf", "r.x", metrics), write_spec(src / "r.txt", "r.x", metrics)
    run_fake(src, out)
    assert len([r for r in rows(out, "errors") if r["report_id"] == "r.x"]) == 1
    write_spec(src / "r.txt", "r.y", metrics, period="2022-04-30")
    run_fake(src, out)
    assert sorted((r["report_id"], r["source_format"]) for r in rows(out, "reports")) == [
        ("r.x", "pdf"), ("r.y", "text")]
    assert rows(out, "errors") == []
    assert {e.status for e in read_manifest(out).values()} == {"ok"}


def test_batch_files_are_readable_by_other_users(tmp_path):
    # regression: files came out 0600 (mkstemp), so a BI service account could not read them
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    old = os.umask(0o022)
    try:
        run_fake(src, out)
    finally:
        os.umask(old)
    files = [p for p in out.rglob("*.parquet")]
    assert len(files) > 10
    assert {p.relative_to(out).as_posix(): oct(p.stat().st_mode & 0o777) for p in files} == {
        p.relative_to(out).as_posix(): "0o644" for p in files}


def test_batch_leftover_temp_files_of_a_killed_run_are_removed(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    run_fake(src, out)
    litter = [out / "metrics" / ".r.a.parquet.abc123.tmp", out / "._manifest.parquet.xyz.tmp"]
    for p in litter:
        p.write_bytes(b"PAR1 half a file")
    assert run_fake(src, out).skipped == 1
    assert not any(p.exists() for p in litter)


def test_batch_worker_warm_up_is_not_charged_to_the_first_document(tmp_path):
    # regression: a fresh worker loads spaCy (~1 s) inside its first document's time limit, so
    # with a tight --timeout the first report of every worker timed out
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "b.txt", "r.b", [(F, "Antal företagsbesök", "150", "◇", None)], period="2022-04-30")
    s = run_corpus([src], out, extract=fake_extract, warm_up=slow_warm_up, progress=False, workers=1, timeout=1.0)
    assert (s.done, s.failed) == (2, 0), s.failures


@pytest.mark.slow
def test_batch_resumes_after_kill_9_with_identical_result(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", 10)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(tmp_path / "corpus"), "--workers", "2"]
    subprocess.run([*cmd, "--out", str(tmp_path / "whole")], env=env, check=True, capture_output=True, timeout=300)

    killed = tmp_path / "killed"
    proc = subprocess.Popen([*cmd, "--out", str(killed)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    journal = killed / JOURNAL
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if journal.exists() and journal.read_text().count("\n") >= 3:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "batch finished before it could be killed; make the corpus bigger"
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, mid-batch
    proc.wait()
    done_before = len(read_manifest(killed))
    assert 0 < done_before < len(corpus)

    subprocess.run([*cmd, "--out", str(killed)], env=env, check=True, capture_output=True, timeout=300)
    assert datasets_snapshot(killed) == datasets_snapshot(tmp_path / "whole")
    assert len(read_manifest(killed)) == len(corpus)
    assert not journal.exists()


@pytest.mark.slow
def test_batch_dask_local_cluster_matches_local_processes(tmp_path):
    src = tmp_path / "src"
    make_corpus(src, 4)
    write_spec(src / "zz-broken.txt", "r.h", [])  # not a report: a failed row in both executors
    local = run_corpus([src], tmp_path / "local", workers=2, progress=False)
    dask = run_corpus([src], tmp_path / "dask", workers=2, executor="dask", progress=False)
    assert (dask.done, dask.failed) == (local.done, local.failed)
    assert datasets_snapshot(tmp_path / "dask") == datasets_snapshot(tmp_path / "local")


@pytest.mark.slow
def test_batch_dask_scheduler_address_is_used(tmp_path):
    from dask.distributed import LocalCluster

    write_spec(tmp_path / "src" / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(tmp_path / "src" / "hang.txt", "r.h", [], hang=True)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        s = run_corpus([tmp_path / "src"], tmp_path / "out", executor="dask", scheduler=cluster.scheduler_address,
                       extract=fake_extract, progress=False, timeout=1.5)
    assert (s.done, s.failed, s.executor) == (1, 1, "dask")
    assert "time limit" in s.failures[0][1]
    assert sorted(r["status"] for r in rows(tmp_path / "out", "reports")) == ["failed", "ok"]


def test_batch_second_batch_on_the_same_out_is_refused(tmp_path):
    # regression: two batches on one OUT interleaved their journals and removed each other's temp files
    from pipeline.batch.corpus import OutputLocked, out_lock, run_corpus

    with out_lock(tmp_path / "out"):
        with pytest.raises(OutputLocked, match="in use by another"):
            run_corpus([tmp_path / "none"], tmp_path / "out", workers=1)
    run_corpus([], tmp_path / "out", workers=1)  # released afterwards


def test_batch_workers_follow_the_parents_pinned_clock(tmp_path, monkeypatch):
    # regression: pooled workers forked before SOURCE_DATE_EPOCH was set (or unset) used their own clock
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / TEXT_2021.name).write_bytes(TEXT_2021.read_bytes())
    pinned = datetime.fromtimestamp(1700000000, UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    run_corpus([tmp_path / "src"], tmp_path / "a", workers=2, progress=False)
    assert rows(tmp_path / "a", "reports")[0]["extracted_at"] > pinned
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run_corpus([tmp_path / "src"], tmp_path / "b", workers=2, progress=False)
    assert rows(tmp_path / "b", "reports")[0]["extracted_at"] == pinned


@pytest.mark.parametrize("arrivals", [(".pdf", ".txt"), (".pdf",), (".txt",)], ids=["together", "pdf_first", "txt_first"])
def test_batch_report_warning_count_includes_duplicate_warnings(tmp_path, arrivals):
    # regression: reports.n_warnings said 0 while errors held the duplicate-source warning
    (tmp_path / "src").mkdir()
    for batch in (arrivals, (".pdf", ".txt")):
        for suffix in batch:
            src = TEXT_2021.with_suffix(suffix)
            (tmp_path / "src" / src.name).write_bytes(src.read_bytes())
        run_corpus([tmp_path / "src"], tmp_path / "out", workers=1, progress=False)
    (report,) = rows(tmp_path / "out", "reports")
    warnings = [e for e in rows(tmp_path / "out", "errors") if e["severity"] == "warning"]
    assert report["source_format"] == "pdf" and len(warnings) == report["n_warnings"] >= 1

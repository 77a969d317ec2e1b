"""Speed work in the batch that must not change results: a no-op rerun, in-process runs, their
crashes and time limits. No timings here (those are in benchmarks/); only identity and behaviour."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch.corpus import read_manifest, run_corpus
from pipeline.batch.inprocess import DIED_HERE
from tests.conftest import ROOT, TEXT_2022
from tests.fakes_batch import datasets_snapshot, fake_extract, write_spec


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_speed_noop_rerun_leaves_the_manifest_alone(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    before = (out / "_manifest.parquet").stat().st_mtime_ns
    assert run_corpus([src], out, extract=fake_extract, progress=False, workers=1).skipped == 1
    assert (out / "_manifest.parquet").stat().st_mtime_ns == before


@pytest.mark.slow
def test_speed_in_process_workers_and_dask_write_identical_datasets(tmp_path):
    from benchmarks.bench_batch import make_corpus

    src = tmp_path / "src"
    make_corpus(src, 3)
    single = run_corpus([TEXT_2022], tmp_path / "single", workers=4, progress=False)  # one source: in-process
    assert single.done == 1
    here = run_corpus([src], tmp_path / "here", workers=1, progress=False)
    pool = run_corpus([src], tmp_path / "pool", workers=2, progress=False)
    dask = run_corpus([src], tmp_path / "dask", workers=2, executor="dask", progress=False)
    assert here.done == pool.done == dask.done == 3
    assert datasets_snapshot(tmp_path / "here") == datasets_snapshot(tmp_path / "pool") == \
        datasets_snapshot(tmp_path / "dask")
    alone = run_corpus([TEXT_2022], tmp_path / "alone-pool", workers=2, progress=False)
    assert alone.done == 1


@pytest.mark.slow
def test_speed_in_process_crash_is_redone_in_a_worker(tmp_path):
    # a source that kills the process while it runs in-process must not kill the next run too
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "crash.txt", "r.c", [], crash=True)
    code = ("from pipeline.batch.corpus import run_corpus\nfrom tests.fakes_batch import fake_extract\n"
            f"run_corpus([{str(src)!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)")
    died = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=300)
    assert died.returncode == 3  # the fake's os._exit: the in-process run died with it
    assert read_manifest(out)[str((src / "crash.txt").resolve())].message == DIED_HERE
    s = run_corpus([src], out, extract=fake_extract, workers=1, progress=False, timeout=30)
    statuses = {Path(p).name: e.status for p, e in read_manifest(out).items()}
    assert statuses == {"a.txt": "ok", "crash.txt": "crashed"}
    assert s.failed == 1


def test_speed_in_process_time_limit_holds(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "hang.txt", "r.h", [], hang=True)
    s = run_corpus([src], out, extract=fake_extract, workers=1, progress=False, timeout=1.0)
    assert s.by_status == {"timeout": 1}
    assert "time limit" in read_manifest(out)[str((src / "hang.txt").resolve())].message



"""Identical copies are known by sha256 before any worker parses them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.batch.check import check_out
from pipeline.batch.corpus import read_manifest, run_corpus
from tests.fakes_batch import datasets_snapshot, fake_extract, write_spec

F = "Starka hållbara innovationsmiljöer"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def run_fake(paths, out, **kw):
    return run_corpus(paths, out, extract=fake_extract, progress=False, workers=2, timeout=30, **kw)


def _spec(path: Path, log: Path) -> Path:
    return write_spec(path, "r.a", [(F, "Antal företagsbesök", "150", "◇", None)], parse_log=str(log))


def _parsed(log: Path) -> list[str]:
    return sorted(Path(p).name for p in log.read_text().splitlines()) if log.exists() else []


def test_copies_are_parsed_once_and_recorded_as_duplicates(tmp_path):
    src, log = tmp_path / "src", tmp_path / "parses.log"
    first = _spec(src / "a.txt", log)
    for name in ("b.txt", "c.txt", "sub/d.txt"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(first, src / name)
    out = tmp_path / "out"
    s = run_fake([src], out)
    assert _parsed(log) == ["a.txt"]  # three copies, no parse
    assert (s.done, s.duplicates) == (1, 3)
    manifest = read_manifest(out)
    owner = str((src / "a.txt").resolve())
    assert {p: (e.status, e.duplicate_of) for p, e in manifest.items() if p != owner} == {
        str((src / n).resolve()): ("duplicate", owner) for n in ("b.txt", "c.txt", "sub/d.txt")}
    import pyarrow.parquet as pq

    warnings = pq.read_table(out / "errors" / "r.a.parquet").to_pylist()
    assert sorted(Path(w["source_path"]).name for w in warnings) == ["b.txt", "c.txt", "d.txt"]
    assert check_out(out) == []


def test_copy_of_a_report_already_in_out_is_not_parsed_and_gives_the_same_out(tmp_path):
    log = tmp_path / "parses.log"
    first = _spec(tmp_path / "src" / "a.txt", log)
    fresh = tmp_path / "fresh"
    shutil.copy(first, tmp_path / "src" / "b.txt")
    run_fake([tmp_path / "src"], fresh)

    (tmp_path / "src" / "b.txt").unlink()
    out = tmp_path / "out"
    run_fake([tmp_path / "src"], out)
    log.unlink()
    shutil.copy(first, tmp_path / "src" / "b.txt")  # a copy arrives later
    s = run_fake([tmp_path / "src"], out)
    assert _parsed(log) == [] and (s.duplicates, s.skipped) == (1, 1)
    assert datasets_snapshot(out) == datasets_snapshot(fresh)
    assert read_manifest(out) == read_manifest(fresh)


def test_copy_that_ranks_first_takes_the_report_over(tmp_path):
    log = tmp_path / "parses.log"
    src = tmp_path / "src"
    _spec(src / "b.txt", log)
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run_fake([src], out)
    shutil.copy(src / "b.txt", src / "a.txt")  # same bytes, a smaller path: it owns the report
    log.unlink()
    run_fake([src], out)
    assert _parsed(log) == ["a.txt"]
    run_fake([src], fresh)
    assert datasets_snapshot(out) == datasets_snapshot(fresh)
    assert read_manifest(out) == read_manifest(fresh)

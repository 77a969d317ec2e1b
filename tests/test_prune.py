"""--prune refuses to destroy by accident: missing or empty input roots, more than half of OUT."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch.check import check_out
from pipeline.batch.corpus import PruneRefused, read_manifest, run_corpus
from pipeline.cli import app
from tests.fakes_batch import datasets_snapshot, fake_extract, write_spec

F = "Starka hållbara innovationsmiljöer"
runner = CliRunner(env={"COLUMNS": "220"})


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def run_fake(paths, out, **kw):
    return run_corpus(paths, out, extract=fake_extract, progress=False, workers=1, timeout=30, **kw)


@pytest.fixture
def archive(tmp_path) -> tuple[Path, Path]:
    src, out = tmp_path / "archive", tmp_path / "out"
    for name, period in (("a", "2021-04-30"), ("b", "2022-04-30"), ("c", "2023-04-30")):
        write_spec(src / f"{name}.txt", f"r.{name}", [(F, "Antal företagsbesök", "150", "◇", None)], period=period)
    run_fake([src], out)
    return src, out


def _state(out: Path) -> tuple[dict, dict]:
    return datasets_snapshot(out), read_manifest(out)


def test_prune_of_an_empty_input_root_is_refused(archive, tmp_path):
    src, out = archive
    unmounted = tmp_path / "share"
    unmounted.mkdir()  # the mount point of a network share that did not mount
    before = _state(out)
    result = runner.invoke(app, ["extract", str(unmounted), "--out", str(out), "--prune"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--prune refused" in lines[0] and str(unmounted) in lines[0]
    assert _state(out) == before  # nothing removed
    with pytest.raises(PruneRefused, match="holds no report"):
        run_fake([unmounted], out, prune=True)
    assert _state(out) == before


def test_prune_of_a_missing_input_root_is_refused(archive, tmp_path):
    src, out = archive
    before = _state(out)
    with pytest.raises(PruneRefused, match="does not exist"):
        run_fake([src, tmp_path / "typo"], out, prune=True)
    result = runner.invoke(app, ["extract", str(tmp_path / "typo"), "--out", str(out), "--prune"])
    assert result.exit_code == 2 and "typo" in result.stderr
    assert _state(out) == before


def test_prune_of_more_than_half_of_out_is_refused_unless_forced(archive):
    src, out = archive
    (src / "b.txt").unlink()
    (src / "c.txt").unlink()
    before = _state(out)
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--prune"])
    assert result.exit_code == 2 and "2 of the 3 reports" in result.stderr
    assert _state(out) == before
    s = run_fake([src], out, prune=True, force=True)
    assert len(s.pruned) == 2
    assert {e.report_id for e in read_manifest(out).values()} == {"r.a"}
    assert check_out(out) == []


def test_prune_of_half_or_less_goes_ahead(archive):
    src, out = archive
    (src / "c.txt").unlink()
    s = run_fake([src], out, prune=True)
    assert s.pruned == (str((src / "c.txt").resolve()),)
    assert not (out / "reports" / "r.c.parquet").exists()


def test_prune_dry_run_lists_what_would_go_and_removes_nothing(archive):
    src, out = archive
    (src / "c.txt").unlink()
    before = _state(out)
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--prune", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"would remove {(src / 'c.txt').resolve()} (report r.c)",
                                          "1 sources gone; 1 of 3 reports would be removed"]
    assert _state(out) == before
    (src / "b.txt").unlink()  # now a real prune would be refused: the dry run says so
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--prune", "--dry-run"])
    assert result.exit_code == 2 and len(result.stdout.splitlines()) == 3 and "--prune refused" in result.stderr
    assert _state(out) == before


def test_force_and_dry_run_need_prune(archive):
    src, out = archive
    result = runner.invoke(app, ["extract", str(src), "--out", str(out), "--force"])
    assert result.exit_code == 2 and "--prune" in result.stderr

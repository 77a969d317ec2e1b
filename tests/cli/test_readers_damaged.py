"""Readers of OUT (warehouse, report, compare) over a damaged OUT: one line, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.batch.test_check import make_out

runner = CliRunner(env={"COLUMNS": "220"})


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def damaged(tmp_path) -> tuple[Path, Path]:
    _, out = make_out(tmp_path)
    bad = out / "metrics" / "r.a.parquet"
    bad.write_bytes(bad.read_bytes()[:100])  # a bad copy, a disk error
    return out, bad


def _one_clean_line(result, bad: Path, out: Path) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(bad) in lines[0] and f"run pipeline check {out}" in lines[0]


def test_warehouse_over_a_damaged_out_is_one_line_exit_2(damaged):
    out, bad = damaged
    result = runner.invoke(app, ["warehouse", str(out)])
    _one_clean_line(result, bad, out)
    assert not (out / "warehouse.duckdb").exists()


def test_warehouse_over_a_healthy_out_still_builds(tmp_path):
    _, out = make_out(tmp_path)
    result = runner.invoke(app, ["warehouse", str(out)])
    assert result.exit_code == 0 and (out / "warehouse.duckdb").exists()


def test_compare_over_a_damaged_out_is_one_line_exit_2(damaged):
    out, bad = damaged
    result = runner.invoke(app, ["compare", "r.a", "r.b", "--out", str(out)])
    _one_clean_line(result, bad, out)


def test_report_over_a_damaged_out_builds_the_rest_and_names_the_damaged_report(damaged, tmp_path):
    out, bad = damaged
    site = tmp_path / "site"
    result = runner.invoke(app, ["report", str(out), "--html", str(site)])
    _one_clean_line(result, bad, out)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "r.a" in index and "metrics/r.a.parquet" in index and "pipeline check" in index
    pages = {p.name for p in site.glob("report-*.html")}
    assert any("r-b" in p or "r.b" in p for p in pages), pages
    assert not any("r-a" in p or "r.a" in p for p in pages), pages  # left out whole, not half shown

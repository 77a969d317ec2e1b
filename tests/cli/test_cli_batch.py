"""The batch-facing commands: extract (incremental), compare, warehouse."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import TEXT_2021, TEXT_2022

runner = CliRunner(env={"COLUMNS": "220"})  # rich wraps table cells at 80


def test_cli_batch_extract_compare_warehouse(tmp_path):
    out = tmp_path / "out"
    args = ["extract", str(TEXT_2021), str(TEXT_2022), "--out", str(out), "--workers", "2", "--timeout", "120"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "region-norrbotten.run.delarsrapport.2022-04 [partial] text" in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "skipped (unchanged)" in again.output
    assert "region-norrbotten" not in again.stdout  # nothing extracted, no report lines

    cmp = runner.invoke(app, ["compare", "region-norrbotten.run.delarsrapport.2021-04",
                              "region-norrbotten.run.delarsrapport.2022-04", "--out", str(out)])
    assert cmp.exit_code == 0, cmp.output
    assert "8 changes" in cmp.output and "renamed" in cmp.output and "Antal företagsbesök" in cmp.output

    wh = runner.invoke(app, ["warehouse", str(out)])
    assert wh.exit_code == 0, wh.output
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT count(DISTINCT report_id) FROM metric_history").fetchone() == (2,)


def test_cli_batch_compare_unknown_report_is_a_message(tmp_path):
    result = runner.invoke(app, ["compare", "a", "b", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no report 'a'" in result.output and "Traceback" not in result.output


def test_cli_batch_bad_executor_is_a_message(tmp_path):
    result = runner.invoke(app, ["extract", str(TEXT_2021), "--out", str(tmp_path), "--executor", "spark"])
    assert result.exit_code == 2 and "local or dask" in result.output

"""extract's exit codes: 0 all ok/partial, 1 a source failed (the table says why), 2 usage/OUT."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import TEXT_2021

runner = CliRunner(env={"COLUMNS": "250"})


def test_extract_with_a_failed_source_exits_1_and_says_why(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(TEXT_2021, src / TEXT_2021.name)
    (src / "empty.pdf").write_bytes(b"")
    (src / "page.pdf").write_text("<!doctype html><html><body>not a pdf</body></html>")
    out = tmp_path / "out"
    args = ["extract", str(src), "--out", str(out), "--workers", "1", "--timeout", "120"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert (out / "metrics" / "region-norrbotten.run.delarsrapport.2021-04.parquet").exists()  # the rest is written
    table = result.stderr[result.stderr.index("sources not extracted"):]
    rows = {name: line for line in table.splitlines() for name in ("empty.pdf", "page.pdf") if name in line}
    assert set(rows) == {"empty.pdf", "page.pdf"}
    for line in rows.values():  # the reason, not only the word "failed"
        assert "failed: read:" in line, table

    again = runner.invoke(app, args)  # unchanged and still failed: still exit 1, still said why
    assert again.exit_code == 1 and "earlier run" in again.stderr and "read:" in again.stderr


def test_extract_help_documents_the_exit_codes():
    result = runner.invoke(app, ["extract", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "Exit codes: 0 every source ok or partial; 1" in text and "2 usage, OUT or lock problems" in text

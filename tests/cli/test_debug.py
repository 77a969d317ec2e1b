"""pipeline debug: a PNG of one page with blocks, cells and decoded marks."""

from __future__ import annotations

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import PDF_2021


def test_debug_cli_writes_png(tmp_path):
    out = tmp_path / "p15.png"
    result = CliRunner().invoke(app, ["debug", str(PDF_2021), "--page", "15", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_debug_cli_help_has_example():
    result = CliRunner().invoke(app, ["debug", "--help"])
    assert result.exit_code == 0 and "Example: pipeline debug" in result.output


def test_debug_cli_bad_page_is_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["debug", str(PDF_2021), "--page", "99", "--out", str(tmp_path / "x.png")])
    assert result.exit_code == 2

import re

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def _commands():
    import typer.main

    return sorted(typer.main.get_command(app).commands)


def test_cli_root_help_shows_example():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "Example: pipeline" in result.output


def test_cli_version_names_the_distribution_and_the_import_package():
    from importlib.metadata import version

    import pipeline

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"styrkort-pipeline {pipeline.__version__} (import package: pipeline)"
    assert version("styrkort-pipeline") == pipeline.__version__  # pyproject reads the one version


@pytest.mark.parametrize("command", _commands())
def test_cli_every_command_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(rf"Example:\s+pipeline {command}", result.output), result.output


def test_cli_extract_writes_datasets_and_prints_summary(tmp_path):
    result = runner.invoke(app, ["extract", "samples/rn-run-delarsrapport-2021-04.txt", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "region-norrbotten.run.delarsrapport.2021-04" in result.output
    assert "39 metrics (not_achieved 2, not_assessed 23, unknown 14)" in result.output
    assert len(pd.read_parquet(tmp_path / "metrics")) == 39


def test_cli_missing_path_is_a_message_not_a_traceback(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output and "Traceback" not in result.output


def test_cli_unknown_profile_is_a_message(tmp_path):
    result = runner.invoke(app, ["extract", "samples", "--profile", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "unknown profile" in result.output


def test_the_pipeline_command_exits_with_the_commands_code_and_flushes_its_output(tmp_path):
    """``pipeline.cli.run`` ends the process without tearing down its heap (pipeline.settings.process):
    the exit code and everything printed must survive that."""
    import subprocess
    import sys

    from tests.conftest import ROOT, TEXT_2021

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)

    assert (r := cli("--help")).returncode == 0 and "extract" in r.stdout
    r = cli("extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert r.returncode == 2 and "no such file" in r.stderr
    r = cli("extract", str(TEXT_2021), "--out", str(tmp_path / "out"), "--workers", "1")
    assert r.returncode == 0 and "region-norrbotten.run.delarsrapport.2021-04 [partial]" in r.stdout
    assert (tmp_path / "out" / "_manifest.parquet").exists()


def test_the_pipeline_command_keeps_pdfminers_warnings_off_stderr(tmp_path):
    """A damaged PDF makes pdfminer log a warning per object; the report's error rows carry
    what matters, and stderr stays for the command's own messages."""
    import re as _re
    import subprocess
    import sys

    from tests.conftest import PDF_2021, ROOT

    data = PDF_2021.read_bytes()
    bad = _re.sub(rb"/MediaBox\s*\[[^\]]*\]", lambda m: b"/MediaBox[0 0]".ljust(len(m.group(0))), data)
    assert bad != data and len(bad) == len(data)
    (tmp_path / "bad.pdf").write_bytes(bad)
    r = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(tmp_path / "bad.pdf"), "--out",
                        str(tmp_path / "out"), "--workers", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr  # the source failed (issue 23: exit 1, the table says why)
    assert "MediaBox" not in r.stderr and "defaulting" not in r.stderr, r.stderr

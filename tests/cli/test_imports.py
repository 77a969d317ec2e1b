"""What a command imports: help, a no-op rerun and the warehouse load no heavy package."""

from __future__ import annotations

import pytest

from pipeline.batch.corpus import run_corpus
from tests.conftest import TEXT_2021
from tests.procs import modules_after

HEAVY = ("spacy", "pdfplumber", "simplemma", "pandas")


def _cli(*args: str) -> str:
    return ("import sys\nfrom pipeline.cli import app\nsys.argv = ['pipeline', " + ", ".join(map(repr, args)) +
            "]\ntry:\n    app()\nexcept SystemExit:\n    pass")


@pytest.mark.slow
def test_speed_help_imports_no_heavy_package(tmp_path):
    assert not modules_after(_cli("--help"), tmp_path) & set(HEAVY)


@pytest.mark.slow
def test_speed_noop_rerun_and_warehouse_import_no_heavy_package(tmp_path):
    out = tmp_path / "out"
    run_corpus([TEXT_2021], out, workers=1, progress=False)
    noop = modules_after(_cli("extract", str(TEXT_2021), "--out", str(out), "--workers", "1"), tmp_path)
    assert not noop & {*HEAVY, "pyarrow", "numpy"}, noop & {*HEAVY, "pyarrow", "numpy"}  # the manifest's mirror
    assert not modules_after(_cli("warehouse", str(out)), tmp_path) & {"spacy", "pdfplumber", "simplemma"}

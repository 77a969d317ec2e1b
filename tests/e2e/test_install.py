"""`pip install .` into a fresh venv, run outside the repo: the profiles ship inside the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "rn-run-delarsrapport-2021-04.txt"


def _fresh_venv(env_dir: Path) -> Path:
    """A venv whose python sees the test venv's dependencies (offline-friendly) through a plain
    path entry, so the test venv's editable finder for the repo is not loaded and only the real
    install counts."""
    venv.EnvBuilder(with_pip=True).create(env_dir)
    outer = [p for p in sys.path if p.endswith("site-packages")]
    site = env_dir / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    (site / "zz_outer.pth").write_text("\n".join(outer) + "\n")
    return env_dir / "bin" / "python"


def _copy_repo(dest: Path) -> Path:
    """The source tree without what a checkout does not have: a build never writes into the repo."""
    shutil.copytree(REPO, dest, ignore=shutil.ignore_patterns(".venv", "out", ".git", "*.egg-info", "__pycache__",
                                                            ".pytest_cache", ".hypothesis", "build", "dist"))
    return dest


@pytest.mark.slow
def test_install_fresh_venv_extracts_outside_the_repo(tmp_path):
    env_dir = tmp_path / "venv"
    py = _fresh_venv(env_dir)
    src = _copy_repo(tmp_path / "src")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(src)],
                   check=True, cwd=tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SAMPLE, work / SAMPLE.name)
    shutil.rmtree(src)  # nothing may be read from a source tree
    run = subprocess.run([str(env_dir / "bin" / "pipeline"), "extract", SAMPLE.name, "--out", "out", "--workers", "1"],
                         cwd=work, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "region-norrbotten.run.delarsrapport.2021-04" in run.stdout
    located = subprocess.run([str(py), "-c", "import pipeline; print(pipeline.__file__)"], cwd=work,
                             capture_output=True, text=True, check=True).stdout
    assert str(env_dir) in located  # the installed copy, not the repo's editable one


@pytest.mark.slow
def test_install_built_wheel_in_a_fresh_venv_runs_version_extract_export_report(tmp_path):
    """Issue 24: the wheel of styrkort-pipeline, installed outside the repo, does the analyst's round."""
    import zipfile

    import openpyxl

    import pipeline

    src = _copy_repo(tmp_path / "src")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(src)],
                   check=True, cwd=tmp_path, capture_output=True)
    shutil.rmtree(src)
    [wheel] = (tmp_path / "dist").glob("*.whl")
    assert wheel.name == f"styrkort_pipeline-{pipeline.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = z.read(f"styrkort_pipeline-{pipeline.__version__}.dist-info/METADATA").decode()
    assert {"pipeline/configs/default.toml", "pipeline/site/templates/style.css",
            "pipeline/data/organisations.csv"} <= names
    assert "Requires-Dist: openpyxl" in meta and "Name: styrkort-pipeline" in meta
    py = _fresh_venv(tmp_path / "venv")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, cwd=tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SAMPLE, work / SAMPLE.name)
    exe = str(tmp_path / "venv" / "bin" / "pipeline")

    def run(*args: str) -> str:
        done = subprocess.run([exe, *args], cwd=work, capture_output=True, text=True)
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    assert run("--version").strip() == f"styrkort-pipeline {pipeline.__version__} (import package: pipeline)"
    assert "region-norrbotten.run.delarsrapport.2021-04" in run("extract", SAMPLE.name, "--out", "out", "--workers", "1")
    run("export", "out", "--xlsx", "styrkort.xlsx")
    book = openpyxl.load_workbook(work / "styrkort.xlsx")
    assert book["Styrmått"].max_row > 1 and "Styrmått per period" in book.sheetnames
    run("report", "out", "--html", "site")
    assert (work / "site" / "index.html").is_file()
    located = subprocess.run([str(py), "-c", "import pipeline; print(pipeline.__file__)"], cwd=work,
                             capture_output=True, text=True, check=True).stdout
    assert str(tmp_path / "venv") in located

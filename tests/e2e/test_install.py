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


@pytest.mark.slow
def test_install_fresh_venv_extracts_outside_the_repo(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # the dependencies the tests already have are reused (offline-friendly); a plain path entry, so
    # the test venv's editable finder for the repo is not loaded and only the real install counts
    outer = [p for p in sys.path if p.endswith("site-packages")]
    site = env_dir / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    (site / "zz_outer.pth").write_text("\n".join(outer) + "\n")
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".venv", "out", ".git", "*.egg-info", "__pycache__",
                                                           ".pytest_cache", ".hypothesis", "build"))
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

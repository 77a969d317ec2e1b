"""Shared fixtures (spaCy's rule: keep fixtures in one conftest)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the tester's own profiles (user config directory) must not select profiles in the tests: an
# empty directory of the session's own (worker processes inherit it)
os.environ["PIPELINE_PROFILE_DIR"] = tempfile.mkdtemp(prefix="pipeline-test-profiles-")

from pipeline.run import run_document  # noqa: E402
from pipeline.settings.profile import load_profile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TEXT_2021 = SAMPLES / "rn-run-delarsrapport-2021-04.txt"
TEXT_2022 = SAMPLES / "rn-run-delarsrapport-2022-04.txt"
PDF_2021 = SAMPLES / "rn-run-delarsrapport-2021-04.pdf"
PDF_2022 = SAMPLES / "rn-run-delarsrapport-2022-04.pdf"
STRATSYS_2021 = SAMPLES / "stratsys" / "rn-run-delarsrapport-2021-04-d.pdf"
STRATSYS_2022 = SAMPLES / "stratsys" / "rn-run-delarsrapport-2022-04-d.pdf"

_CACHE: dict[Path, object] = {}


@pytest.fixture(scope="session")
def profile():
    return load_profile("region-norrbotten")


def extraction(path: Path):
    """Run the pipeline once per sample per test session (raising on any stage error)."""
    if path not in _CACHE:
        _CACHE[path] = run_document(path, raise_errors=True)
    return _CACHE[path]


@pytest.fixture(scope="session")
def nlp(profile):
    """The language pipeline of the region-norrbotten profile (built once, cached by get_nlp)."""
    from pipeline.language.nlp import get_nlp  # imported here: spaCy only for the tests that ask

    return get_nlp(profile.language)


@pytest.fixture(scope="session")
def ex2021():
    return extraction(TEXT_2021)


@pytest.fixture(scope="session")
def ex2022():
    return extraction(TEXT_2022)


@pytest.fixture(params=[TEXT_2021, TEXT_2022], ids=["text-2021", "text-2022"])
def text_sample(request):
    return extraction(request.param)

"""Issue 8: every rendering of a report gives the same rows as its text export.

The fixtures under tests/fixtures/renderings/ re-typeset the two sample text exports with
reportlab, LibreOffice and Chromium in different table looks (`make fixtures` regenerates them;
MANIFEST.json lists file, source, engine and style). Each is compared with the pipeline's own
reading of its text export; no hand-written expected file. The only thing a text export cannot
say is the colour of a ● mark: there the expected status is the one the fixture printed, which
is the original PDF's status from its golden file (the generator coloured the mark from it).
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest

from pipeline.model import Extraction
from pipeline.run import report_id_of, run_document

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "renderings"
MANIFEST = json.loads((FIXTURES / "MANIFEST.json").read_text(encoding="utf-8"))
PROFILE = "region-norrbotten"
UNCOLOURED = "●"  # the text export's assessed-but-colourless mark
IDS = [e["file"] for e in MANIFEST]


@cache
def _run(path: str) -> Extraction:
    return run_document(REPO / path if not Path(path).is_absolute() else path, PROFILE)


def _golden(source: str, name: str) -> Path:
    return REPO / "tests" / "data" / Path(source).stem / "expected" / "pdf" / name


@cache
def _printed_status(source: str) -> dict[str, str | None]:
    with _golden(source, "metrics.csv").open(encoding="utf-8") as f:
        return {r["metric_key"]: r["status"] or None for r in csv.DictReader(f)}


def _metric_rows(ex: Extraction) -> list[tuple]:
    return [(m.success_factor, m.metric, m.target.raw if m.target else None, m.metric_kind, m.trend, m.status.status)
            for m in ex.metrics]


def _expected_metric_rows(source: str) -> list[tuple]:
    printed = _printed_status(source)
    rows = []
    for m in _run(source).metrics:
        status = printed[m.metric_key] if m.status.symbol == UNCOLOURED else m.status.status
        rows.append((m.success_factor, m.metric, m.target.raw, m.metric_kind, m.trend, status))
    return rows


def _expected_goals(source: str) -> list[tuple]:
    printed = {g["strategic_goal"]: g["status"] for g in json.loads(_golden(source, "goals.json").read_text("utf-8"))}
    return [(g.perspective, g.strategic_goal, printed[g.strategic_goal]) for g in _run(source).goals]


def _diff(got: list[tuple], expected: list[tuple]) -> str:
    """A readable failure: how many rows match, and the first rows missing and unexpected."""
    missing = [r for r in expected if r not in got]
    extra = [r for r in got if r not in expected]
    lines = [f"{len(expected) - len(missing)}/{len(expected)} expected rows found, {len(extra)} unexpected rows"]
    lines += [f"  missing:    {r}" for r in missing[:5]] + [f"  unexpected: {r}" for r in extra[:5]]
    return "\n".join(lines)


def test_manifest_lists_every_fixture_file():
    on_disk = {p.name for p in FIXTURES.glob("*.pdf")}
    assert on_disk == set(IDS)
    assert {e["engine"] for e in MANIFEST} == {"reportlab", "libreoffice", "chromium"}


@pytest.mark.slow
@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_rendering_has_report_id_of_text_export(entry):
    assert report_id_of(_run(str(FIXTURES / entry["file"]))) == report_id_of(_run(entry["source"]))


@pytest.mark.slow
@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_rendering_gives_metric_rows_of_text_export(entry):
    expected = _expected_metric_rows(entry["source"])
    got = _metric_rows(_run(str(FIXTURES / entry["file"])))
    assert len(expected) == 39
    assert got == expected, _diff(got, expected)


@pytest.mark.slow
@pytest.mark.parametrize("entry", MANIFEST, ids=IDS)
def test_rendering_gives_goals_of_text_export(entry):
    got = [(g.perspective, g.strategic_goal, g.status.status) for g in _run(str(FIXTURES / entry["file"])).goals]
    expected = _expected_goals(entry["source"])
    assert len(expected) == 4
    assert got == expected, _diff(got, expected)

import dataclasses

import pandas as pd
import pytest

from pipeline.model import Severity
from pipeline.read import ReadError
from pipeline.run import STAGES, Stage, check_stage_order, extract_file, run_document, run_stages
from tests.conftest import TEXT_2021

SCORECARD_TEXT = """Bilaga Delårsrapport april 2021 RUN

Samhälle

Strategiskt mål: Ett livskraftigt län

Framgångsfaktor: Attraktiva livsmiljöer

Framgångsfaktor\tStyrmått\tMål\tMåluppfyllelse\tUtveckling
Attraktiva livsmiljöer\tAntal kommuner\tBibehålla\t◇\t
Attraktiva livsmiljöer\tAntal insatser
"""


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return p


def test_run_stage_order_is_checked():
    with pytest.raises(ValueError, match="requires"):
        check_stage_order([Stage("x", lambda ex, p: ex, ("metrics",), ())])
    check_stage_order(STAGES)


@pytest.mark.parametrize("name, data, status, message", [
    ("empty.txt", b"", "failed", "empty file"),
    ("binary.txt", bytes(range(256)) * 8, "failed", "binary"),
    ("blank.txt", b"\n\n\n", "failed", "no text"),
    ("prose.txt", "Ett brev\n\nDetta är bara prosa utan tabeller.\n", "ok", "no scorecard tables found"),
])
def test_run_bad_inputs_become_rows(tmp_path, name, data, status, message):
    p = _write(tmp_path, name, data)
    rid, rows = extract_file(p, tmp_path / "out")
    assert rows.reports[0].status == status
    assert any(message in e.message for e in rows.errors)
    assert pd.read_parquet(tmp_path / "out" / "reports")["status"].tolist() == [status]


def test_run_row_with_missing_cell_is_a_warning_with_location(tmp_path):
    """A row that cannot be aligned with its header is read as best aligned, with a warning
    naming where (issue 8: not an error that makes the report partial)."""
    p = _write(tmp_path, "r.txt", SCORECARD_TEXT)
    ex = run_document(p)
    warnings = [e for e in ex.errors if "cells, header has" in e.message]
    assert warnings and warnings[0].severity == Severity.WARNING
    assert "row 2" in warnings[0].message and "missing Mål, Måluppfyllelse, Utveckling" in warnings[0].message
    assert [m.metric for m in ex.metrics] == ["Antal kommuner", "Antal insatser"]
    assert ex.metrics[1].confidence < 1.0
    _, rows = extract_file(p, tmp_path / "out")
    assert rows.reports[0].status == "ok"


def test_run_missing_path_is_a_failed_row_not_a_traceback(tmp_path):
    ex = run_document(tmp_path / "nope.txt")
    assert ex.errors[0].severity == Severity.ERROR and "no such file" in ex.errors[0].message
    with pytest.raises(ReadError):
        run_document(tmp_path / "nope.txt", raise_errors=True)


def test_run_stage_exception_is_data_and_dependants_skip(ex2021, profile):
    def boom(ex, p):
        raise RuntimeError("stage exploded")

    stages = [dataclasses.replace(s, fn=boom) if s.name == "sections" else s for s in STAGES]
    ex = run_stages(ex2021.document, profile, stages=stages)
    msgs = [(e.stage, e.severity, e.message) for e in ex.errors]
    assert ("sections", Severity.ERROR, "RuntimeError: stage exploded") in [(s, v, m.split(" (at ")[0]) for s, v, m in msgs]
    assert any("test_run.py" in m and "in boom" in m for _, _, m in msgs)  # where it failed
    assert any(s == "scorecard" and "skipped" in m for s, _, m in msgs)
    assert ex.tables  # stages before the failure kept their output
    with pytest.raises(RuntimeError):
        run_stages(ex2021.document, profile, stages=stages, raise_errors=True)


def test_run_one_bad_file_does_not_stop_the_others(tmp_path):
    from pipeline.batch.corpus import run_corpus

    (tmp_path / "in").mkdir()
    _write(tmp_path / "in", "bad.txt", b"")
    (tmp_path / "in" / TEXT_2021.name).write_bytes(TEXT_2021.read_bytes())
    run_corpus([tmp_path / "in"], tmp_path / "out", "region-norrbotten", workers=1)
    reports = pd.read_parquet(tmp_path / "out" / "reports").sort_values("status")
    # the text export prints ● without its colour: those statuses are undecoded, so partial (issue 21)
    assert reports["status"].tolist() == ["failed", "partial"]


def test_run_unknown_algorithm_version_is_a_profile_error(tmp_path):
    from pipeline.settings.profile import ProfileError, profile_from_dict

    prof = profile_from_dict({"tables": {"algorithm": "tables.v9"}})
    with pytest.raises(ProfileError, match="tables.algorithm = 'tables.v9'"):
        run_document(TEXT_2021, prof)


def test_run_each_field_has_one_author():
    # regression (issue 20): language rewrote the scorecard's metrics; now only the status stage
    # assigns goals and metrics, and the order check refuses a second author
    authors = [a for st in STAGES for a in st.assigns]
    assert len(authors) == len(set(authors))
    bad = (*STAGES, Stage("again", lambda ex, p: ex, ("document",), ("metrics",)))
    with pytest.raises(ValueError, match="already assigned"):
        check_stage_order(bad)


def test_run_language_failing_keeps_the_tables_statuses(ex2021, profile):
    # the status stage needs no evidence: with the language stage down, marks still decide
    def boom(ex, p):
        raise RuntimeError("no language today")

    stages = [dataclasses.replace(s, fn=boom) if s.name == "language" else s for s in STAGES]
    ex = run_stages(ex2021.document, profile, stages=stages)
    assert len(ex.metrics) == len(ex2021.metrics) and len(ex.goals) == len(ex2021.goals)
    marked = {m.metric_key: m.status for m in ex2021.metrics if m.status.source != "narrative"}
    assert marked and all(m.status.status == marked[m.metric_key].status for m in ex.metrics if m.metric_key in marked)


@pytest.mark.parametrize(("name", "own_read"), [("nb-egen", ""), ("nb-egen-read", "[read]\nparagraph_gap_em = 0.9\n")])
def test_run_auto_profile_is_chosen_after_one_read(tmp_path, monkeypatch, name, own_read):
    """Regression: with profile auto, a chosen profile with [read] settings of its own read the
    source a second time. Now it is read once; such settings apply when the profile is named."""
    import pipeline.run as run
    from pipeline.settings.profile import PROFILE_DIR_ENV, load_profile

    own = tmp_path / "profiles"
    own.mkdir()
    (own / f"{name}.toml").write_text('[report]\norganisation = "region-norrbotten"\norganisation_code = "25"\n'
                                     f'committees = {{ "RUN" = "run" }}\n\n{own_read}', encoding="utf-8")
    monkeypatch.setenv(PROFILE_DIR_ENV, str(own))
    reads = []
    real = run.read_source
    monkeypatch.setattr(run, "read_source", lambda *a, **k: reads.append(a[1].name) or real(*a, **k))
    ex = run_document(TEXT_2021, load_profile("auto"))
    assert reads == ["auto"]
    assert ex.meta.profile == name
    notes = [e.message for e in ex.errors if f"--profile {name}" in e.message]
    assert len(notes) == (1 if own_read else 0)
    assert all(e.severity is Severity.WARNING for e in ex.errors if e.message in notes)

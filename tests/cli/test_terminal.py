"""What the terminal shows: compare's changes at 80 columns, the progress bar's file and final
counts, the per-report lines (issue 24)."""

from __future__ import annotations

import io
import re
import shutil

import pyarrow.parquet as pq
from rich.console import Console

from pipeline.batch.corpus import run_corpus
from pipeline.batch.progress import BatchProgress
from pipeline.keys.compare import compare_reports
from pipeline.terminal import changes_to_table
from tests.conftest import TEXT_2021, TEXT_2022


def _render(renderable, width: int) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=False, color_system=None).print(renderable)
    return buf.getvalue()


def test_compare_wraps_whole_words_at_80_columns(profile):
    changes = compare_reports(str(TEXT_2021), str(TEXT_2022), None, profile)
    text = _render(changes_to_table(changes, f"{TEXT_2021.name} → {TEXT_2022.name}: {len(changes)} changes"), 80)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 80
    printed = set(text.split())
    for c in changes:
        for value in (c.metric, c.success_factor, c.old_value, c.new_value):
            for word in (value or "").split():
                assert word in printed, (word, c.change, c.metric)  # "företagsbes|ök" was cut
    assert "Antal genomförda företagsbesök" in text  # a name reads on one line when it fits


def test_progress_bar_shows_the_current_file_and_the_files_in_flight():
    buf = io.StringIO()
    bar = BatchProgress(3, enabled=True, console=Console(file=buf, force_terminal=True, width=200))
    with bar:
        bar.start("/data/a-report.pdf")
        bar.start("/data/b-report.pdf")
        bar._p.refresh()
        assert "a-report.pdf +1" in buf.getvalue()  # the oldest in flight, and how many more
        bar.advance("ok", "/data/a-report.pdf")
        bar._p.refresh()
        now = buf.getvalue().split("a-report.pdf +1")[-1]
        assert "1 extracted" in now and "b-report.pdf" in now and "+1" not in now


def test_progress_bar_ends_with_the_counts_of_the_summary(tmp_path, capsys, monkeypatch):
    """Issue 24: the bar ended at "10/10 10 ok" while the summary said "extracted 2, duplicates 8"."""
    monkeypatch.setenv("COLUMNS", "200")
    src = tmp_path / "src"
    src.mkdir()
    for p in (TEXT_2021, TEXT_2022):  # each report twice: two sources are duplicates
        shutil.copy(p, src / p.name)
        shutil.copy(p, src / f"copy-{p.name}")
    summary = run_corpus([src], tmp_path / "out", workers=2, progress=True)
    assert (summary.done, summary.duplicates, summary.failed) == (2, 2, 0)
    bar = capsys.readouterr().err
    last = [ln for ln in re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", bar).splitlines() if "extract" in ln][-1]
    assert "4/4" in last and "2 extracted" in last and "2 duplicates" in last and "failed" not in last, last


def test_per_report_line_agrees_with_the_reports_dataset(tmp_path):
    """Issue 24: the line said "0 warnings" where reports.n_warnings was 2 (the duplicate warnings
    are added when the report is written, after its worker counted)."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(TEXT_2021, src / TEXT_2021.name)
    shutil.copy(TEXT_2021, src / f"copy-{TEXT_2021.name}")
    shutil.copy(TEXT_2021, src / f"copy2-{TEXT_2021.name}")
    summary = run_corpus([src], tmp_path / "out", workers=2, progress=False)
    rows = {r["report_id"]: r for r in pq.read_table(tmp_path / "out" / "reports").to_pylist()}
    [brief] = summary.reports
    errors = [e for e in pq.read_table(tmp_path / "out" / "errors").to_pylist() if e["report_id"] == brief.report_id]
    warnings = [e for e in errors if e["severity"] == "warning"]
    assert sum(e["message"].startswith("duplicate source") for e in warnings) == 2  # the two copies
    assert rows[brief.report_id]["n_warnings"] == brief.n_warnings == len(warnings)
    assert f"{brief.n_warnings} warnings" in str(brief)
    assert (brief.status, brief.n_errors) == (rows[brief.report_id]["status"], rows[brief.report_id]["n_errors"])

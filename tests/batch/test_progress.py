"""The progress bar: quiet when piped or in CI; file, rate and pages when shown."""

from __future__ import annotations

import sys


def test_speed_progress_is_quiet_when_piped_and_in_ci(monkeypatch):
    from pipeline.batch import progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not progress.wanted(None)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert progress.wanted(None)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(None)
    assert progress.wanted(True)


def test_speed_progress_bar_shows_file_rate_and_pages(monkeypatch):
    import io

    from rich.console import Console

    from pipeline.batch import progress

    buf = io.StringIO()
    bar = progress.BatchProgress(3, enabled=True, skipped=1, console=Console(file=buf, force_terminal=True, width=200))
    with bar:
        bar.start("/data/reports/big-report.pdf")
        progress.report_pages(10, 300)
        bar._p.refresh()
        bar.advance("ok")
        bar._p.refresh()
    text = buf.getvalue()
    assert "big-report.pdf" in text and "pages" in text and "/s" in text and "ETA" in text
    progress.report_pages(1, 2)  # no active bar: nothing happens

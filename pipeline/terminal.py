"""Rich tables for the terminal: what the CLI prints about a batch and about changes between
reports (the progress bar is pipeline.batch.progress). Rendering stays at this edge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from pipeline.batch.corpus import BatchSummary
    from pipeline.keys.changes import Change


def summary_to_table(s: BatchSummary):
    t = Table(title=f"pipeline extract → {s.out_dir}", show_header=True)
    t.add_column("")
    t.add_column("value", justify="right")
    rows = [
        ("sources", s.n_sources), ("extracted", s.done), ("failed", s.failed), ("skipped (unchanged)", s.skipped),
        ("duplicates", s.duplicates), ("gone", len(s.gone)), ("symlinks skipped", len(s.skipped_links)),
        ("unsupported files skipped", len(s.skipped_unsupported)), ("pruned", len(s.pruned)),
        ("partial", s.by_status.get("partial", 0)), ("warnings", s.n_warnings), ("rows dropped", s.rows_dropped),
        ("marks undecoded", s.marks_undecoded),
        ("executor", f"{s.executor} × {s.workers}"), ("time", f"{s.seconds:.1f} s"),
        ("rate", f"{s.reports_per_s:.2f} reports/s"),
        ("peak memory / worker", f"{s.peak_rss_mb:.0f} MB" if s.peak_rss_mb else "–"),
    ]
    if s.reconcile is not None:
        rows += [("keys rewritten in", f"{len(s.reconcile.reports_rewritten)} reports"),
                 ("changes", s.reconcile.changes)]
    for k, v in rows:
        t.add_row(k, str(v))
    return t


def failures_to_table(s: BatchSummary):
    t = Table(title="sources not extracted: failed, gone or skipped")
    t.add_column("source", overflow="fold")
    t.add_column("error", overflow="fold")
    for path, msg in s.failures:
        t.add_row(path, msg)
    for path, msg in s.earlier_failures:
        t.add_row(path, f"{msg} (in an earlier run, unchanged since; --retry-failed tries again)")
    for path in s.gone:
        t.add_row(path, "gone (use --prune to remove its rows)")
    for path in s.skipped_links:
        t.add_row(path, "symlink to a file outside the input paths: skipped (--follow-symlinks reads it)")
    for path, why in s.skipped_unsupported:
        t.add_row(path, f"{why}: skipped")
    return t


def changes_to_table(changes: Sequence[Change], title: str):
    """One block per change: the change in a narrow column, then the metric, its success factor
    and old → new, wrapped at whole words to the terminal's width (a 6-column table cut
    "företagsbes|ök" in 80 columns)."""
    from rich.console import Group
    from rich.text import Text

    t = Table.grid(padding=(0, 2))
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")  # only a word longer than the whole column is cut
    for i, c in enumerate(changes):
        body = Text(c.metric or c.metric_key, style="bold")
        if c.similarity is not None:
            body.append(f"  (similarity {c.similarity:.2f})", style="dim")
        if c.success_factor:
            body.append("\n" + c.success_factor, style="dim")
        if c.change not in ("added", "removed"):  # their metric is the value
            body.append(f"\n{c.old_value or '–'} → {c.new_value or '–'}")
        t.add_row(("\n" if i else "") + c.change, Text("\n") + body if i else body)
    return Group(Text(title, style="bold"), t)

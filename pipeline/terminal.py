"""Rich tables for the terminal: what the CLI prints about a batch and about changes between
reports (the progress bar is pipeline.batch.progress). Rendering stays at this edge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from pipeline.batch.corpus import BatchSummary
    from pipeline.keys.compare import Change


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
    for path in s.gone:
        t.add_row(path, "gone (use --prune to remove its rows)")
    for path in s.skipped_links:
        t.add_row(path, "symlink to a file outside the input paths: skipped (--follow-symlinks reads it)")
    for path, why in s.skipped_unsupported:
        t.add_row(path, f"{why}: skipped")
    return t


def changes_to_table(changes: Sequence[Change], title: str):
    t = Table(title=title, show_lines=False)
    for col in ("change", "success factor", "metric", "old", "new", "sim"):
        t.add_column(col, overflow="fold")
    for c in changes:
        t.add_row(c.change, c.success_factor or "", c.metric or "", c.old_value or "–", c.new_value or "–",
                  f"{c.similarity:.2f}" if c.similarity is not None else "")
    return t

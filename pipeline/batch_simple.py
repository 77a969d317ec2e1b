"""Sequential extraction of files and directories (the batch module replaces this)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.profile import Profile
from pipeline.run import extract_file

SOURCE_SUFFIXES = {".pdf", ".txt"}


def expand_paths(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES)
        else:
            files.append(p)
    return files


def summary_line(rid: str, rows: dict[str, list[dict]]) -> str:
    rep = rows["reports"][0]
    statuses = Counter(m["status"] or "unknown" for m in rows["metrics"])
    status_txt = ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
    return (f"{rid} [{rep['status']}] {rep['source_format']}: {rep['n_goals']} goals, {rep['n_metrics']} metrics"
            f" ({status_txt or 'none'}), {rep['n_warnings']} warnings, {rep['n_errors']} errors")


def extract_paths(paths: list[Path], out: Path, profile: Profile) -> list[str]:
    return [summary_line(*extract_file(f, out, profile)) for f in expand_paths(paths)]

"""Read the datasets of an ``out/`` directory, read-only, for the site.

Each Parquet file is read on its own and the frames are concatenated, so files written under
different schema versions (contract v1 and v2 columns) mix: a column a file lacks is null. A
dataset that is missing or unreadable is noted, never raised: the site says what it lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.output.files import dataset_file, file_stem
from pipeline.output.rows import PER_REPORT

SITE_DATASETS = ("reports", "goals", "metrics", "links", "facts", "sections", "errors", "changes")
MANIFEST = "_manifest.parquet"
SECTION_COLUMNS = ["report_id", "section_id", "title", "page_start"]  # sections hold full text: skip it


class NotAnOutDir(ValueError):
    """The path is not a directory written by ``pipeline extract``."""


@dataclass(frozen=True)
class Data:
    """The datasets as frames (empty with no columns when absent) and what could not be read."""

    frames: dict[str, pd.DataFrame]
    manifest: pd.DataFrame
    problems: tuple[str, ...] = ()
    missing_files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # report_id -> datasets
    # (report_id, section_id) -> text, of the sections a link points at (the others' text is not read)
    section_texts: dict[tuple[str, str], str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames.get(name, pd.DataFrame())


def check_out_dir(out: Path) -> None:
    if not out.is_dir():
        raise NotAnOutDir(f"{out} is not a directory; give the --out directory of pipeline extract")
    known = {*PER_REPORT, "changes", "metric_keys", MANIFEST}
    if not any((out / name).exists() for name in known):
        raise NotAnOutDir(f"{out} is not an out/ directory (no reports/ or {MANIFEST}); run pipeline extract first")


def _read_file(path: Path, columns: list[str] | None) -> pd.DataFrame:
    schema = pq.read_schema(path)
    cols = [c for c in columns if c in schema.names] if columns else None
    return pq.read_table(path, columns=cols).to_pandas()


def read_dataset(out: Path, name: str, problems: list[str], columns: list[str] | None = None,
                 leave_out: frozenset[str] = frozenset()) -> pd.DataFrame:
    """All files of one dataset as one frame; unreadable files are skipped and noted.
    ``leave_out``: file stems (reports) not to read, all datasets."""
    folder = out / name
    if not folder.is_dir():
        problems.append(f"Datamängden {name} saknas.")
        return pd.DataFrame()
    frames = []
    for path in sorted(folder.glob("*.parquet")):
        if path.stem in leave_out:
            continue
        try:
            frames.append(_read_file(path, columns))
        except Exception as exc:  # noqa: BLE001 - a damaged file is reported on the site
            problems.append(f"Filen {name}/{path.name} kunde inte läsas ({type(exc).__name__}).")
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    frame = pd.concat(frames, ignore_index=True, sort=False)
    return frame.astype(object).where(frame.notna(), None)


def _read_manifest(out: Path, problems: list[str]) -> pd.DataFrame:
    path = out / MANIFEST
    if not path.exists():
        return pd.DataFrame()
    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # noqa: BLE001
        problems.append(f"{MANIFEST} kunde inte läsas ({type(exc).__name__}).")
        return pd.DataFrame()
    return frame.astype(object).where(frame.notna(), None)


def _missing_files(out: Path, report_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """Per report, the per-report datasets whose file is absent (a partly written or pruned out/)."""
    missing = {}
    for rid in report_ids:
        stem = file_stem(rid)
        gone = tuple(n for n in PER_REPORT if n != "reports" and not dataset_file(out, n, stem).exists())
        if gone:
            missing[rid] = gone
    return missing


def damage_notes(damaged: Mapping[str, tuple[str, ...]]) -> list[str]:
    """One note per damaged report (or file no report owns), for the index."""
    return [f"Rapporten {stem} visas inte: {', '.join(files)} är {'skadad' if len(files) == 1 else 'skadade'}; "
            "kör pipeline check." for stem, files in sorted(damaged.items())]


def _linked_texts(out: Path, links: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The text of every section a link points at, read report file by report file."""
    if links.empty or "section_id" not in links:
        return {}
    wanted: dict[str, set[str]] = {}
    for rid, sid in zip(links["report_id"], links["section_id"], strict=True):
        if rid is not None and sid is not None:
            wanted.setdefault(rid, set()).add(sid)
    texts = {}
    for rid, sids in sorted(wanted.items()):
        path = dataset_file(out, "sections", rid)
        try:
            rows = pq.read_table(path, columns=["report_id", "section_id", "text"]).to_pylist()
        except Exception:  # noqa: BLE001 - a missing or damaged file is noted by read_dataset
            continue
        texts.update({(r["report_id"], r["section_id"]): r["text"] for r in rows
                      if r["section_id"] in sids and r["report_id"] == rid and r["text"]})
    return texts


def load(out: Path, damaged: Mapping[str, tuple[str, ...]] | None = None) -> Data:
    """Read everything the site shows from ``out``; raises ``NotAnOutDir`` only. ``damaged``:
    report file stem -> its damaged files (``pipeline check``): those reports are left out whole
    and named on the index."""
    out = Path(out)
    check_out_dir(out)
    problems: list[str] = []
    leave_out = frozenset(damaged or ())
    frames = {}
    for name in SITE_DATASETS:
        cols = SECTION_COLUMNS if name == "sections" else None
        frames[name] = read_dataset(out, name, problems, cols, leave_out)
    if frames["changes"].empty:
        problems = [p for p in problems if "changes" not in p]  # optional: only with 2+ reports
    problems = damage_notes(damaged or {}) + problems
    reports = frames["reports"]
    ids = sorted(set(reports["report_id"])) if "report_id" in reports else []
    return Data(frames=frames, manifest=_read_manifest(out, problems), problems=tuple(problems),
                missing_files=_missing_files(out, ids), section_texts=_linked_texts(out, frames["links"]))

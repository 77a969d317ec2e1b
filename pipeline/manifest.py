"""The batch manifest: one row per source (OUT/_manifest.parquet) plus the append-only journal
of a running batch (OUT/_manifest.journal.jsonl), folded into the manifest at the start and end
of every run."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.datasets import _atomic_write, read_rows, rows_to_table

MANIFEST = "_manifest.parquet"
JOURNAL = "_manifest.journal.jsonl"
RUNS = "_runs"


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    source_path: str
    sha256: str
    size: int | None
    source_format: str
    report_id: str | None
    status: str  # ok | partial | failed | timeout | crashed | duplicate
    duplicate_of: str | None
    pipeline_version: str
    profile: str
    profile_hash: str
    message: str | None
    processed_at: datetime | None

    @property
    def owns_report(self) -> bool:
        return self.status != "duplicate" and self.report_id is not None


def entry_to_row(e: ManifestEntry) -> dict:
    return asdict(e)


def _entry_to_json(e: ManifestEntry) -> str:
    d = asdict(e)
    d["processed_at"] = e.processed_at.isoformat() if e.processed_at else None
    return json.dumps({"op": "put", "entry": d}, ensure_ascii=False)


def _json_to_entry(d: dict) -> ManifestEntry:
    if d.get("processed_at"):
        d = dict(d, processed_at=datetime.fromisoformat(d["processed_at"]))
    return ManifestEntry(**d)


def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """The manifest with any journal of an interrupted run applied."""
    out_dir = Path(out_dir)
    entries: dict[str, ManifestEntry] = {}
    if (out_dir / MANIFEST).exists():
        for r in read_rows(out_dir / MANIFEST):  # not pq.read_table: that imports pandas
            entries[r["source_path"]] = ManifestEntry(**r)
    journal = out_dir / JOURNAL
    if journal.exists():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:  # the line a kill -9 cut short
                continue
            if rec["op"] == "put":
                e = _json_to_entry(rec["entry"])
                entries[e.source_path] = e
            else:
                entries.pop(rec["path"], None)
    return entries


def write_manifest(out_dir: Path, entries: dict[str, ManifestEntry]) -> None:
    if manifest_is_current(Path(out_dir), entries):  # a no-op run rewrites nothing
        (Path(out_dir) / JOURNAL).unlink(missing_ok=True)
        return
    rows = [entry_to_row(entries[p]) for p in sorted(entries)]
    _atomic_write(rows_to_table("manifest", rows), Path(out_dir) / MANIFEST)
    (Path(out_dir) / JOURNAL).unlink(missing_ok=True)


def manifest_is_current(out_dir: Path, entries: dict[str, ManifestEntry]) -> bool:
    journal = out_dir / JOURNAL
    if (journal.exists() and journal.stat().st_size) or not (out_dir / MANIFEST).exists():
        return False
    return read_manifest(out_dir) == entries


class Journal:
    def __init__(self, out_dir: Path):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        self._f = open(Path(out_dir) / JOURNAL, "a", encoding="utf-8")

    def _append(self, line: str) -> None:
        self._f.write(line + "\n")
        self._f.flush()
        os.fsync(self._f.fileno())

    def put(self, e: ManifestEntry) -> None:
        self._append(_entry_to_json(e))

    def delete(self, path: str) -> None:
        self._append(json.dumps({"op": "del", "path": path}))

    def close(self) -> None:
        self._f.close()


@dataclass(frozen=True, slots=True)
class RunRecord:
    """Per-run figures of one source: not in the manifest, which must not change between runs."""

    source_path: str
    sha256: str
    status: str
    seconds: float | None
    peak_rss_mb: float | None  # the document's own peak over its worker's baseline
    worker: str | None


def new_run_id() -> str:
    """Wall-clock time and pid: a run is a real event, SOURCE_DATE_EPOCH does not apply."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{os.getpid()}"


def write_run(out_dir: Path, run_id: str, records: list[RunRecord], started: datetime, finished: datetime) -> Path | None:
    if not records:
        return None
    rows = [{**asdict(r), "run_id": run_id, "run_started_at": started, "run_finished_at": finished}
            for r in sorted(records, key=lambda r: r.source_path)]
    path = Path(out_dir) / RUNS / f"{run_id}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(rows_to_table("runs", rows), path)
    return path

"""The batch manifest: one row per source (OUT/_manifest.parquet) plus the append-only journal
of a running batch (OUT/_manifest.journal.jsonl), folded into the manifest at the start and end
of every run.

OUT/_manifest.jsonl mirrors the manifest's rows, one JSON line each after a first line with the
sha256 of the Parquet file they were written with and their number (read and written a line at
a time): a run that finds every source unchanged reads the mirror and never loads pyarrow
(a tenth of a second, a third of such a run). A mirror whose hash does not match the manifest
(an older or a newer file, a crash between the two renames) is ignored. The mirror alone also
holds each report file's stamp (``FileStamp``: what ``stat`` said after the batch wrote it),
which differs between runs and machines and so stays out of the manifest proper."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Generic, NamedTuple, TypeVar, overload

from pipeline.output.files import built_aside, write_files_atomically
from pipeline.output.rows import Row, text

MANIFEST = "_manifest.parquet"
MIRROR = "_manifest.jsonl"
OLD_MIRROR = "_manifest.json"  # earlier versions' mirror, one JSON value: removed when the manifest is written
JOURNAL = "_manifest.journal.jsonl"
RUNS = "_runs"


class FileRecord(NamedTuple):
    """One file a report owns under OUT (``dataset/<report stem>.parquet``) as it was written."""

    dataset: str
    size: int
    sha256: str


class FileStamp(NamedTuple):
    """What ``stat`` said of a report file once the batch had written and recorded it. A file
    with its size and this stamp still has the recorded bytes unless something changed them
    without the file system seeing it: any write, rename or copy over it changes its ctime (no
    tool can set ctime) or its inode. ``extract`` trusts a matching stamp and hashes only the
    files whose stamp changed; ``pipeline check`` hashes every file."""

    dataset: str
    mtime_ns: int
    ctime_ns: int
    ino: int


_R = TypeVar("_R", FileRecord, FileStamp)


class _Packed(Sequence[_R], Generic[_R]):
    """A report's records in one ``marshal`` blob, decoded when read: a batch parent holds an
    entry per source, and 13 files' named tuples, hex digests and stamps cost about 4.7 KB an
    entry against about 1.6 KB packed (issue 23: 20,000 reports in at most 400 MB)."""

    __slots__ = ("_blob",)
    _make: ClassVar[type]

    def __init__(self, items: Iterable[_R] = ()) -> None:
        self._blob = marshal.dumps(tuple(tuple(i) for i in items))

    def _items(self) -> tuple[_R, ...]:
        return tuple(self._make(*t) for t in marshal.loads(self._blob))

    @overload
    def __getitem__(self, k: int) -> _R: ...
    @overload
    def __getitem__(self, k: slice) -> tuple[_R, ...]: ...
    def __getitem__(self, k: int | slice) -> _R | tuple[_R, ...]:
        return self._items()[k]

    def __len__(self) -> int:
        return len(marshal.loads(self._blob))

    def __iter__(self) -> Iterator[_R]:
        return iter(self._items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_Packed, tuple)):
            return self._items() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> tuple[type, tuple[tuple[_R, ...]]]:
        return type(self), (self._items(),)


class FileRecords(_Packed[FileRecord]):
    __slots__ = ()
    _make = FileRecord


class FileStamps(_Packed[FileStamp]):
    __slots__ = ()
    _make = FileStamp


def _stamps(value) -> FileStamps:
    """Stamps from any of their stored forms: JSON lists, tuples."""
    return FileStamps(v if isinstance(v, FileStamp) else FileStamp(*v) for v in value or ())


def _records(value) -> FileRecords:
    """Records from any of their stored forms: Parquet structs (dicts), JSON lists, tuples."""
    return FileRecords(FileRecord(**v) if isinstance(v, dict) else FileRecord(*v) for v in value or ())


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    source_path: str
    sha256: str
    size: int | None
    source_format: str
    report_id: str | None
    status: str  # ok | partial | failed | timeout | crashed | oom | duplicate | skipped_symlink
    duplicate_of: str | None
    pipeline_version: str
    profile: str
    profile_hash: str
    message: str | None
    processed_at: datetime | None
    # the report's files as last written (size, sha256): () for an entry that owns none, or one
    # written before the pipeline recorded them (the next extract records them)
    files: Sequence[FileRecord] = ()  # FileRecords once made
    # the files' stamps when recorded (``FileStamp``): in the mirror only, not in the manifest,
    # and not compared: two OUTs with the same manifest differ in every stamp
    stamps: Sequence[FileStamp] = field(default=(), compare=False)  # FileStamps once made

    def __post_init__(self) -> None:
        if not isinstance(self.files, FileRecords):
            object.__setattr__(self, "files", _records(self.files))
        if not isinstance(self.stamps, FileStamps):
            object.__setattr__(self, "stamps", _stamps(self.stamps))

    @property
    def owns_report(self) -> bool:
        return self.status != "duplicate" and self.report_id is not None

    @property
    def owned_report_id(self) -> str | None:
        """The id of the report this entry owns (``owns_report``); None for a copy or a source
        that made no report."""
        return self.report_id if self.owns_report else None


_ENTRY_FIELDS = tuple(f.name for f in fields(ManifestEntry) if f.name != "stamps")  # the manifest's columns


def entry_to_row(e: ManifestEntry) -> Row:
    """``asdict``, without its deep copy of every value: a ManifestEntry holds only immutable
    values (str, int, datetime, None; file records are named tuples, which Arrow takes as
    structs and JSON as lists), and the copies made most of a manifest write."""
    row = {f: getattr(e, f) for f in _ENTRY_FIELDS}
    row["files"] = tuple(e.files)
    return row


def _entry_to_dict(e: ManifestEntry) -> dict[str, object]:
    """An entry as the mirror and the journal hold it (JSON): the manifest's row and the stamps."""
    d: dict[str, object] = {**entry_to_row(e)}
    d["processed_at"] = e.processed_at.isoformat() if e.processed_at else None
    if e.stamps:
        d["stamps"] = tuple(e.stamps)
    return d


def _entry_to_json(e: ManifestEntry) -> str:
    return json.dumps({"op": "put", "entry": _entry_to_dict(e)}, ensure_ascii=False)


def _json_to_entry(d: Row) -> ManifestEntry:
    if d.get("processed_at"):
        d = dict(d, processed_at=datetime.fromisoformat(text(d, "processed_at")))
    return _row_to_entry(d)


def _row_to_entry(row: Row) -> ManifestEntry:
    # the manifest's columns are ManifestEntry's fields (entry_to_row); mypy cannot match ** to them
    return ManifestEntry(**row)  # type: ignore[arg-type]


def read_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """The manifest with any journal of an interrupted run applied."""
    out_dir = Path(out_dir)
    entries = _read_manifest_file(out_dir)
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


def _read_manifest_file(out_dir: Path) -> dict[str, ManifestEntry]:
    try:
        data = (out_dir / MANIFEST).read_bytes()
    except FileNotFoundError:
        return {}
    digest = hashlib.sha256(data).hexdigest()
    mirrored = _read_mirror(out_dir, digest)
    if mirrored is None and not (out_dir / MIRROR).exists():
        mirrored = _read_old_mirror(out_dir, digest)
    if mirrored is not None:
        return mirrored
    from pipeline.output.parquet import iter_rows  # lazy: see the module docstring

    return {text(r, "source_path"): _row_to_entry(r) for r in iter_rows(data, MANIFEST_BATCH)}


def _read_mirror(out_dir: Path, manifest_sha256: str) -> dict[str, ManifestEntry] | None:
    try:
        with open(out_dir / MIRROR, encoding="utf-8") as f:
            head = json.loads(f.readline())
            if head["manifest_sha256"] != manifest_sha256:
                return None
            entries = (_json_to_entry(json.loads(line)) for line in f)
            found = {e.source_path: e for e in entries}
            return found if len(found) == head["entries"] else None
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: the manifest decides
        return None


def _read_old_mirror(out_dir: Path, manifest_sha256: str) -> dict[str, ManifestEntry] | None:
    """An earlier version's mirror, read once after an upgrade: without its stamps the first
    run would hash every report file of the archive again."""
    try:
        mirror = json.loads((out_dir / OLD_MIRROR).read_text(encoding="utf-8"))
        if mirror["manifest_sha256"] != manifest_sha256:
            return None
        return {d["source_path"]: _json_to_entry(d) for d in mirror["entries"]}
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: the manifest decides
        return None


MANIFEST_BATCH = 2000  # entries encoded or decoded at a time: a manifest of up to this many is one row group


def write_manifest(out_dir: Path, entries: Mapping[str, ManifestEntry],
                   previous: Mapping[str, ManifestEntry] | None = None) -> None:
    """Write the manifest and its mirror, unless they hold ``entries`` already; ``previous``:
    the entries as read from them at the start of the run (else they are read again). Streams:
    the rows of ``MANIFEST_BATCH`` entries at a time, never all of them as Python rows or JSON."""
    out_dir = Path(out_dir)
    if manifest_is_current(out_dir, entries, previous):  # a no-op run rewrites nothing
        (out_dir / JOURNAL).unlink(missing_ok=True)
        return
    paths = sorted(entries)
    data = _manifest_bytes(entries, paths)
    with built_aside(out_dir / MIRROR) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps({"manifest_sha256": hashlib.sha256(data).hexdigest(), "entries": len(paths)}) + "\n")
        for p in paths:
            f.write(json.dumps(_entry_to_dict(entries[p]), ensure_ascii=False) + "\n")
    write_files_atomically([(out_dir / MANIFEST, data)])  # after its mirror: a crash between, the mirror is ignored
    (out_dir / OLD_MIRROR).unlink(missing_ok=True)
    (out_dir / JOURNAL).unlink(missing_ok=True)


def _manifest_bytes(entries: Mapping[str, ManifestEntry], paths: list[str]) -> bytes:
    from pipeline.output.parquet import PARQUET_OPTIONS, rows_to_bytes, rows_to_table

    if len(paths) <= MANIFEST_BATCH:
        return rows_to_bytes("manifest", [entry_to_row(entries[p]) for p in paths])
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline.output.schemas import SCHEMAS

    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, SCHEMAS["manifest"], **PARQUET_OPTIONS) as writer:
        for k in range(0, len(paths), MANIFEST_BATCH):
            writer.write_table(rows_to_table("manifest", [entry_to_row(entries[p])
                                                          for p in paths[k:k + MANIFEST_BATCH]]))
    return sink.getvalue().to_pybytes()


def manifest_is_current(out_dir: Path, entries: Mapping[str, ManifestEntry],
                        previous: Mapping[str, ManifestEntry] | None = None) -> bool:
    journal = out_dir / JOURNAL
    if (journal.exists() and journal.stat().st_size) or not (out_dir / MANIFEST).exists():
        return False
    on_disk = read_manifest(out_dir) if previous is None else previous
    return on_disk == entries and all(on_disk[p].stamps == e.stamps for p, e in entries.items())


class Journal:
    def __init__(self, out_dir: Path):
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        self._f = open(Path(out_dir) / JOURNAL, "a", encoding="utf-8")

    def _append(self, line: str, durable: bool = True) -> None:
        self._f.write(line + "\n")
        self._f.flush()
        if durable:
            os.fsync(self._f.fileno())

    def put(self, e: ManifestEntry, durable: bool = True) -> None:
        """``durable=False``: a line that need only outlive this process (the kernel has it once
        written), not a power cut."""
        self._append(_entry_to_json(e), durable)

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
    from pipeline.output.parquet import rows_to_bytes

    write_files_atomically([(path, rows_to_bytes("runs", rows))])
    return path

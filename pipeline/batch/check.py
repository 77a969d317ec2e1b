"""``pipeline check OUT``: every file a report owns against what the manifest recorded when the
batch wrote it (size and sha256), and that it opens with its declared schema
(``pipeline.output.schemas``); missing files, files no manifest row owns (orphans), and a
manifest that disagrees with the files (the report row names another id or another source).

Two depths: ``full`` (``pipeline check``: every byte hashed, every file parsed) and quick (the
readers of OUT, ``warehouse``, ``report``, ``compare``: sizes and the Parquet magic bytes of
header and footer, a stat and 8 bytes per file; a replaced file of the same size is left to
``pipeline check``). ``extract`` verifies a report's records before it calls the report
unchanged (``verify_report``), so a re-run repairs what a check finds: a stat per file, and the
sha256 only of a file whose stamp (``manifest.FileStamp``: mtime, ctime, inode) is not the one
recorded, since any replacement through the file system changes ctime or inode. What only
``pipeline check`` finds is damage below the file system (a bit flipped on the disk).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.batch.manifest import JOURNAL, MANIFEST, FileRecord, FileStamp, ManifestEntry, read_manifest
from pipeline.keys.compare import BASE_KEYS, PENDING, REGISTRY
from pipeline.output.files import file_stem
from pipeline.output.rows import PER_REPORT

if TYPE_CHECKING:
    import pyarrow as pa

# every file a report owns: directory -> schema name (pipeline.output.schemas)
REPORT_FILES: dict[str, str] = {**{n: n for n in PER_REPORT}, REGISTRY: "metric_keys", BASE_KEYS: "base_keys",
                                "changes": "changes"}
# written by reconcile, after the report's own files: absent while a reconcile is pending
AFTER_RECONCILE = frozenset({"changes"})
PARQUET_MAGIC = b"PAR1"
MIN_PARQUET_BYTES = 12  # header magic, footer length, footer magic


class ProblemKind(StrEnum):
    MISSING = "missing"
    SIZE = "size"
    SHA256 = "sha256"
    UNREADABLE = "unreadable"
    SCHEMA = "schema"
    ORPHAN = "orphan"
    DISAGREES = "disagrees"
    UNRECORDED = "unrecorded"
    MANIFEST = "manifest"


# what makes a file unfit to read; an orphan that reads and a report without records are not
DAMAGE = frozenset({ProblemKind.MISSING, ProblemKind.SIZE, ProblemKind.SHA256, ProblemKind.UNREADABLE,
                    ProblemKind.SCHEMA, ProblemKind.MANIFEST, ProblemKind.DISAGREES})


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # relative to OUT
    kind: ProblemKind
    detail: str
    report_id: str | None = None

    def line(self, out: Path) -> str:
        return f"{Path(out) / self.path}: {self.detail}"


class DamagedOut(RuntimeError):
    """A reader of OUT met damaged files; the message is one line naming the first."""

    def __init__(self, out: Path, problems: list[Problem]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0].line(out)}{more}; run pipeline check {out}")


def report_path(out: Path, dataset: str, report_id: str) -> Path:
    return Path(out) / dataset / f"{file_stem(report_id)}.parquet"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp_of(dataset: str, st: os.stat_result) -> FileStamp:
    return FileStamp(dataset, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def record_report(out: Path, report_id: str) -> tuple[tuple[FileRecord, ...], tuple[FileStamp, ...]]:
    """The records and stamps of a report's files as they are on disk now (just written by this
    process)."""
    records, stamps = [], []
    for d in REPORT_FILES:
        try:
            with open(report_path(out, d, report_id), "rb") as f:
                data = f.read()
                st = os.fstat(f.fileno())
        except FileNotFoundError:
            continue
        records.append(FileRecord(d, len(data), hashlib.sha256(data).hexdigest()))
        stamps.append(stamp_of(d, st))
    return tuple(records), tuple(stamps)


def records_of_written(out: Path, report_id: str, files: Mapping[str, bytes]) -> tuple[
        tuple[FileRecord, ...], tuple[FileStamp, ...]]:
    """Records and stamps of a report's files just written from ``files`` (dataset -> bytes),
    from the bytes in hand: a stat per file, no read."""
    records, stamps = [], []
    for d in REPORT_FILES:
        if (data := files.get(d)) is not None:
            records.append(FileRecord(d, len(data), hashlib.sha256(data).hexdigest()))
            stamps.append(stamp_of(d, report_path(out, d, report_id).stat()))
    return tuple(records), tuple(stamps)


def _unrecorded_after_reconcile(out: Path, e: ManifestEntry, report_id: str) -> bool:
    """A file reconcile writes that exists without a record: the run that wrote the report's
    other files (and recorded them as it wrote them) was stopped before its reconcile."""
    recorded = {r.dataset for r in e.files}
    return any(d not in recorded and report_path(out, d, report_id).exists() for d in AFTER_RECONCILE)


def _rerecorded(out: Path, e: ManifestEntry, report_id: str) -> tuple[tuple[FileRecord, ...], tuple[FileStamp, ...]]:
    """``record_report``, reading only the files whose stamp is not the one recorded with their
    record (written since: keys reconciled, warnings added, changes; or never recorded)."""
    known = {r.dataset: r for r in e.files}
    stamped = {s.dataset: s for s in e.stamps}
    records, stamps = [], []
    for d in REPORT_FILES:
        path = report_path(out, d, report_id)
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        stamp = stamp_of(d, st)
        record = known.get(d)
        if record is None or stamped.get(d) != stamp or record.size != st.st_size:
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            record = FileRecord(d, len(data), hashlib.sha256(data).hexdigest())
        records.append(record)
        stamps.append(stamp)
    return tuple(records), tuple(stamps)


def _magic_problem(data_head: bytes, data_tail: bytes, size: int) -> str | None:
    if size < MIN_PARQUET_BYTES:
        return f"not a Parquet file ({size} bytes)"
    if data_head != PARQUET_MAGIC or data_tail != PARQUET_MAGIC:
        return "not a Parquet file (magic bytes missing: truncated or overwritten)"
    return None


def _quick_unreadable(path: Path, size: int) -> str | None:
    with open(path, "rb") as f:
        head = f.read(4)
        f.seek(max(0, size - 4))
        tail = f.read(4)
    return _magic_problem(head, tail, size)


def _parse_problem(data: bytes, schema_name: str) -> tuple[ProblemKind, str] | pa.Table:
    """(kind, detail) when the bytes do not open with the declared schema, else their table."""
    import pyarrow as pa  # lazy: extract's unchanged run loads no pyarrow
    import pyarrow.parquet as pq

    from pipeline.output.schemas import SCHEMAS

    if (why := _magic_problem(data[:4], data[-4:], len(data))) is not None:
        return ProblemKind.UNREADABLE, why
    try:
        table = pq.ParquetFile(pa.BufferReader(data)).read()
    except Exception as exc:  # noqa: BLE001 - any reader error is the finding
        return ProblemKind.UNREADABLE, f"cannot be read: {type(exc).__name__}: {exc}"
    want = [(f.name, f.type) for f in SCHEMAS[schema_name]]
    got = [(f.name, f.type) for f in table.schema]
    if got != want:
        diff = sorted({n for n, _ in want} ^ {n for n, _ in got}) or sorted(
            n for (n, t), (_, u) in zip(want, got, strict=False) if t != u)
        return ProblemKind.SCHEMA, f"does not have the {schema_name} schema (differs in {', '.join(diff[:5])})"
    return table


def verify_file(out: Path, dataset: str, report_id: str, record: FileRecord | None, *,
                full: bool) -> tuple[Problem | None, pa.Table | None]:
    """One file of a report against its record: (problem or None, its table when parsed)."""
    path = report_path(out, dataset, report_id)
    rel = str(path.relative_to(out))

    def problem(kind: ProblemKind, detail: str) -> tuple[Problem, None]:
        return Problem(rel, kind, detail, report_id), None
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return problem(ProblemKind.MISSING, "missing (the manifest records it)" if record else "missing")
    if record is not None and size != record.size:
        return problem(ProblemKind.SIZE, f"{size} bytes, {record.size} when written (truncated or replaced)")
    if not full:
        why = _quick_unreadable(path, size)
        return (problem(ProblemKind.UNREADABLE, why) if why else (None, None))
    data = path.read_bytes()
    if record is not None and hashlib.sha256(data).hexdigest() != record.sha256:
        return problem(ProblemKind.SHA256, "sha256 differs from when written (replaced or corrupted)")
    parsed = _parse_problem(data, REPORT_FILES[dataset])
    return problem(*parsed) if isinstance(parsed, tuple) else (None, parsed)


def verify_report(out: Path, e: ManifestEntry) -> tuple[FileStamp, ...] | None:
    """The stamps of a report's files now if they are as recorded, else None. ``extract`` asks
    before it skips an unchanged source. A file whose size and stamp are those recorded is taken
    as recorded; any other is hashed (a copied OUT hashes every file once, then has new stamps).
    Without records (a manifest of an older pipeline, a run killed before it recorded them)
    every file must be there and open with its schema."""
    rid = e.owned_report_id
    assert rid is not None, "extract asks only of an entry that owns its report (damaged_sources, update_records)"
    records = {r.dataset: r for r in e.files}
    if not records:
        ok = all(verify_file(out, d, rid, None, full=True)[0] is None
                 for d in REPORT_FILES if d not in AFTER_RECONCILE)
        return () if ok else None
    if any(d not in records for d in REPORT_FILES if d not in AFTER_RECONCILE):
        return None
    known = {s.dataset: s for s in e.stamps}
    stamps = []
    folder, name = os.fspath(out), f"{file_stem(rid)}.parquet"  # strings: a no-op run stats every file
    for r in records.values():
        path = os.path.join(folder, r.dataset, name)
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        stamp = stamp_of(r.dataset, st)
        if st.st_size != r.size or (known.get(r.dataset) != stamp and sha256_file(Path(path)) != r.sha256):
            return None
        stamps.append(stamp)
    return tuple(stamps)


def intact(out: Path, e: ManifestEntry) -> bool:
    """Are a report's files as recorded (``verify_report``)?"""
    return verify_report(out, e) is not None


def owners(entries: Mapping[str, ManifestEntry]) -> tuple[dict[str, ManifestEntry], list[Problem]]:
    """Report id -> the entry that owns it; two entries owning one report is a problem."""
    owned: dict[str, ManifestEntry] = {}
    problems = []
    for e in sorted(entries.values(), key=lambda e: e.source_path):
        if (rid := e.owned_report_id) is None:
            continue
        if rid in owned:
            problems.append(Problem(MANIFEST, ProblemKind.DISAGREES, f"two sources own report {rid}: "
                                    f"{owned[rid].source_path} and {e.source_path}", rid))
            continue
        owned[rid] = e
    return owned, problems


def _check_report(out: Path, e: ManifestEntry, *, full: bool, pending: bool,
                  datasets: Iterable[str] | None = None) -> list[Problem]:
    rid = e.owned_report_id
    assert rid is not None, "only the owners of reports are checked (owners)"
    records = {r.dataset: r for r in e.files}
    problems: list[Problem] = []
    if full and not records:
        problems.append(Problem(str(report_path(out, "reports", rid).relative_to(out)), ProblemKind.UNRECORDED,
                                f"the manifest records no size or sha256 for report {rid} "
                                "(written by an older pipeline; run pipeline extract to record them)", rid))
    for d in datasets or REPORT_FILES:
        if d in AFTER_RECONCILE and d not in records and (pending or not full):
            continue
        problem, table = verify_file(out, d, rid, records.get(d), full=full)
        if problem is not None:
            problems.append(problem)
        elif d == "reports" and table is not None:
            problems += _disagreement(out, e, rid, table.to_pylist())
    return problems


def _disagreement(out: Path, e: ManifestEntry, rid: str, rows: list[dict[str, object]]) -> list[Problem]:
    rel = str(report_path(out, "reports", rid).relative_to(out))
    if len(rows) != 1:
        return [Problem(rel, ProblemKind.DISAGREES, f"{len(rows)} report rows, one expected", e.report_id)]
    row = rows[0]
    for col, want in (("report_id", e.report_id), ("source_path", e.source_path), ("source_sha256", e.sha256)):
        if row.get(col) != want:
            return [Problem(rel, ProblemKind.DISAGREES,
                            f"its {col} is {row.get(col)!r}, the manifest says {want!r}", e.report_id)]
    return []


def _orphans(out: Path, owned_stems: set[str], *, full: bool) -> list[Problem]:
    problems = []
    for d, schema in REPORT_FILES.items():
        folder = out / d
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.parquet")):
            if path.stem in owned_stems:
                continue
            rel = str(path.relative_to(out))
            if full:
                parsed = _parse_problem(path.read_bytes(), schema)
                why = parsed[1] if isinstance(parsed, tuple) else None
            else:
                why = _quick_unreadable(path, path.stat().st_size)
            if why is not None:
                problems.append(Problem(rel, ProblemKind.UNREADABLE, f"no manifest row owns it, and it is {why}"
                                        if why.startswith("not ") else f"no manifest row owns it, and it {why}"))
            else:
                problems.append(Problem(rel, ProblemKind.ORPHAN, "no manifest row owns it (orphan)"))
    return problems


def _read_entries(out: Path) -> tuple[dict[str, ManifestEntry], list[Problem]]:
    if not (out / MANIFEST).exists() and not (out / JOURNAL).exists():
        has_data = any((out / d).is_dir() and any((out / d).glob("*.parquet")) for d in REPORT_FILES)
        return {}, ([Problem(MANIFEST, ProblemKind.MANIFEST, "missing: no manifest for the datasets here")]
                    if has_data else [])
    try:
        return read_manifest(out), []
    except Exception as exc:  # noqa: BLE001 - a damaged manifest is the finding
        return {}, [Problem(MANIFEST, ProblemKind.MANIFEST, f"cannot be read: {type(exc).__name__}: {exc}")]


def check_out(out: Path | str, *, full: bool = True) -> list[Problem]:
    """Every problem of OUT, sorted by file; [] for a healthy OUT."""
    out = Path(out)
    entries, problems = _read_entries(out)
    if problems:  # without a manifest no file can be judged: every one would be an orphan
        return problems
    owned, more = owners(entries)
    problems += more
    pending = (out / PENDING).exists() or (out / JOURNAL).exists()
    for rid in sorted(owned):
        problems += _check_report(out, owned[rid], full=full, pending=pending)
    problems += _duplicate_problems(entries, owned)
    problems += _orphans(out, {file_stem(r) for r in owned}, full=full)
    return sorted(problems, key=lambda p: (p.path, p.kind))


def _duplicate_problems(entries: Mapping[str, ManifestEntry], owned: Mapping[str, ManifestEntry]) -> list[Problem]:
    problems = []
    for e in sorted(entries.values(), key=lambda e: e.source_path):
        if e.status == "duplicate" and (e.report_id is None or e.report_id not in owned
                                        or owned[e.report_id].source_path != e.duplicate_of):
            problems.append(Problem(MANIFEST, ProblemKind.DISAGREES, f"{e.source_path} is recorded as a copy of "
                                    f"{e.duplicate_of}, which does not own report {e.report_id}", e.report_id))
    return problems


def damage(out: Path | str, report_ids: Iterable[str] | None = None,
           datasets: Iterable[str] | None = None) -> list[Problem]:
    """What would break a reader of OUT (quick check): of the given reports (None: all) and
    datasets (None: all), plus unreadable files no manifest row owns."""
    out = Path(out)
    entries, problems = _read_entries(out)
    owned, _ = owners(entries)
    if not entries and not problems:  # no manifest: written by hand or by tests; the files alone
        owned = {}
    ids = sorted(owned) if report_ids is None else [r for r in report_ids if r in owned]
    for rid in ids:
        problems += _check_report(out, owned[rid], full=False, pending=True, datasets=datasets)
    if report_ids is None:
        problems += [p for p in _orphans(out, {file_stem(r) for r in owned}, full=False)
                     if p.kind is ProblemKind.UNREADABLE and (datasets is None or p.path.split(os.sep)[0] in datasets)]
    return sorted((p for p in problems if p.kind in DAMAGE), key=lambda p: p.path)


def damaged_reports(problems: Iterable[Problem]) -> dict[str, tuple[str, ...]]:
    """Report file stem -> its damaged files (relative to OUT), for the site's index."""
    by_stem: dict[str, list[str]] = {}
    for p in problems:
        stem = file_stem(p.report_id) if p.report_id else Path(p.path).stem
        by_stem.setdefault(stem, []).append(p.path)
    return {stem: tuple(sorted(set(paths))) for stem, paths in by_stem.items()}


def require_intact(out: Path | str, report_ids: Iterable[str] | None = None,
                   datasets: Iterable[str] | None = None) -> None:
    """Raise ``DamagedOut`` (one line) when a file a reader needs is damaged."""
    if problems := damage(out, report_ids, datasets):
        raise DamagedOut(Path(out), problems)


# --- extract: verify before skipping, record after writing -----------------------------------

def damaged_sources(out: Path, entries: dict[str, ManifestEntry], sources: Iterable) -> set[str]:
    """Paths of the sources (``inputs.Source``) that look unchanged but whose report's files are
    not as recorded: extract does them again, which repairs OUT. An entry whose files were hashed
    and found as recorded gets their new stamps, so the next run need not hash them again."""
    from dataclasses import replace

    damaged = set()
    for s in sources:
        e = entries.get(s.path)
        if e is None or not e.owns_report or e.sha256 != s.sha256:
            continue
        stamps = verify_report(out, e)
        if stamps is None:
            damaged.add(s.path)
        elif e.files and stamps != e.stamps:
            entries[s.path] = replace(e, stamps=stamps)
    return damaged


def update_records(out: Path, entries: dict[str, ManifestEntry], stems: set[str]) -> None:
    """Record size, sha256 and stamp of the files of every report this run wrote (``stems``,
    from ``files.write_log``), and of every owning entry without records yet, in its manifest
    entry."""
    from dataclasses import replace

    for path, e in list(entries.items()):
        if (rid := e.owned_report_id) is None:
            if e.files or e.stamps:  # an owner that became a copy owns no files
                entries[path] = replace(e, files=(), stamps=())
            continue
        if file_stem(rid) in stems or (not e.files and intact(out, e)) or _unrecorded_after_reconcile(out, e, rid):
            records, stamps = _rerecorded(out, e, rid)
            if (records, stamps) != (e.files, e.stamps):
                entries[path] = replace(e, files=records, stamps=stamps)

"""The output contract: one pyarrow schema per dataset, declared here and nowhere else.

``extraction_to_rows`` turns one document's ``Extraction`` into rows that match the schemas;
``report_to_files`` encodes them (in a worker process, for a batch) and ``write_files_atomically``
writes the bytes, one file per report per dataset (temporary names, one fsync round, renames).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.model import Extraction, ReportStatus, Severity

SCHEMA_VERSION = "2.0"

_s, _f, _i, _d, _ts = pa.string(), pa.float64(), pa.int32(), pa.date32(), pa.timestamp("us", tz="UTC")


def _schema(*cols: tuple[str, pa.DataType], nullable: Iterable[str] = ()) -> pa.Schema:
    nullable = set(nullable)
    return pa.schema([pa.field(n, t, nullable=n in nullable) for n, t in cols],
                     metadata={"schema_version": SCHEMA_VERSION})


def _make(cols: list[tuple[str, pa.DataType]], required: Iterable[str]) -> pa.Schema:
    req = set(required)
    return _schema(*cols, nullable=[n for n, _ in cols if n not in req])


SCHEMAS: dict[str, pa.Schema] = {
    "reports": _make([
        ("report_id", _s), ("schema_version", _s), ("title", _s), ("organisation", _s),
        ("organisation_code", _s), ("organisation_name", _s), ("committee", _s), ("committee_name", _s),
        ("report_kind", _s), ("period_start", _d), ("period_end", _d), ("source_path", _s),
        ("source_format", _s), ("source_sha256", _s), ("page_count", _i), ("profile", _s),
        ("pipeline_version", _s), ("extracted_at", _ts), ("status", _s), ("n_goals", _i),
        ("n_metrics", _i), ("n_links", _i), ("n_warnings", _i), ("n_errors", _i),
        ("n_sections", _i), ("n_tables", _i), ("n_facts", _i), ("n_entities", _i),
    ], required=["report_id", "schema_version", "source_path", "source_format", "source_sha256", "profile",
                 "pipeline_version", "extracted_at", "status"]),
    "sections": _make([
        ("report_id", _s), ("section_id", _s), ("parent_id", _s), ("level", _i), ("kind", _s),
        ("title", _s), ("text", _s), ("page_start", _i), ("page_end", _i), ("char_start", _i),
        ("char_end", _i),
    ], required=["report_id", "section_id", "level", "kind", "title", "char_start", "char_end"]),
    "goals": _make([
        ("report_id", _s), ("goal_key", _s), ("perspective", _s), ("strategic_goal", _s),
        ("status", _s), ("status_source", _s), ("status_symbol", _s), ("status_color", _s),
        ("assessment", _s), ("n_success_factors", _i), ("page", _i), ("section_id", _s),
        ("success_factors", pa.list_(_s)), ("status_evidence", _s), ("forecast", _s),
        ("bbox_x0", _f), ("bbox_top", _f), ("bbox_x1", _f), ("bbox_bottom", _f),
        ("char_start", _i), ("char_end", _i),
        # contract v2
        ("goal_level", _s), ("parent_goal_key", _s), ("theme", _s), ("comment", _s),
    ], required=["report_id", "goal_key", "strategic_goal"]),
    "metrics": _make([
        ("report_id", _s), ("metric_key", _s), ("perspective", _s), ("strategic_goal", _s),
        ("success_factor", _s), ("metric", _s), ("metric_kind", _s), ("target_raw", _s),
        ("target_kind", _s), ("target_value", _f), ("target_value_2", _f), ("target_unit", _s), ("target_women", _f),
        ("target_men", _f), ("target_direction", _s), ("status", _s), ("status_source", _s),
        ("status_symbol", _s), ("status_color", _s), ("status_evidence", _s), ("trend", _s),
        ("trend_symbol", _s), ("page", _i), ("bbox_x0", _f), ("bbox_top", _f), ("bbox_x1", _f),
        ("bbox_bottom", _f), ("table_id", _s), ("row_index", _i), ("confidence", _f),
        ("char_start", _i), ("char_end", _i),
        # contract v2
        ("state", _s), ("progress", _f), ("outcome_raw", _s), ("outcome_value", _f), ("comment", _s),
        ("theme", _s),
    ], required=["report_id", "metric_key", "metric", "metric_kind", "table_id", "row_index", "confidence"]),
    "links": _make([
        ("report_id", _s), ("metric_key", _s), ("section_id", _s), ("method", _s), ("score", _f),
        ("evidence", _s),
    ], required=["report_id", "metric_key", "section_id", "method", "score"]),
    "facts": _make([
        ("report_id", _s), ("section_id", _s), ("metric_key", _s), ("sentence", _s), ("raw", _s),
        ("value", _f), ("value_max", _f), ("unit", _s), ("qualifier", _s), ("gender", _s),
        ("char_start", _i), ("char_end", _i),
    ], required=["report_id", "section_id", "raw", "value", "unit", "char_start", "char_end"]),
    "entities": _make([
        ("report_id", _s), ("section_id", _s), ("text", _s), ("label", _s), ("char_start", _i),
        ("char_end", _i),
    ], required=["report_id", "text", "label", "char_start", "char_end"]),
    "tables": _make([
        ("report_id", _s), ("table_id", _s), ("table_kind", _s), ("page", _i), ("row_index", _i),
        ("col_index", _i), ("header", _s), ("role", _s), ("row_label", _s), ("value_raw", _s),
        ("value_num", _f),
    ], required=["report_id", "table_id", "row_index", "col_index"]),
    "errors": _make([
        ("report_id", _s), ("source_path", _s), ("stage", _s), ("page", _i), ("severity", _s),
        ("message", _s),
    ], required=["source_path", "stage", "severity", "message"]),
    "changes": _make([
        ("metric_key", _s), ("from_report_id", _s), ("to_report_id", _s), ("change", _s),
        ("old_value", _s), ("new_value", _s), ("similarity", _f), ("organisation", _s),
        ("committee", _s), ("metric", _s), ("success_factor", _s),
    ], required=["metric_key", "to_report_id", "change"]),
    # batch: one row per source file seen (OUT/_manifest.parquet): the input and its outcome only,
    # so two runs over the same inputs write the same bytes (processed_at follows SOURCE_DATE_EPOCH)
    "manifest": _make([
        ("source_path", _s), ("sha256", _s), ("size", pa.int64()), ("source_format", _s),
        ("report_id", _s), ("status", _s), ("duplicate_of", _s), ("pipeline_version", _s),
        ("profile", _s), ("profile_hash", _s), ("message", _s), ("processed_at", _ts),
    ], required=["source_path", "sha256", "status", "pipeline_version", "profile"]),
    # batch: per-run figures, one row per source extracted in a run (OUT/_runs/<run-id>.parquet)
    "runs": _make([
        ("run_id", _s), ("source_path", _s), ("sha256", _s), ("status", _s), ("seconds", _f),
        ("peak_rss_mb", _f), ("worker", _s), ("run_started_at", _ts), ("run_finished_at", _ts),
    ], required=["run_id", "source_path"]),
    # compare: the key registry, one row per metrics row of a report (OUT/metric_keys/)
    "metric_keys": _make([
        ("report_id", _s), ("organisation", _s), ("committee", _s), ("period_end", _d),
        ("position", _i), ("success_factor", _s), ("metric", _s), ("metric_kind", _s),
        ("base_key", _s), ("metric_key", _s), ("alias_of", _s), ("similarity", _f),
    ], required=["report_id", "position", "base_key", "metric_key"]),
    # compare: the scorecard's own keys of a report's links/facts rows, by position, so a
    # key rewrite can always start from them (OUT/_base_keys/, private)
    "base_keys": _make([
        ("report_id", _s), ("dataset", _s), ("position", _i), ("base_key", _s),
    ], required=["report_id", "dataset", "position"]),
}

PER_REPORT = ("reports", "sections", "goals", "metrics", "links", "facts", "entities", "tables", "errors")


class _NoPandas:
    """A meta-path finder that refuses pandas, while pyarrow probes for it."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not needed to build tables from Python lists")


@cache
def _skip_pandas_probe() -> None:
    """pyarrow imports pandas (a third of a second) the first time it converts a Python list,
    only to ask whether the list is a pandas object. A process that has not imported pandas
    holds none, so the probe is answered "no pandas". pyarrow imports pandas later if asked
    for a DataFrame (``to_pandas``), and does no probe once pandas is imported."""
    if "pandas" in sys.modules:
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)


def rows_to_table(name: str, rows: list[dict]) -> pa.Table:
    """Build an Arrow table for dataset ``name``; raises if a row breaks the schema."""
    _skip_pandas_probe()
    schema = SCHEMAS[name]
    cols = {f.name: [r.get(f.name) for r in rows] for f in schema}
    extra = {k for r in rows for k in r} - set(cols)
    if extra:
        raise ValueError(f"dataset {name}: columns not in schema: {sorted(extra)}")
    table = pa.table(cols, schema=schema)
    nulls = [f.name for f in schema if not f.nullable and table.column(f.name).null_count]
    if nulls:
        raise ValueError(f"dataset {name}: required columns with null values: {nulls}")
    return table


def _target(target) -> dict:
    """A metric's target columns; all null where the template prints no target."""
    if target is None:
        return dict.fromkeys(("target_raw", "target_kind", "target_value", "target_value_2", "target_unit",
                              "target_women", "target_men", "target_direction"))
    return {"target_raw": target.raw, "target_kind": target.kind, "target_value": target.value,
            "target_value_2": target.value_2, "target_unit": target.unit, "target_women": target.women,
            "target_men": target.men, "target_direction": target.direction}


def _bbox(prov) -> dict:
    b = prov.bbox
    return {"bbox_x0": b.x0 if b else None, "bbox_top": b.top if b else None,
            "bbox_x1": b.x1 if b else None, "bbox_bottom": b.bottom if b else None}


def report_status(ex: Extraction) -> ReportStatus:
    # a page that cannot be read leaves the rest of the document: partial, not failed
    if any(e.severity == Severity.ERROR and e.stage in ("read", "run") and e.page is None for e in ex.errors):
        return ReportStatus.FAILED
    if any(e.severity == Severity.ERROR for e in ex.errors):  # no scorecard is not an error (issue 9)
        return ReportStatus.PARTIAL
    return ReportStatus.OK


def extraction_to_rows(ex: Extraction, *, report_id: str, profile: str, pipeline_version: str,
                       extracted_at: datetime) -> dict[str, list[dict]]:
    rid = report_id
    return {
        "reports": [_report_row(ex, rid, profile, pipeline_version, extracted_at)],
        "sections": [_section_row(s, rid) for s in ex.sections],
        "goals": [_goal_row(g, rid) for g in ex.goals],
        "metrics": [_metric_row(m, rid) for m in ex.metrics],
        "links": [{"report_id": rid, "metric_key": k.metric_key, "section_id": k.section_id,
                   "method": k.method, "score": k.score, "evidence": k.evidence} for k in ex.links],
        "facts": [{"report_id": rid, "section_id": f.section_id, "metric_key": f.metric_key,
                   "sentence": f.sentence, "raw": f.raw, "value": f.value, "value_max": f.value_max,
                   "unit": f.unit, "qualifier": f.qualifier, "gender": f.gender,
                   "char_start": f.char_start, "char_end": f.char_end} for f in ex.facts],
        "entities": [{"report_id": rid, "section_id": e.section_id, "text": e.text, "label": e.label,
                      "char_start": e.char_start, "char_end": e.char_end} for e in ex.entities],
        "tables": table_rows(ex, rid),
        "errors": [{"report_id": rid, "source_path": ex.document.source_path, "stage": e.stage, "page": e.page,
                    "severity": e.severity.value, "message": e.message} for e in ex.errors],
    }


def _report_row(ex: Extraction, rid: str, profile: str, pipeline_version: str, extracted_at: datetime) -> dict:
    doc, meta = ex.document, ex.meta
    n_warn = sum(e.severity == Severity.WARNING for e in ex.errors)
    fields = ("title", "organisation", "organisation_code", "organisation_name", "committee", "committee_name",
              "report_kind", "period_start", "period_end")
    return {
        "report_id": rid, "schema_version": SCHEMA_VERSION,
        **{f: getattr(meta, f) if meta else None for f in fields},
        "source_path": doc.source_path, "source_format": doc.source_format,
        "source_sha256": doc.sha256, "page_count": doc.page_count, "profile": profile,
        "pipeline_version": pipeline_version, "extracted_at": extracted_at,
        "status": report_status(ex).value, "n_goals": len(ex.goals), "n_metrics": len(ex.metrics),
        "n_links": len(ex.links), "n_warnings": n_warn, "n_errors": len(ex.errors) - n_warn,
        "n_sections": len(ex.sections), "n_tables": len(ex.tables), "n_facts": len(ex.facts),
        "n_entities": len(ex.entities),
    }


def _section_row(s, rid: str) -> dict:
    return {"report_id": rid, "section_id": s.section_id, "parent_id": s.parent_id, "level": s.level,
            "kind": s.kind.value, "title": s.title, "text": s.text, "page_start": s.prov.page,
            "page_end": s.prov.page_end if s.prov.page_end is not None else s.prov.page,
            "char_start": s.prov.char_start, "char_end": s.prov.char_end}


def _status(reading) -> dict:
    return {"status": reading.status, "status_source": reading.source, "status_symbol": reading.symbol,
            "status_color": reading.color, "status_evidence": reading.evidence}


def _goal_row(g, rid: str) -> dict:
    return {
        "report_id": rid, "goal_key": g.goal_key, "perspective": g.perspective,
        "strategic_goal": g.strategic_goal, **_status(g.status), "assessment": g.assessment,
        "n_success_factors": len(g.success_factors), "page": g.prov.page,
        "section_id": g.section_id, "success_factors": list(g.success_factors),
        "forecast": g.forecast, **_bbox(g.prov),
        "char_start": g.prov.char_start, "char_end": g.prov.char_end, "goal_level": g.goal_level,
        "parent_goal_key": g.parent_goal_key, "theme": g.theme, "comment": g.comment,
    }


def _metric_row(m, rid: str) -> dict:
    return {
        "report_id": rid, "metric_key": m.metric_key, "perspective": m.perspective,
        "strategic_goal": m.strategic_goal, "success_factor": m.success_factor, "metric": m.metric,
        "metric_kind": m.metric_kind, **_target(m.target), **_status(m.status), "trend": m.trend,
        "trend_symbol": m.trend_symbol, "page": m.prov.page, **_bbox(m.prov),
        "table_id": m.table_id, "row_index": m.row_index, "confidence": m.confidence,
        "char_start": m.prov.char_start, "char_end": m.prov.char_end, "state": m.state,
        "progress": m.progress, "outcome_raw": m.outcome.raw if m.outcome else None,
        "outcome_value": m.outcome.value if m.outcome else None, "comment": m.comment, "theme": m.theme,
    }


def table_rows(ex: Extraction, rid: str) -> list[dict]:
    from pipeline.numbers import parse_number  # local: numbers is a leaf module

    rows = []
    for t in ex.tables:
        for r, row in enumerate(t.rows):
            label = row[0].text if row else None
            for c, cell in enumerate(row):
                rows.append({
                    "report_id": rid, "table_id": t.table_id, "table_kind": t.kind,
                    "page": cell.prov.page, "row_index": r, "col_index": c,
                    "header": t.header[c] if c < len(t.header) else None,
                    "role": t.roles[c] if c < len(t.roles) else None,
                    "row_label": label, "value_raw": cell.text, "value_num": parse_number(cell.text),
                })
    return rows


PARQUET_OPTIONS = {"compression": "zstd"}  # one encoding everywhere: same rows, same bytes


def table_to_bytes(table: pa.Table) -> bytes:
    """A dataset file's bytes, exactly as ``_atomic_write`` would write them. Worker processes
    encode with this, so the process that owns OUT only writes bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def rows_to_bytes(name: str, rows: list[dict]) -> bytes:
    return table_to_bytes(rows_to_table(name, rows))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # mkstemp makes 0600 files; readers (BI, other users) need the umask's


def _mkstemp(path: Path) -> tuple[int, str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def _atomic_write(table: pa.Table, path: Path) -> None:
    """Write one file: temporary name, fsync, rename. A reader sees the old file or the new one."""
    fd, tmp = _mkstemp(path)
    os.close(fd)
    try:
        pq.write_table(table, tmp, **PARQUET_OPTIONS)
        os.chmod(tmp, _FILE_MODE)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_files_atomically(files: Iterable[tuple[Path, bytes]]) -> list[Path]:
    """Replace several files, each atomically, in the given order (put the file that marks the
    group complete last). All are written under temporary names first and fsynced together, then
    renamed: one round of disk flushes per group instead of one per file, and a crash (kill -9 or
    power loss) leaves every path with its old or its complete new bytes, never a partial file."""
    staged: list[tuple[str, Path]] = []
    try:
        fds = []
        try:
            for path, data in files:
                fd, tmp = _mkstemp(path)
                fds.append(fd)
                staged.append((tmp, path))
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fchmod(fd, _FILE_MODE)
            for fd in fds:  # after all writes: the kernel flushes the group's data together
                os.fsync(fd)
        finally:
            for fd in fds:
                os.close(fd)
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def remove_temp_files(out_dir: Path, dirnames: Iterable[str]) -> int:
    """Delete the temporary files a killed writer left behind (readers never see them)."""
    n = 0
    for d in dirnames:
        for p in (Path(out_dir) / d).glob(".*.parquet.*.tmp"):
            p.unlink(missing_ok=True)
            n += 1
    return n


def file_stem(report_id: str) -> str:
    """File name for a report's rows; report ids are slugs, but guard against odd ones."""
    safe = "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in report_id)
    if safe != report_id:
        safe += "-" + hashlib.sha1(report_id.encode()).hexdigest()[:8]
    return safe


def read_rows(source, columns: list[str] | None = None) -> list[dict]:
    """The rows of one Parquet file (a path or a buffer). ``ParquetFile`` rather than
    ``pq.read_table``: the latter goes through ``pyarrow.dataset``, which imports pandas (~0.5 s)
    into a run that may have nothing else to do."""
    table = pq.ParquetFile(source).read(columns=columns)
    cols = {name: _column_to_list(col) for name, col in zip(table.column_names, table.columns, strict=True)}
    return [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]


def _column_to_list(col: pa.ChunkedArray) -> list:
    """``to_pylist``, except zoned timestamps: pyarrow imports pandas and ``pyarrow.compute`` to
    convert them (~0.5 s), and a no-op run reads the manifest's ``processed_at`` and nothing else."""
    t = col.type
    if not (pa.types.is_timestamp(t) and t.tz and t.unit in _TICK):
        return col.to_pylist()
    try:
        tz = ZoneInfo(t.tz)
    except (ValueError, KeyError):  # "+01:00" and the like: not an IANA name
        return col.to_pylist()
    tick = _TICK[t.unit]
    return [None if v is None else (_EPOCH + v * tick).astimezone(tz)
            for chunk in col.chunks for v in chunk.view(pa.int64()).to_pylist()]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TICK = {"s": timedelta(seconds=1), "ms": timedelta(milliseconds=1), "us": timedelta(microseconds=1)}


def write_dataset(out_dir: Path, name: str, key: str, rows: list[dict]) -> Path:
    """Write (replace) the file of one key (report id) in one dataset, atomically."""
    path = Path(out_dir) / name / f"{file_stem(key)}.parquet"
    _atomic_write(rows_to_table(name, rows), path)
    return path


def report_write_order(names: Iterable[str]) -> list[str]:
    # reports/ last: a reader that sees the report row sees all of its other files
    names = list(names)
    return [n for n in names if n != "reports"] + (["reports"] if "reports" in names else [])


def report_to_files(rows: dict[str, list[dict]]) -> dict[str, bytes]:
    """The encoded file of every per-report dataset, in write order (pure: runs in a worker)."""
    return {n: rows_to_bytes(n, rows.get(n, [])) for n in report_write_order(PER_REPORT)}


def write_report(out_dir: Path, rows: dict[str, list[dict]], report_id: str) -> list[Path]:
    stem = file_stem(report_id)
    return write_files_atomically((Path(out_dir) / n / f"{stem}.parquet", data)
                                  for n, data in report_to_files(rows).items())


def remove_report(out_dir: Path, report_id: str) -> None:
    for name in PER_REPORT:
        (Path(out_dir) / name / f"{file_stem(report_id)}.parquet").unlink(missing_ok=True)


def utc_now() -> datetime:
    """Extraction time; SOURCE_DATE_EPOCH pins it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


__all__ = ["SCHEMAS", "PER_REPORT", "rows_to_table", "rows_to_bytes", "table_to_bytes", "extraction_to_rows",
           "report_to_files", "write_report", "write_files_atomically", "write_dataset", "remove_report",
           "report_status", "utc_now"]

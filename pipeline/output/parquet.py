"""Parquet: rows -> tables -> bytes or files, and files -> rows. The one module (with
``pipeline.output.schemas``) that imports pyarrow, so a run that encodes nothing never loads it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Literal, TypedDict, TypeVar, cast
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.output.files import dataset_file, file_stem, write_files_atomically
from pipeline.output.records import (
    RECORDS,
    EntityRow,
    ErrorRow,
    FactRow,
    GoalRow,
    LinkRow,
    MetricRow,
    PageRow,
    Record,
    ReportRecords,
    ReportRow,
    SectionRow,
    TableCellRow,
)
from pipeline.output.rows import PER_REPORT, Row, report_write_order
from pipeline.output.schemas import SCHEMAS

R = TypeVar("R", bound=Record)


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


def rows_to_table(name: str, rows: Sequence[Record] | Sequence[Row]) -> pa.Table:
    """Build an Arrow table for dataset ``name`` from its typed records (``pipeline.output.records``)
    or from rows read back from a file; raises if a row breaks the schema. The rows go to Arrow as
    one struct array: pyarrow reads every tuple's (or dict's) values in C, a third of the time of
    building a Python list per column first."""
    _skip_pandas_probe()
    schema = SCHEMAS[name]
    values: Sequence[object]
    if rows and not isinstance(rows[0], dict):  # records: their fields in the schema's order
        if any(type(r) is not RECORDS[name] for r in rows):
            raise ValueError(f"dataset {name}: records not of type {RECORDS[name].__name__}")
        values = list(map(_in_schema_order(name), rows))
    else:
        names = _names(name)
        if not names.issuperset(chain.from_iterable(rows)):  # looks keys up, builds no set
            raise ValueError(f"dataset {name}: columns not in schema: {sorted(set().union(*rows) - names)}")
        values = rows
    # a struct type makes a StructArray, which pyarrow-stubs cannot tell from pa.array's signature
    columns = pa.array(values, type=_row_type(name)).flatten()  # type: ignore[attr-defined]
    nulls = [schema.names[i] for i in _required(name) if columns[i].null_count]
    if nulls:
        raise ValueError(f"dataset {name}: required columns with null values: {nulls}")
    return pa.Table.from_arrays(columns, schema=schema)


@cache
def _in_schema_order(name: str) -> attrgetter[tuple[object, ...]]:
    """A record's values as a tuple in its schema's column order (a record puts required fields first)."""
    return attrgetter(*SCHEMAS[name].names)


def to_array(values: Sequence[object], type_: pa.DataType) -> pa.Array:
    """``pa.array`` without pyarrow's pandas probe (``_skip_pandas_probe``)."""
    _skip_pandas_probe()
    return pa.array(values, type_)


@cache
def _row_type(name: str) -> pa.StructType:
    return pa.struct(list(SCHEMAS[name]))


@cache
def _names(name: str) -> frozenset[str]:
    return frozenset(SCHEMAS[name].names)


@cache
def _required(name: str) -> tuple[int, ...]:
    """Positions of the columns that may hold no null."""
    return tuple(i for i, f in enumerate(SCHEMAS[name]) if not f.nullable)


# Snappy, plain encoding: a per-report file holds a few hundred values per column, where
# zstd's and the dictionary's fixed cost per column chunk is most of the encoding time
# (2.4x) and their smaller files mostly vanish in 4 KiB disk blocks (+17% on disk). Snappy
# is also the codec every Parquet reader has. One encoding everywhere: same rows, same bytes.
class _ParquetOptions(TypedDict):
    compression: Literal["snappy"]
    use_dictionary: bool


PARQUET_OPTIONS: _ParquetOptions = {"compression": "snappy", "use_dictionary": False}


def table_to_bytes(table: pa.Table) -> bytes:
    """A dataset file's bytes. Worker processes encode with this, so the process that owns OUT
    only writes bytes (``files.write_files_atomically``, the one atomic writer)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **PARQUET_OPTIONS)
    return sink.getvalue().to_pybytes()


def rows_to_bytes(name: str, rows: Sequence[Record] | Sequence[Row]) -> bytes:
    return table_to_bytes(rows_to_table(name, rows)) if rows else _empty_file(name)


@cache
def _empty_file(name: str) -> bytes:
    """A dataset's file without rows (most reports have no error rows): the same bytes every time."""
    return table_to_bytes(rows_to_table(name, []))


def read_rows(source, columns: list[str] | None = None) -> list[Row]:
    """The rows of one Parquet file (a path, its bytes or a buffer). ``ParquetFile`` rather than
    ``pq.read_table``: the latter goes through ``pyarrow.dataset``, which imports pandas (~0.5 s)
    into a run that may have nothing else to do."""
    if isinstance(source, bytes):
        source = pa.BufferReader(source)
    return list(_table_rows(pq.ParquetFile(source).read(columns=columns)))


def _table_rows(table: pa.Table) -> Iterator[Row]:
    cols = {name: _column_to_list(col) for name, col in zip(table.column_names, table.columns, strict=True)}
    return (dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True))


def iter_rows(source, batch_rows: int) -> Iterator[Row]:
    """``read_rows``, ``batch_rows`` rows at a time: a big file (a manifest of 20,000 sources)
    is never whole in memory as Python rows."""
    if isinstance(source, bytes):
        source = pa.BufferReader(source)
    for batch in pq.ParquetFile(source).iter_batches(batch_size=batch_rows):
        yield from _table_rows(pa.Table.from_batches([batch]))


def read_records(source: bytes, record: type[R]) -> list[R]:
    """The rows of one Parquet file as typed records of its dataset (a column the file lacks,
    written by an older schema, is null; the writer refuses a required one)."""
    table = pq.ParquetFile(pa.BufferReader(source)).read()
    cols = {n: _column_to_list(col) for n, col in zip(table.column_names, table.columns, strict=True)}
    if unknown := cols.keys() - set(record._fields):
        raise ValueError(f"{record.__name__}: columns not in the record: {sorted(unknown)}")
    missing = [None] * table.num_rows
    make = cast("Callable[[Iterable[object]], R]", record._make)  # a union's _make: mypy loses R
    return [make(values) for values in zip(*(cols.get(f, missing) for f in record._fields), strict=True)]


def decode_report(files: Mapping[str, bytes]) -> ReportRecords:
    """A report's records from its encoded files (``report_to_files``)."""
    def rows(record: type[R], name: str) -> tuple[R, ...]:
        return tuple(read_records(files[name], record))

    return ReportRecords(rows(ReportRow, "reports"), rows(SectionRow, "sections"), rows(GoalRow, "goals"),
                         rows(MetricRow, "metrics"), rows(LinkRow, "links"), rows(FactRow, "facts"),
                         rows(EntityRow, "entities"), rows(TableCellRow, "tables"), rows(ErrorRow, "errors"),
                         rows(PageRow, "pages"))


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


def write_dataset(out_dir: Path, name: str, key: str, rows: Sequence[Record] | Sequence[Row]) -> Path:
    """Write (replace) the file of one key (report id) in one dataset, atomically."""
    path = dataset_file(out_dir, name, key)
    write_files_atomically([(path, rows_to_bytes(name, rows))])
    return path


def report_to_files(records: ReportRecords) -> dict[str, bytes]:
    """The encoded file of every per-report dataset, in write order (pure: runs in a worker)."""
    return {n: rows_to_bytes(n, records.dataset(n)) for n in report_write_order(PER_REPORT)}


def write_report(out_dir: Path, records: ReportRecords, report_id: str) -> list[Path]:
    stem = file_stem(report_id)
    return write_files_atomically((dataset_file(out_dir, n, stem), data)
                                  for n, data in report_to_files(records).items())

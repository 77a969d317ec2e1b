import datetime as dt
import errno
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.batch.corpus import run_corpus
from pipeline.output.parquet import read_rows, rows_to_table, write_dataset, write_report
from pipeline.output.rows import PER_REPORT
from pipeline.output.schemas import SCHEMAS
from pipeline.run import extract_to_rows
from tests.conftest import TEXT_2021


def _value(field: pa.Field):
    t = field.type
    if pa.types.is_list(t):  # its items follow their own type (strings; the manifest's file records)
        base = st.lists(_value(t.value_field), max_size=3)
    elif pa.types.is_struct(t):
        base = st.fixed_dictionaries({f.name: _value(f) for f in t})
    elif pa.types.is_string(t):
        base = st.text(max_size=20)
    elif pa.types.is_floating(t):
        base = st.floats(allow_nan=False, width=64)
    elif pa.types.is_integer(t):
        base = st.integers(-(2**31), 2**31 - 1)
    elif pa.types.is_date(t):
        base = st.dates()
    elif pa.types.is_timestamp(t):
        base = st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0))
    else:  # pragma: no cover - a new type needs a strategy here
        raise AssertionError(f"no strategy for {t}")
    return st.one_of(st.none(), base) if field.nullable else base


def _rows(name):
    schema = SCHEMAS[name]
    return st.lists(st.fixed_dictionaries({f.name: _value(f) for f in schema}), max_size=4)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_datasets_write_read_round_trip(name, tmp_path_factory):
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_rows(name))
    def check(rows):
        out = tmp_path_factory.mktemp("rt")
        path = write_dataset(out, name, "r1", rows)
        back = pq.read_table(path)
        assert back.schema.equals(SCHEMAS[name], check_metadata=False)
        assert back.to_pylist() == rows_to_table(name, rows).to_pylist()

    check()


def _rows_to_table_by_columns(name, rows):
    """The reference conversion: a Python list per column (what ``rows_to_table`` did before)."""
    schema = SCHEMAS[name]
    return pa.table({f.name: [r.get(f.name) for r in rows] for f in schema}, schema=schema)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_datasets_rows_to_table_equals_per_column_conversion(name):
    @settings(max_examples=15, deadline=None)
    @given(_rows(name), st.sets(st.sampled_from(SCHEMAS[name].names)))
    def check(rows, dropped):
        # a key a row leaves out is null, as with ``dict.get``
        rows = [{k: v for k, v in r.items() if k not in dropped or not SCHEMAS[name].field(k).nullable}
                for r in rows]
        assert rows_to_table(name, rows).equals(_rows_to_table_by_columns(name, rows), check_metadata=True)

    check()


def test_datasets_file_without_rows_is_the_encoded_empty_table():
    from pipeline.output.parquet import rows_to_bytes, table_to_bytes

    for name in SCHEMAS:
        assert rows_to_bytes(name, []) == table_to_bytes(_rows_to_table_by_columns(name, []))
        assert pq.read_table(pa.BufferReader(rows_to_bytes(name, []))).num_rows == 0


def test_datasets_rejects_unknown_column():
    with pytest.raises(ValueError, match="not in schema"):
        rows_to_table("links", [{"report_id": "r", "bogus": 1}])


def test_datasets_rejects_missing_required_value():
    with pytest.raises((pa.ArrowInvalid, ValueError)):
        rows_to_table("links", [{"report_id": None, "metric_key": "k", "section_id": "s", "method": "m",
                                 "score": 1.0}])


def test_datasets_errors_name_the_columns_in_schema_order():
    with pytest.raises(ValueError, match=r"columns not in schema: \['bogus', 'zz'\]"):
        rows_to_table("links", [{"report_id": "r", "zz": 1}, {"bogus": 2}])
    with pytest.raises(ValueError, match=r"required columns with null values: \['report_id', 'section_id'\]"):
        rows_to_table("links", [{"report_id": "r", "metric_key": "k", "section_id": "s", "method": "m", "score": 1.0},
                                {"metric_key": "k", "section_id": None, "method": "m", "score": 0.5}])


def test_datasets_one_file_per_report_and_no_temp_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rid, rows = extract_to_rows("samples/rn-run-delarsrapport-2021-04.txt")
    write_report(tmp_path, rows, rid)
    for name in PER_REPORT:
        files = sorted(p.name for p in (tmp_path / name).iterdir())
        assert files == [f"{rid}.parquet"], name
    assert len(pd.read_parquet(tmp_path / "metrics")) == 39


def test_datasets_deterministic_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outs = []
    for i in range(2):
        rid, rows = extract_to_rows("samples/rn-run-delarsrapport-2021-04.txt")
        write_report(tmp_path / str(i), rows, rid)
        outs.append({n: (tmp_path / str(i) / n / f"{rid}.parquet").read_bytes() for n in PER_REPORT})
    assert outs[0] == outs[1]


def test_datasets_crash_while_writing_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    row = {"report_id": "r", "metric_key": "k", "section_id": "s", "method": "heading_exact", "score": 1.0}
    path = write_dataset(tmp_path, "links", "r1", [row])
    before = path.read_bytes()

    real_write = os.write

    def crash(fd, data):  # half the new bytes reach the temporary file, then the disk fills
        real_write(fd, bytes(data[:len(data) // 2]))
        raise OSError(errno.ENOSPC, "disk full")

    monkeypatch.setattr(os, "write", crash)
    with pytest.raises(OSError):
        write_dataset(tmp_path, "links", "r1", [row, row])
    assert path.read_bytes() == before
    assert [p.name for p in (tmp_path / "links").iterdir()] == ["r1.parquet"]


@pytest.fixture(scope="module")
def extracted_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    for sample in ("rn-run-delarsrapport-2021-04.txt", "rn-run-delarsrapport-2022-04.txt"):
        rid, rows = extract_to_rows(f"samples/{sample}")
        write_report(out, rows, rid)
    return out


@pytest.mark.parametrize("name", PER_REPORT)
def test_datasets_each_directory_reads_in_one_call(extracted_out, name):
    import duckdb
    import polars as pl

    n_pandas = len(pd.read_parquet(extracted_out / name))
    n_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{extracted_out}/{name}/**/*.parquet')").fetchall()[0][0]
    n_polars = pl.read_parquet(f"{extracted_out}/{name}/*.parquet").height
    assert n_pandas == n_duck == n_polars
    if name in ("reports", "metrics", "goals", "sections", "tables"):
        assert n_pandas > 0


def test_speed_read_rows_equals_pyarrow(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run_corpus([TEXT_2021], out, workers=1, progress=False)
    files = [out / "_manifest.parquet", *sorted(out.glob("*/*.parquet"))]
    for f in files:
        assert repr(read_rows(f)) == repr(pq.read_table(f).to_pylist()), f

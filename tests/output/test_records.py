"""The typed records (pipeline.output.records) and the schemas (pipeline.output.schemas) cannot
drift: every record field is its schema's column, name for name, type for type, nullable for
nullable; and a record goes through the writer and back unchanged."""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from pipeline.output import parquet
from pipeline.output.records import RECORDS, ErrorRow, GoalRow, MetricRow, ReportRecords, ReportRow
from pipeline.output.rows import PER_REPORT
from pipeline.output.schemas import SCHEMAS

ARROW = {str: pa.string(), int: pa.int32(), float: pa.float64(), date: pa.date32(),
         datetime: pa.timestamp("us", tz="UTC"), Sequence[str]: pa.list_(pa.string())}


def _arrow_type(annotation) -> tuple[pa.DataType, bool]:
    """(Arrow type, nullable) of a record field's annotation."""
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return ARROW[inner], True
    return ARROW[annotation], False


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_record_field_is_its_schema_column(name):
    record, schema = RECORDS[name], SCHEMAS[name]
    hints = typing.get_type_hints(record)
    assert sorted(record._fields) == sorted(schema.names)
    for f in schema:
        arrow, nullable = _arrow_type(hints[f.name])
        assert (f.name, arrow, nullable) == (f.name, f.type, f.nullable)
        # a nullable column may be left out (null); a required one must be given
        assert (f.name in record._field_defaults) is f.nullable
        if f.nullable:
            assert record._field_defaults[f.name] is None


def test_a_schema_without_a_record_is_not_written_from_an_extraction():
    """Every per-report dataset has its record, and ReportRecords holds them in write order."""
    assert set(PER_REPORT) <= set(RECORDS)
    assert ReportRecords.__slots__ == PER_REPORT
    hints = typing.get_type_hints(ReportRecords)
    for name in PER_REPORT:
        assert hints[name] == tuple[RECORDS[name], ...]


def _metric(**kw) -> MetricRow:
    return MetricRow(**{"report_id": "r", "metric_key": "k", "metric": "Antal", "metric_kind": "styrmatt",
                        "table_id": "t1", "row_index": 0, "confidence": 1.0, **kw})


def test_records_go_through_the_file_and_back_unchanged():
    rows = [_metric(target_raw=">99%", target_value=99.0, page=3, status="achieved"), _metric(metric_key="k2")]
    data = parquet.rows_to_bytes("metrics", rows)
    assert parquet.read_records(data, MetricRow) == rows
    goal = GoalRow(report_id="r", goal_key="g", strategic_goal="Mål", success_factors=("a", "b"))
    (back,) = parquet.read_records(parquet.rows_to_bytes("goals", [goal]), GoalRow)
    assert back._replace(success_factors=tuple(back.success_factors or ())) == goal


def test_records_and_the_dicts_read_back_encode_to_the_same_bytes():
    """The writer takes a file's rows read back (dicts) and records alike: same rows, same bytes."""
    rep = ReportRow(report_id="r", schema_version="2.0", source_path="a.pdf", source_format="pdf",
                    source_sha256="0" * 64, profile="default", pipeline_version="t",
                    extracted_at=datetime(2024, 1, 1, tzinfo=UTC), status="ok", period_end=date(2024, 4, 30),
                    organisation_members=("Luleå kommun",))
    data = parquet.rows_to_bytes("reports", [rep])
    assert parquet.rows_to_bytes("reports", parquet.read_rows(data)) == data


def test_the_writer_refuses_another_datasets_record_and_a_required_null():
    with pytest.raises(ValueError, match="not of type MetricRow"):
        parquet.rows_to_bytes("metrics", [ErrorRow(source_path="a", stage="read", severity="error", message="m")])
    with pytest.raises(ValueError, match="required columns with null values: \\['metric'\\]"):
        parquet.rows_to_bytes("metrics", [_metric(metric=None)])


def test_a_report_renamed_carries_the_new_id_in_every_row():
    records = ReportRecords(metrics=(_metric(),), errors=(ErrorRow(report_id="r", source_path="a", stage="read",
                                                                   severity="warning", message="m"),))
    renamed = records.with_report_id("r2")
    assert {r.report_id for _, rows in renamed.datasets() for r in rows} == {"r2"}
    assert renamed.metrics[0]._replace(report_id="r") == records.metrics[0]

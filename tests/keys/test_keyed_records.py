"""Guessed keys applied to a report's typed records, and taken back off them (a report moved to
another id keeps the base keys reconcile starts from)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pipeline.batch.outcome import rows_to_encoded
from pipeline.keys import compare
from pipeline.keys.chains import KeyAssignment
from pipeline.output import parquet
from pipeline.output.records import (
    BaseKeyRow,
    FactRow,
    LinkRow,
    MetricKeyRow,
    MetricRow,
    ReportRecords,
    ReportRow,
)


def _records() -> ReportRecords:
    rep = ReportRow(report_id="r", schema_version="2.0", source_path="r.txt", source_format="text",
                    source_sha256="0" * 64, profile="default", pipeline_version="t",
                    extracted_at=datetime(2024, 1, 1, tzinfo=UTC), status="ok",
                    organisation="org", committee="run", period_end=date(2022, 4, 30))
    metrics = tuple(MetricRow(report_id="r", metric_key=f"base-{i}", metric=f"Mått {i}", metric_kind="styrmatt",
                              table_id="t1", row_index=i, confidence=1.0) for i in range(2))
    links = (LinkRow(report_id="r", metric_key="base-1", section_id="s1", method="heading_exact", score=1.0,
                     evidence="Mått 1"),)
    facts = (FactRow(report_id="r", section_id="s1", metric_key="base-1", raw="3", value=3.0, unit="count",
                     char_start=0, char_end=1),
             FactRow(report_id="r", section_id="s0", metric_key=None, raw="4", value=4.0, unit="count",
                     char_start=2, char_end=3))
    return ReportRecords(reports=(rep,), metrics=metrics, links=links, facts=facts)


KEYS = [KeyAssignment("r", 1, "base-1", "canon-1", "base-1-old", 0.9)]


def test_guessed_keys_go_to_metrics_by_position_and_to_links_and_facts_by_base_key():
    keyed = compare.with_keys(_records(), KEYS)
    assert [m.metric_key for m in keyed.metrics] == ["base-0", "canon-1"]
    assert [r.metric_key for r in keyed.links] == ["canon-1"]
    assert [r.metric_key for r in keyed.facts] == ["canon-1", None]
    registry, base = compare.rows_to_registry(_records(), "r", KEYS)
    assert [(r.position, r.base_key, r.metric_key, r.alias_of) for r in registry] == [
        (0, "base-0", "base-0", None), (1, "base-1", "canon-1", "base-1-old")]
    assert {(r.organisation, r.committee, r.period_end) for r in registry} == {("org", "run", date(2022, 4, 30))}
    assert base == [BaseKeyRow(report_id="r", dataset="links", position=0, base_key="base-1"),
                    BaseKeyRow(report_id="r", dataset="facts", position=0, base_key="base-1"),
                    BaseKeyRow(report_id="r", dataset="facts", position=1, base_key=None)]


def test_the_files_of_a_keyed_report_give_back_its_base_keys_and_the_keys_applied():
    report = rows_to_encoded(_records(), "r", KEYS)
    decoded = parquet.decode_report(report.files)
    assert [m.metric_key for m in decoded.metrics] == ["base-0", "canon-1"]  # as written
    back, keys = compare.with_base_keys(decoded, parquet.read_records(report.files[compare.REGISTRY], MetricKeyRow),
                                        parquet.read_records(report.files[compare.BASE_KEYS], BaseKeyRow))
    assert (back.metrics, back.links, back.facts) == (_records().metrics, _records().links, _records().facts)
    assert [k for k in keys if k.alias_of] == KEYS
    # and encoded again from there, the same files
    assert rows_to_encoded(back, "r", keys).files == report.files

"""The output contract: one pyarrow schema per dataset, declared here and nowhere else.

docs/data-contract.md describes every column; ``pipeline.output.rows`` builds rows that match
these schemas and ``pipeline.output.parquet`` encodes them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

from pipeline.output.rows import SCHEMA_VERSION

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
        ("organisation_printed", _s),
        # issue 21: where the identity was read, the publication date, and what became of the table rows
        ("organisation_source", _s), ("organisation_confidence", _f), ("committee_source", _s),
        ("committee_confidence", _f), ("report_kind_source", _s), ("report_kind_confidence", _f),
        ("period_source", _s), ("period_confidence", _f), ("published", _d),
        ("rows_read", _i), ("rows_written", _i), ("rows_dropped", _i), ("marks_undecoded", _i),
        ("organisation_members", pa.list_(_s)),
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
        # the status word as printed ("Delvis uppnått", "Avslutad"); null for a mark or symbol
        ("status_label", _s),
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
        # an outcome printed by gender ("32 kvinnor, 53 män"), as target_women/target_men
        ("outcome_women", _f), ("outcome_men", _f),
        # the status or state word as printed ("Delvis genomförd", "Avslutad") and the date printed
        # with it (ISO), for activities and assignments
        ("status_label", _s), ("status_date", _s),
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
        ("message", _s), ("reason", _s),
    ], required=["source_path", "stage", "severity", "message"]),
    # PDF reports: one row per page, what the first look found it to be (text-only pages read
    # cheaply: drawing, map)
    "pages": _make([
        ("report_id", _s), ("page", _i), ("kind", _s), ("n_chars", _i), ("n_paths", _i), ("n_images", _i),
        ("n_texts", _i),
    ], required=["report_id", "page", "kind"]),
    # an earlier year's outcome or target a metrics row prints beside the current one ("Utfall 2024" in
    # a 2025 report); joins metrics on (report_id, table_id, row_index)
    "history": _make([
        ("report_id", _s), ("table_id", _s), ("row_index", _i), ("metric", _s), ("year", _i), ("role", _s),
        ("header", _s), ("value_raw", _s), ("value_kind", _s), ("value", _f), ("unit", _s), ("direction", _s),
        ("page", _i),
    ], required=["report_id", "table_id", "row_index", "metric", "year", "role", "header", "value_raw"]),
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
        # the files of the report it owns, as written: pipeline check and extract verify them
        ("files", pa.list_(pa.struct([("dataset", _s), ("size", pa.int64()), ("sha256", _s)]))),
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

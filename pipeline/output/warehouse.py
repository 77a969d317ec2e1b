"""BI access: ``OUT/warehouse.duckdb`` holds views over the Parquet datasets, no copies.

Every dataset directory becomes a view of the same name (``read_parquet`` over its files, so
a re-run of ``pipeline extract`` is visible without rebuilding). On top of those:

- ``metric_history``: one row per metric_key × report, in period order, with target, status
  and trend (``seq`` counts the reports a metric has appeared in);
- ``latest_status``: the last row of each metric's history, and whether it is in the latest
  report of its organisation and committee;
- ``goal_history``: one row per goal × report, in period order;
- ``kolada``: every metric outcome in Kolada's long format (municipality, period, kpi, gender,
  value) plus the report it came from, to union with values downloaded from Kolada.

Paths in the views are absolute: DuckDB resolves relative ones against the reader's working
directory, not the database file. Move OUT, rebuild the warehouse.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.output.files import built_aside
from pipeline.output.rows import PER_REPORT
from pipeline.output.schemas import SCHEMAS

WAREHOUSE = "warehouse.duckdb"
DATASET_VIEWS = (*PER_REPORT, "changes", "metric_keys")

_DUCK_TYPES = {pa.string(): "VARCHAR", pa.float64(): "DOUBLE", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
               pa.date32(): "DATE", pa.timestamp("us", tz="UTC"): "TIMESTAMPTZ", pa.bool_(): "BOOLEAN",
               pa.list_(pa.string()): "VARCHAR[]"}

DERIVED_VIEWS = {
    "metric_history": """
        SELECT r.organisation, r.committee, m.metric_key,
               row_number() OVER (PARTITION BY r.organisation, r.committee, m.metric_key
                                  ORDER BY r.period_end, m.report_id) AS seq,
               m.report_id, r.report_kind, r.period_start, r.period_end,
               m.perspective, m.strategic_goal, m.success_factor, m.metric, m.metric_kind,
               m.target_raw, m.target_kind, m.target_value, m.target_unit, m.target_direction,
               m.status, m.status_source, m.status_symbol, m.trend, m.trend_symbol, m.page
        FROM metrics m JOIN reports r USING (report_id)
        ORDER BY r.organisation, r.committee, m.metric_key, r.period_end""",
    "latest_status": """
        WITH last_report AS (
            SELECT organisation, committee, max(period_end) AS last_period_end
            FROM reports GROUP BY organisation, committee)
        SELECT h.*, (h.period_end = l.last_period_end) AS in_latest_report
        FROM metric_history h
        LEFT JOIN last_report l ON l.organisation IS NOT DISTINCT FROM h.organisation
                               AND l.committee IS NOT DISTINCT FROM h.committee
        QUALIFY row_number() OVER (PARTITION BY h.organisation, h.committee, h.metric_key
                                   ORDER BY h.period_end DESC, h.report_id DESC) = 1
        ORDER BY h.organisation, h.committee, h.metric_key""",
    "goal_history": """
        SELECT r.organisation, r.committee, g.goal_key,
               row_number() OVER (PARTITION BY r.organisation, r.committee, g.goal_key
                                  ORDER BY r.period_end, g.report_id) AS seq,
               g.report_id, r.report_kind, r.period_end, g.perspective, g.strategic_goal,
               g.status, g.status_source, g.status_symbol, g.assessment
        FROM goals g JOIN reports r USING (report_id)
        ORDER BY r.organisation, r.committee, g.goal_key, r.period_end""",
    # municipality: Kolada's id, the SCB kommunkod, or "00" + länskod for a region; period: the
    # year of the report's period end; gender T (total) as printed, K and M where the outcome is
    # printed by gender. A report of no known organisation has no municipality and no row here.
    "kolada": """
        WITH o AS (
            SELECT lpad(r.organisation_code, 4, '0') AS municipality,
                   CAST(year(r.period_end) AS INTEGER) AS period, m.metric_key AS kpi,
                   m.outcome_value, m.outcome_women, m.outcome_men, m.report_id
            FROM metrics m JOIN reports r USING (report_id)
            WHERE r.organisation_code IS NOT NULL AND r.period_end IS NOT NULL)
        SELECT municipality, period, kpi, gender, value, report_id FROM (
            SELECT *, 'T' AS gender, outcome_value AS value FROM o
            UNION ALL SELECT *, 'K' AS gender, outcome_women AS value FROM o
            UNION ALL SELECT *, 'M' AS gender, outcome_men AS value FROM o)
        WHERE value IS NOT NULL
        ORDER BY municipality, kpi, period, gender, report_id""",
}


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def schema_to_empty_select(schema: pa.Schema) -> str:
    """A typed, empty relation: a view over a dataset with no files yet still has its columns."""
    cols = ", ".join(f"CAST(NULL AS {_DUCK_TYPES.get(f.type, 'VARCHAR')}) AS \"{f.name}\"" for f in schema)
    return f"SELECT {cols} WHERE false"


def dataset_to_view_sql(out_dir: Path, name: str) -> str:
    d = Path(out_dir).resolve() / name
    schema_name = name
    if d.is_dir() and any(d.glob("*.parquet")):
        # by name with the typed empty relation: a column newer than every file is there, null
        return (f"SELECT * FROM read_parquet({_sql_str(str(d / '*.parquet'))}, union_by_name = true) "
                f"UNION ALL BY NAME {schema_to_empty_select(SCHEMAS[schema_name])}")
    return schema_to_empty_select(SCHEMAS[schema_name])


def build_warehouse(out_dir: Path | str, path: Path | str | None = None) -> Path:
    """Write the views; the file is built aside and renamed, so readers never see half of it."""
    out_dir = Path(out_dir)
    target = Path(path) if path else out_dir / WAREHOUSE
    with built_aside(target) as tmp:
        _write_views(duckdb.connect(str(tmp)), out_dir)
    return target


def _write_views(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    try:
        for name in DATASET_VIEWS:
            con.execute(f'CREATE VIEW "{name}" AS {dataset_to_view_sql(out_dir, name)}')
        manifest = out_dir.resolve() / "_manifest.parquet"
        con.execute("CREATE VIEW manifest AS " + (
            f"SELECT * FROM read_parquet({_sql_str(str(manifest))})" if manifest.exists()
            else schema_to_empty_select(SCHEMAS["manifest"])))
        runs = out_dir.resolve() / "_runs"
        con.execute("CREATE VIEW runs AS " + (  # per-run figures: seconds, peak RSS, worker per source
            f"SELECT * FROM read_parquet({_sql_str(str(runs / '*.parquet'))}, union_by_name = true)"
            if runs.is_dir() and any(runs.glob("*.parquet")) else schema_to_empty_select(SCHEMAS["runs"])))
        for name, sql in DERIVED_VIEWS.items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
    finally:
        con.close()

"""``docs/datacontract.yaml``: the datasets in the Open Data Contract Standard (ODCS) v3.1.0, so
tools that read data contracts (catalogues, the datacontract CLI, quality checkers) know them.

Generated from ``schemas.SCHEMAS``, the one declaration of the columns: names, order, types and
which may hold no null. ``make contract`` (``python -m pipeline.output.contract FILE``) writes
it; tests/output/test_contract.py fails when the file is not current. docs/data-contract.md says what
the columns mean.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa

from pipeline import DISTRIBUTION
from pipeline.output.rows import SCHEMA_VERSION
from pipeline.output.schemas import SCHEMAS

API_VERSION = "v3.1.0"
# the datasets of the contract (not the private _base_keys), where each lives under OUT, and what a row is
DATASETS: dict[str, tuple[str, str]] = {
    "reports": ("reports/*.parquet", "One row per source report: identity, period, status and counts."),
    "sections": ("sections/*.parquet", "One row per section of a report's section tree, with its text."),
    "goals": ("goals/*.parquet", "One row per goal (strategiskt mål and other goal levels) of a report."),
    "metrics": ("metrics/*.parquet", "One row per styrmått, indicator, activity or assignment row of a report."),
    "links": ("links/*.parquet", "One row per narrative section linked to a metric."),
    "facts": ("facts/*.parquet", "One row per number the narrative states."),
    "entities": ("entities/*.parquet", "One row per organisation, place or person the narrative names."),
    "tables": ("tables/*.parquet", "One row per cell of any table of a report, in long form."),
    "errors": ("errors/*.parquet", "One row per warning or error, with stage and page."),
    "pages": ("pages/*.parquet", "One row per PDF page: what the page triage saw (text, table, drawing, map, scan, blank)."),
    "history": ("history/*.parquet", "One row per earlier year's outcome or target a metrics row prints (Utfall 2024 in a 2025 report)."),
    "changes": ("changes/*.parquet", "One row per change of a metric between consecutive reports."),
    "metric_keys": ("metric_keys/*.parquet", "One row per metrics row: its base key and its canonical key."),
    "manifest": ("_manifest.parquet", "One row per source file seen: checksum, report_id and outcome."),
    "runs": ("_runs/*.parquet", "One row per source extracted in a run: seconds, peak memory, worker."),
}


def logical_type(t: pa.DataType) -> str:
    """ODCS v3.1.0's logical type of an Arrow type."""
    if pa.types.is_string(t):
        return "string"
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "timestamp"
    if pa.types.is_list(t):
        return "array"
    if pa.types.is_struct(t):
        return "object"
    raise ValueError(f"no ODCS logical type for {t}")


def physical_type(t: pa.DataType) -> str:
    """The Arrow type as written; a list without its item's name (Parquet calls it "element")."""
    return f"list<{t.value_type}>" if pa.types.is_list(t) else str(t)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _property_lines(field: pa.Field) -> list[str]:
    lines = [f"      - name: {field.name}", f"        logicalType: {logical_type(field.type)}",
             f"        physicalType: {_q(physical_type(field.type))}", f"        required: {str(not field.nullable).lower()}"]
    if pa.types.is_list(field.type):
        item = field.type.value_type
        lines += ["        items:", "          name: item", f"          logicalType: {logical_type(item)}",
                  f"          physicalType: {_q(physical_type(item))}"]
        if pa.types.is_struct(item):  # a record per item (the manifest's files): its fields
            lines += ["          properties:"] + [
                f"            - name: {f.name}\n              logicalType: {logical_type(f.type)}\n"
                f"              physicalType: {_q(physical_type(f.type))}" for f in item]
    return lines


def contract_yaml() -> str:
    """The contract as YAML text (deterministic: the same schemas give the same bytes)."""
    lines = [
        "# Generated from pipeline/output/schemas.py by `make contract`: do not edit by hand.",
        "# The meaning of every column: docs/data-contract.md.",
        f"apiVersion: {API_VERSION}", "kind: DataContract", f"id: {DISTRIBUTION}-datasets",
        f"name: {_q(f'{DISTRIBUTION} datasets')}", f"version: {_q(SCHEMA_VERSION)}", "status: active",
        "description:",
        f"  purpose: {_q('Goals, metrics, status, trend and narrative of Swedish public-sector follow-up reports (delårsrapporter, årsredovisningar), comparable across reports.')}",
        f"  usage: {_q('Read a dataset directory in one call (pyarrow, pandas, polars, DuckDB read_parquet), or the views of OUT/warehouse.duckdb (pipeline warehouse OUT). reports.report_id joins the per-report datasets; metric_key follows a metric across reports.')}",
        f"  limitations: {_q('Nullable columns are null where a report does not print the value; nothing is guessed.')}",
        "servers:",
        "  - server: out", "    type: local", f"    path: {_q('OUT')}", "    format: parquet",
        f"    description: {_q('The --out directory of pipeline extract: one Parquet file per report in each dataset directory.')}",
        "schema:",
    ]
    for name, (path, description) in DATASETS.items():
        lines += [f"  - name: {name}", f"    physicalName: {_q(path)}", "    physicalType: table",
                  "    logicalType: object", f"    description: {_q(description)}", "    properties:"]
        for field in SCHEMAS[name]:
            lines += _property_lines(field)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = contract_yaml()
    if not argv:
        sys.stdout.write(text)
        return 0
    Path(argv[0]).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

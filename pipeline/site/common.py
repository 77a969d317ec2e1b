"""Shared steps of the page builders: rows, scopes, columns and cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar, cast

import pandas as pd

from pipeline.site.labels import (
    METRIC_KIND,
    REPORT_KIND,
    REPORT_STATUS,
    STATUS_SOURCE,
    TREND,
    slug,
    status_look,
)
from pipeline.site.model import Cell, Column, Scope

NO_PAGE = 10**9  # sorts rows without a page after those with one
D = TypeVar("D")
V = TypeVar("V")


def label(table: Mapping[str, V], value: object, default: D) -> V | D:
    """``table.get(value, default)`` for a record's value, which may be None, NaN or a number."""
    return table.get(value, default) if isinstance(value, str) else default


def records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records") if len(frame.columns) else []


def by_report(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(cast(str, r.get("report_id")), []).append(r)  # every dataset row names its report
    return out


def text(value) -> str | None:
    """A cell value as display text; None for null or blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    s = str(value).strip()
    return s or None


def page_of(row: dict) -> int | None:
    p = row.get("page") if row.get("page") is not None else row.get("page_start")
    return int(p) if p is not None and p == p else None


def report_order(report: dict) -> tuple:
    end = report.get("period_end")
    return (end is None, str(end or ""), report.get("report_kind") or "", report["report_id"])


def scope_key(report: dict) -> tuple[str, str] | None:
    """Reports are grouped by what is known: organisation and committee, or the committee alone
    (an unknown organisation); a report without a committee stands alone, under its file."""
    org, com = text(report.get("organisation")), text(report.get("committee"))
    return (org or "", com) if com else None


def make_scope(report: dict) -> Scope:
    org, com = text(report.get("organisation")), text(report.get("committee"))
    return Scope(org, com, text(report.get("organisation_name")) or org or "Okänd organisation",
                 text(report.get("committee_name")) or com or "Okänd nämnd", f"scope-{slug(org, com)}.html")


def report_href(report_id: str) -> str:
    return f"report-{slug(report_id)}.html"


def metric_href(scope: Scope, metric_key: str) -> str:
    return f"metric-{slug(scope.organisation, scope.committee, metric_key)}.html"


def section_href(report_id: str, section_id: str) -> str:
    return f"text-{slug(report_id, section_id)}.html"


def paragraphs(text_: str | None) -> tuple[str, ...]:
    """A section's text as its paragraphs (blank-line separated, as the reader writes them)."""
    return tuple(p.strip() for p in (text_ or "").split("\n\n") if p.strip())


def make_column(report: dict) -> Column:
    end = report.get("period_end")
    period = str(end)[:7] if end is not None else "okänd period"
    kind = label(REPORT_KIND, report.get("report_kind"), text(report.get("report_kind")) or "Rapport")
    status = report.get("status") or ""
    return Column(report["report_id"], period, kind, report_href(report["report_id"]), status,
                  REPORT_STATUS.get(status, status or "okänd"))


def make_cell(row: dict) -> Cell:
    trend = label(TREND, row.get("trend"), None)
    outcome = text(row.get("outcome_raw")) or text(row.get("outcome_value"))
    source = row.get("status_source")
    return Cell(status_look(row.get("status")), trend, text(row.get("target_raw")), outcome, page_of(row),
                label(STATUS_SOURCE, source, text(source)))


def kind_label(kind) -> str:
    return METRIC_KIND.get(kind, text(kind) or "")


def latest_first(columns: list[Column], rows_by_key: dict[str, dict[str, dict]]) -> list[str]:
    """Keys in the order of the newest report that has them (its page and row), older ones after."""
    index = {c.report_id: i for i, c in enumerate(columns)}

    def order(key: str) -> tuple:
        rid, row = max(rows_by_key[key].items(), key=lambda kv: index[kv[0]])
        pos = row.get("row_index") if row.get("row_index") is not None else row.get("char_start")
        return (-index[rid], page_of(row) or NO_PAGE, str(row.get("table_id") or ""), pos or 0, key)

    return sorted(rows_by_key, key=order)


def newest(rows: dict[str, dict], columns: list[Column]) -> dict:
    """The row of the newest report among ``rows`` (report_id -> row)."""
    for c in reversed(columns):
        if c.report_id in rows:
            return rows[c.report_id]
    raise KeyError("no row")

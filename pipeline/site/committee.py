"""The page of one organisation and committee: goals × periods, metrics under each goal, changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from pipeline.site.common import (
    by_report,
    kind_label,
    latest_first,
    make_cell,
    make_column,
    make_scope,
    metric_href,
    newest,
    text,
)
from pipeline.site.labels import CHANGE, CHANGE_ORDER, goal_anchor, status_look, status_word
from pipeline.site.model import (
    ChangeItem,
    ChangePanel,
    Column,
    CommitteePage,
    GoalRow,
    Group,
    MetricRow,
    Scope,
)

NO_GOAL = "Styrmått utan strategiskt mål"
NO_GROUP = "Utan perspektiv"


@dataclass(frozen=True)
class ScopeData:
    """The rows of one scope, keyed for the pages: key -> report_id -> row."""

    scope: Scope
    columns: list[Column]
    goals: dict[str, dict[str, dict]]
    metrics: dict[str, dict[str, dict]]
    changes: list[dict]


def _keyed(rows_by_report: dict[str, list[dict]], columns: list[Column], key: str) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for c in columns:
        rows = sorted(rows_by_report.get(c.report_id, []), key=lambda r: (r.get("row_index") or 0, str(r.get(key))))
        for r in rows:
            if text(r.get(key)):
                out.setdefault(r[key], {}).setdefault(c.report_id, r)  # first row of a key per report
    return out


def scope_data(reports: list[dict], goals: list[dict], metrics: list[dict], changes: list[dict]) -> ScopeData:
    columns = [make_column(r) for r in reports]
    ids = {c.report_id for c in columns}
    mine = [c for c in changes if c.get("to_report_id") in ids]
    return ScopeData(make_scope(reports[-1]), columns, _keyed(by_report(goals), columns, "goal_key"),
                     _keyed(by_report(metrics), columns, "metric_key"), mine)


def _goal_of(row: dict, goals_in_report: dict[str, str]) -> str | None:
    parent = text(row.get("parent_goal_key"))
    return parent or goals_in_report.get(text(row.get("strategic_goal")) or "")


def metric_row(sd: ScopeData, key: str) -> MetricRow:
    rows = sd.metrics[key]
    last = newest(rows, sd.columns)
    cells = tuple(make_cell(rows[c.report_id]) if c.report_id in rows else None for c in sd.columns)
    return MetricRow(key, text(last.get("metric")) or key, text(last.get("success_factor")),
                     kind_label(last.get("metric_kind")), metric_href(sd.scope, key), cells)


def metrics_by_goal(sd: ScopeData) -> dict[str | None, list[MetricRow]]:
    names: dict[str, dict[str, str]] = {c.report_id: {} for c in sd.columns}  # goal name -> key, per report
    for gkey, rows in sd.goals.items():
        for rid, g in rows.items():
            names[rid][text(g.get("strategic_goal")) or ""] = gkey
    out: dict[str | None, list[MetricRow]] = {}
    for key in latest_first(sd.columns, sd.metrics):
        last_rid = next(c.report_id for c in reversed(sd.columns) if c.report_id in sd.metrics[key])
        goal = _goal_of(sd.metrics[key][last_rid], names[last_rid])
        out.setdefault(goal if goal in sd.goals else None, []).append(metric_row(sd, key))
    return out


def _group_of(row: dict) -> str:
    return text(row.get("theme")) or text(row.get("perspective")) or NO_GROUP


def goal_groups(sd: ScopeData) -> tuple[Group, ...]:
    under = metrics_by_goal(sd)
    groups: dict[str, list[GoalRow]] = {}
    for gkey in latest_first(sd.columns, sd.goals):
        rows = sd.goals[gkey]
        last = newest(rows, sd.columns)
        cells = tuple(make_cell(rows[c.report_id]) if c.report_id in rows else None for c in sd.columns)
        goal = GoalRow(gkey, text(last.get("strategic_goal")) or gkey, cells, tuple(under.get(gkey, ())))
        groups.setdefault(_group_of(last), []).append(goal)
    if under.get(None):
        empty = tuple(None for _ in sd.columns)
        groups.setdefault(NO_GOAL, []).append(GoalRow(None, NO_GOAL, empty, tuple(under[None])))
    return tuple(Group(name, tuple(goals)) for name, goals in groups.items())


def change_item(sd: ScopeData, row: dict) -> ChangeItem:
    key = cast(str, row.get("metric_key"))  # the changes dataset requires it
    name = text(row.get("metric")) or key
    href = metric_href(sd.scope, key) if key in sd.metrics else None
    sim = row.get("similarity")
    return ChangeItem(CHANGE.get(row["change"], row["change"]), name, href, status_word(text(row.get("old_value"))),
                      status_word(text(row.get("new_value"))), f"{sim:.2f}".replace(".", ",") if sim is not None else None)


def _goal_changes(sd: ScopeData, old: Column, new: Column) -> list[ChangeItem]:
    items = []
    for gkey, rows in sd.goals.items():
        a, b = rows.get(old.report_id), rows.get(new.report_id)
        if a and b and a.get("status") != b.get("status"):
            items.append(ChangeItem(CHANGE["goal_status_changed"], text(b.get("strategic_goal")) or "", "#" + goal_anchor(gkey),
                                    status_look(a.get("status")).label, status_look(b.get("status")).label, None))
    return items


def _item_order(item: ChangeItem) -> tuple:
    labels = [CHANGE[k] for k in CHANGE_ORDER]
    return (labels.index(item.change) if item.change in labels else len(labels), item.name, item.old, item.new)


def change_panels(sd: ScopeData) -> tuple[ChangePanel, ...]:
    panels = []
    for old, new in zip(sd.columns, sd.columns[1:], strict=False):
        rows = [r for r in sd.changes if r.get("to_report_id") == new.report_id
                and r.get("from_report_id") in (old.report_id, None)]
        items = [change_item(sd, r) for r in rows] + _goal_changes(sd, old, new)
        panels.append(ChangePanel(old, new, tuple(sorted(items, key=_item_order))))
    return tuple(panels)


def committee_page(sd: ScopeData, notes: tuple[str, ...]) -> CommitteePage:
    return CommitteePage(sd.scope, tuple(sd.columns), goal_groups(sd), change_panels(sd), notes)

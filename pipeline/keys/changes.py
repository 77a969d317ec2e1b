"""What changed for a metric from one report to the next: added, removed, renamed, target,
status and trend (the ``changes`` dataset, ``pipeline compare`` and the site). A status change
needs a different status: the same status from another source is no change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.model import ASSESSED
from pipeline.output.records import ChangeRow, MetricRow
from pipeline.output.rows import Row, text, text_or_none
from pipeline.text.similarity import normalise, strict_similarity

CHANGE_ORDER = ("renamed", "added", "removed", "target_changed", "status_changed", "trend_changed")
ASSESSED_STATUSES = ASSESSED
# the metrics columns ``changes`` compares (``MetricState``): all a reconcile reads of an unchanged report
STATE_COLUMNS = ("metric_key", "success_factor", "metric", "metric_kind", "target_raw", "status", "status_symbol",
                 "trend", "trend_symbol")


@dataclass(frozen=True, slots=True)
class MetricState:
    """What ``changes`` compares: one metrics row, reduced."""

    metric_key: str
    success_factor: str
    metric: str
    metric_kind: str
    target_raw: str | None
    status: str | None
    status_symbol: str | None
    trend: str | None
    trend_symbol: str | None


@dataclass(frozen=True, slots=True)
class Change:
    metric_key: str
    from_report_id: str | None
    to_report_id: str
    change: str
    old_value: str | None
    new_value: str | None
    similarity: float | None
    organisation: str | None
    committee: str | None
    metric: str | None
    success_factor: str | None


# --- changes between two reports -------------------------------------------------------------

def row_to_state(row: Row) -> MetricState:
    return MetricState(text(row, "metric_key"), text_or_none(row, "success_factor") or "",
                       text_or_none(row, "metric") or "", text_or_none(row, "metric_kind") or "",
                       text_or_none(row, "target_raw"), text_or_none(row, "status"), text_or_none(row, "status_symbol"),
                       text_or_none(row, "trend"), text_or_none(row, "trend_symbol"))


def record_to_state(m: MetricRow, metric_key: str) -> MetricState:
    """A freshly extracted ``metrics`` record under the canonical key ``metric_key``."""
    return MetricState(metric_key, m.success_factor or "", m.metric or "", m.metric_kind or "", m.target_raw,
                       m.status, m.status_symbol, m.trend, m.trend_symbol)


def _norm_value(v: str | None) -> str | None:
    return " ".join(v.split()) if v and v.strip() else None


def status_value(s: MetricState) -> str | None:
    """The status as a reader would state it: decoded status and the printed mark
    (a text export's ● says "assessed" without a colour)."""
    sym = _norm_value(s.status_symbol)
    if s.status and sym:
        return f"{s.status} ({sym})"
    return s.status or sym


def status_changed(a: MetricState, b: MetricState) -> bool:
    """A different status. The same decoded status from another source (the narrative in one
    report, the table's mark in the next) is not a change: the metric's history keeps the source."""
    sa, sb = _norm_value(a.status_symbol), _norm_value(b.status_symbol)
    if a.status is not None and b.status is not None:
        return a.status != b.status
    if a.status is None and b.status is None:
        return sa != sb  # only the marks tell, and they differ
    known, other = (a, b) if a.status is not None else (b, a)
    # a decoded colour vs. a colourless ● (PDF vs. text export) is not a change we can see
    return not (_norm_value(other.status_symbol) is not None and known.status in ASSESSED_STATUSES)


def trend_value(s: MetricState) -> str | None:
    return s.trend or _norm_value(s.trend_symbol)


def states_to_changes(old: Sequence[MetricState], new: Sequence[MetricState], *, from_report_id: str | None,
                      to_report_id: str, organisation: str | None = None,
                      committee: str | None = None) -> list[Change]:
    """Differences between two reports whose rows already carry canonical keys."""
    a = {s.metric_key: s for s in old}
    b = {s.metric_key: s for s in new}

    def mk(s: MetricState, change: str, ov, nv, sim=None) -> Change:
        return Change(s.metric_key, from_report_id, to_report_id, change, ov, nv, sim,
                      organisation, committee, s.metric, s.success_factor)

    out: list[Change] = []
    for k in b.keys() - a.keys():
        out.append(mk(b[k], "added", None, b[k].metric))
    for k in a.keys() - b.keys():
        out.append(mk(a[k], "removed", a[k].metric, None))
    for k in a.keys() & b.keys():
        o, n = a[k], b[k]
        if normalise(o.metric) != normalise(n.metric) or normalise(o.success_factor) != normalise(n.success_factor):
            ov, nv = (o.metric, n.metric) if normalise(o.metric) != normalise(n.metric) else \
                (f"{o.success_factor}: {o.metric}", f"{n.success_factor}: {n.metric}")
            out.append(mk(n, "renamed", ov, nv, round(strict_similarity(o.metric, n.metric), 4)))
        # a template that prints no target (null, not empty) says nothing about it
        printed = o.target_raw is not None and n.target_raw is not None
        if printed and _norm_value(o.target_raw) != _norm_value(n.target_raw):
            out.append(mk(n, "target_changed", _norm_value(o.target_raw), _norm_value(n.target_raw)))
        if status_changed(o, n):
            out.append(mk(n, "status_changed", status_value(o), status_value(n)))
        if trend_value(o) != trend_value(n):
            out.append(mk(n, "trend_changed", trend_value(o), trend_value(n)))
    return sorted(out, key=lambda c: (CHANGE_ORDER.index(c.change), c.metric_key))


def change_to_row(c: Change) -> ChangeRow:
    return ChangeRow(metric_key=c.metric_key, from_report_id=c.from_report_id, to_report_id=c.to_report_id,
                     change=c.change, old_value=c.old_value, new_value=c.new_value, similarity=c.similarity,
                     organisation=c.organisation, committee=c.committee, metric=c.metric,
                     success_factor=c.success_factor)

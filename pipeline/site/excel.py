"""The Excel workbook for analysts: ``pipeline export OUT --xlsx FILE``.

One sheet per level (reports, goals, metrics, changes, facts) with Swedish headers, the header
row frozen and an autofilter on it; a status cell holds the Swedish word and is filled in the
status colour of the site (``labels.STATUS``), so it also reads without colour. The sheet
"Styrmått per period" has one row per metric (organisation, committee, metric_key) and a
column group per report period: target, outcome and status side by side.

It reads OUT as the site does (``load``): files of other schema versions mix, a missing
dataset is an empty sheet. It sits beside the site because it renders the same vocabulary.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.output.files import write_files_atomically
from pipeline.site.build import unique_reports
from pipeline.site.common import (
    NO_PAGE,
    kind_label,
    label,
    latest_first,
    make_column,
    make_scope,
    newest,
    page_of,
    records,
    text,
)
from pipeline.site.labels import (
    CHANGE,
    GENDER,
    REPORT_STATUS,
    STATE,
    STATUS,
    STATUS_SOURCE,
    TREND,
    UNIT,
    status_look,
    status_word,
)
from pipeline.site.load import Data, load
from pipeline.site.model import Column

CELL_MAX = 32767  # characters Excel keeps in one cell; a longer text is cut with an ellipsis
WIDTH_MIN, WIDTH_MAX = 8, 60  # column widths in characters
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="dddddd")
_PLAIN_NUMBER = re.compile(r"[−-]?\d{1,3}(?:[  ]\d{3})+(?:,\d+)?|[−-]?\d+(?:,\d+)?")


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a sheet: its Swedish header and how a row gives its value."""

    header: str
    value: Callable[[dict], object]
    # "status": a status key, shown as its word in its colour (null: Okänd); "change": a changes
    # value, coloured when it is a status ("not_achieved (●)"), else its words (null: empty)
    status: str = ""


def _get(name: str) -> Callable[[dict], object]:
    return lambda r: r.get(name)


def _plain_number(raw) -> float | str | None:
    """A cell's text as a number when it is one plain number ("30", "1 200", "2,5"), else the text."""
    s = text(raw)
    if s is None or not _PLAIN_NUMBER.fullmatch(s):
        return s
    return float(s.replace(" ", "").replace(" ", "").replace(",", ".").replace("−", "-"))


def _period(r: dict) -> str:
    return r.get("_period") or ""


def _trend(r: dict) -> str | None:
    t = label(TREND, r.get("trend"), None)
    return t[1] if t else text(r.get("trend_symbol"))


def _source(r: dict) -> str | None:
    return label(STATUS_SOURCE, r.get("status_source"), text(r.get("status_source")))


REPORT_COLS = (
    Col("Rapport-id", _get("report_id")), Col("Titel", _get("title")),
    Col("Organisation", lambda r: r.get("organisation_name") or r.get("organisation")),
    Col("Organisationskod (SCB)", _get("organisation_code")),
    Col("Nämnd", lambda r: r.get("committee_name") or r.get("committee")),
    Col("Rapporttyp", lambda r: make_column(r).kind), Col("Period från", _get("period_start")),
    Col("Period till", _get("period_end")),
    Col("Inläsning", lambda r: label(REPORT_STATUS, r.get("status"), r.get("status"))),
    Col("Antal mål", _get("n_goals")), Col("Antal styrmått", _get("n_metrics")), Col("Varningar", _get("n_warnings")),
    Col("Fel", _get("n_errors")), Col("Format", _get("source_format")), Col("Sidor", _get("page_count")),
    Col("Källfil", _get("source_path")), Col("Profil", _get("profile")),
)
GOAL_COLS = (
    Col("Rapport-id", _get("report_id")), Col("Period", _period), Col("Perspektiv", _get("perspective")),
    Col("Tema", _get("theme")), Col("Nivå (mallens namn)", _get("goal_level")), Col("Mål", _get("strategic_goal")),
    Col("Status", _get("status"), status="status"), Col("Statuskälla", _source),
    Col("Bedömning", _get("assessment")), Col("Prognos", _get("forecast")), Col("Kommentar", _get("comment")),
    Col("Sida", page_of), Col("Målnyckel", _get("goal_key")),
)
METRIC_COLS = (
    Col("Rapport-id", _get("report_id")), Col("Period", _period), Col("Perspektiv", _get("perspective")),
    Col("Strategiskt mål", _get("strategic_goal")), Col("Framgångsfaktor", _get("success_factor")),
    Col("Styrmått", _get("metric")), Col("Typ", lambda r: kind_label(r.get("metric_kind"))),
    Col("Målvärde", _get("target_raw")), Col("Målvärde (tal)", _get("target_value")),
    Col("Målets enhet", lambda r: label(UNIT, r.get("target_unit"), r.get("target_unit"))),
    Col("Utfall", _get("outcome_raw")), Col("Utfall (tal)", _get("outcome_value")),
    Col("Utfall kvinnor", _get("outcome_women")), Col("Utfall män", _get("outcome_men")),
    Col("Status", _get("status"), status="status"), Col("Statuskälla", _source), Col("Trend", _trend),
    Col("Läge", lambda r: label(STATE, r.get("state"), r.get("state"))), Col("Färdiggrad (%)", _get("progress")),
    Col("Kommentar", _get("comment")), Col("Sida", page_of),
    Col("Styrmåttsnyckel", _get("metric_key")),
)
CHANGE_COLS = (
    Col("Organisation", _get("organisation")), Col("Nämnd", _get("committee")),
    Col("Från rapport", _get("from_report_id")), Col("Till rapport", _get("to_report_id")),
    Col("Förändring", lambda r: label(CHANGE, r.get("change"), r.get("change"))),
    Col("Framgångsfaktor", _get("success_factor")), Col("Styrmått", _get("metric")),
    Col("Före", _get("old_value"), status="change"), Col("Efter", _get("new_value"), status="change"),
    Col("Likhet", _get("similarity")), Col("Styrmåttsnyckel", _get("metric_key")),
)
FACT_COLS = (
    Col("Rapport-id", _get("report_id")), Col("Period", _period), Col("Styrmått", _get("_metric")),
    Col("Avsnitt", _get("_section")), Col("Sida", _get("_page")), Col("Mening", _get("sentence")),
    Col("Text", _get("raw")), Col("Värde", _get("value")), Col("Högsta värde", _get("value_max")),
    Col("Enhet", lambda r: label(UNIT, r.get("unit"), r.get("unit"))), Col("Precisering", _get("qualifier")),
    Col("Kön", lambda r: label(GENDER, r.get("gender"), r.get("gender"))),
    Col("Styrmåttsnyckel", _get("metric_key")),
)
PERIOD_GROUP = ("Målvärde", "Utfall", "Status")
PERIOD_KEYS = (Col("Styrmått", _get("metric")), Col("Framgångsfaktor", _get("success_factor")),
               Col("Strategiskt mål", _get("strategic_goal")), Col("Perspektiv", _get("perspective")),
               Col("Typ", lambda r: kind_label(r.get("metric_kind"))), Col("Organisation", _get("_organisation")),
               Col("Nämnd", _get("_committee")), Col("Styrmåttsnyckel", _get("metric_key")))


# --- cells -------------------------------------------------------------------------------------

def _cell_value(value):
    """A value openpyxl writes as Excel shows it: no NaN, no zone, no control characters."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value if value.tzinfo is None else value.isoformat()  # Excel has no time zones
    if isinstance(value, date | int | float | bool):
        return value
    s = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return s if len(s) <= CELL_MAX else s[:CELL_MAX - 1] + "…"


def _status_key(value) -> str | None:
    """The status in a cell value: a key (``not_achieved``) or a changes value (``not_achieved (●)``)."""
    word = (text(value) or "").partition(" ")[0]
    return word if word in STATUS else None


def _write_status(cell, value, mode: str) -> None:
    key = _status_key(value)
    if mode == "change" and key is None:  # a trend, a target, a name, a mark alone, or nothing
        cell.value = _cell_value(status_word(text(value)) if text(value) is not None else None)
        return
    look = status_look(key)
    cell.value = status_word(text(value)) if mode == "change" else look.label
    cell.fill = PatternFill("solid", fgColor=look.fill)
    cell.font = Font(color=look.ink, bold=True)


def _write(ws: Worksheet, row: int, col: int, value, status: str = "") -> None:
    cell = ws.cell(row=row, column=col)
    if status:
        _write_status(cell, value, status)
    else:
        cell.value = _cell_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"  # a text that starts with "=" is text, not a formula
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"


def _header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for i, h in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=i, value=h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _finish(ws: Worksheet, header_row: int, n_cols: int, frozen_cols: int = 0) -> None:
    """Frozen header (and key columns), autofilter over the table, widths from the contents."""
    ws.freeze_panes = ws.cell(row=header_row + 1, column=frozen_cols + 1).coordinate
    last = get_column_letter(max(n_cols, 1))
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    for i in range(1, n_cols + 1):
        letter = get_column_letter(i)
        longest = max((len(str(c.value)) for c in ws[letter][header_row - 1:] if c.value is not None), default=0)
        ws.column_dimensions[letter].width = min(max(longest + 2, WIDTH_MIN), WIDTH_MAX)


def table_sheet(wb: Workbook, title: str, cols: Sequence[Col], rows: Sequence[dict]) -> Worksheet:
    ws = wb.create_sheet(title)
    _header(ws, 1, [c.header for c in cols])
    for r, row in enumerate(rows, start=2):
        for i, c in enumerate(cols, start=1):
            _write(ws, r, i, c.value(row), c.status)
    _finish(ws, 1, len(cols))
    return ws


# --- rows of each sheet -----------------------------------------------------------------------

def _row_order(r: dict) -> tuple:
    return (page_of(r) or NO_PAGE, r.get("row_index") or 0, r.get("char_start") or 0)


def _with_period(rows: list[dict], columns: dict[str, Column]) -> list[dict]:
    """Rows of known reports, in report order then page order, with the report's period."""
    index = {rid: i for i, rid in enumerate(columns)}
    kept = [dict(r, _period=columns[r["report_id"]].period) for r in rows if r.get("report_id") in columns]
    return sorted(kept, key=lambda r: (index[r["report_id"]], *_row_order(r)))


def _facts(data: Data, columns: dict[str, Column]) -> list[dict]:
    names = {(m.get("report_id"), m.get("metric_key")): m.get("metric") for m in records(data["metrics"])}
    sections = {(s.get("report_id"), s.get("section_id")): s for s in records(data["sections"])}
    out = []
    for f in _with_period(records(data["facts"]), columns):
        sec = sections.get((f["report_id"], f.get("section_id")), {})
        out.append(dict(f, _metric=names.get((f["report_id"], f.get("metric_key"))),
                        _section=text(sec.get("title")), _page=page_of(sec)))
    return out


def _changes(data: Data, columns: dict[str, Column]) -> list[dict]:
    index = {rid: i for i, rid in enumerate(columns)}
    order = list(CHANGE)
    return sorted(records(data["changes"]), key=lambda c: (
        label(index, c.get("to_report_id"), len(index)), str(c.get("organisation")), str(c.get("committee")),
        order.index(c["change"]) if c.get("change") in order else len(order), str(c.get("metric"))))


# --- the metrics × periods sheet --------------------------------------------------------------

def _groups(reports: list[dict]) -> tuple[list[str], dict[str, str]]:
    """Column-group labels in period order, and each report's group. Two reports of one scope
    with the same period and kind get a group each (the second named by its id)."""
    labels: list[str] = []
    of_report: dict[str, str] = {}
    taken: set[tuple] = set()
    for r in reports:  # already in period order
        col = make_column(r)
        label = f"{col.period} {col.kind}"
        scope = (r.get("organisation"), r.get("committee"))
        if (scope, label) in taken:
            label = f"{label} ({r['report_id']})"
        taken.add((scope, label))
        if label not in labels:
            labels.append(label)
        of_report[r["report_id"]] = label
    return labels, of_report


def _scope_of(r: dict) -> tuple[str, str]:
    return (text(r.get("organisation")) or "", text(r.get("committee")) or "")


def _metric_lines(reports: list[dict], metrics: list[dict]) -> list[tuple[dict, dict[str, dict]]]:
    """One line per metric of a scope: its newest row (names) and its rows by report id."""
    lines = []
    for scope in sorted({_scope_of(r) for r in reports}):
        reps = [r for r in reports if _scope_of(r) == scope]
        ids = {r["report_id"] for r in reps}
        names = make_scope(reps[-1])  # the newest report names the organisation and committee
        by_key: dict[str, dict[str, dict]] = {}
        for m in metrics:
            if m.get("report_id") in ids and m.get("metric_key"):
                by_key.setdefault(m["metric_key"], {})[m["report_id"]] = m
        columns = [make_column(r) for r in reps]
        for key in latest_first(columns, by_key):
            last = newest(by_key[key], columns)
            lines.append((dict(last, _organisation=names.organisation_label, _committee=names.committee_label),
                          by_key[key]))
    return lines


def period_sheet(wb: Workbook, reports: list[dict], metrics: list[dict]) -> Worksheet:
    """One row per metric, a column group (target, outcome, status) per report period."""
    ws = wb.create_sheet("Styrmått per period")
    labels, of_report = _groups(reports)
    fixed = len(PERIOD_KEYS)
    _header(ws, 2, [c.header for c in PERIOD_KEYS] + [h for _ in labels for h in PERIOD_GROUP])
    for g, group in enumerate(labels):
        first = fixed + 1 + g * len(PERIOD_GROUP)
        cell = ws.cell(row=1, column=first, value=group)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        ws.merge_cells(start_row=1, start_column=first, end_row=1, end_column=first + len(PERIOD_GROUP) - 1)
    for r, (last, rows) in enumerate(_metric_lines(reports, metrics), start=3):
        for i, c in enumerate(PERIOD_KEYS, start=1):
            _write(ws, r, i, c.value(last))
        for rid, m in rows.items():
            first = fixed + 1 + labels.index(of_report[rid]) * len(PERIOD_GROUP)
            outcome = _plain_number(m.get("outcome_raw"))
            _write(ws, r, first, _plain_number(m.get("target_raw")))
            _write(ws, r, first + 1, m.get("outcome_value") if outcome is None else outcome)
            _write(ws, r, first + 2, m.get("status"), status="status")
    _finish(ws, 2, fixed + len(labels) * len(PERIOD_GROUP), frozen_cols=1)
    return ws


# --- the workbook -----------------------------------------------------------------------------

def build_workbook(data: Data) -> Workbook:
    """The workbook of one OUT, as read by ``load``."""
    reports = unique_reports(data)
    columns = {r["report_id"]: make_column(r) for r in reports}
    metrics = _with_period(records(data["metrics"]), columns)
    wb = Workbook()
    first = wb.active
    assert first is not None, "a new Workbook has one empty sheet, the active one"
    wb.remove(first)
    table_sheet(wb, "Rapporter", REPORT_COLS, reports)
    table_sheet(wb, "Mål", GOAL_COLS, _with_period(records(data["goals"]), columns))
    table_sheet(wb, "Styrmått", METRIC_COLS, metrics)
    period_sheet(wb, reports, metrics)
    table_sheet(wb, "Förändringar", CHANGE_COLS, _changes(data, columns))
    table_sheet(wb, "Fakta", FACT_COLS, _facts(data, columns))
    wb.properties.creator = "pipeline"
    wb.properties.title = "Styrkort: mål, styrmått och utfall"
    return wb


def write_workbook(out: Path, path: Path) -> Path:
    """Write the workbook of ``out`` to ``path`` atomically; raises ``NotAnOutDir`` for a path that is not one."""
    buf = io.BytesIO()
    build_workbook(load(Path(out))).save(buf)
    write_files_atomically([(Path(path), buf.getvalue())])
    return Path(path)

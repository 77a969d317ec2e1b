"""Status from the colour of the outcome figure: some templates print the outcome of a missed
target in (dark) red and every other outcome in the text's own colour, with no mark or word.

Only where the document shows that convention: its current outcome figures are printed in red and
in a plain text colour (black or grey), at least one of each, and in no other colour. Then a red
figure is ``not_achieved`` and a plain one ``achieved`` (``status_source = outcome_color``,
``status_color`` the figure's colour). A document that prints its outcomes otherwise (all red,
green and red, a house blue) gets no status from colour. A mark, symbol or word always wins: only
rows with no status of their own are read; a cell without a figure ("–") says nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from pipeline.model import Cell, Extraction, Metric, Status, StatusReading, StatusSource, Table
from pipeline.scorecard.rows import current_index
from pipeline.status.marks import hue_family

# hue families of a plain text colour, and of the colour that marks a missed target
PLAIN_FAMILIES = frozenset({"black", "grey"})
MISSED_FAMILY = "red"


def red_means_missed(families: Iterable[str | None]) -> bool:
    """True when the outcome figures are printed in red and in a plain colour, and nothing else."""
    seen = set(families)
    return MISSED_FAMILY in seen and bool(seen & PLAIN_FAMILIES) and seen <= PLAIN_FAMILIES | {MISSED_FAMILY}


def _outcome_cells(metrics: Iterable[Metric], ex: Extraction) -> dict[int, Cell]:
    """Position in ``metrics`` -> the cell of its current outcome, where it prints a figure."""
    tables: dict[str, Table] = {t.table_id: t for t in ex.tables}
    year = ex.meta.period_end.year if ex.meta is not None and ex.meta.period_end is not None else None
    out: dict[int, Cell] = {}
    for i, m in enumerate(metrics):
        t = tables.get(m.table_id)
        if t is None or m.outcome is None or m.outcome.value is None or m.row_index >= len(t.rows):
            continue
        k = current_index(t.header, t.roles, "outcome", year)
        row = t.rows[m.row_index]
        if k is not None and k < len(row) and row[k].color is not None:
            out[i] = row[k]
    return out


def status_from_outcome_color(metrics: list[Metric], ex: Extraction) -> list[Metric]:
    """Metrics with no status of their own get the status their outcome's colour says, where the
    document shows that red means a missed target."""
    cells = _outcome_cells(metrics, ex)
    if not red_means_missed(hue_family(c.color) for c in cells.values()):
        return metrics
    out = list(metrics)
    for i, cell in cells.items():
        m = metrics[i]
        if m.status.status is not None or m.status.symbol is not None or m.status.color is not None:
            continue
        status = Status.NOT_ACHIEVED if hue_family(cell.color) == MISSED_FAMILY else Status.ACHIEVED
        reading = StatusReading(status.value, StatusSource.OUTCOME_COLOR.value, color=cell.color, label=m.status.label)
        out[i] = dataclasses.replace(m, status=reading)
    return out

"""What one cell says: status (mark, symbol or word), trend, state and progress.

State (activities, assignments) comes from a word (``Klar``, ``Pågår``, ``Avslutad 2026-01-15``,
also after a period label such as ``Halvår 1 2026``) or from an icon's shape (a check is done,
a play triangle is in progress). A colour alone says how well, not where: it gives a status,
never a state. Progress (färdiggrad) is a bar's filled share or a printed percentage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.model import Cell, Document, ErrorRecord, Severity, State, StatusReading
from pipeline.settings.profile import Profile, ScorecardSettings
from pipeline.status.marks import TREND_SHAPES, hue_family, status_from_mark, trend_from_mark
from pipeline.status.phrases import leading_label, phrase_to_state, word_to_status
from pipeline.text.numbers import parse_percent

NO_STATUS = StatusReading(None, None)
# bar marks are progress, not status
_NOT_STATUS_SHAPES = frozenset({"bar"})
# icon shape -> state
SHAPE_STATES = {"check": State.DONE, "circle_check": State.DONE, "circle_play": State.IN_PROGRESS,
                "triangle_right": State.IN_PROGRESS, "circle_pause": State.DELAYED, "cross": State.CANCELLED,
                "circle_cross": State.CANCELLED}
_PERIOD_LABEL = re.compile(r"^(?:halvår|tertial|kvartal|delår|period)\s*\d\s*(?:\d{4})?\s*[:.,-]?\s*", re.I)
# a date printed right after a state word: "Avslutad 2026-01-15", "Klar: 2025-11-14"
_DATE_AFTER = re.compile(r"^\s*[:,–-]?\s*(\d{4}-\d{2}-\d{2})\b")


def cell_status(cell: Cell | None, doc: Document, profile: Profile) -> StatusReading:
    if cell is None:
        return NO_STATUS
    if cell.marks:
        return status_from_mark(cell.marks[0], doc.legend, profile)
    symbol = cell.text.strip()
    if not symbol:
        return NO_STATUS
    status = profile.scorecard.symbols.get(symbol)
    if status == "assessed":
        return StatusReading(None, None, symbol)  # ● in a text export: assessed, colour unknown
    if status is not None:
        return StatusReading(status, "symbol", symbol)
    # a word ("Grön", "Delvis uppnått") or emoji: the profile's vocabulary says what it means
    status = word_to_status(symbol, profile)
    label = (leading_label(symbol, profile.scorecard.status_words) or symbol) if status else None
    return StatusReading(status, "profile" if status else None, symbol, label=label)


def cell_trend(cell: Cell | None, sc: ScorecardSettings) -> tuple[str | None, str | None]:
    if cell is None:
        return None, None
    for mark in cell.marks:
        trend, symbol = trend_from_mark(mark, sc)
        if trend:
            return trend, symbol
    symbol = cell.text.strip()
    if not symbol:
        return None, None
    return sc.arrows.get(symbol), symbol


def marks_status(cell: Cell | None, doc: Document, profile: Profile) -> StatusReading | None:
    """Status from the first status-like mark in a cell (an icon at the start of a goal or
    assignment text); None when the cell has none."""
    if cell is None:
        return None
    for m in cell.marks:
        if m.shape in _NOT_STATUS_SHAPES:
            continue
        reading = status_from_mark(m, doc.legend, profile)
        if reading.status is not None or reading.color is not None:
            return reading
    return None


def cell_state(cells: Iterable[Cell | None], sc: ScorecardSettings) -> str | None:
    """The first state any of the cells gives, by icon shape or by its leading words."""
    for cell in cells:
        if cell is None:
            continue
        for m in cell.marks:
            if m.shape in SHAPE_STATES:
                return SHAPE_STATES[m.shape]
            if m.shape != "bar" and m.shape not in TREND_SHAPES:
                family = "hollow" if m.filled is False else hue_family(m.color)
                if family in sc.state_colors:
                    return sc.state_colors[family]
        text = _PERIOD_LABEL.sub("", cell.text.strip())
        state = phrase_to_state(text, sc) if text else None
        if state:
            return state
    return None


def state_label(cells: Iterable[Cell | None], sc: ScorecardSettings) -> tuple[str | None, str | None]:
    """The state or status word(s) a cell starts with, as printed, and the date printed right
    after them, ISO ("Avslutad 2026-01-15 ..." -> ("Avslutad", "2026-01-15"))."""
    words = {**sc.status_words, **sc.state_words}
    for cell in cells:
        if cell is None or not cell.text:
            continue
        text = " ".join(_PERIOD_LABEL.sub("", cell.text.strip()).split())
        label = leading_label(text, words)
        if label:
            date = _DATE_AFTER.match(text[len(label):])
            return label, date.group(1) if date else None
    return None, None


def progress_of(cell: Cell | None) -> float | None:
    """Färdiggrad in percent: a bar's filled share, or a printed "75 %"."""
    if cell is None:
        return None
    for m in cell.marks:
        if m.progress is not None:
            return m.progress
    return parse_percent(cell.text)


def unmatched_mark(where: str, reading: StatusReading, page: int | None) -> ErrorRecord:
    """A status mark whose colour and shape the legend and profile do not know: kept as its
    colour, status null, and said."""
    return ErrorRecord("scorecard", f"{where}: status mark {reading.symbol or '?'} in {reading.color} matches no "
                                    "legend entry or colour family; status left null", Severity.WARNING, page)

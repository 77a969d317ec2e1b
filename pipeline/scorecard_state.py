"""Where an activity or assignment stands (state) and how far it has come (progress).

State comes from a word (``Klar``, ``Pågår``, ``Avslutad 2026-01-15``, also after a period label
such as ``Halvår 1 2026``) or from an icon's shape (a check is done, a play triangle is in
progress). A colour alone says how well, not where: it gives a status, never a state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.model import Cell
from pipeline.profile import Profile
from pipeline.status import phrase_to_state

# icon shape -> state
SHAPE_STATES = {"check": "done", "circle_check": "done", "circle_play": "in_progress",
                "triangle_right": "in_progress", "circle_pause": "delayed", "cross": "cancelled",
                "circle_cross": "cancelled"}
_PERIOD_LABEL = re.compile(r"^(?:halvår|tertial|kvartal|delår|period)\s*\d\s*(?:\d{4})?\s*[:.,-]?\s*", re.I)
_PERCENT = re.compile(r"^\s*(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent)\s*$")


def cell_state(cells: Iterable[Cell | None], profile: Profile) -> str | None:
    """The first state any of the cells gives, by icon shape or by its leading words."""
    for cell in cells:
        if cell is None:
            continue
        for m in cell.marks:
            if m.shape in SHAPE_STATES:
                return SHAPE_STATES[m.shape]
        text = _PERIOD_LABEL.sub("", cell.text.strip())
        state = phrase_to_state(text, profile) if text else None
        if state:
            return state
    return None


def progress_of(cell: Cell | None) -> float | None:
    """Färdiggrad in percent: a bar's filled share, or a printed "75 %"."""
    if cell is None:
        return None
    for m in cell.marks:
        if m.progress is not None:
            return m.progress
    found = _PERCENT.match(cell.text)
    if found:
        value = float(found.group(1).replace(",", "."))
        return value if 0 <= value <= 100 else None
    return None

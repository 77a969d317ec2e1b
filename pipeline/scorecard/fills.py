"""Status from the fill of a status cell: a cell shaded green, yellow or red says the status in
colour, with or without a word.

The document's legend decides a fill's meaning first (a green entry is green, whatever its shape);
without one, the profile's ``legend.fills`` (green achieved, yellow partly, red not achieved) is a
guess, said once per table in a warning with reason ``guessed`` (the report is partial). A printed
word or a mark in the cell wins over its fill; where they disagree a warning names page and text.
A fill that is also the name cell's is the row's band, not a status.
"""

from __future__ import annotations

import colorsys
import dataclasses

from pipeline.model import (
    Cell,
    Document,
    ErrorReason,
    ErrorRecord,
    Mark,
    Severity,
    StatusReading,
)
from pipeline.settings.profile import Profile
from pipeline.status.marks import hex_to_rgb, hue_family, rgb_to_hex, status_from_mark

# a fill paler than this saturation (HSV) is a tint of grey or paper, never a status colour;
# status fills are often pale (Excel's light green #c6efce is 0.17)
FILL_MIN_SATURATION = 0.12
# a fill darker than this value (HSV) is a dark header or a black cell, never a status colour
FILL_MIN_VALUE = 0.35
# the source of a status read from a fill by the profile's colours
FILL_SOURCE = "fill"


def fill_family(color: str) -> str | None:
    """The hue family of a fill, pale tints included: light green is green."""
    h, s, v = colorsys.rgb_to_hsv(*hex_to_rgb(color))
    if s < FILL_MIN_SATURATION or v < FILL_MIN_VALUE:
        return None
    return hue_family(rgb_to_hex(colorsys.hsv_to_rgb(h, max(s, 0.5), max(v, 0.5))))


def fill_reading(cell: Cell | None, name_cell: Cell | None, doc: Document, profile: Profile) -> StatusReading | None:
    """What the status cell's own fill says; None for no fill, the row's band, or a colour
    neither the legend nor the profile names."""
    if cell is None or not cell.fill or (name_cell is not None and name_cell.fill == cell.fill):
        return None
    family = fill_family(cell.fill)
    if family is None:
        return None
    if doc.legend is not None and doc.legend.entries:
        swatch = Mark("fill", cell.fill, None, True, FILL_SOURCE, cell.prov.bbox)
        reading = status_from_mark(swatch, doc.legend, profile)
        if reading.source == "legend":
            return dataclasses.replace(reading, symbol=None)
    status = profile.legend.fills.get(family)
    return StatusReading(status, FILL_SOURCE, None, cell.fill) if status else None


def with_fill(reading: StatusReading, cell: Cell | None, name_cell: Cell | None, doc: Document, profile: Profile,
              where: str, errors: list[ErrorRecord]) -> StatusReading:
    """The cell's status with its fill: the fill fills a status the cell gave none of; a word or
    mark wins, and a disagreement is a warning."""
    fill = fill_reading(cell, name_cell, doc, profile)
    if fill is None:
        return reading
    if reading.status is None and reading.color is None:
        return fill
    if reading.status is not None and fill.status != reading.status and cell is not None:
        printed = reading.label or reading.symbol or cell.text
        errors.append(ErrorRecord(
            "scorecard", f"{where}: status word {printed!r} ({reading.status}) and cell fill {fill.color} "
                         f"({fill.status}) disagree; the printed word wins", Severity.WARNING, cell.prov.page))
    return reading if reading.color is not None else dataclasses.replace(reading, color=fill.color)


def fill_guess_warning(table_id: str, rows: list[tuple[str, StatusReading, int | None]]) -> list[ErrorRecord]:
    """One warning per table whose statuses were read from fills by the profile's colours;
    ``rows``: (name, status, page) of each goal or metric row the table gave."""
    guessed = [(name, page) for name, reading, page in rows if reading.source == FILL_SOURCE]
    if not guessed:
        return []
    names = ", ".join(repr(name[:60]) for name, _ in guessed)
    return [ErrorRecord("scorecard", f"table {table_id}: status from the fill of {len(guessed)} status cells "
                                     f"by the profile's colours (legend.fills), no legend of the document names them: "
                                     f"a guess ({names})", Severity.WARNING, guessed[0][1], ErrorReason.GUESSED)]

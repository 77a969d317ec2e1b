"""Swedish words, shapes and colours for the contract's vocabularies, and safe file names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.model import ReportStatus, Status, Trend
from pipeline.output.files import short_hash


@dataclass(frozen=True, slots=True)
class StatusLook:
    """How one status reads: a word and a shape carry it, so colour is never the only signal."""

    key: str  # css class suffix
    label: str
    shape: str
    fill: str  # background colour (hex RGB), as style.css's .st-<key>, and the workbook's cell fill
    ink: str  # text colour on that fill


STATUS_ORDER = (*Status, None)
STATUS: dict[str | None, StatusLook] = {
    Status.ACHIEVED: StatusLook("achieved", "Uppnått", "●", "1e6b34", "ffffff"),
    Status.PARTIALLY_ACHIEVED: StatusLook("partial", "Delvis uppnått", "◐", "f6d365", "1b1b1b"),
    Status.NOT_ACHIEVED: StatusLook("not-achieved", "Ej uppnått", "✕", "b3261e", "ffffff"),
    Status.NOT_ASSESSED: StatusLook("not-assessed", "Ej bedömt", "○", "ffffff", "1b1b1b"),
    None: StatusLook("unknown", "Okänd", "?", "e6e6e6", "1b1b1b"),
}
TREND: dict[str, tuple[str, str]] = {Trend.IMPROVING: ("↑", "Förbättras"), Trend.UNCHANGED: ("→", "Oförändrad"),
         Trend.WORSENING: ("↓", "Försämras")}
REPORT_STATUS: dict[str, str] = {ReportStatus.OK: "OK", ReportStatus.PARTIAL: "Delvis inläst", ReportStatus.FAILED: "Misslyckades"}
REPORT_KIND = {"delarsrapport": "Delårsrapport", "arsredovisning": "Årsredovisning",
               "verksamhetsplan": "Verksamhetsplan"}
METRIC_KIND = {"styrmatt": "Styrmått", "aktivitet": "Aktivitet", "indikator": "Indikator", "uppdrag": "Uppdrag",
               "rekommendation": "Rekommendation", "granskningsfraga": "Granskningsfråga"}
STATUS_SOURCE = {"legend": "rapportens teckenförklaring", "profile": "profilens teckenförklaring",
                 "symbol": "symbol", "narrative": "texten", "outcome_color": "utfallets färg",
                 "computed": "beräknad: utfall mot målvärde"}
LINK_METHOD = {"heading_exact": "rubrik, exakt", "heading_fuzzy": "rubrik, liknande", "heading_lemma": "rubrik, grundform",
               "content": "innehåll"}
SEVERITY = {"warning": "Varning", "error": "Fel"}
GENDER = {"women": "kvinnor", "men": "män"}
STATE = {"done": "Klar", "in_progress": "Pågår", "delayed": "Försenad", "not_started": "Ej påbörjad",
         "cancelled": "Avbruten"}  # metrics.state of activities and assignments
# facts.unit (docs/data-contract.md) as a Swedish page or workbook says it; an unknown unit reads as it is
UNIT = {"count": "antal", "persons": "personer", "percent": "procent", "percentage_points": "procentenheter",
        "SEK": "kronor", "EUR": "euro", "years": "år", "hours": "timmar", "days": "dagar", "weeks": "veckor",
        "months": "månader", "minutes": "minuter"}
CHANGE = {"added": "Tillagt", "removed": "Borttaget", "renamed": "Nytt namn", "target_changed": "Ändrat målvärde",
          "status_changed": "Ändrad status", "trend_changed": "Ändrad trend", "goal_status_changed": "Mål: ändrad status"}
CHANGE_ORDER = tuple(CHANGE)
SLUG_MAX = 60  # characters of readable slug before the hash suffix


def status_look(status: str | None) -> StatusLook:
    return STATUS.get(status, STATUS[None])


def status_word(value: str | None) -> str:
    """A changes value such as ``partially_achieved (●)`` in Swedish, keeping the printed symbol."""
    if value is None:
        return "–"
    word, _, rest = value.partition(" ")
    if word in STATUS:
        return f"{STATUS[word].label} {rest}".strip()
    if word in TREND:
        return f"{TREND[word][1]} {TREND[word][0]} {rest}".strip()
    return value


def goal_anchor(goal_key: str | None) -> str:
    """The id of a goal's section on its committee page."""
    return "goal-" + slug(goal_key or "utan-mal")


def slug(*parts: str | None) -> str:
    """A safe, readable file name part: ascii letters, digits and dashes, plus a short hash of the
    original when the slug lost information, so two different keys never share a file."""
    raw = "|".join(p or "" for p in parts)
    text = unicodedata.normalize("NFKD", "--".join(p or "okand" for p in parts))
    text = re.sub(r"[^a-z0-9.-]+", "-", text.encode("ascii", "ignore").decode().lower()).strip("-.")
    text = re.sub(r"\.+", ".", text)[:SLUG_MAX].strip("-.") or "x"
    if text != raw:
        text += "-" + short_hash(raw)
    return text

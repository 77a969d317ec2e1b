"""(6) A kommunalförbund's årsredovisning (issue 22): each goal is a heading ("Mål 1: ...") over its
own indicator table `Indikator | Utfall 2024 | Målvärde 2025 | Utfall 2025`, under numbered theme
headings. A missed target is shown only by printing the 2025 outcome in dark red; each goal's
status is stated only in the prose after its table, in the varied ways Swedish reports say it.

The spec is the gold: goals with their status from the prose (``narrative``, the sentence as
evidence), indicators with target and comparison, the outcome's colour as their status
(``outcome_color``), and the earlier year's outcome as a ``history`` row with its year."""

from __future__ import annotations

from dataclasses import dataclass

from fixtures_build import model
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row, Style
from fixtures_build.synthetic.spec import Goal, Item, Org, SyntheticReport

ORG = Org("Södertörns brandförsvarsförbund", None, "Direktionen")
STYLE = Style(name="forbund-goals", rules="grid", shading="header", legend=False, header_fill="#dbe5f1")
DARK_RED = "#c00000"  # Word's "Dark Red": the template's only sign of a missed target
HEADER = ("Indikator", "Utfall 2024", "Målvärde 2025", "Utfall 2025")
WIDTHS = (0.52, 0.16, 0.16, 0.16)
YEAR = 2025


@dataclass(frozen=True)
class Indicator:
    name: str
    before: str  # Utfall 2024 as printed ("–": not measured)
    target: str
    outcome: str  # Utfall 2025 as printed ("–": not yet known)
    missed: bool  # printed in dark red


@dataclass(frozen=True)
class GoalSpec:
    number: int
    text: str
    theme: str
    indicators: tuple[Indicator, ...]
    prose: tuple[str, ...]  # the paragraphs after the table
    status: str
    evidence: str  # the sentence that states the status


THEMES = ("1 Olycksförebyggande verksamhet", "2 Räddningsinsatser", "3 Medarbetare och ekonomi")
GOALS = (
    GoalSpec(1, "Antalet bränder i bostäder ska minska", THEMES[0], (
        Indicator("Antal bränder i bostäder per 10 000 invånare", "4,1", "≤ 3,8", "3,6", False),
        Indicator("Andel hushåll som fått hembesök", "11 %", "≥ 15 %", "12 %", True),
    ), ("Antalet bränder i bostäder fortsatte att minska under året. Hembesöken ökade något men nådde "
        "inte målvärdet, eftersom två tjänster var vakanta under hösten.",
        "Målet är delvis uppnått."),
        "partially_achieved", "Målet är delvis uppnått."),
    GoalSpec(2, "Ledningscentralen ska vara tillgänglig dygnet runt", THEMES[0], (
        Indicator("Tillgänglighet i ledningscentralens system", "99,6 %", ">99%", "99,8 %", False),
        Indicator("Andel larm som inte besvarats inom 10 sekunder", "0,7 %", "<1%", "0,4 %", False),
    ), ("Ledningscentralen har haft två planerade driftstopp, båda under natten och med reservsystem i drift. "
        "Målet bedöms ha uppnåtts.",),
        "achieved", "Målet bedöms ha uppnåtts."),
    GoalSpec(3, "Räddningsinsatser ska påbörjas snabbt", THEMES[1], (
        Indicator("Andel insatser där insatstiden understiger 20 minuter", "83 %", "≥ 85 %", "81 %", True),
        Indicator("Genomsnittlig anspänningstid, sekunder", "92", "90", "95", True),
    ), ("Målet har inte uppnåtts. Insatstiderna har ökat i de södra delarna av förbundet, där två "
        "deltidsstationer haft svårt att bemanna sina styrkor.",),
        "not_achieved", "Målet har inte uppnåtts."),
    GoalSpec(4, "Medarbetarna ska ha rätt kompetens för sina uppdrag", THEMES[2], (
        Indicator("Andel heltidsbrandmän med genomförd grundutbildning", "96 %", "100 %", "100 %", False),
        Indicator("Antal övningstimmar per brandman", "48", "50", "52", False),
        Indicator("Andel nöjda deltagare i förbundets utbildningar", "–", "≥ 90 %", "–", False),
    ), ("Samtliga heltidsbrandmän har genomfört grundutbildningen. Enkäten till kursdeltagarna genomförs "
        "först under 2026. Målet bedöms som uppfyllt.",),
        "achieved", "Målet bedöms som uppfyllt."),
    GoalSpec(5, "Förbundet ska ha en ekonomi i balans", THEMES[2], (
        Indicator("Resultat i förhållande till medlemsbidrag", "1,8 %", "≥ 1 %", "0,6 %", True),
        Indicator("Sjukfrånvaro", "5,9 %", "≤ 5 %", "5,4 %", True),
    ), ("Resultatet blev lägre än budgeterat, främst på grund av ökade pensionskostnader. Sjukfrånvaron "
        "minskade men ligger fortfarande över målvärdet.",
        "Sammantaget bedöms målet inte ha uppnåtts."),
        "not_achieved", "Sammantaget bedöms målet inte ha uppnåtts."),
)


def _table(g: GoalSpec) -> model.Table:
    rows = tuple(Row((Cell(i.name), Cell(i.before), Cell(i.target),
                      Cell(i.outcome, color=DARK_RED if i.missed else None))) for i in g.indicators)
    return model.Table(HEADER, rows, WIDTHS)


def _blocks() -> tuple:
    out: list = [
        Heading("Årsredovisning 2025", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
        Heading("Förvaltningsberättelse", 1),
        Paragraph("Förbundet ansvarar för räddningstjänsten i sina medlemskommuner. Under 2025 genomfördes "
                  "3 412 räddningsinsatser, vilket är 4 procent fler än föregående år."),
        Heading("Måluppfyllelse", 1),
        Paragraph("Direktionen har fastställt fem mål för 2025. Varje mål följs upp med indikatorer, och "
                  "måluppfyllelsen bedöms efter varje mål."),
    ]
    for theme in THEMES:
        out.append(Heading(theme, 2))
        for g in (g for g in GOALS if g.theme == theme):
            out += [Heading(f"Mål {g.number}: {g.text}", 3), _table(g), *(Paragraph(p) for p in g.prose)]
    out += [Heading("Ekonomisk översikt", 1),
            Paragraph("Årets resultat uppgår till 2,1 mkr. Medlemsbidragen uppgick till 352 mkr.")]
    return tuple(out)


def _status(i: Indicator) -> tuple[str | None, str | None, str | None]:
    """(status, status_source, status_color) the reader must give: the outcome's colour, where a
    figure is printed."""
    if i.outcome == "–":
        return None, None, None
    return ("not_achieved", "outcome_color", DARK_RED) if i.missed else ("achieved", "outcome_color", "#000000")


def _detail() -> dict:
    goals = [{"strategic_goal": g.text, "goal_level": "mal", "status": g.status, "status_source": "narrative",
              "status_evidence": g.evidence, "status_label": None} for g in GOALS]
    metrics, history = [], []
    for g in GOALS:
        for i in g.indicators:
            status, source, color = _status(i)
            metrics.append({"metric": i.name, "strategic_goal": g.text, "target_raw": i.target,
                            "target_direction": _direction(i.target), "outcome_raw": i.outcome, "status": status, "status_source": source, "status_color": color,
                            "status_label": None})
            if i.before != "–":
                history.append({"metric": i.name, "year": YEAR - 1, "header": HEADER[1], "value_raw": i.before})
    return {"goals_detail": goals, "metrics_detail": metrics, "history": history}


def _direction(target: str) -> str | None:
    signs = {">": "above", "<": "below", "≥": "at_least", "≤": "at_most"}
    return signs.get(target[:1])


def _goals() -> tuple[Goal, ...]:
    return tuple(Goal(g.text, "mal", g.theme, g.status) for g in GOALS)


def _items() -> tuple[Item, ...]:
    out = []
    for g in GOALS:
        for i in g.indicators:
            status = _status(i)[0]
            out.append(Item(i.name, "indikator", goal=g.text, outcome_raw=i.outcome,
                            target_raw=i.target, status=status))
    return tuple(out)


NOTES = ("Goals printed as headings 'Mål N: ...' over their own indicator table, under numbered theme headings "
         "(themes, never goals). Goal status only in the prose after the table (status_source narrative, the "
         "sentence as evidence). Indicator status only from the 2025 outcome's colour: dark red = missed "
         "(not_achieved), black = met (achieved), source outcome_color; no figure ('–', kept as printed), no status. 'Utfall "
         "2024' is a history row with its year. A kommunalförbund: no SCB code.")

REPORTS = [SyntheticReport(
    name=f"sodertorn-brandforsvar-arsredovisning-2025.{engine}", engine=engine, style=STYLE,
    doc=Doc(blocks=_blocks(), title="Årsredovisning 2025 Södertörns brandförsvarsförbund", author=ORG.name,
            header=f"{ORG.name} | Årsredovisning 2025", footer="Sida {page}"),
    org=ORG, report_kind="arsredovisning", period_end="2025-12-31", goals=_goals(), items=_items(),
    notes=NOTES, extra=_detail(),
) for engine in ("libreoffice", "chromium")]

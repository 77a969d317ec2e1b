"""(5) An economy-only monthly report (fördjupad månadsuppföljning): forecast tables and prose,
no goal content. A correct extraction has no goal and no metric rows; the tables go to `tables`."""

from __future__ import annotations

from fixtures_build import model
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row, Style
from fixtures_build.synthetic.spec import Org, SyntheticReport

ORG = Org("Umeå kommun", "2480", "Tekniska nämnden")
STYLE = Style(name="economy", rules="grid", shading="alternate", legend=False, header_fill="#c6d9f1")


def _money_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> model.Table:
    n = len(header)
    return model.Table(header, tuple(Row(tuple(Cell(c) for c in r)) for r in rows),
                       (0.34,) + (0.66 / (n - 1),) * (n - 1))


def _blocks() -> tuple:
    return (
        Heading("Fördjupad månadsuppföljning oktober 2025", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
        Heading("Sammanfattning", 1),
        Paragraph("Nämnden prognostiserar ett underskott om 4,2 mkr för helåret 2025. Underskottet beror främst "
                  "på högre kostnader för vinterväghållning under årets början och ökade energikostnader."),
        Heading("Driftredovisning", 1),
        _money_table(("Mkr", "Budget 2025", "Utfall jan–okt", "Prognos helår", "Avvikelse"),
                     [("Gator och parker", "-182,4", "-160,9", "-188,1", "-5,7"),
                      ("Fastighet", "-41,0", "-31,2", "-39,8", "1,2"),
                      ("Vatten och avfall", "0,0", "2,3", "0,4", "0,4"),
                      ("Nämnd och ledning", "-8,6", "-6,9", "-8,7", "-0,1"),
                      ("Summa", "-232,0", "-196,7", "-236,2", "-4,2")]),
        Paragraph("Avvikelsen inom gator och parker förklaras av att snömängderna i januari och februari var "
                  "ovanligt stora. Fastighet redovisar ett överskott efter lägre räntekostnader."),
        Heading("Investeringar", 1),
        _money_table(("Mkr", "Budget 2025", "Utfall jan–okt", "Prognos helår"),
                     [("Gång- och cykelvägar", "35,0", "21,4", "31,0"),
                      ("Broar", "18,5", "6,2", "12,0"),
                      ("Parker och lekplatser", "9,0", "7,8", "9,0")]),
        Heading("Åtgärder för budget i balans", 1),
        Paragraph("Nämnden har beslutat om återhållsamhet med nyanställningar och skjuter planerat underhåll "
                  "av lekplatser till 2026. Åtgärderna bedöms förbättra resultatet med 1,5 mkr."),
    )


REPORTS = [SyntheticReport(
    name="umea-tekniska-manadsuppfoljning-2025-10", engine="libreoffice", style=STYLE,
    doc=Doc(blocks=_blocks(), title="Fördjupad månadsuppföljning oktober 2025", author=ORG.name,
            subject=ORG.committee, header=f"{ORG.name} | {ORG.committee}", footer="Sida {page} av {pages}"),
    org=ORG, report_kind="manadsuppfoljning", period_end="2025-10-31",
    notes="Economy only: forecast tables and prose. Expected: no goals, no metrics, status ok.",
)]

"""(2) A city nämnd's assignments (uppdrag): the interim report with a status icon at the start of
each assignment cell and comments starting with a period label, and the annual report with the
status as a word and a date in a column 'Uppdragets status och kommentar'. Verksamhetsmål are
narrative only (no goal rows expected)."""

from __future__ import annotations

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row, Style
from fixtures_build.synthetic.spec import ICON_STATUS, Item, Org, SyntheticReport

ORG = Org("Göteborgs Stad", "1480", "Nämnden för Intraservice")
LIGHT = Style(name="city", rules="rows", shading="header", marks="raster", legend=False,
              header_fill="#e7e6e6", mark_pt=10.0)
GRID = Style(name="city-annual", rules="grid", shading="header", marks="glyph", legend=False)

DIMENSIONS = ("Social dimension", "Ekologisk dimension", "Ekonomisk dimension")
# (dimension, assignment, state at halvår 1, comment at halvår 1, state at year end, year-end comment)
ASSIGNMENTS = (
    (DIMENSIONS[0], "Samordna stadens arbete med tillgänglig digital service för invånare med funktionsnedsättning",
     "in_progress", "Halvår 1 2026 En kartläggning av stadens e-tjänster är genomförd och åtgärder prioriteras.",
     "done", "Avslutad 2026-01-15 Samtliga prioriterade e-tjänster är tillgänglighetsgranskade."),
    (DIMENSIONS[0], "Erbjuda feriearbeten inom nämndens verksamheter",
     "done", "Halvår 1 2026 85 ungdomar hade feriearbete inom Intraservice under sommaren.",
     "done", "Avslutad 2025-09-30 Uppdraget är genomfört och återrapporterat till kommunstyrelsen."),
    (DIMENSIONS[1], "Ställa om stadens fordonsflotta till fossilfria drivmedel",
     "delayed", "Halvår 1 2026 Leveranserna av elfordon är försenade och omställningen sker senare än planerat.",
     "in_progress", "Pågår Omställningen fortsätter 2026; 74 procent av fordonen är fossilfria."),
    (DIMENSIONS[1], "Minska matsvinnet i stadens måltidsverksamhet",
     "not_started", "Halvår 1 2026 Arbetet startar efter att den nya livsmedelsupphandlingen är klar.",
     "not_started", "Ej påbörjad Uppdraget flyttas till verksamhetsplanen för 2026."),
    (DIMENSIONS[2], "Samordna stadens upphandling av IT-konsulttjänster",
     "in_progress", "Halvår 1 2026 Ett nytt ramavtal är under utvärdering och väntas tecknas i höst.",
     "done", "Avslutad 2025-11-20 Ramavtalet är tecknat och gäller från 1 december."),
    (DIMENSIONS[2], "Utreda gemensam lokalförsörjning för stadens förvaltningar i centrala Göteborg",
     "cancelled", "Halvår 1 2026 Kommunstyrelsen har beslutat att uppdraget avbryts.",
     "cancelled", "Avbruten 2025-04-02 Uppdraget avbröts efter kommunstyrelsens beslut."),
)
GOAL_PROSE = (  # verksamhetsmål told as prose only, with no status: no goal rows
    ("Uppföljning av verksamhetsmål",
     "Nämndens verksamhetsmål är att stadens verksamheter får ett effektivt och samordnat stöd. Nämnden "
     "bidrar till målet genom samordnade stödtjänster. Utvecklingen under perioden följer plan och "
     "kunderna ger i huvudsak gott betyg i den årliga kundundersökningen."),
)


def _table(header: tuple[str, str], rows: list[Row]) -> model.Table:
    return model.Table(header, tuple(rows), (0.42, 0.58))


def _doc(title: str, intro: str, header: tuple[str, str], rows_for) -> Doc:
    blocks: list = [Heading(title, 0), Paragraph(f"{ORG.committee}, {ORG.name}"), Paragraph(intro)]
    for heading, prose in GOAL_PROSE:
        blocks += [Heading(heading, 1), Paragraph(prose)]
    blocks.append(Heading("Centrala uppdrag", 1))
    for dim in DIMENSIONS:
        blocks += [Heading(dim, 2), _table(header, [rows_for(a) for a in ASSIGNMENTS if a[0] == dim])]
    return Doc(blocks=tuple(blocks), title=title, author=ORG.name, header=f"{ORG.name} | {ORG.committee}",
               footer="Sida {page}")


def _interim_row(a) -> Row:
    _, text, state, comment, *_ = a
    return Row((Cell(text, mark=shapes.STATE_MARKS[state]), Cell(comment)))


def _annual_row(a) -> Row:
    return Row((Cell(a[1]), Cell(a[5])))


INTERIM = SyntheticReport(
    name="goteborg-intraservice-delarsrapport-2026-06", engine="chromium", style=LIGHT,
    doc=_doc("Delårsrapport per juni 2026",
             "Rapporten redovisar nämndens uppföljning per den 30 juni 2026 av de centrala uppdrag "
             "som kommunfullmäktige gett nämnden i budget 2026.",
             ("Centrala uppdrag", "Kommentar"), _interim_row),
    org=ORG, report_kind="delarsrapport", period_end="2026-06-30",
    items=tuple(Item(a[1], "uppdrag", state=a[2], comment=a[3], status=ICON_STATUS[a[2]]) for a in ASSIGNMENTS),
    notes="Assignments: status is a raster icon at the start of the assignment cell (no legend); the "
          "comment as printed, period label included. Verksamhetsmål are prose only: no goal rows.",
)
ANNUAL = SyntheticReport(
    name="goteborg-intraservice-arsrapport-2025", engine="reportlab", style=GRID,
    doc=_doc("Årsrapport 2025",
             "Rapporten redovisar nämndens uppföljning av verksamhetsåret 2025 och status för de "
             "centrala uppdragen vid årets slut.",
             ("Centrala uppdrag", "Uppdragets status och kommentar"), _annual_row),
    org=ORG, report_kind="arsrapport", period_end="2025-12-31",
    items=tuple(Item(a[1], "uppdrag", state=a[4], comment=a[5]) for a in ASSIGNMENTS),
    with_text=True,
    notes="Assignments: state from the word at the start of the comment ('Avslutad 2026-01-15', 'Pågår', "
          "'Ej påbörjad', 'Avbruten'); comment as printed. Verksamhetsmål are prose only: no goal rows.",
)
REPORTS = [INTERIM, ANNUAL]

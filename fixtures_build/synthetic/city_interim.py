"""(7) A city nämnd's interim report as the held-out one of issue 22 prints it: 18 "Centrala
uppdrag", each with a status icon (a raster icon) at the start of the assignment cell and a
comment of several lines starting "Halvår 1 2026"; no rules, only the header shaded: rows are set
apart by cell padding alone. Then a cost-growth table under the heading "Kostnadsutveckling"
(`Nyckeltal | Utfall ... | Förändring`, "Intäkter 7,8 %") that is economy, not styrmått, though
its header names a metric column: it stays in `tables` only."""

from __future__ import annotations

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row, Style
from fixtures_build.synthetic.spec import ICON_STATUS, Item, Org, SyntheticReport

ORG = Org("Göteborgs Stad", "1480", "Nämnden för demokrati och medborgarservice")
STYLE = Style(name="city-interim", rules="none", shading="header", marks="raster", legend=False,
              header_fill="#e7e6e6", mark_pt=10.0)

_TOPICS = (
    ("Utveckla stadens kontaktcenter så att fler ärenden löses vid första kontakten", "in_progress",
     "andelen ärenden som löses direkt har ökat från 71 till 76 procent"),
    ("Samordna stadens arbete med medborgardialog inför budget 2027", "done",
     "dialogerna genomfördes i samtliga stadsområden under våren"),
    ("Införa en gemensam e-tjänsteplattform för stadens förvaltningar", "delayed",
     "upphandlingen har överprövats och införandet skjuts upp till 2027"),
    ("Öka tillgängligheten till stadens medborgarkontor på kvällstid", "done",
     "samtliga kontor har kvällsöppet en dag i veckan sedan mars"),
    ("Ta fram en handlingsplan mot desinformation i valrörelsen", "in_progress",
     "ett utkast har remitterats till stadens förvaltningar"),
    ("Utreda en gemensam funktion för samhällsvägledning i hela staden", "not_started",
     "utredningen startar efter sommaren när bemanningen är klar"),
    ("Stärka stödet till civilsamhällets organisationer i nordöstra Göteborg", "in_progress",
     "nya överenskommelser om idéburet offentligt partnerskap förhandlas"),
    ("Genomföra valet till riksdag, region och kommun 2026", "in_progress",
     "förberedelserna följer tidplanen och röstmottagare rekryteras"),
    ("Digitalisera stadens arkiv för allmänna handlingar", "delayed",
     "skanningen av äldre handlingar går långsammare än planerat"),
    ("Erbjuda språkstöd på fler språk i stadens kontaktcenter", "done",
     "tolkstöd erbjuds nu på tolv språk"),
    ("Minska väntetiden i telefon till stadens kontaktcenter", "in_progress",
     "den genomsnittliga väntetiden var fyra minuter under första halvåret"),
    ("Samordna stadens arbete för en tillgänglig webbplats", "done",
     "granskningen av webbplatsen är klar och bristerna är åtgärdade"),
    ("Avveckla stadens lokala servicepunkter i egen regi", "cancelled",
     "kommunstyrelsen har beslutat att servicepunkterna ska finnas kvar"),
    ("Ta fram en modell för uppföljning av medborgarnöjdhet", "in_progress",
     "en pilotmätning genomförs i tre stadsområden under hösten"),
    ("Utveckla konsumentvägledningen för unga vuxna", "not_started",
     "arbetet påbörjas när nämndens verksamhetsplan för 2027 är beslutad"),
    ("Införa chattfunktion på stadens webbplats", "done",
     "chatten lanserades i februari och besvarar i snitt 900 frågor per vecka"),
    ("Genomföra en kampanj för ökat valdeltagande i områden med lågt deltagande", "in_progress",
     "kampanjen planeras tillsammans med civilsamhället och startar i augusti"),
    ("Samordna stadens arbete med den nationella e-legitimationen", "delayed",
     "den nationella lösningen är försenad och stadens införande väntar på den"),
)
# a comment of several lines: the period label, what was done, and how the work goes on
ASSIGNMENTS = tuple(
    (name, state, f"Halvår 1 2026 Under första halvåret har {said}. Nämnden följer arbetet och "
                  "återrapporterar i årsrapporten. Inga ytterligare resurser bedöms behövas för uppdraget.")
    for name, state, said in _TOPICS)
COSTS = (  # Kostnadsutveckling: economy, not styrmått
    ("Intäkter", "412,6", "444,8", "7,8 %"),
    ("Personalkostnader", "-298,1", "-311,4", "4,5 %"),
    ("Lokalkostnader", "-61,2", "-62,0", "1,3 %"),
    ("Övriga kostnader", "-49,8", "-47,3", "-5,0 %"),
    ("Nettokostnad", "3,5", "24,1", "588,6 %"),
)


def _blocks() -> tuple:
    rows = tuple(Row((Cell(name, mark=shapes.STATE_MARKS[state]), Cell(comment))) for name, state, comment in ASSIGNMENTS)
    return (
        Heading("Delårsrapport per juni 2026", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
        Paragraph("Rapporten redovisar nämndens uppföljning per den 30 juni 2026 av de centrala uppdrag som "
                  "kommunfullmäktige gett nämnden i budget 2026, och nämndens ekonomi."),
        Heading("Centrala uppdrag", 1),
        model.Table(("Centrala uppdrag", "Kommentar"), rows, (0.4, 0.6)),
        Heading("Kostnadsutveckling", 1),
        Paragraph("Nämndens intäkter har ökat mer än kostnaderna jämfört med samma period föregående år."),
        model.Table(("Nyckeltal", "Utfall jan–jun 2025", "Utfall jan–jun 2026", "Förändring"),
                    tuple(Row(tuple(Cell(c) for c in r)) for r in COSTS), (0.4, 0.2, 0.2, 0.2)),
    )


REPORTS = [SyntheticReport(
    name="goteborg-dmn-delarsrapport-2026-06", engine="chromium", style=STYLE,
    doc=Doc(blocks=_blocks(), title="Delårsrapport per juni 2026", author=ORG.name,
            header=f"{ORG.name} | {ORG.committee}", footer="Sida {page}"),
    org=ORG, report_kind="delarsrapport", period_end="2026-06-30",
    items=tuple(Item(name, "uppdrag", state=state, comment=comment, status=ICON_STATUS[state])
                for name, state, comment in ASSIGNMENTS),
    notes="18 assignments, each a vector state icon at the start of the assignment cell (no legend) and a "
          "comment of several lines starting 'Halvår 1 2026': one row each with its state and the whole "
          "comment. The cost-growth table (Nyckeltal | Utfall ... | Förändring: Intäkter 7,8 %) is economy: "
          "no metrics rows.",
)]

"""(1) A municipal nämnd's årsbokslut in the Stratsys look: verksamhetsmål and nämndmål under
numbered themes, raster status icons, progress bars, Kommentar rows, and an activity table on a
later page whose sub-headers name the nämndmål in another order and which runs over a page break
with no repeated header. No legend."""

from __future__ import annotations

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Heading, PageBreak, Paragraph, Row, Style
from fixtures_build.synthetic.spec import ICON_STATUS, Goal, Item, Org, SyntheticReport

ORG = Org("Simrishamns kommun", "1291", "Kultur- och fritidsnämnden")
STRATSYS = Style(name="stratsys", rules="none", shading="alternate", marks="raster", legend=False,
                 repeat_header=False, header_fill="#1f3864", header_text="#ffffff",
                 body_fills=("#dbe5f1", "#eaf1f8"), subheader_fill="#b8cce4", mark_pt=11.0,
                 table_font_size=10.0)

VM1 = "Simrishamns kommun erbjuder ett rikt och tillgängligt kultur- och fritidsliv för alla åldrar"
VM2 = "Kustens natur- och kulturmiljöer bevaras och görs tillgängliga för invånare och besökare"
VM3 = "Kommunens verksamheter bidrar till ett ekologiskt hållbart samhälle"
NM1 = "Fler barn och unga deltar i kultur- och fritidsaktiviteter på lov och fritid"
NM2 = "Biblioteken är öppna mötesplatser med ett brett och tillgängligt utbud"
NM3 = "Friluftslivet längs kusten utvecklas i samverkan med föreningslivet"
NM4 = "Nämndens lokaler och anläggningar används effektivt och är tillgängliga"
NM5 = "Energianvändningen i nämndens anläggningar minskar"

THEMES = (
    ("03 Hälsa och välbefinnande",
     "Temat samlar nämndens arbete för att alla invånare ska kunna ta del av kultur, idrott och "
     "fritid. Arbetet följer kommunens vision och de globala målen i Agenda 2030."),
    ("04 Hav och marina resurser",
     "Simrishamn har en lång kust med höga natur- och kulturvärden. Nämnden ansvarar för "
     "friluftsliv, kulturmiljöer och tillgänglighet längs kusten."),
    ("08 Hållbart samhällsbyggande",
     "Nämnden bidrar till ett hållbart samhälle genom effektiv lokalanvändning och minskad "
     "energianvändning i sina anläggningar."),
)
GOALS = (
    Goal(VM1, "verksamhetsmal", THEMES[0][0], "achieved",
         "Målet bedöms som uppfyllt. Utbudet har breddats och antalet besök ökade under året."),
    Goal(NM1, "namndmal", THEMES[0][0], "partially_achieved",
         "Deltagandet ökade på sommarlovet men minskade under höstlovet jämfört med föregående år.",
         parent=VM1),
    Goal(NM2, "namndmal", THEMES[0][0], "achieved",
         "Öppettiderna har utökats med meröppet i Borrby och Gärsnäs.", parent=VM1),
    Goal(VM2, "verksamhetsmal", THEMES[1][0], "partially_achieved",
         "Flera insatser har genomförts men arbetet med skyltning av kustleden är försenat."),
    Goal(NM3, "namndmal", THEMES[1][0], "not_achieved",
         "Samverkansavtalen med föreningarna har inte kunnat tecknas under året.", parent=VM2),
    Goal(VM3, "verksamhetsmal", THEMES[2][0], "achieved",
         "Nämndens verksamheter har minskat sin klimatpåverkan i linje med kommunens plan."),
    Goal(NM4, "namndmal", THEMES[2][0], "partially_achieved",
         "Beläggningen i idrottshallarna är hög men lokalerna i Kivik används sällan.", parent=VM3),
    Goal(NM5, "namndmal", THEMES[2][0], "achieved",
         "Energianvändningen minskade med 6 procent efter byte till LED-belysning.", parent=VM3),
)
# (goal, activity, state, progress, comment)
ACTIVITIES = (
    (NM4, "Ta fram en plan för samnyttjande av skolans och föreningslivets lokaler", "in_progress", 60,
     "Planen är på remiss hos barn- och utbildningsförvaltningen."),
    (NM4, "Inventera tillgängligheten i kommunens idrottshallar", "done", 100, None),
    (NM4, "Digital bokning av samlingslokaler", "delayed", 30,
     "Upphandlingen av bokningssystemet har överklagats."),
    (NM1, "Sommarlovsaktiviteter i samverkan med föreningar", "done", 100,
     "Drygt 1 200 barn deltog i aktiviteterna under sommaren."),
    (NM1, "Prova på-dagar för kulturskolans verksamhet", "done", 100, None),
    (NM1, "Fritidsbank i Simrishamn", "not_started", 0, "Lokal saknas och aktiviteten flyttas till 2026."),
    (NM3, "Samverkansavtal med friluftsföreningar om kustleden", "cancelled", 10,
     "Aktiviteten avbryts och ersätts av en ny modell för föreningsbidrag."),
    (NM3, "Ny skyltning längs Österlenleden", "in_progress", 45, None),
    (NM2, "Meröppet bibliotek i Borrby och Gärsnäs", "done", 100, None),
    (NM2, "Läsfrämjande insatser för förskolebarn", "in_progress", 75,
     "Bokstartsbesöken har genomförts i två av tre upptagningsområden."),
    (NM2, "Tillgänglighetsanpassa bibliotekets webbplats", "done", 100, None),
    (NM5, "Byte till LED-belysning i Simrishamns sporthall", "done", 100, None),
    (NM5, "Energikartläggning av badhuset", "in_progress", 50, None),
    (NM5, "Solceller på Tobisviks ishall", "not_started", 0, None),
)
ITEMS = tuple(Item(text, "aktivitet", goal=goal, state=state, progress=progress, comment=comment,
                   status=ICON_STATUS[state])
              for goal, text, state, progress, comment in ACTIVITIES)


def _goal_table(level_header: str, goals: list[Goal]) -> model.Table:
    rows = []
    for g in goals:
        rows.append(Row((Cell(g.text), Cell(mark=shapes.STATUS_MARKS[g.status]))))
        rows.append(Row((Cell(g.comment, label="Kommentar:"),), kind="comment"))
    return model.Table((level_header, "Bedömning"), tuple(rows), (0.55, 0.45), mark_columns=(1,))


def _activity_table() -> model.Table:
    rows, current = [], None
    for goal, text, state, progress, comment in ACTIVITIES:
        if goal != current:
            rows.append(Row((Cell(goal),), kind="subheader"))
            current = goal
        rows.append(Row((Cell(text), Cell(mark=shapes.STATE_MARKS[state]), Cell(progress=progress))))
        if comment:
            rows.append(Row((Cell(comment, label="Kommentar:"),), kind="comment"))
    return model.Table(("Aktivitet", "Status", "Färdiggrad"), tuple(rows), (0.6, 0.15, 0.25), mark_columns=(1,))


def _blocks() -> tuple:
    out: list = [Heading("Årsbokslut 2025", 0), Paragraph(ORG.committee), Paragraph(ORG.name), PageBreak(),
                 Paragraph("Påbörjad Rapportperiod: 2025-12-31", label="Status:"),
                 Heading("Inledning", 1),
                 Paragraph("Kultur- och fritidsnämnden ansvarar för bibliotek, kulturskola, allmänkultur, "
                           "idrott, friluftsliv och fritidsgårdar. Året präglades av ett högt besökstryck på "
                           "biblioteken och av arbetet med nya samverkansformer med föreningslivet."),
                 Heading("Måluppfyllelse", 1)]
    for theme, intro in THEMES:
        goals = [g for g in GOALS if g.theme == theme]
        out += [Heading(theme, 2), Paragraph(intro),
                _goal_table("Verksamhetsmål", [g for g in goals if g.level == "verksamhetsmal"]),
                _goal_table("Nämndmål", [g for g in goals if g.level == "namndmal"])]
    out += [Heading("Ekonomi", 1),
            Paragraph("Nämnden redovisar ett överskott om 0,8 mkr, främst beroende på vakanser."),
            model.Table(("Tkr", "Budget 2025", "Utfall 2025", "Avvikelse"),
                        (Row((Cell("Intäkter"), Cell("12 400"), Cell("13 150"), Cell("750"))),
                         Row((Cell("Kostnader"), Cell("-68 900"), Cell("-68 850"), Cell("50"))),
                         Row((Cell("Nettokostnad"), Cell("-56 500"), Cell("-55 700"), Cell("800")))),
                        (0.4, 0.2, 0.2, 0.2)),
            Heading("Aktiviteter", 1),
            Paragraph("Nedan redovisas nämndens aktiviteter per nämndmål. Aktiviteterna beslutades i "
                      "nämndens verksamhetsplan och följs upp i samband med delår och årsbokslut. Status "
                      "och färdiggrad avser läget per den 31 december 2025. " * 3),
            _activity_table(),
            Heading("Uppföljning av internkontroll", 1),
            Paragraph("Internkontrollplanens kontrollmoment har genomförts utan väsentliga avvikelser.")]
    return tuple(out)


REPORTS = [SyntheticReport(
    name="simrishamn-kfn-arsbokslut-2025", engine="libreoffice", style=STRATSYS,
    doc=Doc(blocks=_blocks(), title="Årsbokslut 2025 Kultur- och fritidsnämnden", author="Stratsys",
            subject="Simrishamns kommun", footer="2025 ÅRSBOKSLUT 2026-02-01.DOCX SID {page} ({pages})"),
    org=ORG, report_kind="arsbokslut", period_end="2025-12-31", goals=GOALS, items=ITEMS,
    notes="Stratsys look: status and state only as raster icons, progress as bar images, no legend; the "
          "activity table lists the nämndmål in another order than the goal tables, runs over a page break "
          "without a repeated header. 'Status: Påbörjad' is the document's editing status, not a goal's. "
          "Activities: state from the icon, status as the profile reads the icon (spec.ICON_STATUS). The economy table is not a scorecard.",
)]

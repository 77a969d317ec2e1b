"""(3) An indicator table `Indikator | Utfall | Målvärde | Trend`: a coloured dot in front of the
outcome says whether the target is met, an arrow the change since last year. With a legend."""

from __future__ import annotations

from fixtures_build import model, shapes
from fixtures_build.model import Cell, Doc, Heading, Paragraph, Row, Style
from fixtures_build.synthetic.spec import Item, Org, SyntheticReport

ORG = Org("Region Västerbotten", "24", "Regionala utvecklingsnämnden")
STYLE = Style(name="indicators", rules="rows", shading="header", marks="vector", legend=True,
              header_fill="#d6e4d0")

AREAS = ("Kompetensförsörjning", "Näringsliv och innovation")
# (area, indicator, outcome, target, status, trend)
INDICATORS = (
    (AREAS[0], "Andel elever som fullföljer gymnasieutbildning inom fyra år", "78 %", "80 %",
     "partially_achieved", "improving"),
    (AREAS[0], "Antal deltagare i regionala kompetenslyft", "412", "350", "achieved", "improving"),
    (AREAS[0], "Andel invånare 25–64 år med eftergymnasial utbildning", "41,2 %", "45 %", "not_achieved",
     "unchanged"),
    (AREAS[1], "Antal nystartade företag per 1 000 invånare", "6,1", "7,0", "not_achieved", "worsening"),
    (AREAS[1], "Beviljat regionalt företagsstöd, mkr", "58,4", "55", "achieved", "unchanged"),
    (AREAS[1], "Andel företagsstöd till kvinnor som driver företag", "38 %", "40 %", "partially_achieved",
     "improving"),
)
LEGEND = model.LegendBlock("Teckenförklaring", (
    (shapes.STATUS_MARKS["achieved"], "Målvärdet är uppnått"),
    (shapes.STATUS_MARKS["partially_achieved"], "Målvärdet är delvis uppnått"),
    (shapes.STATUS_MARKS["not_achieved"], "Målvärdet är inte uppnått"),
    (shapes.TREND_MARKS["improving"], "Förbättrad jämfört med föregående år"),
    (shapes.TREND_MARKS["unchanged"], "Oförändrad jämfört med föregående år"),
    (shapes.TREND_MARKS["worsening"], "Försämrad jämfört med föregående år"),
))


def _blocks() -> tuple:
    out: list = [Heading("Delårsrapport augusti 2025", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
                 Heading("Indikatorer", 1),
                 Paragraph("Nämnden följer sina fokusområden med indikatorer. Utfallet avser senast "
                           "tillgängliga mätning."), LEGEND]
    for area in AREAS:
        rows = tuple(Row((Cell(text), Cell(outcome, mark=shapes.STATUS_MARKS[status]), Cell(target),
                          Cell(mark=shapes.TREND_MARKS[trend])))
                     for a, text, outcome, target, status, trend in INDICATORS if a == area)
        out += [Heading(area, 2),
                Paragraph(f"Fokusområdet {area.lower()} omfattar nämndens arbete enligt den regionala "
                          "utvecklingsstrategin."),
                model.Table(("Indikator", "Utfall", "Målvärde", "Trend"), rows, (0.52, 0.18, 0.16, 0.14),
                            mark_columns=(3,))]
    return tuple(out)


REPORTS = [SyntheticReport(
    name="vasterbotten-run-delarsrapport-2025-08", engine="reportlab", style=STYLE,
    doc=Doc(blocks=_blocks(), title="Delårsrapport augusti 2025 Regionala utvecklingsnämnden", author=ORG.name,
            header=f"{ORG.name} | Delårsrapport augusti 2025", footer="Sida {page}"),
    org=ORG, report_kind="delarsrapport", period_end="2025-08-31",
    items=tuple(Item(text, "indikator", outcome_raw=outcome, target_raw=target, status=status, trend=trend)
                for _, text, outcome, target, status, trend in INDICATORS),
    notes="Indicators under focus-area headings with no goal: strategic_goal null, no goal rows. The status "
          "is the vector dot in front of the outcome (legend present); outcome_raw is the number without the "
          "dot. Organisation code: SCB county code 24 (Kolada writes regions as 0024).",
)]

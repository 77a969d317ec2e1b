"""(6) A region committee's evaluation of its railway measures (issue 22): `Åtgärd | Målår | Status |
Kommentar`, the measures grouped under the railway line they belong to (a full-width row naming
the line). The status is a word (Genomfört, Delvis genomfört, Beslutat, Delvis beslutat, Ej
beslutat) in a cell whose fill says the same in colour (green / yellow / red); some cells carry
only the fill. The document has no legend for the fills. A smaller table of styrmått is assessed
with smileys (😊 😐 😒) printed as glyphs."""

from __future__ import annotations

from fixtures_build import model
from fixtures_build.model import Cell, Doc, Heading, Mark, Paragraph, Row, Style
from fixtures_build.synthetic.spec import Item, Org, SyntheticReport

ORG = Org("Region Västernorrland", "22", "Regionala utvecklingsnämnden")
STYLE = Style(name="rail", rules="grid", shading="header", marks="glyph", legend=False,
              header_fill="#d9e2f3", subheader_fill="#eeeeee")

GREEN, YELLOW, RED = "#92d050", "#ffd966", "#ff7c80"
# the printed word -> (status, the fill the template gives it)
WORDS = {"Genomfört": ("achieved", GREEN), "Beslutat": ("achieved", GREEN),
         "Delvis genomfört": ("partially_achieved", YELLOW), "Delvis beslutat": ("partially_achieved", YELLOW),
         "Ej beslutat": ("not_achieved", RED)}
FILL_STATUS = {GREEN: "achieved", YELLOW: "partially_achieved", RED: "not_achieved"}
LINES = ("Ostkustbanan", "Mittbanan", "Ådalsbanan")
# (line, measure, målår, printed word or None, fill, comment)
MEASURES = (
    (LINES[0], "Dubbelspår Gävle–Sundsvall, etapp Dingersjö", "2026", "Delvis genomfört", YELLOW,
     "Byggstart skedde hösten 2024. Spåret beräknas tas i drift under 2026 enligt Trafikverkets plan."),
    (LINES[0], "Nytt mötesspår vid Gnarp", "2025", "Genomfört", GREEN,
     "Mötesspåret togs i drift i juni 2025."),
    (LINES[0], "Plattformsförlängning i Sundsvall C", "2027–2030", "Ej beslutat", RED,
     "Åtgärden finns inte med i den nationella planen. Regionen driver frågan i dialog med "
     "Trafikverket inför nästa planrevidering."),
    (LINES[0], "Utökad regionaltågstrafik Sundsvall–Härnösand", "2026", None, YELLOW,
     "Fordon är beställda men leveransen är försenad till 2026."),
    (LINES[1], "Elektrifiering av bangården i Ånge", "2025", "Beslutat", GREEN,
     "Beslut fattat i Trafikverkets genomförandeplan."),
    (LINES[1], "Hastighetshöjning till 200 km/h på delen Sundsvall–Ånge", "2027–2030", "Delvis beslutat", YELLOW,
     "Förstudie är klar. Finansiering av etapp två saknas, medan etapp ett ingår i planen för "
     "2027–2030."),
    (LINES[1], "Ny resecentrumlösning i Stöde", "2026", None, RED,
     "Kommunen har avbrutit projektet i väntan på ny trafikeringsplan."),
    (LINES[1], "Bullerskydd längs Mittbanan genom Matfors", "2025", "Beslutat", YELLOW,
     "Beslut fattat. Upphandling pågår och arbetet utförs 2025 och 2026."),
    (LINES[2], "Upprustning av Ådalsbanan norr om Kramfors", "2026", "Delvis genomfört", YELLOW,
     "Spårbyte är genomfört på två av tre delsträckor. Den sista delsträckan görs 2026."),
    (LINES[2], "Nytt stationsläge i Härnösand", "2027–2030", "Ej beslutat", RED,
     "Lokaliseringsutredningen pågår och beslut väntas tidigast 2027."),
    (LINES[2], "Pendelparkering vid Kramfors station", "2025", None, GREEN,
     "Pendelparkeringen med 120 platser öppnade i april 2025."),
    (LINES[2], "Godsterminal i Örnsköldsvik", "2026", "Genomfört", GREEN,
     "Terminalen invigdes i januari och används av tre operatörer."),
)
SMILEYS = {"achieved": Mark("smile", "#000000"), "partially_achieved": Mark("neutral_face", "#000000"),
           "not_achieved": Mark("frown", "#000000")}
# (styrmått, målvärde, utfall, status by smiley)
INDICATORS = (
    ("Andel avgångar i tid på Ostkustbanan", "90 %", "86 %", "partially_achieved"),
    ("Antal resor med regionaltåg, miljoner", "2,4", "2,6", "achieved"),
    ("Andel inställda avgångar på Mittbanan", "2 %", "5,1 %", "not_achieved"),
)


def _measure_rows(line: str) -> list[Row]:
    return [Row((Cell(name), Cell(year), Cell(word or "", fill=fill), Cell(comment)))
            for ln, name, year, word, fill, comment in MEASURES if ln == line]


def _blocks() -> tuple:
    rows: list[Row] = []
    for line in LINES:
        rows += [Row((Cell(line),), kind="subheader"), *_measure_rows(line)]
    return (
        Heading("Årsrapport 2025", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
        Heading("Uppföljning av åtgärder för järnvägen", 1),
        Paragraph("Nämnden följer de åtgärder i den regionala transportplanen som rör järnvägen. Tabellen "
                  "visar status för varje åtgärd per den 31 december 2025, med målår och kommentar."),
        model.Table(("Åtgärd", "Målår", "Status", "Kommentar"), tuple(rows), (0.34, 0.11, 0.16, 0.39)),
        Heading("Styrmått för tågtrafiken", 1),
        Paragraph("Bedömningen visas med en symbol per styrmått."),
        model.Table(("Styrmått", "Målvärde", "Utfall", "Bedömning"),
                    tuple(Row((Cell(t), Cell(target), Cell(outcome), Cell(mark=SMILEYS[st])))
                          for t, target, outcome, st in INDICATORS), (0.52, 0.16, 0.16, 0.16), mark_columns=(3,)),
    )


def _target(year: str) -> tuple[tuple[str, object], ...]:
    first, _, last = year.partition("–")
    return (("target_kind", "year"), ("target_value", float(first)), ("target_value_2", float(last) if last else None))


def _measure_item(line: str, name: str, year: str, word: str | None, fill: str, comment: str) -> Item:
    status = WORDS[word][0] if word else FILL_STATUS[fill]
    return Item(name, "aktivitet", goal=line, state="done" if word == "Genomfört" else None, target_raw=year,
                status=status, comment=comment,
                extra=(("status_label", word), ("status_source", "profile" if word else "fill"),
                       ("status_color", fill), *_target(year)))


def _smiley_item(text: str, target: str, outcome: str, status: str) -> Item:
    return Item(text, "styrmatt", outcome_raw=outcome, target_raw=target, status=status,
                extra=(("status_label", None), ("status_source", "profile"), ("status_color", "#000000"),
                       ("target_kind", "percent" if "%" in target else "number"),
                       ("target_value", float(target.rstrip(" %").replace(",", "."))), ("target_value_2", None)))


REPORTS = [SyntheticReport(
    name="vasternorrland-run-arsrapport-2025", engine="chromium", style=STYLE,
    doc=Doc(blocks=_blocks(), title="Årsrapport 2025 Regionala utvecklingsnämnden", author=ORG.name,
            header=f"{ORG.name} | Regionala utvecklingsnämnden", footer="Sida {page}"),
    org=ORG, report_kind="arsrapport", period_end="2025-12-31",
    items=(*(_measure_item(*m) for m in MEASURES), *(_smiley_item(*i) for i in INDICATORS)),
    status="partial",
    warnings=("'Bullerskydd längs Mittbanan genom Matfors': status word 'Beslutat' (achieved) and cell fill "
              "#ffd966 (partially_achieved) disagree; the printed word wins",
              "status from the fill of 3 status cells by the profile's colours (legend.fills), no legend of "
              "the document names them: a guess"),
    notes="Measures grouped under railway lines (full-width rows: the parent of the measures); Målår is a "
          "target of kind year (a range '2027–2030' is value and value_2); status from the word, else the "
          "cell fill (green/yellow/red, no legend: a guess, so the report is partial); where word and fill "
          "disagree the word wins, with a warning. Styrmått assessed with smileys printed as glyphs.",
)]

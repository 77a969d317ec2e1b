"""(4) A narrative-only goal follow-up: political priorities, each followed by prose, with no
status, indicator or target. A correct extraction has no goal and no metric rows."""

from __future__ import annotations

from fixtures_build.model import Doc, Heading, Paragraph, Style
from fixtures_build.synthetic.spec import Org, SyntheticReport

ORG = Org("Luleå kommun", "2580", "Barn- och utbildningsnämnden")
STYLE = Style(name="narrative", legend=False)

PRIORITIES = (
    ("Alla barn och elever ska nå målen",
     "Under året har skolorna arbetat vidare med tidiga insatser i läsning och matematik. Andelen elever "
     "i årskurs 9 som är behöriga till gymnasiet ökade något, men skillnaderna mellan skolorna är "
     "fortsatt stora. Förvaltningen har inlett ett arbete med gemensam uppföljning av studieresultat."),
    ("En trygg och inkluderande skolmiljö",
     "Elevhälsan har förstärkts med två kuratorer. Trygghetsvandringar har genomförts på samtliga "
     "skolor tillsammans med elevråden, och arbetet mot kränkande behandling har fått en gemensam rutin."),
    ("Attraktiv arbetsgivare för pedagoger",
     "Nämnden har fortsatt satsningen på karriärtjänster och mentorskap för nyexaminerade lärare. "
     "Personalomsättningen minskade jämfört med föregående år, särskilt i förskolan."),
    ("Hållbara lokaler för framtidens skola",
     "Byggnationen av den nya skolan i Kronandalen har påbörjats. Nämnden har tillsammans med "
     "fastighetsförvaltningen tagit fram en plan för energieffektivisering av äldre skolbyggnader."),
)


def _blocks() -> tuple:
    out: list = [Heading("Verksamhetsberättelse 2025", 0), Paragraph(f"{ORG.committee}, {ORG.name}"),
                 Heading("Uppföljning av politiska prioriteringar", 1),
                 Paragraph("Nämnden har för mandatperioden fastställt fyra politiska prioriteringar. "
                           "Nedan beskrivs hur arbetet med respektive prioritering har utvecklats under året.")]
    for title, prose in PRIORITIES:
        out += [Heading(title, 2), Paragraph(prose)]
    out += [Heading("Sammanfattning", 1),
            Paragraph("Sammantaget har nämnden under 2025 tagit flera steg i riktning mot prioriteringarna.")]
    return tuple(out)


REPORTS = [SyntheticReport(
    name="lulea-bun-verksamhetsberattelse-2025", engine="chromium", style=STYLE,
    doc=Doc(blocks=_blocks(), title="Verksamhetsberättelse 2025 Barn- och utbildningsnämnden", author=ORG.name,
            header=f"{ORG.name} | {ORG.committee}", footer="Sida {page}"),
    org=ORG, report_kind="verksamhetsberattelse", period_end="2025-12-31", with_text=True,
    notes="Narrative only: priorities are headings with prose, no status. Expected: no goals, no metrics, "
          "status ok (one 'no scorecard tables found' warning is fine).",
)]

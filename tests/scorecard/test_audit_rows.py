"""Rows of audit reports: recommendations under the audit they came from, review questions under
the nämnd, the answer kept (pipeline.scorecard.metrics, context)."""

from __future__ import annotations

from pipeline.model import Cell, Document, Extraction, Provenance, Section, SectionKind, Table, TableKind
from pipeline.scorecard import extract_scorecard
from pipeline.scorecard.context import Context, theme_of
from pipeline.settings.profile import load_profile

PROFILE = load_profile("default")


def section(i: int, title: str, start: int, end: int, parent: int | None = None, level: int = 1) -> Section:
    return Section(f"s{i}", f"s{parent}" if parent is not None else None, level, SectionKind.HEADING, title, "",
                   Provenance(start, end, 1))


SECTIONS = (section(1, "7 RESULTAT AV GRANSKNINGEN", 0, 1000),
            section(2, "7.1 GRANSKNING AV REKTORS OCH LÄRARES FÖRUTSÄTTNINGAR", 10, 500, 1, 2),
            section(3, "7.1.2 Sammanfattad bedömning", 400, 500, 2, 3),
            section(4, "6.1 KOMMUNSTYRELSEN", 600, 1000, 1, 2))


def test_a_summary_heading_is_no_theme_the_audit_above_it_is():
    ctx = Context(SECTIONS)
    summaries = PROFILE.sections.summary_headings
    assert theme_of(450, ctx, summaries) == "7.1 GRANSKNING AV REKTORS OCH LÄRARES FÖRUTSÄTTNINGAR"
    assert theme_of(450, ctx) == "7.1.2 Sammanfattad bedömning"  # without the list: as before


def table(tid: str, start: int, header: tuple[str, ...], roles: tuple[str, ...], *rows: tuple[str, ...]) -> Table:
    prov = Provenance(start, start + 1, 1)
    return Table(tid, TableKind.SCORECARD, header, roles, tuple(tuple(Cell(c, prov) for c in r) for r in rows), prov)


def test_recommendations_and_review_questions():
    recs = table("t01", 450, ("Rekommendation", "Bedömning"), ("recommendation", "status"),
                 ("1. Initiera en översyn", "Pågående"), ("2. Följa upp", "Åtgärdad (i huvudsak)"))
    qs = table("t02", 700, ("Intern kontroll", ""), ("question", "status"),
               ("Budget för 2025 är antagen", "Ja, 2024-12-16, § 191"), ("Antal kontrollområden 2025", "7 st"),
               ("Nämndens mål uppnås", "Endast delvis"))
    ex = extract_scorecard(Extraction(Document("x.pdf", "pdf", "0", "", ()), tables=(recs, qs), sections=SECTIONS),
                           PROFILE)
    assert ex.scorecard is not None
    r1, r2, q1, q2, q3 = ex.scorecard.metrics
    assert (r1.metric_kind, r1.theme, r1.status.status, r1.status.label, r1.state) == (
        "rekommendation", "7.1 GRANSKNING AV REKTORS OCH LÄRARES FÖRUTSÄTTNINGAR", None, "Pågående", "in_progress")
    assert (r2.status.status, r2.status.label, r2.state) == ("partially_achieved", "Åtgärdad (i huvudsak)", None)
    assert (q1.metric_kind, q1.theme, q1.strategic_goal) == ("granskningsfraga", "6.1 KOMMUNSTYRELSEN", None)
    assert (q1.status.status, q1.status.label, q1.comment) == ("achieved", "Ja", "Ja, 2024-12-16, § 191")
    assert (q2.status.status, q2.comment) == (None, "7 st")
    assert (q3.status.label, q3.comment) == ("Endast delvis", None)  # the word alone: nothing more to keep
    assert "kommunstyrelsen" in q1.metric_key  # the same question of another nämnd is another key

"""Every real report of tests/real/ read exactly as its gold says (tests/real/SOURCES.md)."""

from __future__ import annotations

import pytest

from tests.real.score import KINDS, documents, extract, score_document


@pytest.mark.parametrize("doc", documents(), ids=lambda p: p.name)
def test_real_report_matches_its_gold(doc):
    scores = score_document(doc)
    misses = [f"{kind}: {line}" for kind in KINDS for line in scores[kind].misses]
    assert not misses, "\n".join(misses)
    for kind in KINDS:
        s = scores[kind]
        assert (s.found, s.exact, s.extra) == (s.gold, s.gold, 0), kind


def test_the_corpus_has_its_documents():
    names = {p.name for p in documents()}
    assert {"simrishamn-kfn-2025.pdf", "goteborg-intraservice-arsrapport-2025.txt",
            "alingsas-sn-manadsuppfoljning-2017-11.pdf", "alingsas-revisorerna-uppfoljning-granskningar-2023-2026.pdf",
            "alingsas-revisorerna-grundlaggande-granskning-2025.pdf"} <= names


def test_economy_follow_up_has_no_scorecard_rows_and_says_why():
    """Alingsås 2017: 'Verksamhet | Åtgärd | Bedömd effekt 2017' lists saving measures with amounts,
    no follow-up column: the tables stay in `tables`, with a warning naming them."""
    ex = extract(next(p for p in documents() if p.name.startswith("alingsas-sn")))
    assert not ex.goals and not ex.metrics
    assert any(t.kind == "data" and "Åtgärd" in t.header for t in ex.tables)
    assert any("not a follow-up" in e.message and e.page == 3 for e in ex.errors)


def test_text_export_assignments_keep_state_word_and_date():
    ex = extract(next(p for p in documents() if p.name.startswith("goteborg")))
    m = next(m for m in ex.metrics if m.metric.startswith("Kommunstyrelsen får i uppdrag att i samverkan"))
    assert (m.metric_kind, m.state, m.status.label, m.status_date) == ("uppdrag", "in_progress", "Pågående",
                                                                          "2026-01-16")
    assert m.metric.endswith("förebygga sjukskrivningar.")  # "Uppdragsår 2025" is a field, not the name


def _doc(prefix: str):
    return extract(next(p for p in documents() if p.name.startswith(prefix)))


def test_audit_follow_up_keeps_the_margin_key_out_and_reads_three_tables():
    """The signing service's key runs down every page's margin: in no text, row or section. The
    three 'Rekommendation | Bedömning' tables (7.1.2 across a page and a footnote) give 5 + 3 + 8
    recommendations under the audit they came from."""
    ex = _doc("alingsas-revisorerna-uppfoljning")
    assert "dokumentnyckel" not in ex.document.text.lower()
    assert not any("Penneo" in s.title or "J2B6Z" in s.text for s in ex.sections)
    recs = [m for m in ex.metrics if m.metric_kind == "rekommendation"]
    assert [sum(m.theme.startswith(f"7.{k} ") for m in recs) for k in (1, 2, 3)] == [5, 3, 8]
    assert recs[3].metric.startswith("4. Säkerställa att besvärshänvisning") and recs[3].prov.page == 13
    ongoing = recs[5]
    assert (ongoing.status.status, ongoing.status.label, ongoing.state) == (None, "Pågående", "in_progress")


def test_audit_review_questions_take_their_role_from_the_answers():
    """No header names the question column: a titled two-column table whose answers start with
    the scale's words. Economy tables beside them stay in tables; counts are said, not guessed."""
    ex = _doc("alingsas-revisorerna-grundlaggande")
    qs = [m for m in ex.metrics if m.metric_kind == "granskningsfraga"]
    assert len(qs) == 140 and not [m for m in ex.metrics if m.metric_kind != "granskningsfraga"]
    assert any(t.kind == "data" and t.header[0] == "Ekonomiskt resultat 2025 (mkr)" for t in ex.tables)
    cut = next(m for m in qs if m.theme == "7.2 BARN- OCH UNGDOMSNÄMNDEN"
               and m.metric.startswith("Nämnden följer upp det ekonomiska"))
    assert cut.comment.endswith("månadsuppföljning i maj, delårsrapport och årsbokslut.") and cut.prov.page == 20
    counts = [m for m in qs if m.status.status is None]
    assert len(counts) == 16 and ex.coverage is not None
    assert (ex.coverage.marks_undecoded, ex.coverage.rows_dropped) == (16, 0)
    assert next(m for m in qs if m.status.label == "I allt väsentligt").status.status == "achieved"

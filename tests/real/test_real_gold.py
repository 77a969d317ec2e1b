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
            "alingsas-sn-manadsuppfoljning-2017-11.pdf"} <= names


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

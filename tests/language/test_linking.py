"""Narrative -> metric links: unit rules on hand-built sections, and the samples against
hand-checked golden links (tests/data/<report>/expected/links.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.language import linking
from pipeline.model import Metric, Provenance, Section, SectionKind, StatusReading, Target
from pipeline.settings.profile import load_profile
from tests.conftest import PDF_2021, PDF_2022, TEXT_2021, TEXT_2022, extraction
from tests.links_golden import extraction_to_gold, links_golden_path, precision_recall, read_gold

SETTINGS = load_profile("region-norrbotten").linking


def _lemmatise(text: str) -> frozenset[str]:
    """Stand-in lemmatiser for unit tests: lower-cased words, a few Swedish inflections."""
    forms = {"framtagningen": "framtagning", "satsningar": "satsning", "persontrafiken": "persontrafik",
             "haparandabanan": "haparandabana"}
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    stops = {"i", "av", "för", "och", "som", "till", "att", "på", "med", "en", "ett"}
    return frozenset(forms.get(w, w) for w in words if w not in stops)


def _section(sid: str, parent: str | None, level: int, kind: SectionKind, title: str, start: int,
             end: int) -> Section:
    return Section(sid, parent, level, kind, title, "", Provenance(start, end), start + len(title) + 1)


def _metric(key: str, factor: str, text: str, pos: int) -> Metric:
    return Metric(key, "P", "G", factor, text, "styrmatt", Target(raw="1", kind="number"),
                  StatusReading(None, None), None, None, "t1", 0, 1.0, Provenance(pos, pos + 10))


def _tree() -> tuple[tuple[Section, ...], tuple[Metric, ...]]:
    sections = (
        _section("f1", None, 3, SectionKind.SUCCESS_FACTOR, "Infrastruktur", 0, 1000),
        _section("h1", "f1", 4, SectionKind.METRIC_NARRATIVE, "Andel invånare med 100 Mbit per sekund", 100, 200),
        _section("h2", "f1", 4, SectionKind.METRIC_NARRATIVE, "Satsningar som syftar till tillväxt", 200, 300),
        _section("h3", "f1", 4, SectionKind.METRIC_NARRATIVE, "Delta i framtagningen av plan", 300, 400),
        _section("h4", "h3", 5, SectionKind.HEADING, "Interreg Aurora", 350, 400),
        _section("h5", "f1", 4, SectionKind.HEADING, "Kommunikationer i länet", 400, 500),
        _section("f2", None, 3, SectionKind.SUCCESS_FACTOR, "Ekonomi", 1000, 2000),
        _section("h6", "f2", 4, SectionKind.METRIC_NARRATIVE, "Delta i framtagning av plan", 1100, 1200),
    )
    metrics = (
        _metric("m1", "Infrastruktur", "Andel invånare med 100 Mbit/s", 10),
        _metric("m2", "Infrastruktur", "Antal satsningar som syftar till tillväxt", 20),
        _metric("m3", "Infrastruktur", "Delta i framtagning av plan", 30),
        _metric("m4", "Infrastruktur", "Följa arbetet med persontrafik på Haparandabanan", 40),
        _metric("m5", "Ekonomi", "Delta i framtagning av plan", 1010),
    )
    return sections, metrics


def _texts() -> dict[str, linking.SectionText]:
    sent = "Vi följer arbetet: persontrafiken på Haparandabanan startade 1 april."
    lem = _lemmatise(sent)
    return {"h5": linking.SectionText(lem, ((sent, lem),)),
            "h1": linking.SectionText(frozenset({"bredband"}), (("Bredband.", frozenset({"bredband"})),))}


@pytest.fixture()
def links() -> dict[str, linking.Link]:
    sections, metrics = _tree()
    found = linking.sections_to_links(sections, metrics, _lemmatise, _texts(), SETTINGS)
    return {k.section_id: k for k in found}


def test_linking_heading_fuzzy(links):
    assert links["h1"].metric_key == "m1" and links["h1"].method == "heading_fuzzy"


def test_linking_heading_lemma_drops_measure_word(links):
    assert links["h2"].metric_key == "m2" and links["h2"].method == "heading_lemma"


def test_linking_heading_lemma_inflection(links):
    assert links["h3"].metric_key == "m3" and links["h3"].method == "heading_lemma"


def test_linking_heading_exact_stays_in_own_factor(links):
    # the same activity text under two factors: each heading links to its own factor's row
    assert links["h6"].metric_key == "m5" and links["h6"].method == "heading_exact"


def test_linking_subheading_inherits_parent(links):
    assert links["h4"].metric_key == "m3"
    assert links["h4"].score < links["h3"].score
    assert links["h4"].evidence == "Delta i framtagningen av plan"


def test_linking_content_link_to_unnamed_metric(links):
    k = links["h5"]
    assert (k.metric_key, k.method) == ("m4", "content")
    assert "Haparandabanan" in k.evidence


def test_linking_unknown_algorithm_raises():
    import dataclasses

    sections, metrics = _tree()
    with pytest.raises(ValueError, match="linking.lexical.v9"):
        linking.sections_to_links(sections, metrics, _lemmatise, {},
                                  dataclasses.replace(SETTINGS, algorithm="linking.lexical.v9"))


# -- samples ------------------------------------------------------------------------------------

SAMPLES = {
    "text-2021": TEXT_2021, "text-2022": TEXT_2022,
    "pdf-2021": PDF_2021, "pdf-2022": PDF_2022,
}


@pytest.fixture(params=list(SAMPLES), ids=list(SAMPLES))
def sample(request) -> Path:
    path = SAMPLES[request.param]
    if not path.exists():
        pytest.skip(f"{path.name} not present")
    return path


def test_linking_golden_file_exists(sample):
    # a missing golden file is a failure, never a pass
    assert links_golden_path(sample).exists(), f"missing {links_golden_path(sample)}; run make golden"


def test_linking_precision_recall_against_golden(sample, capsys):
    gold = read_gold(sample)
    predicted = extraction_to_gold(extraction(sample))
    precision, recall = precision_recall(predicted, gold)
    with capsys.disabled():
        print(f"\n[links] {sample.name}: precision {precision:.3f} recall {recall:.3f} "
              f"({len(predicted)} predicted, {len(gold)} golden)")
    missing = [g for g in gold if not any(g.matches(p) for p in predicted)]
    wrong = [p for p in predicted if not any(p.matches(g) for g in gold)]
    assert precision >= 0.97 and recall >= 0.97, f"missing={missing}\nwrong={wrong}"


def test_linking_links_point_to_existing_metrics_and_sections(sample):
    ex = extraction(sample)
    keys = {m.metric_key for m in ex.metrics}
    sids = {s.section_id for s in ex.sections}
    assert ex.links
    assert all(k.metric_key in keys and k.section_id in sids for k in ex.links)
    assert all(0.0 <= k.score <= 1.0 for k in ex.links)
    assert {k.method for k in ex.links} <= set(linking.METHOD_RANK)


def test_linking_never_crosses_factor(sample):
    ex = extraction(sample)
    by_id = {s.section_id: s for s in ex.sections}
    factor_of = linking.metrics_to_factors(ex.sections, ex.metrics)
    for k in ex.links:
        assert linking.factor_of_section(by_id, by_id[k.section_id]) == factor_of[k.metric_key], k


def test_linking_haparandabanan_content_link(sample):
    ex = extraction(sample)
    titles = {s.section_id: s.title for s in ex.sections}
    metrics = {m.metric_key: m.metric for m in ex.metrics}
    found = [(k.method, metrics[k.metric_key]) for k in ex.links
             if titles[k.section_id] == "Kommunikationer till, från och in länet"]
    assert len(found) == 1 and found[0][0] == "content" and "Haparandabanan" in found[0][1]


def test_sections_to_factors_agrees_with_the_walk(sample):
    # the one-pass map replaced a parent-chain walk per section (quadratic on deep nesting)
    ex = extraction(sample)
    by_id = {s.section_id: s for s in ex.sections}
    factors = linking.sections_to_factors(ex.sections)
    assert any(factors.values())
    assert factors == {s.section_id: linking.factor_of_section(by_id, s) for s in ex.sections}

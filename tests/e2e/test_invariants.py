"""Domain invariants that must hold on every sample."""

from collections import Counter

from pipeline.model import SectionKind


def test_invariants_every_metric_belongs_to_a_factor_of_a_goal(text_sample):
    goal_factors = {(g.strategic_goal, f) for g in text_sample.goals for f in g.success_factors}
    for m in text_sample.metrics:
        assert (m.strategic_goal, m.success_factor) in goal_factors, m.metric


def test_invariants_rows_per_factor_match_the_document(text_sample):
    # count scorecard rows under each "Framgångsfaktor:" heading straight from the source file
    rows: Counter = Counter()
    factor = None
    with open(text_sample.document.source_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("Framgångsfaktor:"):
                factor = line.split(":", 1)[1].strip()
            elif line.startswith("Strategiskt mål:"):
                factor = None
            cells = line.rstrip("\n").split("\t")
            if factor and len(cells) >= 5 and cells[1] != "Styrmått":
                rows[factor] += 1
    assert Counter(m.success_factor for m in text_sample.metrics) == rows
    assert sum(rows.values()) == 39


def test_invariants_every_factor_section_has_metrics(text_sample):
    factors = {m.success_factor for m in text_sample.metrics}
    for s in text_sample.sections:
        if s.kind == SectionKind.SUCCESS_FACTOR:
            assert s.title in factors


def test_invariants_links_point_to_existing_metrics_and_sections(text_sample):
    keys = {m.metric_key for m in text_sample.metrics}
    sections = {s.section_id for s in text_sample.sections}
    for link in text_sample.links:
        assert link.metric_key in keys and link.section_id in sections

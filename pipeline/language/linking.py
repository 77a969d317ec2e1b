"""Narrative -> metric links (``linking.lexical.v1``).

Steps:
1. ``metrics_to_factors``: each metric belongs to the factor section whose span holds its
   table row (title similarity when the row lies outside every factor section).
2. ``headings_to_links``: a heading under a factor links to the factor's metric it names:
   ``heading_exact`` (same normalised text), ``heading_lemma`` (same content lemmas up to the
   lemma threshold: "Antal satsningar ..." vs "Satsningar ..."), ``heading_fuzzy``
   (rapidfuzz: "100 Mbit/s" vs "100 Mbit per sekund"). Another factor's metric only when none
   of its own fits, and only when nearly identical.
3. ``sections_to_content_links``: a generic section under a factor (or the factor's own
   narrative) that is about one of the factor's metrics that no heading names: the
   IDF-weighted share of the metric's content lemmas that the section mentions.
4. ``links_to_inherited``: sub-headings inherit the link of their parent metric narrative.

Lemmas come in as plain sets, so this module needs no spaCy and tests stay small.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from pipeline.model import Link, Metric, Section, SectionKind
from pipeline.settings.profile import LinkingSettings
from pipeline.text.similarity import normalise, similarity

ALGORITHM = "linking.lexical.v1"
METHOD_RANK = {"heading_exact": 0, "heading_lemma": 1, "heading_fuzzy": 2, "content": 3}
HEADING_KINDS = frozenset({SectionKind.METRIC_NARRATIVE, SectionKind.HEADING})

Lemmatise = Callable[[str], frozenset[str]]


@dataclass(frozen=True, slots=True)
class SectionText:
    """What content linking reads of a section: its lemmas and sentences (for evidence)."""

    lemmas: frozenset[str]
    sentences: tuple[tuple[str, frozenset[str]], ...]  # (sentence, its lemmas)


def sections_to_links(sections: tuple[Section, ...], metrics: tuple[Metric, ...],
                      lemmatise: Lemmatise, texts: Mapping[str, SectionText],
                      settings: LinkingSettings) -> tuple[Link, ...]:
    if settings.algorithm != ALGORITHM:
        raise ValueError(f"unknown linking algorithm {settings.algorithm!r}; known: {ALGORITHM}")
    factor_of = metrics_to_factors(sections, metrics)
    heading = headings_to_links(sections, metrics, factor_of, lemmatise, settings)
    content = sections_to_content_links(sections, metrics, factor_of, heading, texts, lemmatise,
                                        settings)
    inherited = links_to_inherited(sections, (*heading, *content), settings)
    order = {s.section_id: i for i, s in enumerate(sections)}
    row = {m.metric_key: (m.prov.char_start, m.row_index) for m in metrics}
    return tuple(sorted((*heading, *content, *inherited),
                        key=lambda k: (order.get(k.section_id, 0), row.get(k.metric_key, (0, 0)))))


# -- 1 -----------------------------------------------------------------------------------------

def metrics_to_factors(sections: tuple[Section, ...], metrics: tuple[Metric, ...]) -> dict[str, str]:
    factors = [s for s in sections if s.kind == SectionKind.SUCCESS_FACTOR]
    out = {}
    for m in metrics:
        holding = [f for f in factors if f.prov.char_start <= m.prov.char_start < f.prov.char_end]
        if holding:
            out[m.metric_key] = holding[-1].section_id
            continue
        scored = [(similarity(m.success_factor or "", f.title), f.section_id) for f in factors]
        if scored and max(scored)[0] >= 0.8:
            out[m.metric_key] = max(scored)[1]
    return out


def factor_of_section(sections_by_id: Mapping[str, Section], section: Section) -> str | None:
    s: Section | None = section
    while s is not None:
        if s.kind == SectionKind.SUCCESS_FACTOR:
            return s.section_id
        s = sections_by_id.get(s.parent_id) if s.parent_id else None
    return None


def sections_to_factors(sections: Iterable[Section]) -> dict[str, str | None]:
    """``factor_of_section`` for every section in one pass: each parent chain is walked once
    (a text of 20,000 heading-like lines nests 20,000 deep)."""
    by_id = {s.section_id: s for s in sections}
    memo: dict[str, str | None] = {}
    for s in by_id.values():
        chain: list[str] = []
        cur: Section | None = s
        while cur is not None and cur.section_id not in memo and cur.kind != SectionKind.SUCCESS_FACTOR:
            chain.append(cur.section_id)
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
        found = None if cur is None else memo.get(cur.section_id, cur.section_id)
        memo.update(dict.fromkeys(chain, found))
        if cur is not None:
            memo[cur.section_id] = found
    return memo


# -- 2 -----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class HeadingMatch:
    method: str
    score: float

    @property
    def key(self) -> tuple[float, int]:
        return (self.score, -METHOD_RANK[self.method])


@dataclass(frozen=True, slots=True)
class Name:
    """What heading matching reads of a heading or metric name, made once per name."""

    text: str
    normalised: str
    unspaced: str
    lemmas: frozenset[str]  # content lemmas, measure words left out

    @classmethod
    def of(cls, text: str, lemmatise: Lemmatise, settings: LinkingSettings) -> Name:
        normalised = normalise(text)
        return cls(text, normalised, normalised.replace(" ", ""), content_lemmas(lemmatise(text), settings))


def heading_match(title: str, metric: str, lemmatise: Lemmatise, settings: LinkingSettings) -> HeadingMatch | None:
    return names_match(Name.of(title, lemmatise, settings), Name.of(metric, lemmatise, settings), settings)


def names_match(title: Name, metric: Name, settings: LinkingSettings) -> HeadingMatch | None:
    """How a heading names a metric, or None. The score is the best of lemma overlap and
    rapidfuzz similarity, so candidates compare on one scale; the method says what kind of
    drift there was: none (exact, also when only spacing differs: "kulturmiljöområde t"),
    inflection or dropped measure words (lemma), spelling (fuzzy)."""
    if title.normalised == metric.normalised or title.unspaced == metric.unspaced:
        return HeadingMatch("heading_exact", 1.0)
    lemma = lemma_overlap(title.lemmas, metric.lemmas)
    fuzzy = similarity(title.text, metric.text)
    score = round(max(lemma, fuzzy), 4)
    if lemma >= settings.lemma_threshold:
        return HeadingMatch("heading_lemma", score)
    if fuzzy >= settings.fuzzy_threshold:
        return HeadingMatch("heading_fuzzy", score)
    return None


def content_lemmas(lemmas: Iterable[str], settings: LinkingSettings) -> frozenset[str]:
    return frozenset(lemmas) - _lower_set(tuple(settings.measure_words))


@lru_cache(maxsize=8)
def _lower_set(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)  # asked for every heading and metric pair


def lemma_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard: both directions count, so a short heading does not match every long metric
    that contains its two words."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)  # |a ∪ b|, without building it


def headings_to_links(sections: tuple[Section, ...], metrics: tuple[Metric, ...],
                      factor_of: Mapping[str, str], lemmatise: Lemmatise,
                      settings: LinkingSettings) -> tuple[Link, ...]:
    factors = sections_to_factors(sections)
    names: dict[str, Name] = {}

    def name(text: str) -> Name:  # a report's names are compared many times each
        if text not in names:
            names[text] = Name.of(text, lemmatise, settings)
        return names[text]

    by_factor: dict[str, list[Metric]] = {}
    for m in metrics:
        if m.metric_key in factor_of:
            by_factor.setdefault(factor_of[m.metric_key], []).append(m)
    out = []
    for s in sections:
        if s.kind not in HEADING_KINDS:
            continue
        factor = factors[s.section_id]
        if factor is None:
            continue
        link = heading_to_link(s, by_factor.get(factor, []), name, settings)
        if link is None:  # another factor's metric, only when nearly identical
            others = [m for f, ms in by_factor.items() if f != factor for m in ms]
            link = heading_to_link(s, others, name, settings, floor=settings.cross_factor_threshold)
        if link is not None:
            out.append(link)
    return tuple(out)


def heading_to_link(section: Section, candidates: list[Metric], name: Callable[[str], Name],
                    settings: LinkingSettings, floor: float = 0.0) -> Link | None:
    best: tuple[HeadingMatch, Metric] | None = None
    title = name(section.title)
    for m in candidates:
        match = names_match(title, name(m.metric), settings)
        if match is None or match.score < floor:
            continue
        if best is None or match.key > best[0].key:
            best = (match, m)
    if best is None:
        return None
    match, m = best
    return Link(metric_key=m.metric_key, section_id=section.section_id, method=match.method,
                score=match.score, evidence=section.title)


# -- 3 -----------------------------------------------------------------------------------------

def lemma_weights(texts: Mapping[str, SectionText]) -> Callable[[str], float]:
    """IDF over the narrative sections: "regional" and "arbete" are everywhere and say little,
    "haparandabana" says a lot."""
    df = Counter(chain.from_iterable(t.lemmas for t in texts.values()))
    n = max(len(texts), 1)
    return lambda lemma: math.log(1.0 + n / (1.0 + df.get(lemma, 0)))


def content_score(metric_lemmas: frozenset[str], text_lemmas: frozenset[str],
                  weight: Callable[[str], float]) -> float:
    total = sum(weight(x) for x in metric_lemmas)
    if total <= 0:
        return 0.0
    return sum(weight(x) for x in metric_lemmas & text_lemmas) / total


def best_sentence(metric_lemmas: frozenset[str], text: SectionText, weight: Callable[[str], float]) -> str:
    if not text.sentences:
        return ""
    return max(text.sentences, key=lambda s: content_score(metric_lemmas, s[1], weight))[0]


def sections_to_content_links(sections: tuple[Section, ...], metrics: tuple[Metric, ...],
                              factor_of: Mapping[str, str], heading_links: tuple[Link, ...],
                              texts: Mapping[str, SectionText], lemmatise: Lemmatise,
                              settings: LinkingSettings) -> tuple[Link, ...]:
    """Only metrics that no heading names are candidates: a metric with its own narrative does
    not also get the factor's general text."""
    factors = sections_to_factors(sections)
    named = {k.metric_key for k in heading_links}
    linked_sections = {k.section_id for k in heading_links}
    weight = lemma_weights(texts)
    out = []
    for s in sections:
        generic = s.kind == SectionKind.HEADING and s.level == 4
        own_factor_text = s.kind == SectionKind.SUCCESS_FACTOR
        if not (generic or own_factor_text) or s.section_id in linked_sections:
            continue
        text = texts.get(s.section_id)
        if text is None or not text.lemmas:
            continue
        factor = factors[s.section_id]
        factor_metrics = [m for m in metrics if factor_of.get(m.metric_key) == factor]
        candidates = [m for m in factor_metrics if m.metric_key not in named]
        link = section_to_content_link(s, candidates, text, lemmatise, weight, settings)
        if link is None and own_factor_text and len(factor_metrics) == 1 and candidates:
            # a factor with one metric whose narrative follows the table without a heading
            m = candidates[0]
            link = Link(m.metric_key, s.section_id, "content", settings.sole_metric_score,
                        text.sentences[0][0] if text.sentences else s.title)
        if link is not None:
            out.append(link)
    return tuple(out)


def section_to_content_link(section: Section, candidates: list[Metric], text: SectionText,
                            lemmatise: Lemmatise, weight: Callable[[str], float],
                            settings: LinkingSettings) -> Link | None:
    scored = []
    for m in candidates:
        lemmas = content_lemmas(lemmatise(m.metric), settings)
        scored.append((content_score(lemmas, text.lemmas, weight), m, lemmas))
    if not scored:
        return None
    score, m, lemmas = max(scored, key=lambda x: x[0])
    if score < settings.content_threshold:
        return None
    return Link(m.metric_key, section.section_id, "content", round(score, 4),
                best_sentence(lemmas, text, weight))


# -- 4 -----------------------------------------------------------------------------------------

def links_to_inherited(sections: tuple[Section, ...], links: tuple[Link, ...],
                       settings: LinkingSettings) -> tuple[Link, ...]:
    """Sections are in reading order, so a parent's link is known before its children."""
    best: dict[str, Link] = {}
    for k in links:
        if k.section_id not in best or k.score > best[k.section_id].score:
            best[k.section_id] = k
    inherited = []
    for s in sections:
        if s.section_id in best or s.parent_id not in best:
            continue
        parent = next(p for p in sections if p.section_id == s.parent_id)
        if parent.kind not in HEADING_KINDS:
            continue
        k = best[s.parent_id]
        link = Link(k.metric_key, s.section_id, k.method, round(k.score * settings.inherit_decay, 4),
                    parent.title)
        best[s.section_id] = link
        inherited.append(link)
    return tuple(inherited)


def section_metric(links: Iterable[Link]) -> dict[str, str]:
    """The metric each section is about: its best link."""
    best: dict[str, Link] = {}
    for k in links:
        cur = best.get(k.section_id)
        if cur is None or (k.score, -METHOD_RANK[k.method]) > (cur.score, -METHOD_RANK[cur.method]):
            best[k.section_id] = k
    return {sid: k.metric_key for sid, k in best.items()}

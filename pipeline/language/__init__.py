"""Swedish language stage: links narrative -> metric, facts, entities, status evidence.

One pass of the spaCy pipeline over the narrative and heading blocks of the section tree
(``parse_blocks``: a doc per narrative block, headings many to a doc), then pure steps that read
the parsed blocks:
``parsed_to_section_texts`` -> ``linking.sections_to_links`` -> ``parsed_to_facts`` /
``parsed_to_entities`` / ``parsed_to_sentences`` -> ``evidence.sentences_to_evidence`` ->
``StatusEvidence`` (the status stage, ``pipeline.status.precedence``, applies it).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from pipeline.language import evidence as status_evidence
from pipeline.language import facts as fact_parser
from pipeline.language import linking
from pipeline.language.narrative import SectionBlock, blocks_to_section_blocks
from pipeline.language.spacy_cli import defer_spacy_cli
from pipeline.model import BlockKind, Entity, Extraction, Fact, Metric
from pipeline.settings.profile import Profile
from pipeline.status.marks import is_legend_heading
from pipeline.status.phrases import StatusPhrases

defer_spacy_cli()  # before any module of this package imports spaCy

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc

    from pipeline.language.annotate import Annotated

__all__ = ["analyse", "get_nlp"]
ENTITY_PIPE = "sv_entity_rules"  # declared here, not in nlp, so that importing this package stays light
# words (or word pairs) a process remembers across reports, ~150 bytes each: far more than a
# report's vocabulary, and a bound for a long batch of varied reports
MEMO_WORDS = 200_000
# headings are parsed together, in docs of at most this many characters (spaCy's limit: 1,000,000)
HEADING_BATCH_CHARS = 100_000
# between two headings in one doc: a blank line is a token of its own, which no rule reads across
HEADING_SEPARATOR = "\n\n"


def get_nlp(settings):
    """``nlp.get_nlp``, imported on first use: spaCy costs ~1 s of start-up that a no-op run,
    ``--help`` and ``warehouse`` must not pay."""
    from pipeline.language.nlp import get_nlp as _get_nlp

    return _get_nlp(settings)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A block with what the steps below read from its spaCy doc: its entities as (text, label,
    start char, end char), its sentences as (first token, end token, start char, end char), and
    each token's content lemma (None for stop words and punctuation). Read once, as arrays: a
    spaCy ``Token`` or ``Span`` object per look cost more than the steps themselves. The doc is
    not kept: thousands of docs held to the end made every garbage collection walk them all."""

    item: SectionBlock
    ents: tuple[tuple[str, str, int, int], ...] = ()
    sents: tuple[tuple[int, int, int, int], ...] = ()
    lemmas: tuple[str | None, ...] = ()
    anchors: tuple[int, ...] | None = None  # where a number mention may start, if the parse knows
    sent_texts: tuple[str, ...] = ()  # each sentence's text, stripped

    @classmethod
    def of(cls, item: SectionBlock, ann: Annotated) -> Parsed:
        # a heading's lemmas name its section for linking; only narrative is read by sentence
        if not item.is_narrative:
            return cls(item, ann.ents, (), ann.lemmas, ann.anchors)
        text = item.block.text
        return cls(item, ann.ents, ann.sents, ann.lemmas, ann.anchors,
                   tuple(text[cs:ce].strip() for _, _, cs, ce in ann.sents))

    @property
    def offset(self) -> int:
        return self.item.block.prov.char_start

    @property
    def text(self) -> str:
        return self.item.block.text  # = doc.text, without joining the tokens again


_UNSEEN = object()
_NO_LEMMA = frozenset({None})  # a stop word's or punctuation's


def _content(lemmas: Iterable[str | None]) -> frozenset[str]:
    """The content lemmas among ``lemmas`` (every one but None)."""
    return cast("frozenset[str]", frozenset(lemmas) - _NO_LEMMA)


@lru_cache(maxsize=8)
def content_lemmas(nlp: Language) -> ContentLemmas:
    """One memo per pipeline, kept across reports: most words of a report were seen before."""
    return ContentLemmas(stop_words(nlp))


class ContentLemmas:
    """Each token's content lemma, lower case: words and numbers, None for stop words and
    punctuation. Read from arrays, memoised per (lemma, word)."""

    def __init__(self, stops: frozenset[str]) -> None:
        self.stops = stops
        self._memo: dict[bytes, str | None] = {}

    def __call__(self, doc: Doc) -> tuple[str | None, ...]:
        from spacy.attrs import LEMMA, ORTH

        get = self._memo.get
        arr = doc.to_array([LEMMA, ORTH])
        keys = arr.view("V16").ravel().tolist()  # a (lemma, word) pair as 16 bytes: made in C, hashed fast
        out: list[object] = [get(k, _UNSEEN) for k in keys]
        if _UNSEEN in out:
            self._learn(doc, arr, keys, out)
        return cast("tuple[str | None, ...]", tuple(out))  # _learn replaced every _UNSEEN

    def _learn(self, doc: Doc, arr: np.ndarray, keys: list[bytes], out: list[object]) -> None:
        memo = self._memo
        if len(memo) > MEMO_WORDS:  # a long batch of varied reports: start afresh
            memo.clear()
        strings = doc.vocab.strings
        for i, found in enumerate(out):
            if found is _UNSEEN:
                found = memo.get(keys[i], _UNSEEN)
                if found is _UNSEEN:
                    lemma_id, orth_id = int(arr[i, 0]), int(arr[i, 1])
                    found = memo[keys[i]] = self.word(doc.vocab[orth_id], strings[lemma_id])
                out[i] = found

    def word(self, lex, lemma_text: str) -> str | None:
        text = lex.orth_
        lemma = (lemma_text or text).lower()
        if (lex.is_alpha or lex.like_num or any(ch.isalnum() for ch in text)) and lemma not in self.stops \
                and lex.lower_ not in self.stops:
            return lemma
        return None


def analyse(ex: Extraction, profile: Profile) -> Extraction:
    nlp = get_nlp(profile.language)
    metrics = ex.scorecard.metrics if ex.scorecard else ()
    items = blocks_to_section_blocks(ex.document, ex.sections)
    parsed = parse_blocks(nlp, items)
    headings = {p.text: frozenset(x for x in p.lemmas if x is not None)
                for p in parsed if p.item.block.kind == BlockKind.HEADING}
    lemmatise = titles_to_lemmatiser(nlp, [s.title for s in ex.sections], metrics, headings)
    texts = parsed_to_section_texts(parsed, stop_words(nlp))
    links = linking.sections_to_links(ex.sections, metrics, lemmatise, texts, profile.linking)
    metric_of = linking.section_metric(links)
    facts = parsed_to_facts(parsed, metric_of, profile.language.bare_scale_unit)
    entities = parsed_to_entities(parsed)
    legend = ex.document.legend.entries if ex.document.legend else ()
    phrases = StatusPhrases.from_profile(profile, legend_labels=[e.label for e in legend])
    legend_sections = frozenset(s.section_id for s in ex.sections if is_legend_heading(s.title, profile.legend))
    evidence = status_evidence.sentences_to_evidence(parsed_to_sentences(parsed, metric_of), phrases,
                                                     legend_sections)
    return dataclasses.replace(ex, links=links, facts=facts, entities=entities, evidence=evidence)


def parse_blocks(nlp: Language, items: list[SectionBlock]) -> list[Parsed]:
    """Each block parsed, in order: a narrative block as a doc of its own, headings many to a doc.
    A spaCy doc has a fixed cost about that of a short heading's words, and a report can have
    thousands of headings (20,000 took 1.4 s as docs of their own)."""
    from pipeline.language.annotate import annotate_texts

    alone = [k for k, it in enumerate(items) if not _joinable(it)]
    anns = annotate_texts(nlp, [items[k].block.text for k in alone], [items[k].is_narrative for k in alone])
    out: dict[int, Parsed] = {k: Parsed.of(items[k], ann) for k, ann in zip(alone, anns, strict=True)}
    headings = [k for k in range(len(items)) if k not in out]
    for k, (ents, lemmas) in zip(headings, annotate_together(nlp, [items[k].block.text for k in headings]),
                                 strict=True):
        out[k] = Parsed(items[k], ents, (), lemmas)
    return [out[k] for k in range(len(items))]


def _joinable(item: SectionBlock) -> bool:
    return item.block.kind == BlockKind.HEADING and joinable(item.block.text)


def joinable(text: str) -> bool:
    # surrounding whitespace would run into the separator and tokenize differently
    return text == text.strip() and 0 < len(text) < HEADING_BATCH_CHARS


def annotate_together(nlp: Language, texts: list[str], entities: bool = True) \
        -> list[tuple[tuple[tuple[str, str, int, int], ...], tuple[str | None, ...]]]:
    """Each text's entities and content lemmas, the texts (each ``joinable``) parsed many to a
    doc, separated by a blank line, then split by character offsets: the same tokens, lemmas and
    entities as a doc each. The tokenizer splits at the separator first, each rule of ``nlp``
    reads a token's neighbours and stops at a token that is no word, and phrases never hold the
    separator token."""
    out = []
    for group in _groups(texts):
        out += _annotate_group(nlp, group, entities)
    return out


def _groups(texts: list[str]) -> Iterator[list[str]]:
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > HEADING_BATCH_CHARS:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text) + len(HEADING_SEPARATOR)
    if group:
        yield group


def _annotate_group(nlp: Language, texts: list[str], entities: bool):
    from pipeline.language.annotate import annotate_texts

    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + len(HEADING_SEPARATOR)
    ann = next(annotate_texts(nlp, [HEADING_SEPARATOR.join(texts)], entities=entities))
    ents: list[list[tuple[str, str, int, int]]] = [[] for _ in texts]
    for text, label, start, end in ann.ents:
        k = bisect_right(starts, start) - 1
        ents[k].append((text, label, start - starts[k], end - starts[k]))
    out = []
    for k, text in enumerate(texts):
        a, b = bisect_left(ann.idx, starts[k]), bisect_left(ann.idx, starts[k] + len(text))
        out.append((tuple(ents[k]), ann.lemmas[a:b]))
    return out


def stop_words(nlp: Language) -> frozenset[str]:
    return frozenset(nlp.Defaults.stop_words)


def titles_to_lemmatiser(nlp: Language, titles: list[str], metrics: tuple[Metric, ...],
                         parsed: Mapping[str, frozenset[str]] | None = None) -> linking.Lemmatise:
    """Heading and metric texts lemmatised in one batch; linking asks for them many times. A text
    in ``parsed`` (a heading block's text -> its content lemmas, read when the block was parsed)
    is not parsed again: a report can have thousands of headings. Same lemmas: the pipelines
    differ only by the entity rules, which set entities, never tokens or lemmas."""
    texts = sorted({*titles, *(m.metric for m in metrics)})
    known = {t: parsed[t] for t in texts if parsed and t in parsed}
    rest = [t for t in texts if t not in known]
    known.update(zip(rest, _lemma_sets(nlp, rest), strict=True))

    def lemmatise(text: str) -> frozenset[str]:
        if text not in known:
            known[text] = _lemma_sets(nlp, [text])[0]
        return known[text]

    return lemmatise


def _lemma_sets(nlp: Language, texts: list[str]) -> list[frozenset[str]]:
    """Each text's content lemmas; short texts parsed many to a doc."""
    from pipeline.language.annotate import annotate_texts

    out: dict[int, frozenset[str]] = {}
    alone = [k for k, t in enumerate(texts) if not joinable(t)]
    for k, a in zip(alone, annotate_texts(nlp, [texts[k] for k in alone], entities=False), strict=True):
        out[k] = _content(a.lemmas)
    together = [k for k in range(len(texts)) if k not in out]
    for k, (_, lemmas) in zip(together, annotate_together(nlp, [texts[k] for k in together], entities=False),
                              strict=True):
        out[k] = _content(lemmas)
    return [out[k] for k in range(len(texts))]


def parsed_to_section_texts(parsed: list[Parsed], stops: frozenset[str]) -> dict[str, linking.SectionText]:
    lemmas: dict[str, set[str]] = {}
    sentences: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for p in parsed:
        if not p.item.is_narrative or not p.sents:
            continue
        sid = p.item.section_id
        into, said = lemmas.setdefault(sid, set()), sentences.setdefault(sid, [])
        for (a, b, _, _), text in zip(p.sents, p.sent_texts, strict=True):
            sl = _content(p.lemmas[a:b])
            into.update(sl)
            said.append((text, sl))
    return {sid: linking.SectionText(frozenset(lemmas[sid]), tuple(sentences[sid])) for sid in lemmas}


def parsed_to_facts(parsed: list[Parsed], metric_of: Mapping[str, str], bare_scale_unit: str) -> tuple[Fact, ...]:
    out = []
    for p in parsed:
        if not p.item.is_narrative:
            continue
        sid = p.item.section_id
        for d in fact_parser.text_to_drafts(p.text, [(cs, ce) for _, _, cs, ce in p.sents],
                                            bare_scale_unit=bare_scale_unit, anchors=p.anchors):
            out.append(Fact(section_id=sid, metric_key=metric_of.get(sid), sentence=d.sentence, raw=d.raw,
                            value=float(d.value), unit=d.unit, qualifier=d.qualifier, gender=d.gender,
                            char_start=p.offset + d.start, char_end=p.offset + d.end,
                            value_max=float(d.value_max) if d.value_max is not None else None))
    return tuple(out)


def parsed_to_entities(parsed: list[Parsed]) -> tuple[Entity, ...]:
    return tuple(Entity(p.item.section_id, text, label, p.offset + start, p.offset + end)
                 for p in parsed for text, label, start, end in p.ents)


def parsed_to_sentences(parsed: list[Parsed], metric_of: Mapping[str, str]) -> list[status_evidence.Sentence]:
    out = []
    for p in parsed:
        if not p.item.is_narrative:
            continue
        sid = p.item.section_id
        for (_, _, cs, _), text in zip(p.sents, p.sent_texts, strict=True):
            if text:
                start = p.offset + cs
                out.append(status_evidence.Sentence(sid, metric_of.get(sid), text, start, start + len(text)))
    return out

"""What the language stage reads from a parsed text: entities, sentences, content lemmas.

Two routes give the same ``Annotated``:
- any pipeline: ``nlp.pipe``, then the doc's sentences and entities read as spaCy spans;
- the blank Swedish pipeline of ``pipeline.language.nlp``: its tokenizer, then the rules of
  its own components applied to arrays read from the doc once. ``nlp.pipe`` has every
  component read and write the doc's arrays in turn, and the spans are Python objects made per
  sentence and entity; for a report's ~150 short blocks that was about a third of the parse.
  This route also places where a number mention may start (``facts.text_anchors`` of each
  word), which spares the facts step a scan of every paragraph.

``tests/language/test_nlp.py`` holds the two routes equal, and the anchors to the facts' own scan.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import TYPE_CHECKING, cast

from spacy.attrs import IDX, ORTH, SPACY

from pipeline.language import ENTITY_PIPE, MEMO_WORDS
from pipeline.language import entities as ent
from pipeline.language import nlp as sv
from pipeline.language.facts import text_anchors

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from pipeline.language import ContentLemmas

Ents = tuple[tuple[str, str, int, int], ...]  # (text, label, start char, end char)
Sents = tuple[tuple[int, int, int, int], ...]  # (first token, end token, start char, end char)


@dataclass(frozen=True, slots=True)
class Annotated:
    """One text's annotation."""

    ents: Ents
    sents: Sents
    lemmas: tuple[str | None, ...]  # each token's content lemma, None for stop words and punctuation
    idx: tuple[int, ...]  # each token's first character
    anchors: tuple[int, ...] | None = None  # where a number mention may start (facts.mention_matches)


def annotate_texts(nlp: Language, texts: Sequence[str], sentences: Sequence[bool] | None = None,
                   entities: bool = True) -> Iterator[Annotated]:
    """Each text annotated, in order; ``sentences[k]``: whether text k's sentences are wanted."""
    from pipeline.language import content_lemmas

    wanted = sentences if sentences is not None else [False] * len(texts)
    route = array_route(nlp)
    if route is not None:
        return (route(text, s, entities) for text, s in zip(texts, wanted, strict=True))
    disable = [] if entities or ENTITY_PIPE not in nlp.pipe_names else [ENTITY_PIPE]
    content = content_lemmas(nlp)
    return (of_doc(doc, content, s) for doc, s in zip(nlp.pipe(texts, disable=disable), wanted, strict=True))


def of_doc(doc: Doc, content: ContentLemmas, sentences: bool) -> Annotated:
    ents = tuple((e.text, e.label_, e.start_char, e.end_char) for e in doc.ents)
    sents = tuple((s.start, s.end, s.start_char, s.end_char) for s in doc.sents) if sentences else ()
    return Annotated(ents, sents, content(doc), tuple(doc.to_array(IDX).tolist()))


@lru_cache(maxsize=8)
def array_route(nlp: Language) -> ArrayRoute | None:
    """The array route, for a pipeline that is exactly ours; None for any other."""
    if nlp.pipe_names != sv.PIPE_NAMES or not isinstance(nlp.tokenizer, sv.TextTokenizer):
        return None
    kinds = (sv.ArraySentencizer, sv.SimplemmaLemmatizer, ent.EntityRules)
    pipes = (nlp.get_pipe("sv_sentencizer"), nlp.get_pipe("sv_simplemma_lemmatizer"), nlp.get_pipe(ENTITY_PIPE))
    if nlp.get_pipe("sv_merge_numbers") is not sv.merge_numbers or \
            not all(isinstance(p, k) for p, k in zip(pipes, kinds, strict=True)):
        return None
    return ArrayRoute(nlp)


# what the rules read of a word: its text, content lemma, sentencizer code, whether an org rule
# may start at it, and where in it a number mention may start
Word = tuple[str, str | None, int, bool, tuple[int, ...]]


class ArrayRoute:
    """``nlp.pipe`` of the blank pipeline, its components' rules read from one array per doc.
    Each rule but the entity rules reads a token by its word alone, so what it reads (``Word``)
    is made once per word and remembered (``MEMO_WORDS`` bounds the memo)."""

    def __init__(self, nlp: Language) -> None:
        from pipeline.language import content_lemmas

        self.nlp = nlp
        # the components of pipeline.language.nlp's blank Swedish pipeline (this route's precondition)
        self.tokenizer = cast("sv.TextTokenizer", nlp.tokenizer)
        self.sentencizer = cast("sv.ArraySentencizer", nlp.get_pipe("sv_sentencizer"))
        self.lemmatizer = cast("sv.SimplemmaLemmatizer", nlp.get_pipe("sv_simplemma_lemmatizer"))
        self.entity_rules = cast("ent.EntityRules", nlp.get_pipe(ENTITY_PIPE))
        self.content = content_lemmas(nlp)
        self._words: dict[int, Word] = {}  # orth id -> what the rules read of it
        self._specials = frozenset(nlp.vocab.strings[text] for text in self.tokenizer.rules)  # orth ids
        self._unfolded: set[int] = set()  # words whose lower case is longer: no number anchors then

    def __call__(self, text: str, sentences: bool, entities: bool) -> Annotated:
        doc = self.nlp.tokenizer(text)
        if not len(doc):
            return Annotated((), (), (), ())
        orths, spaces, idx = doc.to_array([ORTH, SPACY, IDX]).T.tolist()
        unmerged = orths
        groups = grouped_numbers(text, doc.vocab.strings, orths, idx)
        if groups:
            orths, spaces, idx = merge_groups(groups, orths, spaces, idx)
        if not self._specials.isdisjoint(orths):
            self.tokenizer.teach(text)
        known = list(map(self._words.get, orths))
        try:
            texts, lemmas, codes, fires, in_word = zip(*known, strict=True)
        except TypeError:  # a word not seen before (None); asking first cost a comparison per word
            self._learn(doc.vocab, orths, known)
            texts, lemmas, codes, fires, in_word = zip(*known, strict=True)
        words = ent.Words(texts, spaces)  # 0/1 for no space/a space after
        sents: Sents = ()
        if sentences:
            starts = sv.starts_of_codes(bytes(codes))
            sents = tuple((a, b, idx[a], _end_char(idx, texts, b))
                          for a, b in zip(starts, [*starts[1:], len(orths)], strict=True))
        ents: Ents = ()
        if entities:
            gazetteer = merged_candidates(self.entity_rules.gazetteer_candidates(doc, unmerged), groups)
            found = self.entity_rules.candidates(gazetteer, words, list(compress(range(len(orths)), fires)))
            ents = tuple((text[idx[c.start]:_end_char(idx, texts, c.end)], c.label, idx[c.start],
                          _end_char(idx, texts, c.end)) for c in ent.resolve(found, len(orths)))
        anchors = None if not self._unfolded.isdisjoint(orths) else \
            tuple(idx[i] + a for i in compress(range(len(orths)), in_word) for a in in_word[i])
        return Annotated(ents, sents, lemmas, tuple(idx), anchors)

    def _learn(self, vocab, orths: list[int], known: list) -> None:
        if len(self._words) > MEMO_WORDS:  # a long batch of varied reports: start afresh
            self._words.clear()
            self._unfolded.clear()
            known[:] = [None] * len(known)  # this doc's words too, so _unfolded holds its odd ones
        strings = vocab.strings
        for i, orth in enumerate(orths):
            if known[i] is None:
                known[i] = self._words.get(orth) or self._word(vocab, strings, orth)

    def _word(self, vocab, strings, orth: int) -> Word:
        lex = vocab[orth]
        text = lex.orth_
        lemma = strings[self.lemmatizer.lemma_ids(strings, [orth])[0]]
        anchors = text_anchors(text)
        if anchors is None:
            self._unfolded.add(orth)
        found = self._words[orth] = (text, self.content.word(lex, lemma),
                                     self.sentencizer.token_code(strings, orth, lex.is_punct),
                                     self.entity_rules.may_fire(text), anchors or ())
        return found



def grouped_numbers(text: str, strings, orths: list[int], idx: list[int]) -> list[tuple[int, int, int]]:
    """``sv_merge_numbers`` on arrays: each grouped number ("196 319 688") that starts and ends
    at token edges and spans more than one token, as (first token, end token, its orth id).
    spaCy's retokenizer did the same merges at ~150 us a doc."""
    out = []
    for m in sv.GROUPED_NUMBER.finditer(text):
        i, j = bisect_left(idx, m.start()), bisect_left(idx, m.end())
        if j - i > 1 and idx[i] == m.start() and idx[j - 1] + len(strings[orths[j - 1]]) == m.end():
            out.append((i, j, strings.add(m.group())))
    return out


def merge_groups(groups: list[tuple[int, int, int]], orths: list[int], spaces: list[int], idx: list[int]):
    """The token arrays with each group as one token: its text, the last token's trailing space."""
    o, s, x = [], [], []
    prev = 0
    for i, j, orth in groups:
        o += orths[prev:i]
        s += spaces[prev:i]
        x += idx[prev:i]
        o.append(orth)
        s.append(spaces[j - 1])
        x.append(idx[i])
        prev = j
    return o + orths[prev:], s + spaces[prev:], x + idx[prev:]


def merged_candidates(found: list[ent.Candidate], groups: list[tuple[int, int, int]]) -> list[ent.Candidate]:
    """Gazetteer matches on the doc before the merges, in merged token positions. A phrase holding
    part of a grouped number cannot match the merged doc (its pattern keeps the number's pieces)."""
    if not groups or not found:
        return found
    out = []
    for c in found:
        if any(c.start < j and i < c.end for i, j, _ in groups):
            continue
        shift = sum(j - i - 1 for i, j, _ in groups if j <= c.start)
        out.append(dataclasses.replace(c, start=c.start - shift, end=c.end - shift))
    return out


def _end_char(idx: list[int], texts: Sequence[str], end: int) -> int:
    """Where a span of tokens ending before ``end`` ends: after its last token's text (spaCy's
    ``Span.end_char``)."""
    return idx[end - 1] + len(texts[end - 1])

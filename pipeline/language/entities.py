"""The entity rules of the Swedish pipeline (component ``sv_entity_rules``): MUNICIPALITY, ORG,
PLACE and PERSON from the profile's gazetteers and from name rules ("... AB", "... universitet",
"...verket", "Region ...", a given name and a capitalised surname). Read from plain word lists,
not spaCy Token objects: a Token per look cost more than the rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from spacy.attrs import SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span

from pipeline.language import MEMO_WORDS
from pipeline.language.names_sv import FIRST_NAMES


@Language.factory("sv_entity_rules", assigns=["doc.ents"], default_config={
    "municipalities": [], "organisations": [], "org_suffixes": [], "org_prefixes": [],
    "places": [], "persons": True, "phrase_suffixes": [],
})
def make_entity_rules(nlp: Language, name: str, municipalities: list[str], organisations: list[str],
                      org_suffixes: list[str], org_prefixes: list[str], places: list[str],
                      persons: bool, phrase_suffixes: list[str]) -> EntityRules:
    return EntityRules(nlp, municipalities, organisations, org_suffixes, org_prefixes, places, persons,
                       phrase_suffixes)


@dataclass(frozen=True, order=True)
class Candidate:
    """An entity proposal; overlaps are resolved longest first, then by rule priority."""

    neg_length: int
    priority: int
    start: int
    end: int
    label: str


# rule priority when two proposals cover the same tokens (lower wins)
PRIORITY = {"gazetteer_org": 0, "municipality": 1, "place": 2, "org_rule": 3, "person": 4}
CONNECTORS = frozenset({"i", "och", "&", "för"})


class EntityRules:
    """Gazetteers (profile) plus name rules: "... AB", "… universitet", "…verket", a prefix such
    as "Region …", and a given name followed by a capitalised surname."""

    def __init__(self, nlp: Language, municipalities: list[str], organisations: list[str],
                 org_suffixes: list[str], org_prefixes: list[str], places: list[str],
                 persons: bool, phrase_suffixes: Sequence[str] = ()) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.first_words: frozenset[int] = frozenset()  # orth ids a gazetteer phrase starts with
        self._add(nlp, "municipality", municipality_variants(municipalities))
        self._add(nlp, "gazetteer_org", name_variants(organisations))
        self._add(nlp, "place", name_variants(places))
        self.word_suffixes = tuple(s for s in org_suffixes if s.islower())
        # "kommun", "region": an ORG as a word after a name ("Skellefteå kommun"), never as the
        # end of a compound ("Hemkommun" at the start of a sentence)
        self.compound_suffixes = tuple(s for s in self.word_suffixes if s not in set(phrase_suffixes))
        self.token_suffixes = frozenset(s for s in org_suffixes if not s.islower())  # "AB"
        self.org_prefixes = frozenset(org_prefixes)
        self.persons = persons
        self._texts: dict[int, str] = {}  # orth id -> text: a dict is faster than the string store
        self._fires: dict[str, bool] = {}  # token text -> may an org rule start at it

    def _add(self, nlp: Language, key: str, phrases: Iterable[str]) -> None:
        docs = [nlp.make_doc(p) for p in sorted(set(phrases))]
        if docs:
            self.matcher.add(key, docs)
            self.first_words |= {d[0].orth for d in docs if len(d)}

    def __call__(self, doc: Doc) -> Doc:
        found = self.candidates(self.gazetteer_candidates(doc),
                                self.words(doc.vocab.strings, *doc.to_array([ORTH, SPACY]).T.tolist())
                                if len(doc) else Words([], []))
        if found or doc.ents:  # most blocks name nothing: spare setting no entities
            doc.ents = candidates_to_spans(doc, found, keep=doc.ents)
        return doc

    def words(self, strings, orths: list[int], spaces: list[int]) -> Words:
        """The token texts, remembered per orth id across docs."""
        for memo in (self._texts, self._fires):
            if len(memo) > MEMO_WORDS:  # a long batch of varied reports: start afresh
                memo.clear()
        return Words.of_ids(strings, orths, spaces, self._texts)

    def candidates(self, gazetteer: list[Candidate], words: Words, org_starts: list[int] | None = None) \
            -> list[Candidate]:
        """Every rule's proposals, overlapping, beside the ``gazetteer``'s (``gazetteer_candidates``);
        ``resolve`` picks among them. ``org_starts``: the tokens ``may_fire`` picks, if the caller
        knows them."""
        found = [*gazetteer, *org_rule_candidates(words, self.word_suffixes, self.token_suffixes,
                                                  self.org_prefixes, self.compound_suffixes, self._fires, org_starts)]
        if self.persons:
            found += person_candidates(words)
        return found

    def may_fire(self, text: str) -> bool:
        """Whether an org rule may start at a token with this text."""
        return _may_fire(text, self.word_suffixes, self.token_suffixes, self.org_prefixes, self.compound_suffixes)

    def gazetteer_candidates(self, doc: Doc, orths: list[int] | None = None) -> list[Candidate]:
        """``orths``: the doc's words as orth ids, if the caller has them: a doc holding no word a
        phrase starts with is not matched."""
        out: list[Candidate] = []
        if not self.first_words or (orths is not None and self.first_words.isdisjoint(orths)):
            return out
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            label = {"municipality": "MUNICIPALITY", "gazetteer_org": "ORG", "place": "PLACE"}[key]
            out.append(Candidate(start - end, PRIORITY[key], start, end, label))
        return out


def municipality_variants(names: Iterable[str]) -> list[str]:
    """"Boden" -> Boden, Bodens, Boden kommun, Bodens kommun, Boden Kommun, ..."""
    out = []
    for name in names:
        for form in (name, genitive(name)):
            out += [form, f"{form} kommun", f"{form} Kommun"]
    return out


def name_variants(names: Iterable[str]) -> list[str]:
    """As printed, genitive, every word capitalised ("Luleå Tekniska Universitet"), and with a
    lower-case first letter ("regionala kollektivtrafikmyndigheten")."""
    out = []
    for name in names:
        titled = " ".join(w[:1].upper() + w[1:] for w in name.split())
        lowered = name[:1].lower() + name[1:]
        for form in {name, titled, lowered}:
            out += [form, genitive(form)]
    return out


def genitive(name: str) -> str:
    return name if name.endswith(("s", "x", "z")) else name + "s"


@dataclass(frozen=True, slots=True)
class Words:
    """A doc's token texts and trailing-space flags as plain lists: the rules below look at each
    token several times, and a spaCy ``Token`` object per look cost more than the rules."""

    text: Sequence[str]
    space: Sequence[bool]

    @classmethod
    def of(cls, doc: Doc, texts: dict[int, str] | None = None) -> Words:
        """``texts`` remembers each orth id's text across docs."""
        if not len(doc):
            return cls([], [])
        orths, spaces = doc.to_array([ORTH, SPACY]).T.tolist()
        return cls.of_ids(doc.vocab.strings, orths, spaces, texts)

    @classmethod
    def of_ids(cls, strings, orths: list[int], spaces: list[int], texts: dict[int, str] | None = None) -> Words:
        memo = {} if texts is None else texts
        words = list(map(memo.get, orths))
        if None in words:
            for i, orth in enumerate(orths):
                if words[i] is None:
                    words[i] = memo[orth] = strings[orth]
        return cls(cast("list[str]", words), list(map(bool, spaces)))  # every None filled above


def _is_name(text: str) -> bool:
    # spaCy's is_alpha / is_title / is_upper are these str methods
    return text.isalpha() and (text.istitle() or (text.isupper() and len(text) > 1))


def org_rule_candidates(words: Words, word_suffixes: tuple[str, ...], token_suffixes: frozenset[str],
                        prefixes: frozenset[str], compound_suffixes: tuple[str, ...] | None = None,
                        fires: dict[str, bool] | None = None, starts: list[int] | None = None) -> list[Candidate]:
    """``fires`` remembers, per token text, whether a rule may start at it (each rule starts at
    a token its text alone picks, then reads the neighbours): most tokens are then one lookup.
    ``starts``: those tokens, if the caller knows them."""
    compound_suffixes = word_suffixes if compound_suffixes is None else compound_suffixes
    out = []
    pri = PRIORITY["org_rule"]
    texts = words.text
    fires = {} if fires is None else fires
    if starts is None:
        starts = [i for i, text in enumerate(texts) if fires.get(text, True)]
    for i in starts:
        text = texts[i]
        if text not in fires:
            fires[text] = _may_fire(text, word_suffixes, token_suffixes, prefixes, compound_suffixes)
            if not fires[text]:
                continue
        stem = _stem(text)
        # "Trafikverket", "Länsstyrelsens": a capitalised compound ending in a suffix word
        if text.istitle() and any(stem.endswith(s) and len(stem) > len(s) + 2 for s in compound_suffixes):
            out.append(Candidate(-1, pri, i, i + 1, "ORG"))
        # "BD Pop AB", "Investeringar i Norrbotten AB"
        if text in token_suffixes:
            start = _name_run_start(texts, i)
            if start < i:
                out.append(Candidate(start - i - 1, pri, start, i + 1, "ORG"))
        # "Luleå tekniska universitet", "Stockholms universitet"
        if stem in word_suffixes and text.islower():
            j = i
            while j > 0 and texts[j - 1].islower() and texts[j - 1].isalpha() and texts[j - 1].endswith("a"):
                j -= 1
            if j > 0 and _is_name(texts[j - 1]):
                out.append(Candidate(j - 1 - i - 1, pri, j - 1, i + 1, "ORG"))
        # "Region Norrbotten", "Region Värmland"
        if text in prefixes and i + 1 < len(texts) and _is_name(texts[i + 1]):
            out.append(Candidate(-2, pri, i, i + 2, "ORG"))
    return out


def _may_fire(text: str, word_suffixes: tuple[str, ...], token_suffixes: frozenset[str], prefixes: frozenset[str],
               compound_suffixes: tuple[str, ...]) -> bool:
    """Whether ``org_rule_candidates`` may start a candidate at a token with this text."""
    stem = _stem(text)
    return ((text.istitle() and stem.endswith(compound_suffixes)) or text in token_suffixes
            or (stem in word_suffixes and text.islower()) or text in prefixes)


def _stem(text: str) -> str:
    """Lower case, without a genitive s: "Länsstyrelsens" -> "länsstyrelsen"."""
    low = text.lower()
    return low[:-1] if low.endswith("s") and not low.endswith("ss") else low


def _name_run_start(texts: Sequence[str], i: int, max_words: int = 4) -> int:
    start = i
    j = i - 1
    while j >= 0 and i - j <= max_words:
        if _is_name(texts[j]):
            start = j
        elif not (texts[j] in CONNECTORS and j > 0 and _is_name(texts[j - 1])):
            break
        j -= 1
    return start


def person_candidates(words: Words) -> list[Candidate]:
    out: list[Candidate] = []
    pri = PRIORITY["person"]
    texts, space = words.text, words.space
    if FIRST_NAMES.isdisjoint(texts):
        return out
    for i in range(len(texts) - 1):
        first, last = texts[i], texts[i + 1]
        if first in FIRST_NAMES and last.istitle() and last.isalpha() and len(last) > 1:
            start = i
            # "Anna-Karin Ek": the tokenizer splits a double given name at its hyphen
            if i >= 2 and texts[i - 1] == "-" and not space[i - 2] and not space[i - 1] \
                    and texts[i - 2] in FIRST_NAMES:
                start = i - 2
            out.append(Candidate(start - i - 2, pri, start, i + 2, "PERSON"))
    return out


def resolve(found: list[Candidate], n_tokens: int) -> list[Candidate]:
    """Non-overlapping proposals, longest first, then by rule priority; in token order."""
    if not found:  # most blocks
        return []
    taken = [False] * n_tokens
    out = []
    for c in sorted(found):
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = [True] * (c.end - c.start)
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def candidates_to_spans(doc: Doc, found: list[Candidate], keep: Sequence[Span] = ()) -> list[Span]:
    chosen = resolve(found, len(doc))
    spans = [Span(doc, c.start, c.end, label=c.label) for c in chosen]
    # a pretrained model's own entities stay where our rules found nothing
    taken = [False] * len(doc)
    for c in chosen:
        taken[c.start:c.end] = [True] * (c.end - c.start)
    spans += [s for s in keep if not any(taken[s.start:s.end])]
    return sorted(spans, key=lambda s: s.start)

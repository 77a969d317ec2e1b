"""The Swedish spaCy pipeline: built from ``spacy.blank("sv")`` with registered components.

Everything the pipeline needs is in its config (gazetteers included), so an nlp built here
round-trips through ``nlp.to_disk`` / ``spacy.load`` once this module is imported (the
factories must be registered). Nothing is downloaded: simplemma ships its Swedish data in
its wheel.

Components, in order:
- tokenizer ``pipeline.sv_tokenizer.v1``: spaCy's Swedish rules plus domain abbreviations
  (ca., mkr, mnkr, milj.) and a split of "Umeå-Luleå" into its two names;
- ``sv_merge_numbers``: "196 319 688" (space or no-break space groups) as one token;
- ``sv_simplemma_lemmatizer``: lemmas from simplemma;
- ``sv_sentencizer``: spaCy's sentencizer rule, read from arrays: sentence boundaries (the reader already gives us paragraphs);
- ``sv_entity_rules``: MUNICIPALITY, ORG, PLACE and PERSON from gazetteers and name rules.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_PUNCT, LEMMA, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline import process
from pipeline.language import MEMO_WORDS
from pipeline.language.lemmas import lemmatize
from pipeline.language.names_sv import FIRST_NAMES
from pipeline.profile import LanguageSettings

# (text, norm): abbreviations whose final period must not end a sentence, and money units
SPECIAL_CASES: tuple[tuple[str, str], ...] = (
    ("ca.", "cirka"), ("Ca.", "cirka"), ("ca", "cirka"), ("Ca", "cirka"),
    ("t.ex.", "till exempel"), ("T.ex.", "till exempel"),
    ("milj.", "miljoner"), ("Milj.", "miljoner"),
    ("mkr", "miljoner kronor"), ("Mkr", "miljoner kronor"), ("mnkr", "miljoner kronor"),
    ("tkr", "tusen kronor"), ("mdkr", "miljarder kronor"), ("mdr", "miljarder"),
    ("bl.a.", "bland annat"), ("pga.", "på grund av"), ("pga", "på grund av"),
)

# a group of 1-3 digits, then groups of exactly 3 separated by one (no-break) space,
# optionally a decimal comma: "196 319 688", "125 130", "12 400,5"
# (the first digit before the look-behind: a pattern that starts with a character class is
# searched for in C, one that starts with a look-behind is tried at every position)
GROUPED_NUMBER = re.compile(r"\d(?<![\d,.]\d)\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])")

# "Umeå-Luleå": a hyphen between a letter and a capital splits two names; "EU-nivå" and
# "RUS-konferens" keep theirs (the capital comes before the hyphen, not after)
NAME_HYPHEN_INFIX = r"(?<=[a-zåäöé])-(?=[A-ZÅÄÖ])"

BLANK = "blank"


TOKENIZER = "pipeline.sv_tokenizer.v1"


TEXT_KEY = "pipeline.text"  # doc.user_data key: the text the doc was made from
# words whose split the tokenizer remembers; spaCy's default, 10,000, fills within a few reports
# of a varied batch, and a word not cached is split again each time (~10 times slower)
TOKEN_CACHE_WORDS = 100_000


class TextTokenizer(Tokenizer):
    """spaCy's tokenizer, keeping the text it was given in ``doc.user_data``: ``doc.text`` joins
    one Token object per word, and ``sv_merge_numbers`` reads the text of every block. Its cache
    of split words holds ``TOKEN_CACHE_WORDS``."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_cache_size", TOKEN_CACHE_WORDS)
        super().__init__(*args, **kwargs)
        self._taught: set[str] = set()

    def __call__(self, text):
        doc = super().__call__(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def teach(self, text: str) -> None:
        """Cache the split of each word of ``text``. spaCy caches none of a doc's words after
        the doc's first special case ("ca", "mkr", "t.ex."), so a paragraph that has one early
        was split word by word again every time (~10 times slower); a word on its own is cached.
        The tokens are the same either way: each whitespace-separated word is split alone."""
        taught = self._taught
        if len(taught) > self.max_cache_size:  # the cache is full: nothing more would be kept
            return
        for word in text.split():
            if word not in taught:
                taught.add(word)
                super().__call__(word)


@spacy.registry.tokenizers(TOKENIZER)
def create_sv_tokenizer():
    def make(nlp: Language):
        d = nlp.Defaults  # as spacy.Tokenizer.v1, with our infix compiled in from the start
        tokenizer = TextTokenizer(
            nlp.vocab, rules=d.tokenizer_exceptions,
            prefix_search=compile_prefix_regex(d.prefixes).search if d.prefixes else None,
            suffix_search=compile_suffix_regex(d.suffixes).search if d.suffixes else None,
            infix_finditer=compile_infix_regex([*d.infixes, NAME_HYPHEN_INFIX]).finditer,
            token_match=d.token_match, url_match=d.url_match)
        add_domain_rules(tokenizer, nlp)
        return tokenizer

    return make


RESTORE_TOKENIZER = "pipeline.sv_tokenizer_restore.v1"


@spacy.registry.tokenizers(RESTORE_TOKENIZER)
def create_restore_tokenizer():
    """A bare tokenizer for a pipeline loaded from the cache: ``from_disk`` sets its rules and
    compiles each pattern once, where the full factory would compile them all first for nothing."""
    return lambda nlp: TextTokenizer(nlp.vocab)


def add_domain_rules(tokenizer, nlp: Language) -> None:
    for text, norm in SPECIAL_CASES:
        tokenizer.add_special_case(text, [{ORTH: text, NORM: norm}])
    if not isinstance(tokenizer, TextTokenizer):  # a pretrained package's own tokenizer
        tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, NAME_HYPHEN_INFIX]).finditer


@Language.component("sv_merge_numbers", assigns=["token.norm"])
def merge_numbers(doc: Doc) -> Doc:
    spans = [doc.char_span(m.start(), m.end()) for m in GROUPED_NUMBER.finditer(doc.user_data.get(TEXT_KEY) or doc_text(doc))]
    if not any(span is not None and len(span) > 1 for span in spans):
        return doc
    with doc.retokenize() as retok:
        for span in spans:
            if span is not None and len(span) > 1:
                retok.merge(span, attrs={"NORM": re.sub(r"\s", "", span.text)})
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text`` from arrays (spaCy joins one Token object per word for it)."""
    strings = doc.vocab.strings
    return "".join(strings[o] + " " if sp else strings[o] for o, sp in doc.to_array([ORTH, SPACY]).tolist())


class ArraySentencizer(Sentencizer):
    """spaCy's sentencizer, same rule, reading words from arrays instead of Token objects."""

    def predict(self, docs):
        guesses = []
        for doc in docs:
            starts = [False] * len(doc)
            orths, puncts = doc.to_array([ORTH, IS_PUNCT]).T.tolist() if len(doc) else ([], [])
            for i in self.start_positions(doc.vocab.strings, orths, puncts):
                starts[i] = True
            guesses.append(starts)
        return guesses

    def start_positions(self, strings, orths: list[int], puncts: list[int]) -> list[int]:
        """The tokens that start a sentence: the first, and the first word (no punctuation) after
        a final mark."""
        finals = self._final_codes(strings)
        return starts_of_codes(bytes(map(operator.add, puncts, map(finals.get, orths, itertools.repeat(0)))))

    def token_code(self, strings, orth: int, is_punct: bool) -> int:
        """A token as the rule sees it: 2 for a final mark, plus 1 for punctuation."""
        return self._final_codes(strings).get(orth, 0) + is_punct

    def _final_codes(self, strings) -> dict[int, int]:
        # ``punct_chars`` as ids: a token's ORTH id is its text's hash, no string lookup per token
        if getattr(self, "_final", None) is None:
            self._final = dict.fromkeys((strings.add(c) for c in self.punct_chars), 2)
        return self._final


def starts_of_codes(codes: bytes) -> list[int]:
    """``start_positions`` from each token's ``token_code`` as a byte: the rule as a regex."""
    return [0, *(m.end() - 1 for m in _AFTER_FINAL.finditer(codes))] if codes else []


# a final mark (2, or 3 if also punctuation), any marks or punctuation, then the word that starts
_AFTER_FINAL = re.compile(rb"[\x02\x03][\x01-\x03]*\x00")


@Language.factory("sv_sentencizer", assigns=["token.is_sent_start", "doc.sents"],
                  default_config={"punct_chars": None, "overwrite": False,
                                  "scorer": {"@scorers": "spacy.senter_scorer.v1"}})
def make_sentencizer(nlp: Language, name: str, punct_chars, overwrite: bool, scorer) -> ArraySentencizer:
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite, scorer=scorer)


@Language.factory("sv_simplemma_lemmatizer", assigns=["token.lemma"],
                  default_config={"greedy": True})
def make_simplemma_lemmatizer(nlp: Language, name: str, greedy: bool) -> SimplemmaLemmatizer:
    return SimplemmaLemmatizer(greedy=greedy)


class SimplemmaLemmatizer:
    """Lemmas from simplemma's Swedish data. Case-folds before lookup, because the text is
    full of sentence-initial and heading-initial capitals ("Insatserna" -> insats); a word
    simplemma does not change keeps its printed case (names: "Luleå")."""

    def __init__(self, greedy: bool = True) -> None:
        self.greedy = greedy
        self._cache: dict[str, str] = {}
        self._ids: dict[int, int] = {}  # orth id -> lemma id, for the array path

    def __call__(self, doc: Doc) -> Doc:
        # arrays, not Token objects: a Python Token per word was a third of the pipeline's time
        orths = doc.to_array(ORTH).tolist()
        if orths:
            lemmas = self.lemma_ids(doc.vocab.strings, orths)
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc

    def lemma_ids(self, strings, orths: list[int]) -> list[int]:
        """Each word's lemma, as string ids (a function of the word alone)."""
        ids = self._ids
        lemmas = list(map(ids.get, orths))
        if None in lemmas:  # words not seen before in this process
            for i, orth in enumerate(orths):
                if lemmas[i] is None:
                    if orth not in ids:
                        ids[orth] = strings.add(self.lemma(strings[orth]))
                    lemmas[i] = ids[orth]
        return lemmas

    def lemma(self, text: str) -> str:
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = _lemma(text, self.greedy)
        return found


def _lemma(text: str, greedy: bool) -> str:
    if not any(ch.isalpha() for ch in text):
        return text
    low = text.lower()
    lemma = lemmatize(low, greedy=greedy)
    return text if lemma == low and text != low else lemma


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
                 persons: bool, phrase_suffixes: list[str] = ()) -> None:
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
        return cls.of_ids(doc.vocab.strings, *doc.to_array([ORTH, SPACY]).T.tolist(), texts)

    @classmethod
    def of_ids(cls, strings, orths: list[int], spaces: list[int], texts: dict[int, str] | None = None) -> Words:
        memo = {} if texts is None else texts
        words = list(map(memo.get, orths))
        if None in words:
            for i, orth in enumerate(orths):
                if words[i] is None:
                    words[i] = memo[orth] = strings[orth]
        return cls(words, list(map(bool, spaces)))


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


def _name_run_start(texts: list[str], i: int, max_words: int = 4) -> int:
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
    taken = [False] * n_tokens
    out = []
    for c in sorted(found):
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = [True] * (c.end - c.start)
        out.append(c)
    return sorted(out, key=lambda c: c.start)


def candidates_to_spans(doc: Doc, found: list[Candidate], keep: tuple[Span, ...] = ()) -> list[Span]:
    chosen = resolve(found, len(doc))
    spans = [Span(doc, c.start, c.end, label=c.label) for c in chosen]
    # a pretrained model's own entities stay where our rules found nothing
    taken = [False] * len(doc)
    for c in chosen:
        taken[c.start:c.end] = [True] * (c.end - c.start)
    spans += [s for s in keep if not any(taken[s.start:s.end])]
    return sorted(spans, key=lambda s: s.start)


# ---------------------------------------------------------------------------------------------
# building and caching


@dataclass(frozen=True)
class NlpKey:
    """The parts of the profile that shape the pipeline; hashable, so built pipelines cache."""

    model: str
    municipalities: tuple[str, ...]
    organisations: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    org_prefixes: tuple[str, ...]
    places: tuple[str, ...]
    phrase_suffixes: tuple[str, ...] = ()

    @classmethod
    def of(cls, s: LanguageSettings) -> NlpKey:
        return cls(s.model, tuple(s.municipalities), tuple(s.organisations), tuple(s.org_suffixes),
                   tuple(getattr(s, "org_prefixes", ())), tuple(s.places), tuple(s.phrase_suffixes))


def get_nlp(settings: LanguageSettings) -> Language:
    """The pipeline for a profile's language settings, built once per process."""
    return _build_cached(NlpKey.of(settings))


@lru_cache(maxsize=8)
def _build_cached(key: NlpKey) -> Language:
    from pipeline.cache import cache_dir

    nlp = load_or_build(key, cache_dir())
    process.freeze_heap()  # the pipeline lives as long as the process: see pipeline.process
    return nlp


# --- on disk: built once per machine, loaded by every later process -------------------------

CACHE_FORMAT = 2  # bump when what is saved changes shape


def cache_key(key: NlpKey) -> str:
    """Package, spaCy and simplemma versions, this module's source (its rules are saved with the
    tokenizer) and the language settings: any change gives another directory."""
    import hashlib
    import json

    import simplemma

    from pipeline import __version__

    parts = {"format": CACHE_FORMAT, "pipeline": __version__, "spacy": spacy.__version__,
             "simplemma": getattr(simplemma, "__version__", ""), "key": dataclasses.asdict(key),
             "source": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:20]


def load_or_build(key: NlpKey, root: Path | None) -> Language:
    """The pipeline from ``root`` if a complete copy for this key is there, else built (and saved
    for next time). A copy that fails to load or whose stamp disagrees is built again."""
    if root is None or key.model != BLANK:
        return build_nlp(key)
    digest = cache_key(key)
    path = root / f"nlp-{digest}"
    try:
        nlp = spacy.load(path)
        if nlp.meta.get("pipeline_cache_key") == digest and nlp.pipe_names == PIPE_NAMES:
            return nlp
    except Exception:  # noqa: S110 - missing, half-written or from another version: rebuild
        pass
    nlp = build_nlp(key)
    try:
        _save(nlp, path, digest)
    except OSError:  # a read-only cache only costs the next process a build
        pass
    return nlp


def _save(nlp: Language, path: Path, digest: str) -> None:
    """Write to a temporary directory, then rename it into place: a reader never sees half of it."""
    import shutil
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        nlp.meta["pipeline_cache_key"] = digest
        nlp.to_disk(tmp)
        cfg = tmp / "config.cfg"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace(f'"{TOKENIZER}"', f'"{RESTORE_TOKENIZER}"'),
                       encoding="utf-8")
        shutil.rmtree(path, ignore_errors=True)  # a stale or broken copy under the same key
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def entity_config(key: NlpKey) -> dict:
    return {"municipalities": list(key.municipalities), "organisations": list(key.organisations),
            "org_suffixes": list(key.org_suffixes), "org_prefixes": list(key.org_prefixes),
            "places": list(key.places), "persons": True, "phrase_suffixes": list(key.phrase_suffixes)}


PIPE_NAMES = ["sv_merge_numbers", "sv_simplemma_lemmatizer", "sv_sentencizer", "sv_entity_rules"]


def build_nlp(key: NlpKey) -> Language:
    if key.model != BLANK:
        return _from_package(key)
    nlp = spacy.blank("sv", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for name in PIPE_NAMES[:-1]:
        nlp.add_pipe(name)
    nlp.add_pipe("sv_entity_rules", config=entity_config(key))
    return nlp


def _from_package(key: NlpKey) -> Language:
    """An installed pretrained pipeline (e.g. sv_core_news_sm) plus our rules on top."""
    try:
        nlp = spacy.load(key.model)
    except OSError as exc:
        raise RuntimeError(
            f"language.model = {key.model!r} is not an installed spaCy package; install it or "
            f"use \"{BLANK}\"") from exc
    add_domain_rules(nlp.tokenizer, nlp)
    nlp.add_pipe("sv_merge_numbers", first=True)
    if "lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("sv_simplemma_lemmatizer")
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sv_sentencizer")
    nlp.add_pipe("sv_entity_rules", config=entity_config(key), last=True)
    return nlp


from pipeline.language import ENTITY_PIPE  # noqa: E402,F401 - one name, declared where it is light to import

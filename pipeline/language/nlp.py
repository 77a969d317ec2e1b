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
- ``sv_entity_rules`` (``pipeline.language.entities``): MUNICIPALITY, ORG, PLACE and PERSON
  from gazetteers and name rules.

``pipeline.language.annotate`` reads a block through the same rules without ``nlp.pipe``.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import cast

import numpy
import spacy
from spacy.attrs import IS_PUNCT, LEMMA, SPACY
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline.language import entities  # noqa: F401 - registers the sv_entity_rules factory
from pipeline.settings import process
from pipeline.settings.profile import LanguageSettings
from pipeline.text.lemmas import lemmatize
from pipeline.text.numbers import GROUP_SEP

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
GROUPED_NUMBER = re.compile(rf"\d(?<![\d,.]\d)\d{{0,2}}(?:{GROUP_SEP}\d{{3}})+(?:,\d+)?(?![\d])")

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
            infix_finditer=compile_infix_regex([*(d.infixes or ()), NAME_HYPHEN_INFIX]).finditer,
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
        tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or ()), NAME_HYPHEN_INFIX]).finditer


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
            # thinc's Ints2d is this array type; numpy's stubs cannot say so
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc

    def lemma_ids(self, strings, orths: list[int]) -> list[int]:
        """Each word's lemma, as string ids (a function of the word alone)."""
        ids = self._ids
        lemmas = list(map(ids.get, orths))
        if None in lemmas:  # words not seen before in this process
            if len(ids) > MEMO_WORDS:  # a long batch of varied reports: start afresh
                ids.clear()
                self._cache.clear()
            for i, orth in enumerate(orths):
                if lemmas[i] is None:
                    if orth not in ids:
                        ids[orth] = strings.add(self.lemma(strings[orth]))
                    lemmas[i] = ids[orth]
        return cast("list[int]", lemmas)  # every None filled above

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
    from pipeline.settings.cache import cache_dir

    nlp = load_or_build(key, cache_dir())
    process.freeze_heap()  # the pipeline lives as long as the process: see pipeline.settings.process
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
    from pipeline.output.files import built_aside

    with built_aside(path, directory=True) as tmp:
        nlp.meta["pipeline_cache_key"] = digest
        nlp.to_disk(tmp)
        cfg = tmp / "config.cfg"
        cfg.write_text(cfg.read_text(encoding="utf-8").replace(f'"{TOKENIZER}"', f'"{RESTORE_TOKENIZER}"'),
                       encoding="utf-8")


def entity_config(key: NlpKey) -> dict[str, list[str] | bool]:
    """The ``sv_entity_rules`` component's config (``entities.make_entity_rules``'s arguments)."""
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


from pipeline.language import ENTITY_PIPE, MEMO_WORDS  # noqa: E402,F401 - declared where they are light to import

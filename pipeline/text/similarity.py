"""Text similarity for matching names that drift: headings vs table rows, goal-table factors
vs factor headings, and the same metric across reports. One mechanism, used everywhere."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

_PUNCT = re.compile(r"[^\w\s%/]+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Lower case, NFC, punctuation to spaces (keeps % and /), collapsed whitespace."""
    t = unicodedata.normalize("NFC", text).lower().replace("\u00ad", "")
    t = t.replace("–", " ").replace("—", " ").replace("-", "")
    t = _PUNCT.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


@lru_cache(maxsize=65536)  # pure; a batch of one organisation's reports asks about the same names again
def similarity(a: str, b: str) -> float:
    """0..1. Edit-distance ratio, or token-set ratio when the shorter text has several words.

    Token-set lets "Satsningar som syftar till ..." match "Antal satsningar som syftar till ...";
    requiring three shared words keeps short headings from matching everything that contains them.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    score = fuzz.ratio(na, nb)
    shared = set(na.split()) & set(nb.split())
    if len(shared) >= 3:
        score = max(score, fuzz.token_set_ratio(na, nb) * 0.97)
        short, long_ = sorted((na, nb), key=len)
        if len(short) >= 20 and long_.startswith(short[: max(20, len(short) // 2)]):
            score = max(score, fuzz.partial_ratio(na, nb) * 0.95)
    return score / 100.0


# lemmas another process looked up (a worker, for the parent that chains metric names): the
# parent need not load simplemma and its lemma table (~0.15 s) for the names of its reports
_TAUGHT: dict[str, str] = {}


def teach_lemmas(pairs: Iterable[tuple[str, str]]) -> None:
    _TAUGHT.update(pairs)


def lemmas_of(text: str) -> tuple[tuple[str, str], ...]:
    """(token, lemma) of each word of ``text`` as ``lemma_set`` reads it: for ``teach_lemmas``."""
    return tuple((t, lemma(t)) for t in normalise(text).split())


@lru_cache(maxsize=65536)
def lemma(token: str) -> str:
    taught = _TAUGHT.get(token)
    if taught is not None:
        return taught
    from pipeline.text.lemmas import lemmatize  # lazy: the lemma table loads on first use

    return lemmatize(token)


def lemma_set(text: str) -> frozenset[str]:
    return frozenset(lemma(t) for t in normalise(text).split())


def strict_similarity(a: str, b: str) -> float:
    """Edit-distance ratio or lemma overlap (Dice), whichever is higher: for metric identity
    across reports, where "Antal besök" must not equal every longer text (no token-set).

    Lemmas catch inflection ("genomförda" ~ "genomförs"); the ratio catches small spelling drift.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    la, lb = lemma_set(a), lemma_set(b)
    dice = 2 * len(la & lb) / (len(la) + len(lb)) if la and lb else 0.0
    return max(fuzz.ratio(na, nb) / 100.0, dice)


def best_match(text: str, candidates: list[str] | tuple[str, ...]) -> tuple[int, float]:
    """Index and score of the most similar candidate (-1, 0.0 when there are none)."""
    best, best_score = -1, 0.0
    for i, c in enumerate(candidates):
        s = similarity(text, c)
        if s > best_score:
            best, best_score = i, s
    return best, best_score


def slug(text: str, max_len: int = 48) -> str:
    """ASCII slug for keys: "Attraktiva livsmiljöer" -> "attraktiva-livsmiljoer"."""
    t = unicodedata.normalize("NFKD", normalise(text)).encode("ascii", "ignore").decode()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:max_len].rstrip("-") or "x"

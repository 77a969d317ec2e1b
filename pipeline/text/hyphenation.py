"""Telling a hyphen that broke a word to fit ("ex-ternt") from a real one ("EU-nivå").

The Swedish word list is simplemma's (shipped in its wheel). A break is undone when the
joined word is a known word, or when a part is not a word at all ("utveckl-ingskapital").
A hyphen between two real words whose join is unknown stays ("läns-transportplan").
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.text.lemmas import is_known

# letter-hyphen-letter inside a token; "livs- och" (hyphen + space) is an ellipsis, not a break. The
# hyphen comes first, the letter before it is looked behind for from there: a pattern that starts
# with a look-behind is tried at every position of the text, one that starts with "-" is searched
_INNER = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")
_WORD_LEFT = re.compile(r"([^\W\d_]+)$")
_WORD_RIGHT = re.compile(r"^([^\W\d_]+)")
_CONJUNCTIONS = {"och", "eller", "samt", "till", "resp", "respektive", "som"}


@lru_cache(maxsize=65536)
def is_word(word: str) -> bool:
    w = word.lower()
    return is_known(w) or is_known(word)


@lru_cache(maxsize=65536)
def is_word_or_compound(word: str) -> bool:
    if is_word(word):
        return True
    w = word.lower()
    for i in range(3, len(w) - 2):
        head, tail = w[:i], w[i:]
        if is_word(tail) and (is_word(head) or (head.endswith("s") and is_word(head[:-1]))):
            return True
    return False


def is_broken_word(left: str, right: str) -> bool:
    """True when ``left-right`` is one word split to fit a line or a column."""
    if not left or not right:
        return False
    if any(c.isupper() for c in left[1:]) or (left.isupper() and len(left) > 1) or right[0].isupper():
        return False  # acronyms and names: "EU-nivå", "RUS-konferens", "Umeå-Luleå"
    if right.lower() in _CONJUNCTIONS:
        return False
    if is_word_or_compound(left + right):
        return True  # Swedish writes compounds closed: "företags-besök" was split to fit
    return not (is_word_or_compound(left) and is_word_or_compound(right))


def dehyphenate_cell(text: str) -> str:
    """Undo column-fit hyphenation inside a cell's text ("Antal yttran-den" -> "Antal yttranden")."""
    if "-" not in text:
        return text

    def repl(m: re.Match) -> str:
        left = _WORD_LEFT.search(text[: m.start()])
        right = _WORD_RIGHT.search(text[m.end():])
        if left and right and is_broken_word(left.group(1), right.group(1)):
            return ""
        return "-"

    return _INNER.sub(repl, text)


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of one paragraph or cell, undoing line-end hyphenation."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not out:
            out = line
            continue
        out = join_two(out, line)
    return out


def join_two(first: str, second: str) -> str:
    """Join two fragments split by a line or page break."""
    if first.endswith("-") and len(first) > 1 and first[-2].isalpha():
        left = _WORD_LEFT.search(first[:-1])
        right = _WORD_RIGHT.search(second)
        if left and right and is_broken_word(left.group(1), right.group(1)):
            return first[:-1] + second
        if right and right.group(1).lower() in _CONJUNCTIONS:
            return f"{first} {second}"  # "transport- och kommunikationslösningar"
        return first + second
    return f"{first} {second}"


_GLUED_OCH = re.compile(r"\b([^\W\d_]{3,})och(?= [^\W\d_])")
GLUED = "och "  # what follows a suspension whose hyphen was dropped: "livsoch drivmedel"


def _suspension(m: re.Match) -> str:
    head = m.group(1)
    if is_word(head + "och") or not (is_word(head) or is_word_or_compound(head)):
        return m.group(0)
    return f"{head}- och"


def _is_letter(ch: str) -> bool:
    return ch.isalnum() and not ch.isdecimal()  # [^\W\d_]


def _word_start(text: str, end: int) -> int:
    """Start of the run of word characters (regex \\w) that ends at ``end``."""
    while end > 0 and (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return end


def restore_suspension_hyphens(text: str) -> str:
    """"livsoch drivmedel" -> "livs- och drivmedel" when the glued token is not a word but its
    head is (or is a compound); Swedish has next to no words ending in "och".

    ``_GLUED_OCH.sub`` would try every word of the text; only a word that ends in "och" before a
    space can match, so the regex is tried there alone, from that word's start."""
    out: list[str] = []
    done = 0  # text[:done] is in out
    i = text.find(GLUED)
    while i >= 0:
        if i >= 3 and _is_letter(text[i - 1]):  # not the word "och" itself
            start = _word_start(text, i)
            m = _GLUED_OCH.match(text, start)
            if m and m.end() == i + len("och"):
                out += [text[done:start], _suspension(m)]
                done = m.end()
        i = text.find(GLUED, i + 1)
    return "".join(out) + text[done:] if out else text

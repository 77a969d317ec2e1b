"""Sweden's municipalities and regions (pipeline/data/organisations.csv) and name resolution.

"Simrishamns kommun", "Göteborgs Stad" and "Region Norrbotten" resolve to an Organisation with
its SCB code (kommunkod, 4 digits; länskod, 2 digits for a region), so report rows join Kolada.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice

from pipeline.text.similarity import slug

DATA_FILE = "organisations.csv"


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str  # SCB kommunkod (4 digits) or länskod (2 digits) for a region
    kind: str  # kommun | region
    name: str  # short name: "Simrishamn", "Norrbotten"
    official_name: str  # the name it uses: "Simrishamns kommun", "Region Norrbotten"
    county_code: str
    aliases: tuple[str, ...]  # other names documents print

    @property
    def slug(self) -> str:
        """First part of report_id: "region-norrbotten", "simrishamns-kommun"."""
        return slug(self.official_name, 60)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.official_name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Mention:
    organisation: Organisation
    printed: str  # as the document prints it
    start: int  # offset in the searched text


@lru_cache(maxsize=1)
def organisations() -> tuple[Organisation, ...]:
    raw = (resources.files("pipeline") / "data" / DATA_FILE).read_text(encoding="utf-8")
    lines = [ln for ln in raw.splitlines() if ln and not ln.startswith("#")]
    return tuple(Organisation(r["code"], r["kind"], r["name"], r["official_name"], r["county_code"],
                              tuple(a for a in r["aliases"].split("|") if a))
                 for r in csv.DictReader(io.StringIO("\n".join(lines))))


_WORD = re.compile(r"[\w-]+")


@lru_cache(maxsize=1)
def _by_name() -> tuple[dict[str, Organisation], dict[str, Organisation], int, frozenset[str]]:
    """Folded name -> organisation; upper-case acronym ("VGR", "SLL") -> organisation; most words in a name."""
    folded: dict[str, Organisation] = {}
    acronyms: dict[str, Organisation] = {}  # matched in upper case only, never "vgr" in running text
    for org in organisations():
        for name in org.names:
            if name.isupper():
                acronyms.setdefault(name, org)
            else:
                folded.setdefault(" ".join(name.lower().split()), org)
    firsts = frozenset(n.split()[0] for n in folded) | frozenset(n.lower() for n in acronyms)
    return folded, acronyms, max(len(n.split()) for n in folded), firsts


def by_code(code: str) -> Organisation | None:
    return _codes().get(code)


@lru_cache(maxsize=1)
def _codes() -> dict[str, Organisation]:
    return {o.code: o for o in organisations()}  # codes are unique (tests/identity/test_organisation.py)


def resolve(name: str) -> Organisation | None:
    """A printed name ("Göteborgs Stad", "region norrbotten", "VGR") -> its organisation."""
    folded, acronyms, _, _ = _by_name()
    name = " ".join(name.split())
    return acronyms.get(name) or folded.get(name.lower())


Trie = dict[str, "Trie"]  # next character -> the words' rest; "" -> {} where a word ends


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` as a trie ("bod(?:en(?:s)?)"): the regex engine tries a
    text position against the few words that share its first letters, not against every word."""
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def to_regex(node: Trie) -> str:
        alts = [re.escape(ch) + to_regex(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return to_regex(trie)


@lru_cache(maxsize=1)
def _name_starts() -> tuple[re.Pattern, dict[str, tuple[int, ...]]]:
    """A regex that finds, in lower case, the whole words a name can start with; and for each such
    word the word counts of the names it starts, longest first (acronyms are one word)."""
    folded, acronyms, _, firsts = _by_name()
    counts: dict[str, set[int]] = defaultdict(set)
    for name in folded:
        counts[name.split()[0]].add(len(name.split()))
    for acronym in acronyms:
        counts[acronym.lower()].add(1)
    pattern = re.compile(rf"(?<![\w-]){_trie_pattern(firsts)}(?![\w-])")
    return pattern, {w: tuple(sorted(n, reverse=True)) for w, n in counts.items()}


@lru_cache(maxsize=4)  # a report's text is searched this way several times (names, committee)
def lower_in_place(text: str) -> str:
    """``text.lower()`` with every character at its offset. A character whose lower case is longer
    ("İ" -> "i̇") stays as it is: no name holds it, in either case."""
    low = text.lower()
    if len(low) == len(text):  # no character lowers to more than one
        return low
    return "".join(ch if len(lc := ch.lower()) != 1 else lc for ch in text)


def iter_mentions(text: str) -> Iterator[Mention]:
    """Every organisation name in ``text`` as whole words, in reading order; the longest name wins
    at a position. One regex pass finds the words a name can start with (a few in a report); only
    there are the next words read and looked up. Lazy: who wants the first mention stops there."""
    folded, acronyms, _, _ = _by_name()
    starts, counts = _name_starts()
    low = lower_in_place(text)
    taken = 0  # words before this offset belong to a name found already
    for first in starts.finditer(low):
        if first.start() < taken:
            continue
        lengths = counts[first.group(0)]
        words = [first, *islice(_WORD.finditer(low, first.end()), lengths[0] - 1)]
        for n in lengths:
            if n > len(words):
                continue
            start, end = first.start(), words[n - 1].end()
            printed = text[start:end]
            org = acronyms.get(printed) if n == 1 and printed.isupper() else None
            org = org or folded.get(" ".join(w.group(0) for w in words[:n]))
            if org:
                yield Mention(org, printed, start)
                taken = end
                break


@lru_cache(maxsize=8)  # identity asks about the same zone texts more than once
def find_mentions(text: str) -> tuple[Mention, ...]:
    return tuple(iter_mentions(text))

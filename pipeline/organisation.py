"""Sweden's municipalities and regions (pipeline/data/organisations.csv) and name resolution.

"Simrishamns kommun", "Göteborgs Stad" and "Region Norrbotten" resolve to an Organisation with
its SCB code (kommunkod, 4 digits; länskod, 2 digits for a region), so report rows join Kolada.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pipeline.similarity import slug

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
    return next((o for o in organisations() if o.code == code), None)


def resolve(name: str) -> Organisation | None:
    """A printed name ("Göteborgs Stad", "region norrbotten", "VGR") -> its organisation."""
    folded, acronyms, _, _ = _by_name()
    name = " ".join(name.split())
    return acronyms.get(name) or folded.get(name.lower())


@lru_cache(maxsize=8)  # identity asks about a document's body more than once
def find_mentions(text: str) -> tuple[Mention, ...]:
    """Every organisation name in ``text`` as whole words, in reading order; the longest name wins
    at a position. Word n-grams looked up in a dict: linear in the text, not in the 2,000 names."""
    folded, acronyms, longest, firsts = _by_name()
    words = list(_WORD.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(words):
        if words[i].group(0).lower() not in firsts:  # most words start no name
            i += 1
            continue
        for n in range(min(longest, len(words) - i), 0, -1):
            span = words[i:i + n]
            key = " ".join(w.group(0) for w in span)
            org = acronyms.get(key) if n == 1 and key.isupper() else None
            org = org or folded.get(key.lower())
            if org:
                found.append(Mention(org, text[span[0].start():span[-1].end()], span[0].start()))
                i += n - 1
                break
        i += 1
    return tuple(found)

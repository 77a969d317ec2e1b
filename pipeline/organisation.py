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


@lru_cache(maxsize=1)
def _by_name() -> tuple[dict[str, Organisation], dict[str, Organisation], re.Pattern, re.Pattern]:
    folded: dict[str, Organisation] = {}
    acronyms: dict[str, Organisation] = {}  # "VGR", "SLL": upper case only, never "vgr" in a word
    for org in organisations():
        for name in org.names:
            (acronyms if name.isupper() else folded).setdefault(name if name.isupper() else name.lower(), org)
    alt = "|".join(re.escape(n) for n in sorted(folded, key=len, reverse=True))
    acr = "|".join(re.escape(n) for n in sorted(acronyms, key=len, reverse=True))
    return (folded, acronyms, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{acr})(?![\w-])"))


def by_code(code: str) -> Organisation | None:
    return next((o for o in organisations() if o.code == code), None)


def resolve(name: str) -> Organisation | None:
    """A printed name ("Göteborgs Stad", "region norrbotten", "VGR") -> its organisation."""
    folded, acronyms, _, _ = _by_name()
    name = " ".join(name.split())
    return acronyms.get(name) or folded.get(name.lower())


def find_mentions(text: str) -> list[Mention]:
    """Every organisation name in ``text``, in reading order (longest name wins at a position)."""
    folded, acronyms, pattern, acr_pattern = _by_name()
    found = [Mention(folded[m.group(0).lower()], m.group(0), m.start()) for m in pattern.finditer(text)]
    found += [Mention(acronyms[m.group(0)], m.group(0), m.start()) for m in acr_pattern.finditer(text)]
    return sorted(found, key=lambda x: x.start)

"""The last resort: a report's identity read from its file name ("simrishamn-kfn-2025.pdf").

Only a part the document itself does not state is taken from here, and each one is said in a
warning: a file name is whatever someone typed when saving it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.identity.organisation import Organisation, organisations
from pipeline.identity.sources import Found, IdentitySource
from pipeline.settings.profile import ReportSettings
from pipeline.text.similarity import slug


def stem_words(path: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9åäö]+", Path(path).stem.lower()) if w]


def filename_organisation(path: str) -> Found[Organisation] | None:
    """A municipality's short name as a word of the file name ("alingsas-sn-..."); regions need
    "region" before their name."""
    words = stem_words(path)
    folded = [slug(w, 40) for w in words]
    for org in organisations():
        name = slug(org.name, 40)
        if org.kind == "kommun" and name in folded:
            return Found.at(org, org.official_name, IdentitySource.FILENAME)
        if org.kind == "region" and any(a == "region" and b == name for a, b in zip(folded, folded[1:], strict=False)):
            return Found.at(org, org.official_name, IdentitySource.FILENAME)
    return None


def filename_committee(path: str, report: ReportSettings) -> Found[str] | None:
    """A committee abbreviation of the profile as a word of the file name ("-kfn-")."""
    words = set(stem_words(path))
    for name, committee in report.committees.items():
        if name.isupper() and name.lower() in words:
            return Found.at(committee, name, IdentitySource.FILENAME)
    return None


def filename_text(path: str) -> str:
    """The file name as words, for the kind and period readers ("manadsuppfoljning 2017 11")."""
    return " ".join(stem_words(path))


_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_ ](0[1-9]|1[0-2])(?!\d)")


def filename_kind(path: str, report: ReportSettings) -> Found[str] | None:
    stem = "-".join(stem_words(path))
    for word, kind in sorted(report.kinds.items(), key=lambda kv: -len(kv[0])):
        if slug(word, 60) in stem:
            return Found.at(kind, None, IdentitySource.FILENAME)
    return None


def filename_year_month(path: str) -> tuple[int, int | None] | None:
    """(year, month) of "...-2017-11", (year, None) of "...-2025", else None."""
    stem = Path(path).stem
    if m := _YEAR_MONTH.search(stem):
        return int(m.group(1)), int(m.group(2))
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", stem)
    return (int(years[0]), None) if years else None

"""Report identity: organisation, committee, kind and period from the title -> report_id.

"Bilaga Delårsrapport april 2021 RUN" + profile region-norrbotten
-> region-norrbotten.run.delarsrapport.2021-04. When the title cannot be read, the id falls
back to the file stem plus a short content hash, so it is still stable.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date
from pathlib import Path

from pipeline.model import Document, ErrorRecord, Extraction, ReportMeta
from pipeline.profile import Profile
from pipeline.similarity import slug

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
ID_TITLE_WORDS = 16  # the id's parts (kind, committee, period) come from the title's first words


def fallback_report_id(path: Path, sha256: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", slug(path.stem.replace("-", " "), 60)).strip("-")
    return f"{stem}-{sha256[:8]}"


def title_to_kind(title: str, profile: Profile) -> str | None:
    low = title.lower()
    for word, kind in sorted(profile.report.kinds.items(), key=lambda kv: -len(kv[0])):
        if word in low:
            return kind
    return None


def title_to_committee(title: str, profile: Profile) -> str | None:
    words = set(re.findall(r"[\wåäöÅÄÖ]+", title))
    low = title.lower()
    for name, committee in sorted(profile.report.committees.items(), key=lambda kv: -len(kv[0])):
        # abbreviations match as whole upper-case words, names anywhere (case-insensitive)
        if (name.isupper() and name in words) or (not name.isupper() and name.lower() in low):
            return committee
    suffixes = "|".join(re.escape(x) for x in profile.report.committee_suffixes)
    if suffixes and (m := re.search(rf"((?:\w+- och )?\w+(?:{suffixes}))\b", title, re.IGNORECASE)):
        return slug(m.group(1).replace("- och ", " och "), 40)
    return None


def title_to_period(title: str, kind: str | None, profile: Profile) -> tuple[date | None, date | None]:
    m = _YEAR.search(title)
    if not m:
        return None, None
    year = int(m.group(0))
    low = title.lower()
    month = next((n for name, n in profile.report.months.items() if re.search(rf"\b{name}\b", low)), None)
    if month is None:
        if kind in ("arsredovisning", "verksamhetsplan"):
            month = 12
        else:
            return None, None
    end = date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), end


def document_to_meta(ex: Extraction, profile: Profile) -> Extraction:
    doc: Document = ex.document
    title = doc.title
    id_words = " ".join(title.split()[:ID_TITLE_WORDS])  # a long first block must not make up an id
    kind = title_to_kind(id_words, profile)
    committee = title_to_committee(id_words, profile)
    start, end = title_to_period(id_words, kind, profile)
    org = profile.report.organisation or None
    errors = ex.errors
    if org and committee and kind and end:
        rid = f"{org}.{committee}.{kind}.{end:%Y-%m}"
    else:
        rid = fallback_report_id(Path(doc.source_path), doc.sha256)
        missing = [n for n, v in (("organisation", org), ("committee", committee), ("report kind", kind),
                                  ("period", end)) if not v]
        errors = (*errors, ErrorRecord("report", f"title {title[:80]!r}: cannot read {', '.join(missing)}; "
                                                 f"report_id falls back to {rid}"))
    meta = ReportMeta(report_id=rid, title=title, organisation=org, committee=committee,
                      report_kind=kind, period_start=start, period_end=end)
    return dataclasses.replace(ex, meta=meta, errors=errors)

"""Report identity -> ReportMeta and report_id.

"Bilaga Delårsrapport april 2021 RUN" from Region Norrbotten
-> region-norrbotten.run.delarsrapport.2021-04. Detection lives in ``pipeline.identity.detect``. When
the organisation, committee, kind or period cannot be read, the id falls back to the file stem
plus a short content hash, so it is still stable; an organisation is never guessed.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from pipeline.identity.detect import (
    Identity,
    detect,
    metadata_value,
    title_to_committee,
    title_to_kind,
    title_to_period,
)
from pipeline.identity.organisation import Organisation
from pipeline.model import BlockKind, Document, ErrorRecord, Extraction, ReportMeta
from pipeline.settings.profile import Profile, ReadSettings, ReportSettings
from pipeline.text.similarity import slug

__all__ = ["document_to_meta", "fallback_report_id", "title_to_committee", "title_to_kind", "title_to_period"]

# reports.title is the first block up to this many characters: a real title is a line, while the
# first block of a file that is no report can be a page of anything
TITLE_CHARS = 200
# a page counter printed above the title on a title page: "Sid 1(30)", "Sida 1 av 12", "Page 1/4"
PAGE_COUNTER = re.compile(r"^(?:sid|sida|s\.|page)\s*\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|(?:av|of|/)\s*\d{1,4})?$", re.IGNORECASE)
_TITLE_KINDS = (BlockKind.TITLE, BlockKind.HEADING, BlockKind.PARAGRAPH)  # the blocks Document.title reads


def fallback_report_id(path: Path, sha256: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", slug(path.stem.replace("-", " "), 60)).strip("-")
    return f"{stem}-{sha256[:8]}"


def short_title(text: str, limit: int = TITLE_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, "…" marking the cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if not text[limit - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # no half word
    return cut.rstrip() + "…"


def organisation_slug(org: Organisation, report: ReportSettings) -> str:
    """The profile's own slug for its organisation, else the slug of the official name."""
    if report.organisation and report.organisation_code == org.code:
        return report.organisation
    return org.slug


def register_name(who: Identity) -> str | None:
    """The organisation's name as the register (organisations.csv) writes it for its code, in
    whatever case or form the document printed it; an organisation outside the register keeps
    the name it was printed with."""
    found = who.organisation
    if found is None:
        return None
    if found.value.code:
        return found.value.official_name
    return found.printed or found.value.official_name


def report_title(doc: Document, read: ReadSettings) -> str:
    """The first block, unless it is a table of contents' heading ("1 INNEHÅLLSFÖRTECKNING": the
    title page was drawn, not typeset): then the PDF's Title field, when it has one. A page counter
    above the title ("Sid 1(30)", Hagfors' risk analysis) is skipped."""
    title = doc.title
    if PAGE_COUNTER.match(title):
        title = next((b.text.strip() for b in doc.blocks if b.kind in _TITLE_KINDS and b.text.strip()
                      and not PAGE_COUNTER.match(b.text.strip())), "")
    toc = {h.lower() for h in read.toc_headings}
    if re.sub(r"^\d+\s+", "", title).strip().lower() in toc and (meta_title := metadata_value(doc, "Title").strip()):
        return meta_title
    return title


def _value(found):
    return found.value if found is not None else None


def document_to_meta(ex: Extraction, profile: Profile) -> Extraction:
    doc: Document = ex.document
    title = report_title(doc, profile.read)
    who = detect(doc, profile)
    organisation = _value(who.organisation)
    org = organisation_slug(organisation, profile.report) if organisation else None
    committee, kind = _value(who.committee), _value(who.report_kind)
    start, end = who.period.value if who.period else (None, None)
    errors = (*ex.errors, *(ErrorRecord("report", w) for w in who.warnings))
    if org and committee and kind and end:
        rid = f"{org}.{committee}.{kind}.{end:%Y-%m}"
    else:
        rid = fallback_report_id(Path(doc.source_path), doc.sha256)
        missing = [n for n, v in (("organisation", org), ("committee", committee),
                                  ("report kind", kind), ("period", end)) if not v]
        errors = (*errors, ErrorRecord("report", f"title {title[:80]!r}: cannot read {', '.join(missing)}; "
                                                 f"report_id falls back to {rid}"))
    sources = {f"{part}_{what}": (getattr(found, what) if found else None)
               for part, found in (("organisation", who.organisation), ("committee", who.committee),
                                   ("report_kind", who.report_kind), ("period", who.period))
               for what in ("source", "confidence")}
    sources = {k: (str(v) if k.endswith("_source") and v is not None else v) for k, v in sources.items()}
    meta = ReportMeta(report_id=rid, title=short_title(title), organisation=org, committee=committee,
                      report_kind=kind, period_start=start, period_end=end,
                      organisation_code=(organisation.code or None) if organisation else None,
                      organisation_name=register_name(who),
                      committee_name=who.committee.printed if who.committee else None,
                      profile=profile.name, published=who.published, organisation_members=who.members,
                      organisation_printed=who.organisation.printed if who.organisation else None, **sources)
    return dataclasses.replace(ex, meta=meta, errors=errors)

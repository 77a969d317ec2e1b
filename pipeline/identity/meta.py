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

from pipeline.identity.detect import Identity, detect, title_to_committee, title_to_kind, title_to_period
from pipeline.identity.organisation import Organisation
from pipeline.model import Document, ErrorRecord, Extraction, ReportMeta
from pipeline.settings.profile import Profile
from pipeline.text.similarity import slug

__all__ = ["document_to_meta", "fallback_report_id", "title_to_committee", "title_to_kind", "title_to_period"]

# reports.title is the first block up to this many characters: a real title is a line, while the
# first block of a file that is no report can be a page of anything
TITLE_CHARS = 200


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


def organisation_slug(org: Organisation, profile: Profile) -> str:
    """The profile's own slug for its organisation, else the slug of the official name."""
    if profile.report.organisation and profile.report.organisation_code == org.code:
        return profile.report.organisation
    return org.slug


def register_name(who: Identity) -> str | None:
    """The organisation's name as the register (organisations.csv) writes it for its code, in
    whatever case or form the document printed it; an organisation outside the register keeps
    the name it was given (its profile's)."""
    if who.organisation is not None and who.organisation.code:
        return who.organisation.official_name
    return who.organisation_name


def document_to_meta(ex: Extraction, profile: Profile) -> Extraction:
    doc: Document = ex.document
    title = doc.title
    who = detect(doc, profile)
    org = organisation_slug(who.organisation, profile) if who.organisation else None
    errors = ex.errors
    if who.organisation is None:
        errors = (*errors, ErrorRecord("report", "no organisation named in the PDF metadata, on the title page or "
                                                 "in the running headers; organisation left empty"))
    if org and who.committee and who.report_kind and who.period_end:
        rid = f"{org}.{who.committee}.{who.report_kind}.{who.period_end:%Y-%m}"
    else:
        rid = fallback_report_id(Path(doc.source_path), doc.sha256)
        missing = [n for n, v in (("organisation", org), ("committee", who.committee),
                                  ("report kind", who.report_kind), ("period", who.period_end)) if not v]
        errors = (*errors, ErrorRecord("report", f"title {title[:80]!r}: cannot read {', '.join(missing)}; "
                                                 f"report_id falls back to {rid}"))
    meta = ReportMeta(report_id=rid, title=short_title(title), organisation=org, committee=who.committee,
                      report_kind=who.report_kind, period_start=who.period_start, period_end=who.period_end,
                      organisation_code=(who.organisation.code or None) if who.organisation else None,
                      organisation_name=register_name(who), committee_name=who.committee_name,
                      profile=profile.name, organisation_printed=who.organisation_name)
    return dataclasses.replace(ex, meta=meta, errors=errors)

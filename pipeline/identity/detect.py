"""Who wrote the report: organisation, committee, report kind and period, each with its source.

Read from the places a report names itself, most trusted first: the PDF metadata (Title,
Subject, Author), the title page, and the running headers and footers ("2025 ÅRSBOKSLUT"); then
the body, where a report also names its partners ("samverkan med Region Skåne"), so only a
phrase that names the author ("Till Göteborgs kommunfullmäktige", "Alingsås kommuns revisorer",
a contact block, its web domain) or a name that recurs far more than any other counts
(``pipeline.identity.body``); the file name last, always with a warning. An audit report's
author is its audit body (revisorerna, stadsrevisionen), not the committee it reviews.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.identity import filename as fname
from pipeline.identity.body import body_organisation, members_in, other_as_organisation, other_organisation
from pipeline.identity.organisation import Organisation, by_code, find_mentions, iter_mentions, lower_in_place
from pipeline.identity.period import KINDS_WITH_YEAR_END, labelled_end, published_in, text_to_period
from pipeline.identity.sources import Found, IdentitySource
from pipeline.model import BlockKind, Document
from pipeline.settings.profile import Profile, ReadSettings, ReportSettings
from pipeline.text.similarity import slug

TITLE_PAGE_BLOCKS = 12  # a text export's title page: blocks before the table of contents, at most this many
TITLE_LINE_WORDS = 10  # a title-page line is short and no sentence; longer ones are body text naming partners
COMMITTEE_SLUG_CHARS = 60  # committee slug in report_id; long "Nämnden för ..." names stay apart
BODY_SEARCH_CHARS = 20000  # "Rapportperiod: ..." is searched in the document's first characters
# a title names organisation, committee, kind and period in its first words; the words after them
# (a long first block, a file that is no report, junk after the title) never make up an id
ID_TITLE_WORDS = 16
# "Nämnden för a, b och c": at most this many listed words after the first; a longer list is no name
COMMITTEE_LIST_WORDS = 6
# "Nämnden för arbetsmarknad, vuxenutbildning och integration"; a capitalised word after a comma
# is the organisation ("Nämnden för Intraservice, Göteborgs Stad")
_NAMNDEN_FOR = re.compile(r"\b(?:Nämnden|Styrelsen) för [\wåäöÅÄÖ-]+"
                          rf"(?:(?:, | och )[a-zåäö][\wåäö-]*){{0,{COMMITTEE_LIST_WORDS}}}")
# an adjective before a committee word of its own: "Tekniska nämnden", "Regionala utvecklingsnämnden"
_ADJECTIVE = r"\w+(?:ska|ala|ella|iga) \w*"


@dataclass(frozen=True, slots=True)
class Identity:
    organisation: Found[Organisation] | None  # printed: as the document prints it
    committee: Found[str] | None  # value: slug; printed: the name as printed
    report_kind: Found[str] | None
    period: Found[tuple[date, date]] | None
    published: date | None  # publication or decision date, never the period
    warnings: tuple[str, ...] = ()  # a part guessed (file name, recurrence) or not stated
    members: tuple[str, ...] = ()  # SCB codes of the municipalities behind a förbund or company, where stated


AUDIT_KINDS = frozenset({"granskning", "uppfoljande-granskning", "revisionsberattelse", "arsredogorelse"})
# an audit body names itself; "X kommuns revisorer" in the body (who commissioned the review)
_AUDIT_BODY = re.compile(r"\b(stadsrevisionen|revisorskollegiet|revisorerna|förtroendevalda revisorer|"
                         r"\w+ (?:kommuns|regionens|stads) revisorer|kommunens revisorer|regionens revisorer)\b",
                         re.IGNORECASE)
AUDIT_COMMITTEES = {"stadsrevisionen": "stadsrevisionen", "revisorskollegiet": "revisorskollegiet"}
AUDIT_DEFAULT = "revisorerna"
# what a report reviews is no author: "Granskning av kommunstyrelsen och nämnder 2025"
_REVIEWED = re.compile(r"\b(?:granskning(?:en)?|revision|uppföljning) av [^\n]*", re.IGNORECASE)
# "Diarienummer: KFN 2025/12": the case belongs to the committee its prefix names
_DNR = re.compile(r"\b(?:Diarienummer|Diarienr|Dnr)\.?\s*:?\s*([A-ZÅÄÖ]{2,6})\s*\d{4}")
# "Beslutande instans: Kultur- och fritidsnämnden": the nämnd that decides its own report; a
# fullmäktige decides what others send it, so it is never the author
_DECIDER = re.compile(r"\bBeslutande instans\s*:\s*([^\n]{3,80})", re.IGNORECASE)
_ADDRESSEES = frozenset({"kommunfullmaktige", "regionfullmaktige", "fullmaktige"})
# the board of an organisation outside the register, named in its opening text
BOARD_OF_KIND = {"company": re.compile(r"\bStyrelsen\b"),
                 "forbund": re.compile(r"\b(?:Direktionen|Förbundsstyrelsen)\b")}


# ----------------------------------------------------------------------------- zones


def metadata_value(doc: Document, key: str) -> str:
    return next((v for k, v in doc.metadata if k == key), "")


def title_page_text(doc: Document, read: ReadSettings) -> str:
    """The title page's short lines. PDF: the first page; text export: before the table of contents."""
    toc = {h.lower() for h in read.toc_headings}
    out: list[str] = []
    for b in doc.blocks[:TITLE_PAGE_BLOCKS * 4]:
        if doc.source_format == "pdf" and (b.prov.page or 1) > 1:
            break
        if b.text.strip().lower() in toc or b.kind == BlockKind.TOC_ENTRY or len(out) >= TITLE_PAGE_BLOCKS:
            break
        if len(b.text.split()) <= TITLE_LINE_WORDS and not b.text.rstrip().endswith("."):
            out.append(b.text)
    return "\n".join(out)


def id_words(text: str) -> str:
    """The first ``ID_TITLE_WORDS`` words of ``text``: the words a report's identity may come from."""
    return " ".join(text.split()[:ID_TITLE_WORDS])


def id_title(doc: Document) -> str:
    return id_words(doc.title)


def zones(doc: Document, profile: Profile) -> list[tuple[IdentitySource, str]]:
    """(source, text) where a report names itself, most trusted first; each metadata value and
    running header line up to its first ``ID_TITLE_WORDS`` words (title page lines are short)."""
    meta = "\n".join(id_words(metadata_value(doc, k)) for k in ("Title", "Subject", "Author"))
    furniture = "\n".join(id_words(line) for line in metadata_value(doc, "Furniture").splitlines())
    return [(IdentitySource.METADATA, meta), (IdentitySource.TITLE, title_page_text(doc, profile.read)),
            (IdentitySource.HEADER, furniture)]


# ----------------------------------------------------------------------------- organisation


def organisation_in_zones(doc: Document, profile: Profile) -> tuple[Organisation, str, IdentitySource] | None:
    """The first organisation named in the most trusted zone: (organisation, printed, source)."""
    for source, text in zones(doc, profile):
        mentions = find_mentions(text)
        if mentions:
            return mentions[0].organisation, mentions[0].printed, source
    return None


def named_in_body(doc: Document, code: str) -> str | None:
    """How the body prints organisation ``code``, when it does (its first mention: the scan stops there)."""
    return next((m.printed for m in iter_mentions(doc.text) if m.organisation.code == code), None)


def detect_organisation(doc: Document, profile: Profile) -> tuple[Found[Organisation] | None, str | None]:
    """(found, a warning when it is a guess or missing). From the zones (a registered organisation,
    else a kommunalförbund or company); else the profile's own organisation if the document names
    it at all, or a profile's organisation outside the register; else the body; else the file name."""
    if found := organisation_in_zones(doc, profile):
        return Found.at(found[0], found[1], found[2]), None
    for source, text in zones(doc, profile):
        if name := other_organisation(text):
            return Found.at(other_as_organisation(name), name, source), None
    rep = profile.report
    if rep.organisation_code:
        if (org := by_code(rep.organisation_code)) and (printed := named_in_body(doc, rep.organisation_code)):
            return Found.at(org, printed, IdentitySource.BODY), None
    elif rep.organisation:  # e.g. a kommunalförbund's own profile, given with --profile
        name = rep.organisation_name or rep.organisation
        return Found.at(Organisation("", "other", name, name, "", ()), rep.organisation_name or None,
                        IdentitySource.PROFILE), None
    body, why = body_organisation(doc.text)
    if body:
        return body, (f"organisation {body.value.official_name!r} {why}; not named on the title page, in the "
                      "metadata or headers" if why else None)
    if from_name := fname.filename_organisation(doc.source_path):
        return from_name, (f"organisation {from_name.value.official_name!r} read from the file name only; the document "
                       "does not name its author")
    return None, ("no organisation named in the PDF metadata, on the title page, in the running headers or by "
                  "a phrase of the body; organisation left empty")


# ----------------------------------------------------------------------------- committee, kind, period


def title_to_kind(title: str, rep: ReportSettings) -> str | None:
    low = title.lower()
    for word, kind in sorted(rep.kinds.items(), key=lambda kv: -len(kv[0])):
        if word in low:
            return kind
    return None


def listed_committee(text: str, committees: dict[str, str]) -> tuple[str, str] | None:
    """(slug, as printed) of a committee of ``committees`` (name or abbreviation -> slug) in ``text``."""
    words = set(re.findall(r"[\wåäöÅÄÖ]+", text))
    low = text.lower()
    for name, committee in sorted(committees.items(), key=lambda kv: -len(kv[0])):
        # abbreviations match as whole upper-case words, names anywhere (case-insensitive)
        if name.isupper() and name in words:
            return committee, name
        if not name.isupper() and (i := low.find(name.lower())) >= 0:
            return committee, text[i:i + len(name)]
    return None


def committee_in(text: str, rep: ReportSettings) -> tuple[str, str] | None:
    """(slug, as printed) of the committee ``text`` names, or None."""
    if found := listed_committee(text, rep.committees):
        return found
    if m := _NAMNDEN_FOR.search(text):
        return slug(m.group(0), COMMITTEE_SLUG_CHARS), m.group(0)
    suffixes = "|".join(re.escape(x) for x in rep.committee_suffixes)
    if suffixes and (m := re.search(rf"((?:{_ADJECTIVE}|(?:\w+- och )?\w+)(?:{suffixes}))\b", text, re.IGNORECASE)):
        return slug(m.group(1).replace("- och ", " och "), COMMITTEE_SLUG_CHARS), m.group(1)
    return None


def without_reviewed(text: str) -> str:
    """``text`` without what it reviews: "Granskning av kommunstyrelsen" names no author."""
    return _REVIEWED.sub(" ", text)


def title_to_committee(title: str, rep: ReportSettings) -> str | None:
    found = committee_in(without_reviewed(title), rep)
    return found[0] if found else None


def full_committee_name(doc: Document, committee: str, printed: str, rep: ReportSettings) -> str:
    """An abbreviation ("RUN") -> the full name the document prints for it, if it does."""
    if not printed.isupper():
        return printed
    low = lower_in_place(doc.text)  # offsets as in doc.text, which the name is cut from
    for name, slug_ in rep.committees.items():
        if slug_ == committee and not name.isupper() and (i := low.find(name.lower())) >= 0:
            return doc.text[i:i + len(name)]
    return printed


def audit_body(texts: list[tuple[IdentitySource, str]]) -> Found[str] | None:
    """The audit body a text names: stadsrevisionen, revisorskollegiet, else revisorerna."""
    for source, text in texts:
        if m := _AUDIT_BODY.search(text):
            printed = m.group(1)
            value = AUDIT_COMMITTEES.get(printed.lower(), AUDIT_DEFAULT)
            return Found.at(value, printed, source)
    return None


def detect_committee(doc: Document, profile: Profile, places: list[tuple[IdentitySource, str]],
                     kind: str | None, org: Found[Organisation] | None) -> Found[str] | None:
    opening = doc.text[:BODY_SEARCH_CHARS]
    if kind in AUDIT_KINDS and (found := audit_body([*places, (IdentitySource.BODY, opening)])):
        return found
    for source, text in places:
        if hit := committee_in(without_reviewed(text), profile.report):
            return Found.at(hit[0], full_committee_name(doc, hit[0], hit[1], profile.report), source)
    if (m := _DECIDER.search(opening)) and (hit := committee_in(m.group(1), profile.report)) \
            and hit[0] not in _ADDRESSEES:
        return Found.at(hit[0], full_committee_name(doc, hit[0], hit[1], profile.report), IdentitySource.BODY)
    if (m := _DNR.search(opening)) and (hit := listed_committee(m.group(1), profile.report.committees)):
        return Found.at(hit[0], full_committee_name(doc, hit[0], hit[1], profile.report), IdentitySource.BODY)
    if org is not None and org.value.kind in BOARD_OF_KIND and (m := BOARD_OF_KIND[org.value.kind].search(opening)):
        return Found.at(slug(m.group(0), COMMITTEE_SLUG_CHARS), m.group(0), IdentitySource.BODY)
    return None


def title_to_period(title: str, kind: str | None, rep: ReportSettings) -> tuple[date | None, date | None]:
    return text_to_period(title, kind, rep) or (None, None)


def detect_period(doc: Document, profile: Profile, places: list[tuple[IdentitySource, str]],
                  kind: str | None) -> Found[tuple[date, date]] | None:
    """The period stated in the title, metadata or headers; else "Rapportperiod: ..." in the
    opening body; else the file name (said in a warning by the caller)."""
    for source, text in places:
        if period := text_to_period(text, kind, profile.report):
            return Found.at(period, None, source)
    if end := labelled_end(doc.text[:BODY_SEARCH_CHARS]):
        return Found.at((date(end.year, 1, 1), end), None, IdentitySource.BODY)
    found = fname.filename_year_month(doc.source_path)
    if found is None:
        return None
    year, month = found
    month = month or (12 if kind in KINDS_WITH_YEAR_END else None)
    if month is None:
        return None
    named = text_to_period(f"{year} {next(k for k, v in profile.report.months.items() if v == month)}", kind, profile.report)
    return Found.at(named, None, IdentitySource.FILENAME) if named else None


def detect_published(doc: Document, profile: Profile) -> date | None:
    """A date printed on the title page, else one labelled in the opening body ("Datum: ...")."""
    return (published_in(title_page_text(doc, profile.read), labelled_only=False)
            or published_in(doc.text[:BODY_SEARCH_CHARS], labelled_only=True))


def detect(doc: Document, profile: Profile) -> Identity:
    places = [(IdentitySource.TITLE, id_title(doc)), *zones(doc, profile)]
    warnings: list[str] = []
    org, why = detect_organisation(doc, profile)
    warnings += [why] if why else []
    kind = next((Found.at(k, None, src) for src, t in places if t and (k := title_to_kind(t, profile.report))), None)
    kind = kind or fname.filename_kind(doc.source_path, profile.report)
    committee = detect_committee(doc, profile, places, kind.value if kind else None, org)
    committee = committee or fname.filename_committee(doc.source_path, profile.report)
    period = detect_period(doc, profile, places, kind.value if kind else None)
    name = Path(doc.source_path).name
    for part, found in (("committee", committee), ("report kind", kind), ("period", period)):
        if found is not None and found.source == IdentitySource.FILENAME:
            warnings.append(f"{part} read from the file name {name!r} only; the document does not state it")
        elif found is None:
            warnings.append(f"{part}: the document does not state it (title page, metadata, headers, opening "
                            "text); left empty")
    members = members_in(doc.text) if org is not None and not org.value.code else ()
    return Identity(org, committee, kind, period, detect_published(doc, profile), tuple(warnings), members)


# ----------------------------------------------------------------------------- profile selection


def _own_committees(profile: Profile, base: Profile) -> dict[str, str]:
    """The committees a profile adds to the default one (its own names and abbreviations)."""
    return {k: v for k, v in profile.report.committees.items() if base.report.committees.get(k) != v}


def select_profile(doc: Document, base: Profile) -> Profile:
    """The profile of the organisation the document names, else the neutral default.

    Named in the metadata, title page or running headers: that organisation's profile. Named
    only in the body: its profile only when the title also names a committee of that profile's
    own (the text export of a report whose PDF carries the name in a running header).
    """
    from pipeline.settings.profile import load_profile, organisation_profiles

    default = load_profile("default")
    candidates = organisation_profiles()
    found = organisation_in_zones(doc, base)
    if found:
        return next((p for p in candidates if p.report.organisation_code == found[0].code), default)
    title = id_title(doc)
    for p in candidates:
        if listed_committee(title, _own_committees(p, default)) and named_in_body(doc, p.report.organisation_code):
            return p
    return default

"""Who wrote the report: organisation, committee, report kind and period.

Read from the places a report names itself, most trusted first: the PDF metadata (Title,
Subject, Author), the title page, and the running headers and footers ("2025 ÅRSBOKSLUT").
The body is never searched for the organisation on its own: a report names its partners there
("samverkan med Region Skåne"). The body only confirms a profile's own organisation, when the
title names one of that profile's committees (see ``select``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from pipeline.identity.organisation import Organisation, by_code, find_mentions, iter_mentions, lower_in_place
from pipeline.model import BlockKind, Document
from pipeline.settings.profile import Profile
from pipeline.text.similarity import slug

_YEAR = re.compile(r"\b(19|20)\d{2}\b")
TITLE_PAGE_BLOCKS = 12  # a text export's title page: blocks before the table of contents, at most this many
TITLE_LINE_WORDS = 10  # a title-page line is short and no sentence; longer ones are body text naming partners
COMMITTEE_SLUG_CHARS = 60  # committee slug in report_id; long "Nämnden för ..." names stay apart
BODY_SEARCH_CHARS = 20000  # "Rapportperiod: ..." is searched in the document's first characters
# a title names organisation, committee, kind and period in its first words; the words after them
# (a long first block, a file that is no report, junk after the title) never make up an id
ID_TITLE_WORDS = 16
# "Nämnden för a, b och c": at most this many listed words after the first; a longer list is no name
COMMITTEE_LIST_WORDS = 6
_PERIOD_PHRASE = re.compile(r"\b(?:Rapportperiod|Period|Avser period|Per)\s*:?\s*((?:19|20)\d{2})-(\d{2})-(\d{2})\b",
                            re.IGNORECASE)
# "Nämnden för arbetsmarknad, vuxenutbildning och integration"; a capitalised word after a comma
# is the organisation ("Nämnden för Intraservice, Göteborgs Stad")
_NAMNDEN_FOR = re.compile(r"\b(?:Nämnden|Styrelsen) för [\wåäöÅÄÖ-]+"
                          rf"(?:(?:, | och )[a-zåäö][\wåäö-]*){{0,{COMMITTEE_LIST_WORDS}}}")
# an adjective before a committee word of its own: "Tekniska nämnden", "Regionala utvecklingsnämnden"
_ADJECTIVE = r"\w+(?:ska|ala|ella|iga) \w*"
_KINDS_WITH_YEAR_END = ("arsredovisning", "arsbokslut", "arsrapport", "verksamhetsberattelse", "verksamhetsplan")


@dataclass(frozen=True, slots=True)
class Identity:
    organisation: Organisation | None
    organisation_name: str | None  # as printed
    organisation_source: str | None  # metadata | title_page | furniture | body
    committee: str | None  # slug
    committee_name: str | None  # as printed
    report_kind: str | None
    period_start: date | None
    period_end: date | None


# ----------------------------------------------------------------------------- zones


def metadata_value(doc: Document, key: str) -> str:
    return next((v for k, v in doc.metadata if k == key), "")


def title_page_text(doc: Document, profile: Profile) -> str:
    """The title page's short lines. PDF: the first page; text export: before the table of contents."""
    toc = {h.lower() for h in profile.read.toc_headings}
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


def zones(doc: Document, profile: Profile) -> list[tuple[str, str]]:
    """(source, text) where a report names itself, most trusted first; each metadata value and
    running header line up to its first ``ID_TITLE_WORDS`` words (title page lines are short)."""
    meta = "\n".join(id_words(metadata_value(doc, k)) for k in ("Title", "Subject", "Author"))
    furniture = "\n".join(id_words(line) for line in metadata_value(doc, "Furniture").splitlines())
    return [("metadata", meta), ("title_page", title_page_text(doc, profile)), ("furniture", furniture)]


# ----------------------------------------------------------------------------- organisation


def organisation_in_zones(doc: Document, profile: Profile) -> tuple[Organisation, str, str] | None:
    """The first organisation named in the most trusted zone: (organisation, printed, source)."""
    for source, text in zones(doc, profile):
        mentions = find_mentions(text)
        if mentions:
            return mentions[0].organisation, mentions[0].printed, source
    return None


def named_in_body(doc: Document, code: str) -> str | None:
    """How the body prints organisation ``code``, when it does (its first mention: the scan stops there)."""
    return next((m.printed for m in iter_mentions(doc.text) if m.organisation.code == code), None)


def detect_organisation(doc: Document, profile: Profile) -> tuple[Organisation | None, str | None, str | None]:
    """From the zones; else the profile's own organisation if the document names it at all; else,
    for a profile of an organisation outside the municipalities file (no code), the profile's."""
    found = organisation_in_zones(doc, profile)
    if found:
        return found
    rep = profile.report
    if rep.organisation_code:
        if (org := by_code(rep.organisation_code)) and (printed := named_in_body(doc, rep.organisation_code)):
            return org, printed, "body"
    elif rep.organisation:  # e.g. a kommunalförbund's own profile, given with --profile
        name = rep.organisation_name or rep.organisation
        return Organisation("", "other", name, name, "", ()), rep.organisation_name or None, "profile"
    return None, None, None


# ----------------------------------------------------------------------------- committee, kind, period


def title_to_kind(title: str, profile: Profile) -> str | None:
    low = title.lower()
    for word, kind in sorted(profile.report.kinds.items(), key=lambda kv: -len(kv[0])):
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


def committee_in(text: str, profile: Profile) -> tuple[str, str] | None:
    """(slug, as printed) of the committee ``text`` names, or None."""
    if found := listed_committee(text, profile.report.committees):
        return found
    if m := _NAMNDEN_FOR.search(text):
        return slug(m.group(0), COMMITTEE_SLUG_CHARS), m.group(0)
    suffixes = "|".join(re.escape(x) for x in profile.report.committee_suffixes)
    if suffixes and (m := re.search(rf"((?:{_ADJECTIVE}|(?:\w+- och )?\w+)(?:{suffixes}))\b", text, re.IGNORECASE)):
        return slug(m.group(1).replace("- och ", " och "), COMMITTEE_SLUG_CHARS), m.group(1)
    return None


def title_to_committee(title: str, profile: Profile) -> str | None:
    found = committee_in(title, profile)
    return found[0] if found else None


def full_committee_name(doc: Document, committee: str, printed: str, profile: Profile) -> str:
    """An abbreviation ("RUN") -> the full name the document prints for it, if it does."""
    if not printed.isupper():
        return printed
    low = lower_in_place(doc.text)  # offsets as in doc.text, which the name is cut from
    for name, slug_ in profile.report.committees.items():
        if slug_ == committee and not name.isupper() and (i := low.find(name.lower())) >= 0:
            return doc.text[i:i + len(name)]
    return printed


def title_to_period(title: str, kind: str | None, profile: Profile) -> tuple[date | None, date | None]:
    m = _YEAR.search(title)
    if not m:
        return None, None
    year = int(m.group(0))
    low = title.lower()
    # the last month named ends the period: "januari–augusti 2025" is August
    months = [n for name, n in profile.report.months.items() if re.search(rf"\b{name}\b", low)]
    month = max(months) if months else (12 if kind in _KINDS_WITH_YEAR_END else None)
    if month is None:
        return None, None
    return date(year, 1, 1), date(year, month, calendar.monthrange(year, month)[1])


def phrase_to_period(text: str) -> tuple[date | None, date | None]:
    """ "Rapportperiod: 2025-12-31" -> (2025-01-01, 2025-12-31)."""
    m = _PERIOD_PHRASE.search(text)
    if not m:
        return None, None
    try:
        end = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None, None
    return date(end.year, 1, 1), end


def first_found(texts: list[str], fn):
    return next((r for t in texts if t and (r := fn(t)) is not None), None)


def detect(doc: Document, profile: Profile) -> Identity:
    title = id_title(doc)
    zone_texts = [t for _, t in zones(doc, profile)]
    texts = [title, *zone_texts]
    org, printed, source = detect_organisation(doc, profile)
    kind = first_found(texts, lambda t: title_to_kind(t, profile))
    found = first_found(texts, lambda t: committee_in(t, profile))
    committee, committee_name = found if found else (None, None)
    if committee and committee_name:
        committee_name = full_committee_name(doc, committee, committee_name, profile)
    start, end = title_to_period(title, kind, profile)
    if end is None:
        start, end = next((p for t in [*zone_texts, doc.text[:BODY_SEARCH_CHARS]] if (p := phrase_to_period(t))[1]),
                          (None, None))
    if end is None:
        start, end = next((p for t in zone_texts if (p := title_to_period(t, kind, profile))[1]), (None, None))
    return Identity(org, printed, source, committee, committee_name, kind, start, end)


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

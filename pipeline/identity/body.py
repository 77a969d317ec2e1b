"""Who wrote a report, read from its body when the title page, metadata and headers do not say.

A report names its partners in the body ("samverkan med Region Skåne"), so a name found there
counts only when a phrase says the organisation is the author or addressee ("Till Göteborgs
kommunfullmäktige", "Alingsås kommuns revisorer", a contact block with a postal address, the
"<kommun>.se" of its e-mail and web addresses), or when one organisation is named far more often
than any other (recurrence: said in a warning, as a guess).
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.identity.organisation import Organisation, find_mentions, organisations
from pipeline.identity.sources import BODY_RECURRENCE_CONFIDENCE, Found, IdentitySource
from pipeline.text.similarity import slug

BODY_PHRASE_CHARS = 20000  # opening phrases ("Till ...", "... revisorer") are searched in the first characters
BODY_MIN_MENTIONS = 3  # recurrence: at least this many mentions ...
BODY_DOMINANCE = 2.0  # ... and this many times the next organisation's
CONTACT_GAP_CHARS = 60  # a contact block: the name, then a postal code within this many characters

_NAME = r"[A-ZÅÄÖ][\wåäöé-]+"
_ADDRESSEE = re.compile(rf"\bTill\s+({_NAME})s\s+(kommun|region|stads?)?fullmäktige\b")
_AUDITORS_OF = re.compile(rf"\b({_NAME}\s+(?:kommun|[Ss]tad)|Region\s+{_NAME})s\s+(?:förtroendevalda\s+)?revisorer\b")
_AUDITORS_IN = re.compile(rf"\b[Rr]evisorerna\s+i\s+({_NAME}\s+(?:kommun|[Ss]tad)|Region\s+{_NAME})\b")
_DOMAIN = re.compile(r"(?:\bwww\.|@)([a-zåäö0-9-]+)\.se\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ]")
_GENITIVE = re.compile(r"\b(kommun|Stad|stad)s\b")
# organisations outside the register: a kommunalförbund, a company ("Alingsås Energi AB")
OTHER_ORGANISATION = re.compile(
    rf"\b((?:{_NAME}\s+){{0,3}}[A-ZÅÄÖa-zåäö][\wåäö-]*förbund(?:et)?|(?:{_NAME}\s+){{1,3}}AB)\b")
_NOT_ORGANISATION = frozenset({"Förbundet", "Förbund", "Kommunalförbund", "Kommunalförbundet"})


def _by_short_name(name: str, kind: str) -> Organisation | None:
    return next((o for o in organisations() if o.name == name and o.kind == kind), None)


def _resolved(printed: str) -> Organisation | None:
    mentions = find_mentions(printed)
    return mentions[0].organisation if mentions else None


def addressed_or_auditors(text: str) -> Found[Organisation] | None:
    """ "Till Göteborgs kommunfullmäktige", "Alingsås kommuns revisorer", "Revisorerna i Region X"."""
    if m := _ADDRESSEE.search(text):
        kind = "region" if m.group(2) == "region" else "kommun"
        if org := _by_short_name(m.group(1), kind):
            return Found.at(org, org.official_name, IdentitySource.BODY)
    for pattern in (_AUDITORS_OF, _AUDITORS_IN):
        if (m := pattern.search(text)) and (org := _resolved(m.group(1))):
            return Found.at(org, m.group(1), IdentitySource.BODY)
    return None


def domain_org(text: str) -> Found[Organisation] | None:
    """The organisation whose web domain ("alingsas.se", "regionnorrbotten.se") the text prints most."""
    domains = {slug(o.official_name if o.kind == "region" else o.name, 60).replace("-", ""): o
               for o in organisations()}
    counts = Counter(d for m in _DOMAIN.finditer(text) if (d := m.group(1).lower()) in domains)
    if not counts:
        return None
    domain, _ = counts.most_common(1)[0]
    return Found.at(domains[domain], f"{domain}.se", IdentitySource.BODY)


def contact_block(text: str) -> Found[Organisation] | None:
    """ "Alingsås kommun, Socialförvaltningen, 441 81 ALINGSÅS": a name followed by a postal address."""
    for mention in find_mentions(text):
        after = text[mention.start:mention.start + len(mention.printed) + CONTACT_GAP_CHARS]
        if _POSTCODE.search(after):
            return Found.at(mention.organisation, mention.printed, IdentitySource.BODY)
    return None


def recurring_org(text: str) -> tuple[Found[Organisation], str] | None:
    """The organisation named far more often than any other, with a sentence saying so."""
    counts: Counter = Counter()
    printed: dict[str, str] = {}
    for m in find_mentions(_GENITIVE.sub(r"\1", text)):
        counts[m.organisation.code] += 1
        printed.setdefault(m.organisation.code, m.printed)
    ranked = counts.most_common(2)
    if not ranked:
        return None
    (code, n), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0)
    if n < BODY_MIN_MENTIONS or n < BODY_DOMINANCE * second:
        return None
    org = next(o for o in organisations() if o.code == code)
    why = f"named {n} times in the body (the next organisation {second} times)"
    return Found.at(org, printed[code], IdentitySource.BODY, BODY_RECURRENCE_CONFIDENCE), why


def other_organisation(text: str) -> str | None:
    """A kommunalförbund or company named in ``text`` (a title, a header), as printed."""
    for m in OTHER_ORGANISATION.finditer(text):
        name = m.group(1).strip()
        if name not in _NOT_ORGANISATION and len(name.split()) >= 1 and name[0].isupper():
            return name
    return None


# "Medlemskommuner är Alingsås, Lerum och Vårgårda", "Förbundets medlemmar: Ale kommun, Kungälvs kommun"
_MEMBERS = re.compile(r"\b(?:medlemskommuner(?:na)?|medlemmar(?:na)?|ägarkommuner(?:na)?|ägs av)\s*(?:är|:)?\s*"
                      r"((?:[^.\n]{0,400}?))(?:\.|\n|$)", re.IGNORECASE)


def members_in(text: str) -> tuple[str, ...]:
    """SCB codes of the municipalities a kommunalförbund or company names as its members or owners
    in its opening text; empty when it names none."""
    m = _MEMBERS.search(text[:BODY_PHRASE_CHARS])
    if not m:
        return ()
    codes: list[str] = []
    for part in re.split(r",\s*|\s+och\s+|\s+samt\s+", m.group(1)):
        name = re.sub(r"\s+(?:kommuner?|stad)$", "", part.strip())
        name = name[:-1] if name.endswith("s") and _by_short_name(name[:-1], "kommun") else name
        org = _resolved(part.strip()) or _by_short_name(name, "kommun")
        if org is not None and org.code not in codes:
            codes.append(org.code)
    return tuple(codes)


def other_as_organisation(name: str) -> Organisation:
    """An organisation outside the register: a name and no SCB code."""
    kind = "company" if name.endswith(" AB") else "forbund"
    return Organisation("", kind, name, name, "", ())


def body_organisation(text: str) -> tuple[Found[Organisation] | None, str | None]:
    """The author named by a phrase in the opening text, a contact block or a web domain; else
    the organisation that recurs (with the reason, for a warning)."""
    opening = text[:BODY_PHRASE_CHARS]
    for fn in (addressed_or_auditors, contact_block):
        if found := fn(opening):
            return found, None
    if found := domain_org(text):
        return found, None
    if recurring := recurring_org(text):
        return recurring
    return None, None

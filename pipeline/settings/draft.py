"""A starting profile for a new organisation, drafted from one of its reports.

The draft holds what the pipeline found: the organisation and committee it detected, the
table header rows (and the header cells no column role knows), the status marks by colour
and shape with counts, and the heading styles. Findings are comments; the keys set are the
organisation's own, so the draft loads as a valid profile as written and a person only edits
names.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from pipeline.model import BlockKind, Extraction
from pipeline.settings.profile import Profile, shipped_profiles
from pipeline.status.marks import hue_family
from pipeline.text.similarity import normalise

_ABBREVIATION = re.compile(r"\b[A-ZÅÄÖ]{2,5}\b")
EXAMPLES = 6  # heading texts quoted per level
MAX_HEADERS = 20  # distinct header rows listed


def _q(text: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def _report_lines(ex: Extraction, source: str) -> list[str]:
    m = ex.meta
    name = (m.organisation_name if m else None) or ""
    label = name or "NEW ORGANISATION"
    lines = [f"description = {_q(f'{label} (draft from {source})')}", "", "[report]",
             "# slug used as the first part of report_id", f"organisation = {_q((m.organisation if m else None) or '')}",
             "# human-readable organisation name", f"organisation_name = {_q(name)}",
             "# SCB code (kommunkod / länskod): documents naming this organisation select the profile",
             f"organisation_code = {_q((m.organisation_code if m else None) or '')}"]
    if not (m and m.organisation_code):
        lines.append("# NOTE: no organisation was detected; fill in the three keys above")
    committees = {m.committee_name: m.committee} if m and m.committee and m.committee_name else {}
    lines += ["# committee names or abbreviations in titles -> committee slug (add the others)",
              "committees = { " + ", ".join(f"{_q(k)} = {_q(v)}" for k, v in committees.items()) + " }"]
    title = m.title if m else ""
    abbreviations = [w for w in dict.fromkeys(_ABBREVIATION.findall(title)) if w not in committees]
    if abbreviations:
        lines.append(f"# upper-case words in the title {abbreviations}: add them above if they name the committee")
    return lines


def _header_lines(ex: Extraction) -> list[str]:
    rows = Counter(" | ".join(t.header) for t in ex.tables if any(t.header))
    unknown = Counter(h for t in ex.tables for h, r in zip(t.header, t.roles, strict=False) if h and r is None)
    out = ["", "# Table header rows found (tables):"]
    out += [f"#   {row}   ({n})" for row, n in rows.most_common(MAX_HEADERS)] or ["#   (none)"]
    out += ["# Header cells no column role matches; add them under [tables.roles] if they carry a role:"]
    out += [f"#   {h!r}   ({n})" for h, n in unknown.most_common(MAX_HEADERS)] or ["#   (none)"]
    return out


def _mark_lines(ex: Extraction, profile: Profile) -> list[str]:
    marks = Counter((mk.color, mk.shape or mk.symbol, mk.filled, mk.source)
                    for b in ex.document.blocks for c in b.cells for mk in c.marks)
    out = ["", "# Status/trend marks in table cells: colour, shape, filled, source -> hue family -> status (count)"]
    for (color, shape, filled, source), n in marks.most_common():
        family = hue_family(color)
        status = profile.legend.hues.get(family or "", "?")
        out.append(f"#   {color or '-'} {shape} {'filled' if filled else 'hollow' if filled is False else ''} "
                   f"({source}) -> {family or '?'} -> {status}   ({n})")
    if not marks:
        out.append("#   (none)")
    legend = ex.document.legend
    out.append(f"# The document has {'its own legend' if legend else 'no legend'}"
               + ("" if legend else "; [legend] hues of the default profile apply"))
    return out


def _heading_lines(ex: Extraction) -> list[str]:
    by_level: dict[int | None, list[str]] = {}
    for b in ex.document.blocks:
        if b.kind in (BlockKind.HEADING, BlockKind.TITLE):
            by_level.setdefault(b.level, []).append(b.text.strip())
    out = ["", "# Heading styles (level from font size; count; examples). Perspectives, goal and factor",
           "# prefixes among them go to [sections] (perspectives, goal_prefixes, factor_prefixes)."]
    for level in sorted(by_level, key=lambda x: (x is None, x or 0)):
        texts = by_level[level]
        examples = [_q(t[:60]) for t in dict.fromkeys(texts) if normalise(t)][:EXAMPLES]
        out.append(f"#   level {level if level is not None else '?'}: {len(texts)}: {', '.join(examples)}")
    if not by_level:
        out.append("#   (none)")
    return out


def draft_name(ex: Extraction) -> str:
    """The draft's profile name: the organisation's slug, else the report's file stem; "-own"
    added where a shipped profile has that name (the shipped one would be meant by it)."""
    slug = ex.meta.organisation if ex.meta is not None and ex.meta.organisation else None
    name = slug or Path(ex.document.source_path).stem
    return f"{name}-own" if name in shipped_profiles() else name


def draft_profile(ex: Extraction, profile: Profile) -> str:
    """TOML text of a starting profile for the organisation that wrote ``ex``'s document."""
    source = Path(ex.document.source_path).name
    head = [f"# Draft profile drafted from {source} by `pipeline profile draft`.",
            "# Edit the names. In your profile directory (`pipeline profiles` shows it) it is used for every",
            "# document that names the organisation; elsewhere, pass it with --profile FILE.toml.",
            "# It extends default.toml: only what is this organisation's own belongs here."]
    body = _report_lines(ex, source) + _header_lines(ex) + _mark_lines(ex, profile) + _heading_lines(ex)
    return "\n".join(head + body) + "\n"

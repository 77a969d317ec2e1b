"""Status stated in prose (``evidence.phrases.v1``): "Målet är alltså inte uppnått",
"målet är delvis uppnått", "blir svårt att uppnå".

Steps: ``sentence_to_status`` (the longest profile phrase in a sentence that names a goal;
forecast when a forecast marker is there too; never a legend entry such as "● Målet är
uppnått") -> ``StatusEvidence`` per sentence ->
``evidence_to_metrics`` fills a metric's status only where no mark gave one, and never from
a forecast: "Målet bedöms vara uppnått vid årets slut" says nothing about April.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.model import Metric, StatusEvidence, StatusReading


@dataclass(frozen=True, slots=True)
class StatusPhrases:
    """Compiled from the profile: phrase -> status, forecast markers, subject words."""

    pattern: re.Pattern
    statuses: Mapping[str, str]
    forecast_markers: tuple[str, ...]
    subject: re.Pattern
    legend_labels: frozenset[str] = frozenset()  # "målet är uppnått": a legend's label, not a statement
    marks: tuple[str, ...] = ()  # "●", "◇": a line starting with a mark is a legend or table line

    @classmethod
    def of(cls, narrative_status: Mapping[str, str], forecast_markers: Sequence[str],
           subjects: Sequence[str], legend_labels: Iterable[str] = (),
           marks: Iterable[str] = ()) -> StatusPhrases:
        narrative_status = {**{participle_common(p): st for p, st in narrative_status.items()}, **narrative_status}
        phrases = sorted(narrative_status, key=len, reverse=True)  # longest first: "inte uppnått"
        # a phrase starts at a word boundary and may end inflected: "delvis uppnådd" ~ "uppnådda"
        alternation = "|".join(re.escape(p.lower()) for p in phrases) or r"(?!x)x"
        pattern = re.compile(rf"\b(?:{alternation})\w*")
        # a subject is the word itself, a compound ending in it ("delmålet"), inflected ("målen"),
        # but not a longer word it starts ("målgruppen", "målbild")
        subject = re.compile(rf"(?<!\w)\w*(?:{'|'.join(re.escape(s.lower()) for s in subjects) or '(?!x)x'})"
                             rf"(?:e?n|et|ets|e?ns|s|na|ar|arna)?(?!\w)")
        return cls(pattern, {p.lower(): s for p, s in narrative_status.items()},
                   tuple(m.lower() for m in forecast_markers), subject,
                   frozenset(_label(x) for x in legend_labels), tuple(marks))


@dataclass(frozen=True, slots=True)
class StatusStatement:
    status: str
    is_forecast: bool
    phrase: str


def participle_common(phrase: str) -> str:
    """The common-gender participle of a phrase's last word, which also carries the plural:
    "uppnått" -> "uppnådd" ("målen är uppnådda"), "uppfyllt" -> "uppfylld". Other phrases as
    they are."""
    low = phrase.lower()
    if low.endswith("tt"):
        return low[:-2] + "dd"
    if low.endswith("llt"):
        return low[:-1] + "d"
    return low


def _label(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).split())


def is_legend_entry(sentence: str, phrases: StatusPhrases, in_legend_section: bool = False) -> bool:
    """"● Målet är uppnått" under Teckenförklaring: a label for a mark, not an assessment. A line
    that starts with a mark is one anywhere; a bare label only in the legend's own section (in
    a metric's narrative, "Målet är uppnått." is a statement)."""
    text = sentence.strip()
    if phrases.marks and text.startswith(phrases.marks):
        return True
    return in_legend_section and _label(text) in phrases.legend_labels


def sentence_to_status(sentence: str, phrases: StatusPhrases) -> StatusStatement | None:
    low = sentence.lower()
    if is_legend_entry(sentence, phrases) or not phrases.subject.search(low):
        return None
    found = [m.group() for m in phrases.pattern.finditer(low)]
    if not found:
        return None
    phrase = max(found, key=len)
    status = phrases.statuses.get(phrase) or phrases.statuses[_phrase_of(phrase, phrases.statuses)]
    return StatusStatement(status, any(mk in low for mk in phrases.forecast_markers), phrase)


def _phrase_of(found: str, statuses: Mapping[str, str]) -> str:
    """The profile phrase an inflected match started with ("uppnådda" -> "uppnådd")."""
    return max((p for p in statuses if found.startswith(p)), key=len)


@dataclass(frozen=True, slots=True)
class Sentence:
    section_id: str
    metric_key: str | None
    text: str
    char_start: int
    char_end: int


def sentences_to_evidence(sentences: Iterable[Sentence], phrases: StatusPhrases,
                          legend_sections: frozenset[str] = frozenset()) -> tuple[StatusEvidence, ...]:
    """``legend_sections``: ids of sections headed like a legend ("Teckenförklaring")."""
    out = []
    for s in sentences:
        if is_legend_entry(s.text, phrases, s.section_id in legend_sections):
            continue
        st = sentence_to_status(s.text, phrases)
        if st is not None:
            out.append(StatusEvidence(s.section_id, s.metric_key, st.status, st.is_forecast, s.text,
                                      s.char_start, s.char_end))
    return tuple(out)


def evidence_to_metrics(metrics: tuple[Metric, ...], evidence: tuple[StatusEvidence, ...]) -> tuple[Metric, ...]:
    """A mark beats prose; the first current (non-forecast) statement about a metric wins."""
    first: dict[str, StatusEvidence] = {}
    for e in evidence:
        if e.metric_key and not e.is_forecast and e.metric_key not in first:
            first[e.metric_key] = e
    out = []
    for m in metrics:
        e = first.get(m.metric_key)
        if e is None or m.status.status is not None:
            out.append(m)
            continue
        reading = StatusReading(status=e.status, source="narrative", symbol=m.status.symbol,
                                color=m.status.color, evidence=e.sentence)
        out.append(dataclasses.replace(m, status=reading))
    return tuple(out)

"""Status language: every phrase, word or label that names a goal's status or an activity's state.

One phrase parser (``find_phrase``: a profile phrase starting at a word boundary, possibly
inflected at its end, "uppnådda" ~ "uppnådd"; the longest match wins, so "inte uppnått" beats
"uppnått") serves four readers:

- ``sentence_to_status``: a narrative sentence naming a goal ("Målet är alltså inte uppnått");
  a legend line ("● Målet är uppnått") is not a statement;
- ``assessment_status``: a goal's assessment paragraph -> (status, evidence, forecast);
- ``label_to_status``: a legend label ("Målet är delvis uppnått") -> status;
- ``word_to_status``: the word(s) a status cell holds or starts with ("Grön", "Delvis uppfyllt",
  "🔴") -> status.

A second vocabulary names an activity's or assignment's STATE (``phrase_to_state``):
done | in_progress | delayed | not_started | cancelled, from the first word(s) of a cell
("Klar", "Pågår", "Ej påbörjad", "Avslutad 2026-01-15").

Precedence (``apply_narrative``, the one rule for goals and metrics):
1. a decoded mark, a symbol or a status word in the cell decides the status;
2. a narrative statement never overrides it, but its sentence is kept as ``evidence``;
3. the narrative fills the status (source "narrative") only when the cell gave none;
4. a forecast ("... vid årets slut") never sets a status and is not evidence of one.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.model import StatusReading
from pipeline.settings.profile import Profile, ScorecardSettings

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")
_NEVER = r"(?!x)x"  # an alternation of no phrases matches nothing


def norm(text: str) -> str:
    """Lower case, NFC, single spaces: the form every vocabulary is matched in."""
    return unicodedata.normalize("NFC", " ".join(text.lower().split()))


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


def subject_pattern(subjects: Sequence[str]) -> str:
    """A subject is the word itself, a compound ending in it ("delmålet"), inflected ("målen"),
    but not a longer word it starts ("målgruppen", "målbild"): it ends a word. (Led by a word
    start and the letters before the subject, the pattern was tried at every character and
    backtracked through every word; what it finds is the same.)"""
    words = "|".join(re.escape(s.lower()) for s in subjects) or _NEVER
    return rf"(?:{words})(?:e?n|et|ets|e?ns|s|na|ar|arna)?(?!\w)"


@dataclass(frozen=True, slots=True)
class StatusPhrases:
    """Compiled vocabulary: phrase -> status, forecast markers, subject words, legend lines."""

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
        narrative_status = {**{participle_common(p): st for p, st in narrative_status.items()},
                            **{norm(p): st for p, st in narrative_status.items()}}
        phrases = sorted(narrative_status, key=len, reverse=True)  # longest first: "inte uppnått"
        # a phrase starts at a word boundary and may end inflected: "delvis uppnådd" ~ "uppnådda"
        alternation = "|".join(re.escape(p) for p in phrases) or _NEVER
        pattern = re.compile(rf"\b(?:{alternation})\w*")
        subject = re.compile(subject_pattern(subjects))
        return cls(pattern, narrative_status, tuple(m.lower() for m in forecast_markers), subject,
                   frozenset(_label(x) for x in legend_labels), tuple(marks))

    @classmethod
    def from_profile(cls, profile: Profile, legend_labels: Iterable[str] = ()) -> StatusPhrases:
        """Narrative phrases; ``legend_labels`` (the document's own) are recognised as legend
        lines, beside the profile's."""
        return cls.of(profile.scorecard.narrative_status, profile.scorecard.forecast_markers,
                      profile.language.status_subjects,
                      legend_labels=[*legend_labels, *profile.legend.labels],
                      marks=tuple(profile.scorecard.symbols))


@dataclass(frozen=True, slots=True)
class StatusStatement:
    status: str
    is_forecast: bool
    phrase: str


@lru_cache(maxsize=32)
def narrative_phrases(profile: Profile) -> StatusPhrases:
    return StatusPhrases.from_profile(profile)


@lru_cache(maxsize=32)
def label_phrases(profile: Profile) -> StatusPhrases:
    """Legend labels: the narrative phrases plus the profile's own label phrases."""
    return StatusPhrases.of({**profile.scorecard.narrative_status, **profile.legend.labels}, (), ())


def find_phrase(text: str, phrases: StatusPhrases) -> tuple[str, str] | None:
    """(status, matched text) of the longest status phrase in ``text``; the phrase parser."""
    found = [m.group() for m in phrases.pattern.finditer(norm(text))]
    if not found:
        return None
    match = max(found, key=len)
    status = phrases.statuses.get(match)
    if status is None:  # an inflected match: the longest profile phrase it starts with
        status = phrases.statuses[max((p for p in phrases.statuses if match.startswith(p)), key=len)]
    return status, match


def is_forecast(sentence: str, phrases: StatusPhrases) -> bool:
    low = sentence.lower()
    return any(m in low for m in phrases.forecast_markers)


def is_legend_entry(sentence: str, phrases: StatusPhrases, in_legend_section: bool = False) -> bool:
    """"● Målet är uppnått" under Teckenförklaring: a label for a mark, not an assessment. A line
    that starts with a mark is one anywhere; a bare label only in the legend's own section (in
    a metric's narrative, "Målet är uppnått." is a statement)."""
    text = sentence.strip()
    if phrases.marks and text.startswith(phrases.marks):
        return True
    return in_legend_section and _label(text) in phrases.legend_labels


def sentence_to_status(sentence: str, phrases: StatusPhrases, *,
                       require_subject: bool = True) -> StatusStatement | None:
    """The status a sentence states. Outside an assessment paragraph it must name a goal
    ("målet"), so "Projektet har uppnått stor räckvidd" states nothing."""
    if is_legend_entry(sentence, phrases):
        return None
    if require_subject and not phrases.subject.search(sentence.lower()):
        return None
    found = find_phrase(sentence, phrases)
    if found is None:
        return None
    return StatusStatement(found[0], is_forecast(sentence, phrases), found[1])


def split_sentences(text: str) -> list[str]:
    return [s.strip() for p in text.split("\n") for s in _SENTENCE.split(p) if s.strip()]


def assessment_status(text: str, profile: Profile) -> tuple[str | None, str | None, str | None]:
    """(status, evidence sentence, forecast sentence) of a goal's assessment paragraph: the first
    current statement decides; the first forecast is kept apart."""
    status = evidence = forecast = None
    phrases = narrative_phrases(profile)
    for sentence in split_sentences(text):
        st = sentence_to_status(sentence, phrases, require_subject=False)
        if st is None:
            continue
        if st.is_forecast:
            forecast = forecast or sentence
        elif status is None:
            status, evidence = st.status, sentence
    return status, evidence, forecast


def label_to_status(label: str, profile: Profile) -> str | None:
    """Status named by a legend label ("Målet är delvis uppnått"); longest phrase wins."""
    found = find_phrase(label, label_phrases(profile))
    return found[0] if found else None


def leading_word(text: str, vocabulary: Mapping[str, str]) -> str | None:
    """The value of the longest vocabulary entry ``text`` starts with, as whole word(s):
    "Avslutad 2026-01-15" -> "avslutad"'s value, "Klargöra" -> nothing. Case-insensitive."""
    found = _leading(text, vocabulary)
    return found[1] if found else None


def leading_label(text: str, vocabulary: Mapping[str, str]) -> str | None:
    """The words of ``text`` that matched its leading vocabulary entry, as printed:
    "Delvis genomförd – se kommentar" -> "Delvis genomförd"."""
    found = _leading(text, vocabulary)
    if not found:
        return None
    printed = unicodedata.normalize("NFC", " ".join(text.split()))
    return printed[:found[0]]


def _leading(text: str, vocabulary: Mapping[str, str]) -> tuple[int, str] | None:
    """(length, value) of the longest entry ``text`` starts with as whole word(s)."""
    low = norm(text)
    words, firsts = _normed_vocabulary(tuple(vocabulary.items()))
    if not low.startswith(firsts):  # most cells start with no entry at all
        return None
    best: tuple[int, str] | None = None
    for w, value in words:
        if not low.startswith(w) or (best is not None and len(w) <= best[0]):
            continue
        rest = low[len(w):]
        if rest and rest[0].isalnum() and w[-1].isalnum():  # "klar" is not the start of "klargöra"
            continue
        best = (len(w), value)
    return best


@lru_cache(maxsize=64)  # a profile's few vocabularies, asked for every cell
def _normed_vocabulary(items: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(normalised entry, value) in the vocabulary's order, empty entries left out; and the entries."""
    words = tuple((w, value) for word, value in items if (w := norm(word)))
    return words, tuple(w for w, _ in words)


def word_to_status(text: str, profile: Profile) -> str | None:
    """A status cell's word(s) or emoji: the whole cell ("Grön"), its first word(s)
    ("Delvis uppfyllt – se kommentar"), else a narrative phrase in it ("Målet är inte uppnått")."""
    words = profile.scorecard.status_words
    return (words.get(norm(text)) or leading_word(text, words)
            or (found[0] if (found := find_phrase(text, narrative_phrases(profile))) else None))


def phrase_to_state(text: str, sc: ScorecardSettings) -> str | None:
    """An activity's or assignment's state from the first word(s) of a cell: "Pågår" ->
    in_progress, "Avslutad 2026-01-15" -> done, "Ej påbörjad" -> not_started."""
    return leading_word(text, sc.state_words)


def apply_narrative(reading: StatusReading, status: str | None, evidence: str | None,
                    is_forecast: bool = False) -> StatusReading:
    """The precedence rule (module docstring): the cell's status stands; a current narrative
    statement is kept as evidence and fills the status only where the cell gave none."""
    if evidence is None or is_forecast:
        return reading
    if reading.status is None and status is not None:
        return dataclasses.replace(reading, status=status, source="narrative", evidence=evidence)
    return dataclasses.replace(reading, evidence=evidence)

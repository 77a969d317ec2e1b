"""Status stated in prose (``evidence.phrases.v1``): "Målet är alltså inte uppnått",
"målet är delvis uppnått", "blir svårt att uppnå".

Steps: ``status.sentence_to_status`` (the longest profile phrase in a sentence that names a
goal; forecast when a forecast marker is there too; never a legend entry such as "● Målet är
uppnått") -> ``StatusEvidence`` per sentence; the status stage (``pipeline.status.precedence``)
applies the one precedence rule of ``pipeline.status.phrases.apply_narrative``: a mark's status stands and the sentence
is kept as evidence; the narrative fills the status only where no mark gave one; a forecast
("Målet bedöms vara uppnått vid årets slut" says nothing about April) never counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.model import StatusEvidence
from pipeline.status.phrases import (
    StatusPhrases,
    StatusStatement,
    is_legend_entry,
    sentence_to_status,
)

__all__ = ["Sentence", "StatusPhrases", "StatusStatement", "sentence_to_status", "sentences_to_evidence"]


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

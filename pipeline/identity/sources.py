"""Where a part of a report's identity was read, and how far that place is trusted.

Every one of organisation, committee, report kind and period is a ``Found``: its value, how the
document prints it, the place it came from (``IdentitySource``) and a confidence. A reader looks
at the metadata, the title page and the running headers first; the body (opening phrases, contact
blocks, how often a name recurs) next; the file name only when the document says nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class IdentitySource(StrEnum):
    METADATA = "metadata"  # PDF Title, Subject, Author
    TITLE = "title"  # the title page (a text export: the lines before the table of contents)
    HEADER = "header"  # running headers and footers
    BODY = "body"  # the text: an opening phrase, a contact block, a name that recurs
    FILENAME = "filename"  # last resort; always said in a warning
    PROFILE = "profile"  # the organisation of a profile given with --profile


# how far each place is trusted; a body reading by recurrence alone is weaker than a body phrase
CONFIDENCE: dict[IdentitySource, float] = {
    IdentitySource.TITLE: 0.95, IdentitySource.METADATA: 0.9, IdentitySource.HEADER: 0.9,
    IdentitySource.BODY: 0.75, IdentitySource.PROFILE: 0.9, IdentitySource.FILENAME: 0.3,
}
BODY_RECURRENCE_CONFIDENCE = 0.6  # named most often in the body, by no phrase that says it wrote it


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    value: T
    printed: str | None
    source: IdentitySource
    confidence: float

    @classmethod
    def at(cls, value: T, printed: str | None, source: IdentitySource, confidence: float | None = None) -> Found[T]:
        return cls(value, printed, source, CONFIDENCE[source] if confidence is None else confidence)

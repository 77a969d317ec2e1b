"""Swedish language stage: links narrative -> metric, facts, entities, status evidence.

Placeholder until the NLP work lands (issue 4): returns the extraction unchanged.
"""

from __future__ import annotations

from pipeline.model import Extraction
from pipeline.profile import Profile


def analyse(ex: Extraction, profile: Profile) -> Extraction:
    return ex

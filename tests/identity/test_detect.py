"""Committee names found in a report's text."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, committee, printed", [
    ("Nämnden för Intraservice, Göteborgs Stad", "namnden-for-intraservice", "Nämnden för Intraservice"),
    ("Nämnden för arbetsmarknad, vuxenutbildning och integration", "namnden-for-arbetsmarknad-vuxenutbildning-och-integration",
     "Nämnden för arbetsmarknad, vuxenutbildning och integration"),
    ("Månadsuppföljning oktober 2025 Tekniska nämnden", "tekniska-namnden", "Tekniska nämnden"),
    ("Delårsrapport 2025 Regionala utvecklingsnämnden", "regionala-utvecklingsnamnden",
     "Regionala utvecklingsnämnden"),
    ("Bilaga Kulturnämnden", "kulturnamnden", "Kulturnämnden"),  # "Bilaga" is no adjective
])
def test_identity_committee_phrases(text, committee, printed):
    from pipeline.identity.detect import committee_in
    from pipeline.settings.profile import load_profile

    assert committee_in(text, load_profile("default").report) == (committee, printed)


def test_identity_full_committee_name_is_cut_at_its_own_offsets():
    # regression: the name was found in text.lower() and cut from the text at that offset, but
    # "İ" lowers to two characters, so every "İ" before the name shifted the cut by one
    from pipeline.identity.detect import full_committee_name
    from pipeline.model import Document
    from pipeline.settings.profile import load_profile

    text = "İSTANBUL-İZMİR. Regionala utvecklingsnämnden (RUN) har sammanträtt."
    doc = Document(source_path="x.txt", source_format="text", sha256="0" * 64, text=text, blocks=())
    assert full_committee_name(doc, "run", "RUN", load_profile("region-norrbotten").report) == "Regionala utvecklingsnämnden"

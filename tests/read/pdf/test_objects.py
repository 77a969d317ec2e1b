"""pipeline.read.pdf.objects builds the object dicts the reader uses itself: they must equal
pdfplumber's own, key for key, on every rendering we have."""

from __future__ import annotations

import pdfplumber
import pytest

from pipeline.read.pdf.objects import KINDS, page_objects
from tests.conftest import ROOT

PDFS = sorted([*ROOT.glob("samples/**/*.pdf"), *ROOT.glob("tests/fixtures/**/*.pdf")])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_page_objects_equal_pdfplumbers_for_the_keys_built(path):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:4]:
            ours, theirs = page_objects(page), page.objects
            for kind in KINDS:
                mine, ref = ours[kind], theirs.get(kind, [])
                assert len(mine) == len(ref), (page.page_number, kind)
                for a, b in zip(mine, ref, strict=True):
                    assert {k: v for k, v in a.items() if k != "stream"} == \
                        {k: b.get(k) for k in a if k != "stream"}, (page.page_number, kind)
                    assert a.get("stream") is b.get("stream")

"""The memory-mapped lemma table: simplemma's answers, rebuilt when corrupt."""

from __future__ import annotations

import re

import pytest
import simplemma

from pipeline.text import lemmas
from tests.conftest import TEXT_2021, TEXT_2022


def _words() -> list[str]:
    text = TEXT_2021.read_text(encoding="utf-8") + TEXT_2022.read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"\w+", text)))
    return words + [w.lower() for w in words]


def test_speed_mapped_lemma_table_gives_simplemmas_lemmas(tmp_path):
    table = lemmas.load_table(tmp_path)
    assert lemmas.table_path(tmp_path).exists()
    words = _words()
    assert isinstance(table, lemmas.MappedTable)
    got = [lemmas.lemmatize(w, greedy=g) for w in words for g in (True, False)] + [lemmas.is_known(w) for w in words]
    want = [simplemma.lemmatize(w, lang="sv", greedy=g) for w in words for g in (True, False)] + \
        [simplemma.is_known(w, lang="sv") for w in words]
    assert got == want


def test_speed_corrupt_lemma_table_is_rebuilt(tmp_path):
    path = lemmas.table_path(tmp_path)
    good = lemmas.load_table(tmp_path)
    answer = good.get("insatserna")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte somewhere in the records
    path.write_bytes(bytes(data))
    with pytest.raises(lemmas.CorruptTable):
        lemmas.open_table(path)
    assert lemmas.load_table(tmp_path).get("insatserna") == answer
    path.write_bytes(b"PLEMMA01")  # truncated
    assert lemmas.load_table(tmp_path).get("insatserna") == answer

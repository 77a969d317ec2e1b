"""The external gold's scorer finds documents by sha256 and names the ones it cannot find."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from pipeline.model import ReportMeta
from tests.real.external import EXTERNAL, external_golds, identity_misses, locate
from tests.real.score import score_external


def _gold(folder, name, data: bytes, **report):
    sha = hashlib.sha256(data).hexdigest()
    (folder / f"{name}.gold.json").write_text(json.dumps({
        "source": {"repo": "someone/reports", "path": f"docs/{name}.pdf", "commit": "c0ffee", "sha256": sha},
        "report": report, "goals": [], "activities": [], "assignments": [], "metrics": []}), encoding="utf-8")
    return sha


def test_documents_are_found_by_sha256_not_by_name(tmp_path):
    golds, docs = tmp_path / "gold", tmp_path / "docs"
    golds.mkdir()
    (docs / "deep").mkdir(parents=True)
    _gold(golds, "kept", b"%PDF-1.4 kept")
    _gold(golds, "gone", b"%PDF-1.4 gone")
    (docs / "deep" / "renamed.pdf").write_bytes(b"%PDF-1.4 kept")  # another name, the same bytes
    (docs / "gone.pdf").write_bytes(b"%PDF-1.4 gone, then edited")  # the gold's name, other bytes
    located = locate(external_golds(golds), docs)
    assert [(g.name, p.name) for g, p in located.found] == [("kept", "renamed.pdf")]
    assert [g.name for g in located.missing] == ["gone"]


def test_a_missing_document_is_printed_with_its_source(tmp_path, capsys):
    golds, docs = tmp_path / "gold", tmp_path / "docs"
    golds.mkdir()
    docs.mkdir()
    sha = _gold(golds, "gone", b"%PDF-1.4 gone")
    score_external(docs, external_golds(golds))
    out = capsys.readouterr().out
    assert "0 of 1 documents" in out
    assert f"MISSING gone: no file with sha256 {sha}" in out
    assert "someone/reports docs/gone.pdf @ c0ffee" in out


def test_identity_misses_name_each_wrong_field(tmp_path):
    _gold(tmp_path, "x", b"x", organisation="hagfors-kommun", committee=None, report_kind="rsa",
          period_start="2023-01-01", period_end="2026-12-31")
    meta = ReportMeta(report_id="r", title="t", organisation="hagfors-kommun", committee="kommunstyrelsen",
                      report_kind="rsa", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))
    assert identity_misses(tmp_path / "x.gold.json", meta) == [
        "committee: gold None, found 'kommunstyrelsen'", "period_end: gold '2026-12-31', found '2023-12-31'"]


def test_every_committed_external_gold_names_its_source():
    for g in external_golds(EXTERNAL):
        assert len(g.sha256) == 64 and g.source.count(" ") >= 3, g.name

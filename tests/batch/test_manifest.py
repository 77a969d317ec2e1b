"""The manifest's journal and JSON mirror."""

from __future__ import annotations

import json

from pipeline.batch.corpus import read_manifest, run_corpus
from tests.fakes_batch import fake_extract, write_spec


def test_speed_in_process_crashed_marker_is_not_fsynced(tmp_path, monkeypatch):
    # the marker need only outlive the process (the crash test in test_inprocess); the outcome is durable
    from pipeline.batch.manifest import Journal

    lines, append = [], Journal._append
    monkeypatch.setattr(Journal, "_append", lambda self, line, durable=True:
                        lines.append((json.loads(line)["entry"]["status"], durable)) or append(self, line, durable))
    write_spec(tmp_path / "src" / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([tmp_path / "src"], tmp_path / "out", extract=fake_extract, workers=1, progress=False)
    assert lines == [("crashed", False), ("ok", True)]


def test_speed_manifest_mirror_that_does_not_match_is_ignored(tmp_path):
    """The JSON mirror is read only with the sha256 of the manifest it was written with: an old
    mirror (a manifest written by another version, a crash between the renames) is ignored."""
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    mirror = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert [e["report_id"] for e in mirror["entries"]] == ["r.a"]
    mirror["entries"][0]["report_id"] = "stale"
    (out / "_manifest.json").write_text(json.dumps(mirror), encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["stale"]  # the hash still matches
    mirror["manifest_sha256"] = "0" * 64
    (out / "_manifest.json").write_text(json.dumps(mirror), encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]  # the Parquet file decides
    (out / "_manifest.json").write_text("{not json", encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]


def test_manifest_written_in_batches_reads_back_whole(tmp_path, monkeypatch):
    # a manifest of more entries than one batch is written a batch at a time (row groups, and the
    # mirror line by line): the Parquet file and the mirror each give every entry back
    from pipeline.batch import manifest

    src, out = tmp_path / "src", tmp_path / "out"
    for k in range(5):
        write_spec(src / f"{k}.txt", f"r.{k}", [("F", f"Antal möten {k}", "150", "◇", None)])
    monkeypatch.setattr(manifest, "MANIFEST_BATCH", 2)
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    whole = read_manifest(out)
    assert sorted(e.report_id for e in whole.values()) == [f"r.{k}" for k in range(5)]
    assert all(e.files and e.stamps for e in whole.values())
    import pyarrow.parquet as pq

    assert pq.ParquetFile(out / manifest.MANIFEST).num_row_groups == 3
    (out / manifest.MIRROR).unlink()
    from_parquet = read_manifest(out)
    assert from_parquet == whole and all(e.stamps == () for e in from_parquet.values())

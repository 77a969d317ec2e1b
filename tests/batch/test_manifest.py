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
    head, *lines = (out / "_manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["report_id"] for e in entries] == ["r.a"] and json.loads(head)["entries"] == 1

    def mirror(head: dict, entries: list[dict]) -> None:
        text = "".join(json.dumps(x) + "\n" for x in [head, *entries])
        (out / "_manifest.jsonl").write_text(text, encoding="utf-8")

    mirror(json.loads(head), [dict(entries[0], report_id="stale")])
    assert [e.report_id for e in read_manifest(out).values()] == ["stale"]  # the hash still matches
    mirror(dict(json.loads(head), manifest_sha256="0" * 64), entries)
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]  # the Parquet file decides
    mirror(dict(json.loads(head), entries=2), entries)  # an entry short of its count
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]
    (out / "_manifest.jsonl").write_text("{not json", encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]


def test_mirror_of_an_earlier_version_is_read_once_then_removed(tmp_path):
    # the mirror used to be one JSON value in _manifest.json: after an upgrade it is read (its
    # stamps spare the first run hashing every file again), and the manifest's next write removes it
    import hashlib

    from pipeline.batch import manifest

    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    head, *lines = (out / manifest.MIRROR).read_text(encoding="utf-8").splitlines()
    sha = hashlib.sha256((out / manifest.MANIFEST).read_bytes()).hexdigest()
    old = {"manifest_sha256": sha, "entries": [dict(json.loads(line), report_id="from-old") for line in lines]}
    (out / manifest.MIRROR).unlink()
    (out / manifest.OLD_MIRROR).write_text(json.dumps(old), encoding="utf-8")
    (entry,) = read_manifest(out).values()
    assert entry.report_id == "from-old" and entry.stamps  # the Parquet file has no stamps
    (src / "b.txt").write_text((src / "a.txt").read_text(encoding="utf-8").replace("r.a", "r.b"), encoding="utf-8")
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    assert not (out / manifest.OLD_MIRROR).exists() and (out / manifest.MIRROR).exists()


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


def test_file_records_are_packed_and_read_as_named_tuples():
    # an entry keeps its files' records and stamps as one packed value each (issue 23: a parent
    # holding 20,000 entries), which reads, compares, hashes and pickles as the tuples it was made of
    import pickle
    from dataclasses import replace

    from pipeline.batch.manifest import FileRecord, FileRecords, FileStamp, ManifestEntry

    records = (FileRecord("metrics", 1234, "ab" * 32), FileRecord("reports", 5678, "not a digest"))
    stamps = (FileStamp("metrics", 1_796_000_000_123_456_789, 1_796_000_000_987_654_321, 2**40),)
    e = ManifestEntry("a.txt", "f" * 64, 10, "text", "r.a", "ok", None, "0.3.0", "auto", "h", None, None,
                      files=records, stamps=stamps)
    assert isinstance(e.files, FileRecords)
    assert tuple(e.files) == records and e.files == records and records == e.files
    assert e.files[1].sha256 == "not a digest" and e.files[-1:] == records[-1:] and len(e.files) == 2
    assert list(e.stamps) == list(stamps) and e.stamps[0].ino == 2**40
    assert hash(e.files) == hash(FileRecords(records))
    assert pickle.loads(pickle.dumps(e)) == e and pickle.loads(pickle.dumps(e)).stamps == stamps
    assert replace(e, files=()).files == () and not replace(e, files=()).files
    assert e == replace(e, files=list(records))  # made from any sequence of records
    # rows for Arrow and JSON are tuples, as before the packing
    from pipeline.batch.manifest import entry_to_row

    assert entry_to_row(e)["files"] == records

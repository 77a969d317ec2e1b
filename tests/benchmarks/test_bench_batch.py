"""The synthetic archive of the batch benchmarks (``benchmarks.bench_batch.make_corpus``)."""

from pathlib import Path

from benchmarks.bench_batch import report_identity


def test_identities_are_distinct_at_archive_scale():
    # regression: past 900 reports the years ran beyond 2099, which is no period, and thousands of
    # reports collided on one id, so the archive benchmark measured duplicate handling instead
    ids = [report_identity(i) for i in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert all(2000 <= year <= 2099 for _, _, year, _ in ids)


def test_first_reports_unchanged(tmp_path: Path):
    # the small benchmarks and the tests built on them keep their corpus
    from benchmarks.bench_batch import make_corpus

    paths = make_corpus(tmp_path, 10)
    assert [p.name for p in paths[:4]] == ["run-2000-0.txt", "run-2000-1.txt", "run-2000-2.txt", "rs-2000-0.txt"]
    assert paths[0].read_text(encoding="utf-8").count("Region Norrbotten") > 10

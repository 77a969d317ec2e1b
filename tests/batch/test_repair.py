"""A re-run repairs OUT: a report whose files are not as recorded is extracted again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.batch.check import check_out
from pipeline.batch.corpus import run_corpus
from tests.conftest import TEXT_2021, TEXT_2022
from tests.fakes_batch import datasets_snapshot

R2021 = "region-norrbotten.run.delarsrapport.2021-04.parquet"
R2022 = "region-norrbotten.run.delarsrapport.2022-04.parquet"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = tmp_path_factory.mktemp("src")
    for name in (TEXT_2021, TEXT_2022):
        shutil.copy(name, src / name.name)
    out = tmp_path_factory.mktemp("pristine") / "out"
    run_corpus([src], out, workers=2, progress=False)
    mp.undo()
    return src, out, datasets_snapshot(out)


def _copy(out: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "out"
    shutil.copytree(out, dst)
    return dst


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_repair_truncated_deleted_and_replaced_files_come_back_byte_identical(extracted, tmp_path):
    src, pristine, before = extracted
    out = _copy(pristine, tmp_path)
    metrics = out / "metrics" / R2021
    metrics.write_bytes(metrics.read_bytes()[:100])  # truncated
    (out / "goals" / R2022).unlink()  # deleted
    _flip_a_byte(out / "sections" / R2021)  # replaced, same size
    (out / "changes" / R2022).write_bytes((out / "changes" / R2021).read_bytes())  # replaced by another file
    (out / "metric_keys" / R2022).unlink()  # the key registry too
    assert len(check_out(out)) == 5

    s = run_corpus([src], out, workers=2, progress=False)
    assert (s.done, s.skipped) == (2, 0)
    assert datasets_snapshot(out) == before
    assert check_out(out) == []
    again = run_corpus([src], out, workers=2, progress=False)
    assert (again.done, again.skipped) == (0, 2)  # repaired: unchanged from now on


def test_repair_redoes_only_the_damaged_report(extracted, tmp_path):
    src, pristine, before = extracted
    out = _copy(pristine, tmp_path)
    _flip_a_byte(out / "facts" / R2022)
    s = run_corpus([src], out, workers=2, progress=False)
    assert (s.done, s.skipped) == (1, 1)
    assert [b.report_id for b in s.reports] == [R2022.removesuffix(".parquet")]
    assert datasets_snapshot(out) == before
    assert check_out(out) == []


def test_repair_unchanged_rerun_hashes_no_file_whose_stamp_is_recorded(extracted, tmp_path, monkeypatch):
    # a no-op re-run stats each report file; it hashes only files whose stamp changed (a copied
    # OUT: every file once, then recorded with its new stamp)
    from pipeline.batch import check

    src, pristine, before = extracted
    out = _copy(pristine, tmp_path)  # new inodes: every stamp differs from the recorded one
    hashed: list[Path] = []
    real = check.sha256_file
    monkeypatch.setattr(check, "sha256_file", lambda p: hashed.append(p) or real(p))
    s = run_corpus([src], out, workers=2, progress=False)
    assert (s.done, s.skipped) == (0, 2)
    assert len(hashed) == 2 * len(check.REPORT_FILES)  # every file of both reports, once
    hashed.clear()
    again = run_corpus([src], out, workers=2, progress=False)
    assert (again.done, again.skipped) == (0, 2)
    assert hashed == []
    assert datasets_snapshot(out) == before


def test_repair_replaced_file_with_its_size_and_mtime_kept_is_found(extracted, tmp_path):
    # the stamp includes ctime, which no tool can set back: a same-size replacement whose mtime
    # was restored (cp -p, touch -r) is still hashed, found and repaired
    import os

    src, pristine, before = extracted
    out = _copy(pristine, tmp_path)
    run_corpus([src], out, workers=2, progress=False)  # records the copy's stamps
    path = out / "sections" / R2021
    st = path.stat()
    _flip_a_byte(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    s = run_corpus([src], out, workers=2, progress=False)
    assert (s.done, s.skipped) == (1, 1)
    assert datasets_snapshot(out) == before

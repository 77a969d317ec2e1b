"""pipeline.output.files: the one atomic writer of OUT."""

from __future__ import annotations

import errno
import hashlib
import os
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.output import files
from pipeline.output.files import mkstemp_beside, write_files_atomically


def _group(root, n=5):
    return [(root / f"d{i}" / "r.parquet", f"new {i}".encode()) for i in range(n)]


def test_files_every_file_is_fsynced_before_the_first_rename(tmp_path, monkeypatch):
    events, lock = [], threading.Lock()
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        real_fsync(fd)
        with lock:
            events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))

    def replace(src, dst):
        with lock:
            events.append(("rename", str(src)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    group = _group(tmp_path)
    assert write_files_atomically(group) == [p for p, _ in group]
    kinds = [k for k, _ in events]
    assert kinds == ["fsync"] * len(group) + ["rename"] * len(group)
    assert sorted(p for k, p in events if k == "fsync") == sorted(p for k, p in events if k == "rename")
    assert [p.read_bytes() for p, _ in group] == [d for _, d in group]


def test_files_a_failed_fsync_leaves_the_old_files_and_no_temp_file(tmp_path, monkeypatch):
    group = _group(tmp_path)
    write_files_atomically([(p, b"old") for p, _ in group])
    real_fsync, calls = os.fsync, []

    def full(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left on device"):
        write_files_atomically(group)
    assert [p.read_bytes() for p, _ in group] == [b"old"] * len(group)
    assert sorted(q.name for p, _ in group for q in p.parent.iterdir()) == ["r.parquet"] * len(group)


def test_files_fsync_without_threads_is_done_by_the_caller(tmp_path, monkeypatch):
    class NoThreads:
        def submit(self, *a):
            raise RuntimeError("can't start new thread")

    monkeypatch.setattr(files, "_fsync_pool", NoThreads)
    group = _group(tmp_path)
    write_files_atomically(group)
    assert [p.read_bytes() for p, _ in group] == [d for _, d in group]


def test_files_fsyncs_run_at_once_and_all_finish_before_an_error_is_raised(tmp_path, monkeypatch):
    """The first error by position is raised, after every fsync of the group has returned."""
    real_fsync, lock = os.fsync, threading.Lock()
    started, finished, in_flight = [], [], threading.Barrier(3, timeout=10)
    fds = [os.open(tmp_path / f"f{i}", os.O_RDWR | os.O_CREAT) for i in range(6)]

    def fsync(fd):
        with lock:
            started.append(fd)
            k = len(started)
        if k <= 3:
            in_flight.wait()  # three fsyncs are running at once, or this times out
        real_fsync(fd)
        with lock:
            finished.append(fd)
        if fd in (fds[4], fds[1]):
            raise OSError(errno.EIO, f"eio at {fds.index(fd)}")

    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(3)
    monkeypatch.setattr(files, "_fsync_pool", lambda: pool)
    monkeypatch.setattr(os, "fsync", fsync)
    try:
        with pytest.raises(OSError, match="eio at 1"):
            files.fsync_all(fds)
        assert len(finished) == len(fds)
        assert sorted(started) == sorted(fds)
    finally:
        for fd in fds:
            os.close(fd)


def test_files_temp_names_are_unique_and_skip_a_left_over_name(tmp_path, monkeypatch):
    path = tmp_path / "r.parquet"
    monkeypatch.setattr(files, "_temp_seq", iter(range(3)))
    (tmp_path / f".r.parquet.{os.getpid()}-0.tmp").write_bytes(b"from a killed run")
    fd1, tmp1 = mkstemp_beside(path)
    fd2, tmp2 = mkstemp_beside(path)
    os.close(fd1)
    os.close(fd2)
    assert [os.path.basename(t) for t in (tmp1, tmp2)] == [f".r.parquet.{os.getpid()}-{i}.tmp" for i in (1, 2)]
    assert oct(os.stat(tmp1).st_mode & 0o777) == oct(0o600)  # as mkstemp's: FILE_MODE comes after the write
    assert files.remove_temp_files(tmp_path.parent, [tmp_path.name]) == 3


def test_files_temp_file_directory_is_made_when_missing(tmp_path):
    fd, tmp = mkstemp_beside(tmp_path / "a" / "b" / "r.parquet")
    os.close(fd)
    assert os.path.dirname(tmp) == str(tmp_path / "a" / "b")


def _stem_by_characters(report_id: str) -> str:
    """The rule file_stem keeps: every character not alphanumeric or .-_ becomes _, plus a hash."""
    safe = "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in report_id)
    if safe != report_id:
        safe += "-" + hashlib.sha1(report_id.encode()).hexdigest()[:8]
    return safe


@given(st.text(max_size=30) | st.from_regex(r"[a-z0-9.\-_]{0,30}", fullmatch=True))
def test_files_stem_shortcut_for_slugs_is_the_character_rule(report_id):
    assert files.file_stem(report_id) == _stem_by_characters(report_id)


@pytest.mark.parametrize("report_id", ["region-norrbotten.run.delarsrapport.2021-04", "", "a b", "å.ö", "x/y",
                                       "Ⅻ", "ab\u0301", "a\x00b", "A_Z-09."])
def test_files_stem_examples(report_id):
    assert files.file_stem(report_id) == _stem_by_characters(report_id)


def test_files_built_aside_replaces_whole_or_leaves_the_old(tmp_path):
    # the one atomic writer for path writers (DuckDB, spaCy's to_disk): no half file, no temp left
    from pipeline.output.files import built_aside

    target = tmp_path / "w.db"
    target.write_text("old")
    with pytest.raises(RuntimeError), built_aside(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["w.db"]
    with built_aside(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["w.db"]
    with built_aside(tmp_path / "d", directory=True) as tmp:
        (tmp / "config.cfg").write_text("x")
    assert (tmp_path / "d" / "config.cfg").read_text() == "x"

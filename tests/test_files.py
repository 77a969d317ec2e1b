"""pipeline.files: the one atomic writer of OUT."""

from __future__ import annotations

import errno
import os
import threading

import pytest

from pipeline import files
from pipeline.files import mkstemp_beside, write_files_atomically


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


def test_files_temp_file_directory_is_made_when_missing(tmp_path):
    fd, tmp = mkstemp_beside(tmp_path / "a" / "b" / "r.parquet")
    os.close(fd)
    assert os.path.dirname(tmp) == str(tmp_path / "a" / "b")

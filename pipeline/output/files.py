"""Files under OUT: atomic replacement of a group of files, and safe file names.

No pyarrow here: a run with nothing to extract reads and writes through this module only.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from functools import cache
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# errors of the disk under OUT, not of one report: the batch stops instead of recording them
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def is_disk_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in DISK_ERRNOS


FILE_MODE = 0o666 & ~_umask()  # mkstemp makes 0600 files; readers (BI, other users) need the umask's


# fsyncs in flight at once: a report has ~13 files. The file system commits concurrent fsyncs
# in one journal commit and disk flush (ext4, xfs), where one after the other costs a commit each.
FSYNC_THREADS = 16

_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC  # mkstemp's
_temp_seq = itertools.count()


def mkstemp_beside(path: Path) -> tuple[int, str]:
    """``tempfile.mkstemp`` beside ``path`` (same flags and 0600 mode), with a name from this
    process's id and a counter instead of random letters: unique among this process's files,
    and O_EXCL skips a name a killed process left behind. Cheaper than mkstemp's name maker."""
    parent, name, pid = os.fspath(path.parent), path.name, os.getpid()
    for _ in range(tempfile.TMP_MAX):
        tmp = os.path.join(parent, f".{name}.{pid}-{next(_temp_seq)}.tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:  # the directory's first file: make it only then (a syscall saved per file)
            path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
    raise FileExistsError(errno.EEXIST, "no usable temporary name", str(path))


@contextmanager
def built_aside(target: Path, directory: bool = False) -> Iterator[Path]:
    """A temporary path beside ``target`` for a writer that needs a path (DuckDB, spaCy's
    ``to_disk``); renamed over ``target`` when the block ends without an error, removed either
    way: a reader never sees half of it. For bytes, ``write_files_atomically``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)) if directory \
        else target.with_name(f".{target.name}.{os.getpid()}-{next(_temp_seq)}.tmp")
    try:
        yield tmp
        if directory:
            shutil.rmtree(target, ignore_errors=True)  # a stale or broken copy under the same name
        os.replace(tmp, target)
    finally:
        if directory:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            Path(tmp).unlink(missing_ok=True)


@cache
def _fsync_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(FSYNC_THREADS, thread_name_prefix="pipeline-fsync")


def fsync_all(fds: list[int]) -> None:
    """fsync every file; returns when all are on disk, raises the first error (ENOSPC, EIO)."""
    if len(fds) == 1:
        os.fsync(fds[0])
        return
    pending = []
    try:
        for fd in fds:
            pending.append(_fsync_pool().submit(os.fsync, fd))  # os.fsync releases the GIL
    except RuntimeError:  # no thread to be had (a limit, interpreter exit): this thread does the rest
        for fd in fds[len(pending):]:
            os.fsync(fd)
    wait(pending)  # all of them, so no fsync still runs when the caller closes the files
    for f in pending:
        f.result()


_WRITE_LOGS: list[set[str]] = []  # open ``write_log`` sets: stems written while each is open


@contextmanager
def write_log() -> Iterator[set[str]]:
    """The file stems (names without suffix: a report's id) of the files ``write_files_atomically``
    replaces while the block runs: a batch records the size and sha256 of every report file it
    wrote, wherever in the pipeline the write happened. Stems, not paths: one short string per
    report, not a dozen paths, in a batch of 100,000 reports."""
    log: set[str] = set()
    _WRITE_LOGS.append(log)
    try:
        yield log
    finally:
        _WRITE_LOGS.remove(log)


def write_files_atomically(files: Iterable[tuple[Path, bytes]], durable: bool = True) -> list[Path]:
    """Replace several files, each atomically, in the given order (put the file that marks the
    group complete last). All are written under temporary names first and fsynced together, then
    renamed: one round of disk flushes per group instead of one per file (``fsync_all``), and a
    crash (kill -9 or power loss) leaves every path with its old or its complete new bytes, never
    a partial file. ``durable=False`` skips the fsync, for a file whose loss in a power cut costs
    only time: a kill still leaves old or new bytes."""
    staged: list[tuple[str, Path]] = []
    try:
        fds = []
        try:
            for path, data in files:
                fd, tmp = mkstemp_beside(path)
                fds.append(fd)
                staged.append((tmp, path))
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fchmod(fd, FILE_MODE)
            if durable:
                fsync_all(fds)  # after all writes, every rename after all fsyncs
        finally:
            for fd in fds:
                os.close(fd)
        for tmp, path in staged:
            os.replace(tmp, path)
        for log in _WRITE_LOGS:
            log.update(path.stem for _, path in staged)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    return [path for _, path in staged]


def remove_temp_files(out_dir: Path, dirnames: Iterable[str]) -> int:
    """Delete the temporary files a killed writer left behind (readers never see them)."""
    n = 0
    for d in dirnames:
        for p in (Path(out_dir) / d).glob(".*.tmp"):  # mkstemp_beside names: .NAME.PID-N.tmp
            p.unlink(missing_ok=True)
            n += 1
    return n


_ASCII_STEM = re.compile(r"[A-Za-z0-9._-]*")  # str.isalnum() on ASCII is [A-Za-z0-9]


def short_hash(raw: str) -> str:
    """The one short hash that keeps slugs apart: 8 hex digits of SHA-1 (keys, file names, page
    names). Changing it changes every key and file name: a new contract version."""
    return hashlib.sha1(raw.encode()).hexdigest()[:8]


def dataset_file(out_dir: str | Path, dataset: str, report_id: str) -> Path:
    """The one path of a report's file in a dataset: ``OUT/<dataset>/<file_stem>.parquet``
    (``file_stem`` of a stem is that stem, so a caller may pass either)."""
    return Path(out_dir) / dataset / f"{file_stem(report_id)}.parquet"


def file_stem(report_id: str) -> str:
    """File name for a report's rows; report ids are slugs, but guard against odd ones."""
    if report_id.isascii() and _ASCII_STEM.fullmatch(report_id):
        return report_id  # a slug, the usual case: one regex, not a Python loop over its characters
    safe = "".join(ch if ch.isalnum() or ch in ".-_" else "_" for ch in report_id)
    if safe != report_id:
        safe += "-" + short_hash(report_id)
    return safe

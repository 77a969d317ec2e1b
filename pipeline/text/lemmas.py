"""simplemma's Swedish lemma table, read in place from a file instead of decoded per process.

simplemma ships its table compressed and front-coded; decoding it into a dict of ~1 M entries
takes ~1 s in every process that lemmatises a word (the largest share of a one-file run). Here
the table is decoded once per machine into a hash table file under the user's cache directory
(``pipeline.settings.cache.cache_dir``), keyed by simplemma's version; later processes look words
up in it in place (``pread``: no resident memory for the pages looked at). The lemmas are
simplemma's own: same strategies, same data, only the dictionary backend differs, so results
are identical (a test checks them word by word).

File layout (little endian): header ``MAGIC, n_slots, n_entries, data_crc32``; ``n_slots``
uint32 slots holding a record offset (0 = empty), open addressing by ``crc32(key)`` with linear
probing; then records ``klen u16, vlen u16, key, value``. A file that fails its checks (size,
magic, crc of the whole body) is rebuilt; a cache directory that cannot be written falls back
to simplemma's in-memory table.
"""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from pipeline.output.files import write_files_atomically

LANG = "sv"
FORMAT = 1  # bump when the file layout changes
MAGIC = b"PLEMMA01"
_HEADER = struct.Struct("<8sIII")  # magic, n_slots, n_entries, crc32 of everything after the header
_SLOT = struct.Struct("<I")
_REC = struct.Struct("<HH")
LOAD_FACTOR = 0.5  # slots per entry, inverted: half-empty tables keep probe runs short
CRC_CHUNK = 1 << 20  # the file is read this much at a time for its checksum
VALUE_GUESS = 48  # bytes of a record's lemma read with its key (longer lemmas take a second read)


class CorruptTable(ValueError):
    """The cached file is not a complete table of this format."""


def table_path(cache_dir: Path) -> Path:
    import simplemma

    version = getattr(simplemma, "__version__", "unknown")
    return cache_dir / f"lemmas-{LANG}-simplemma{version}-f{FORMAT}.bin"


def _source_table() -> dict[bytes, bytes]:
    """simplemma's own decoded table (slow: the cost this module saves)."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    return _load_dictionary_from_disk(LANG)


def encode_table(entries: Mapping[bytes, bytes]) -> bytes:
    n_slots = 1 << max(4, (int(len(entries) / LOAD_FACTOR)).bit_length())
    mask = n_slots - 1
    slots = [0] * n_slots
    body_start = _HEADER.size + n_slots * _SLOT.size
    records = bytearray()
    for key, value in entries.items():
        off = body_start + len(records)
        records += _REC.pack(len(key), len(value)) + key + value
        i = zlib.crc32(key) & mask
        while slots[i]:
            i = (i + 1) & mask
        slots[i] = off
    body = struct.pack(f"<{n_slots}I", *slots) + bytes(records)
    return _HEADER.pack(MAGIC, n_slots, len(entries), zlib.crc32(body)) + body


class FileBytes:
    """A file read in place with ``pread``, sliced like bytes: looked-up words cost no resident
    memory (a mapping keeps every page it touched: a report's few thousand words touch most of
    the table's 34 MB)."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        self._size = os.fstat(self._fd).st_size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self._size)
        return os.pread(self._fd, max(0, stop - start), start)

    def crc32(self, start: int) -> int:
        """crc32 of the bytes from ``start`` on, read a chunk at a time."""
        crc, pos = 0, start
        while chunk := os.pread(self._fd, CRC_CHUNK, pos):
            crc, pos = zlib.crc32(chunk, crc), pos + len(chunk)
        return crc


class MappedTable(Mapping[str, str]):
    """str -> str lookups straight from the table's bytes (a file read in place, or a buffer);
    each answer is memoised."""

    def __init__(self, data: FileBytes | mmap.mmap | bytes, check: bool = True) -> None:
        if len(data) < _HEADER.size:
            raise CorruptTable("shorter than its header")
        magic, n_slots, n_entries, crc = _HEADER.unpack(data[:_HEADER.size])
        if magic != MAGIC or n_slots & (n_slots - 1) or len(data) < _HEADER.size + n_slots * _SLOT.size:
            raise CorruptTable("bad header")
        if check and (data.crc32(_HEADER.size) if isinstance(data, FileBytes)
                      else zlib.crc32(memoryview(data)[_HEADER.size:])) != crc:
            raise CorruptTable("checksum mismatch")
        self._data = data
        self._mask = n_slots - 1
        self._n = n_entries
        self._memo: dict[str, str | None] = {}

    def _lookup(self, key: str) -> str | None:
        try:
            return self._memo[key]
        except KeyError:
            pass
        kb = key.encode()
        data, mask = self._data, self._mask
        i = zlib.crc32(kb) & mask
        found = None
        while True:
            (off,) = _SLOT.unpack(data[_HEADER.size + 4 * i:_HEADER.size + 4 * i + 4])
            if not off:
                break
            rec = data[off:off + 4 + len(kb) + VALUE_GUESS]  # one read for most records
            klen, vlen = _REC.unpack(rec[:4])
            if klen == len(kb) and rec[4:4 + klen] == kb:
                end = off + 4 + klen + vlen
                found = (rec if len(rec) >= end - off else data[off:end])[4 + klen:end - off].decode()
                break
            i = (i + 1) & mask
        self._memo[key] = found
        return found

    def get(self, key, default=None):
        found = self._lookup(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> str:
        found = self._lookup(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:  # not used by the lemmatiser; complete for Mapping
        data = self._data
        pos = _HEADER.size + (self._mask + 1) * _SLOT.size
        while pos < len(data):
            klen, vlen = _REC.unpack(data[pos:pos + 4])
            yield data[pos + 4:pos + 4 + klen].decode()
            pos += 4 + klen + vlen

    def __len__(self) -> int:
        return self._n


def open_table(path: Path) -> MappedTable:
    return MappedTable(FileBytes(path))


def load_table(cache_dir: Path | None) -> Mapping[str, str]:
    """The mapped table, built on first use; simplemma's in-memory table without a cache."""
    if cache_dir is not None:
        path = table_path(cache_dir)
        try:
            return open_table(path)
        except (OSError, ValueError):  # missing, truncated, corrupt, stale layout: build again
            pass
        try:
            write_files_atomically([(path, encode_table(_source_table()))], durable=False)  # a cache
            return open_table(path)
        except (OSError, ValueError):  # read-only or full cache dir: fall through
            pass
    from simplemma.strategies.dictionaries.dictionary_factory import MappingStrToByteString

    return MappingStrToByteString(_source_table())


class _Factory:
    """A simplemma ``DictionaryFactory`` over the mapped table (Swedish only)."""

    def __init__(self) -> None:
        self._table: Mapping[str, str] | None = None

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang != LANG:
            raise ValueError(f"only {LANG!r} is cached here, not {lang!r}")
        if self._table is None:
            from pipeline.settings.cache import cache_dir

            self._table = load_table(cache_dir())
        return self._table


_FACTORY = _Factory()


@lru_cache(maxsize=2)
def _lemmatizer(greedy: bool):
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=greedy, dictionary_factory=_FACTORY))


@lru_cache(maxsize=1)
def _lookup():
    from simplemma.strategies import DictionaryLookupStrategy

    return DictionaryLookupStrategy(_FACTORY)


def lemmatize(token: str, greedy: bool = False) -> str:
    """``simplemma.lemmatize(token, lang="sv", greedy=greedy)``."""
    return _lemmatizer(greedy).lemmatize(token, LANG)


def is_known(token: str) -> bool:
    """``simplemma.is_known(token, lang="sv")``."""
    from simplemma.utils import normalize_token

    return _lookup().get_lemma(normalize_token(token), LANG) is not None

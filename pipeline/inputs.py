"""Input discovery: which files under the given paths are sources, and their identity (sha256)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SOURCE_SUFFIXES = (".pdf", ".txt")


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # absolute
    sha256: str
    size: int

    @property
    def format(self) -> str:
        return "pdf" if self.path.lower().endswith(".pdf") else "text"


def paths_to_files(paths: Iterable[Path | str]) -> list[Path]:
    files: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            files.update(f.resolve() for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES)
        elif p.is_file():
            files.add(p.resolve())
    return sorted(files)


def file_to_source(path: Path) -> Source:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return Source(str(path), h.hexdigest(), path.stat().st_size)

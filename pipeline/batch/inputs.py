"""Input discovery: which files under the given paths are sources, and their identity (sha256).

A symlink whose target lies outside every given input path is not read (a link
``passwd.txt -> /etc/passwd`` in an input directory must not end up in the datasets); it is
reported as skipped unless the caller opts in with ``follow_symlinks``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.read.sniff import FileFormat, sniff_file, source_format

SOURCE_SUFFIXES = (".pdf", ".txt")
SKIPPED_SYMLINK = "skipped_symlink"


@dataclass(frozen=True, slots=True)
class Source:
    path: str  # absolute
    sha256: str
    size: int
    sniffed: FileFormat | None = None  # what the bytes are (None: not looked at, or empty)

    @property
    def format(self) -> str:
        return source_format(self.path, self.sniffed)


@dataclass(frozen=True, slots=True)
class Inputs:
    files: tuple[Path, ...]  # resolved, sorted
    outside: tuple[Path, ...]  # symlinks (absolute, unresolved) whose target is outside the inputs


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def _walk(root: Path, follow: bool) -> Iterable[Path]:
    for dirpath, _dirs, names in os.walk(root, followlinks=follow):
        for n in names:
            if n.lower().endswith(SOURCE_SUFFIXES):
                yield Path(dirpath) / n


def find_inputs(paths: Iterable[Path | str], follow_symlinks: bool = False) -> Inputs:
    """Source files under ``paths`` (files and directories). Symlinked directories are not
    entered unless ``follow_symlinks``; a symlinked file is read only if it resolves inside one of
    the given paths (or ``follow_symlinks``)."""
    given = [Path(p) for p in paths]
    roots = [p.resolve() for p in given]
    files: set[Path] = set()
    outside: set[Path] = set()
    for p in given:
        found = _walk(p, follow_symlinks) if p.is_dir() else ([p] if p.is_file() else [])
        for f in found:
            target = f.resolve()
            if not target.is_file():
                continue
            if f is not p and f.is_symlink() and not follow_symlinks and not _inside(target, roots):
                outside.add(f.absolute())
                continue
            files.add(target)
    return Inputs(tuple(sorted(files)), tuple(sorted(outside)))


def paths_to_files(paths: Iterable[Path | str], follow_symlinks: bool = False) -> list[Path]:
    return list(find_inputs(paths, follow_symlinks).files)


def file_to_source(path: Path) -> Source:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    size = path.stat().st_size
    return Source(str(path), h.hexdigest(), size, sniff_file(path) if size else None)

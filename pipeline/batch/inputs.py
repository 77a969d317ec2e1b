"""Input discovery: which files under the given paths are sources, and their identity (sha256).

A symlink whose target lies outside every given input path is not read (a link
``passwd.txt -> /etc/passwd`` in an input directory must not end up in the datasets); it is
reported as skipped unless the caller opts in with ``follow_symlinks``. A file of another kind
in an input directory (.docx, .xlsx, an image) is listed as skipped with the reason, never
silently passed over; a file named on the command line is read whatever its name.
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
SKIPPED_UNSUPPORTED = "skipped_unsupported"
# why a file of a kind the pipeline does not read is skipped, by suffix
UNSUPPORTED_REASONS = {
    **dict.fromkeys((".docx", ".doc", ".odt", ".rtf"), "a word-processor document: not read (export it as PDF)"),
    **dict.fromkeys((".xlsx", ".xls", ".ods", ".csv"), "a spreadsheet: not read (only PDF and text reports are)"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".heic", ".webp"),
                    "an image: not read (no OCR)"),
    **dict.fromkeys((".pptx", ".ppt", ".odp"), "a presentation: not read (export it as PDF)"),
}


def unsupported_reason(path: Path) -> str:
    suffix = path.suffix.lower()
    return UNSUPPORTED_REASONS.get(suffix, f"{suffix or 'no file extension'}: not a source the pipeline reads "
                                           f"({', '.join(SOURCE_SUFFIXES)})")


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
    unsupported: tuple[tuple[Path, str], ...] = ()  # (file, why it is skipped), files of other kinds


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path == r or path.is_relative_to(r) for r in roots)


def _walk(root: Path, follow: bool, unsupported: set[Path]) -> Iterable[Path]:
    for dirpath, _dirs, names in os.walk(root, followlinks=follow):
        for n in names:
            if n.lower().endswith(SOURCE_SUFFIXES):
                yield Path(dirpath) / n
            else:
                unsupported.add((Path(dirpath) / n).absolute())


def find_inputs(paths: Iterable[Path | str], follow_symlinks: bool = False) -> Inputs:
    """Source files under ``paths`` (files and directories). Symlinked directories are not
    entered unless ``follow_symlinks``; a symlinked file is read only if it resolves inside one of
    the given paths (or ``follow_symlinks``)."""
    given = [Path(p) for p in paths]
    roots = [p.resolve() for p in given]
    files: set[Path] = set()
    outside: set[Path] = set()
    unsupported: set[Path] = set()
    for p in given:
        found = _walk(p, follow_symlinks, unsupported) if p.is_dir() else ([p] if p.is_file() else [])
        for f in found:
            target = f.resolve()
            if not target.is_file():
                continue
            if f is not p and f.is_symlink() and not follow_symlinks and not _inside(target, roots):
                outside.add(f.absolute())
                continue
            files.add(target)
    return Inputs(tuple(sorted(files)), tuple(sorted(outside)),
                  tuple((f, unsupported_reason(f)) for f in sorted(unsupported)))


def paths_to_files(paths: Iterable[Path | str], follow_symlinks: bool = False) -> list[Path]:
    return list(find_inputs(paths, follow_symlinks).files)


def file_to_source(path: Path) -> Source:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    size = path.stat().st_size
    return Source(str(path), h.hexdigest(), size, sniff_file(path) if size else None)

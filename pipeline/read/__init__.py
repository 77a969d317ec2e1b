"""Readers: source file -> Document. The only place that opens source files."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Document
from pipeline.settings.profile import Profile


class ReadError(Exception):
    """A source that cannot be read; the message says why, for the errors dataset."""


def sniff_format(path: Path, head: bytes) -> str:
    if head.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        return "pdf"
    return "text"


def read_source(path: Path, profile: Profile) -> Document:
    if not path.exists():
        raise ReadError(f"no such file: {path}")
    if not path.is_file():
        raise ReadError(f"not a file: {path}")
    data = path.read_bytes()
    if not data:
        raise ReadError("empty file (0 bytes)")
    if sniff_format(path, data[:8]) == "pdf":
        from pipeline.read.pdf import read_pdf

        return read_pdf(path, data, profile)
    from pipeline.read.text import read_text

    return read_text(path, data, profile)

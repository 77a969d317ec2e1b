"""Readers: source file -> Document. The only place that opens source files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.model import Document, ErrorReason
from pipeline.read.errors import ReadError
from pipeline.read.sniff import FileFormat, named_pdf, not_readable_message, reader_format, sniff
from pipeline.settings.profile import Profile

if TYPE_CHECKING:
    from pipeline.read.pdf import PageReader

__all__ = ["ReadError", "read_source", "sniff"]


def read_source(path: Path, profile: Profile, read_pages: PageReader | None = None) -> Document:
    """``read_pages``: how a PDF's pages are read (see ``pipeline.read.pdf.PageReader``)."""
    if not path.exists():
        raise ReadError(f"no such file: {path}")
    if not path.is_file():
        raise ReadError(f"not a file: {path}")
    data = path.read_bytes()
    if not data:
        raise ReadError("empty file (0 bytes)")
    fmt = sniff(data)
    reader = reader_format(path.name, fmt)
    if reader is None:
        reason = ErrorReason.NOT_A_PDF if named_pdf(path.name) else ErrorReason.NOT_A_SOURCE
        raise ReadError(not_readable_message(path.name, fmt), reason)
    if reader is FileFormat.PDF:
        from pipeline.read.pdf import read_pdf

        return read_pdf(path, data, profile, read_pages=read_pages)
    from pipeline.read.text import read_text

    return read_text(path, data, profile)

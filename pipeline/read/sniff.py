"""What a file is, told by its bytes, not its name: the one place that decides which reader
reads a source, and what to say about a file no reader takes ("an HTML page, not a PDF")."""

from __future__ import annotations

import io
import re
import zipfile
from enum import StrEnum
from pathlib import Path

# a PDF header may follow a little junk (pdfminer and pdfium look this far for it)
PDF_HEADER_WINDOW = 1024
# bytes looked at to tell the other formats apart
HEAD_BYTES = 4096
# more control bytes (NUL and the like; not tab or line ends) than this share of the head:
# binary data, not text
MAX_TEXT_CONTROL_SHARE = 0.01
_CONTROL = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])


class FileFormat(StrEnum):
    PDF = "pdf"
    TEXT = "text"
    HTML = "html"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODF = "odf"
    ZIP = "zip"
    OLE = "ole"  # .doc/.xls of Office 97-2003
    PNG = "png"
    JPEG = "jpeg"
    GIF = "gif"
    TIFF = "tiff"
    BINARY = "binary"


# what each format is, as a user would say it
DESCRIPTIONS = {
    FileFormat.PDF: "a PDF",
    FileFormat.TEXT: "a plain text file",
    FileFormat.HTML: "an HTML page",
    FileFormat.DOCX: "a Word document (.docx)",
    FileFormat.XLSX: "an Excel workbook (.xlsx)",
    FileFormat.PPTX: "a PowerPoint presentation (.pptx)",
    FileFormat.ODF: "an OpenDocument file (.odt/.ods)",
    FileFormat.ZIP: "a ZIP archive",
    FileFormat.OLE: "an Office 97-2003 document (.doc/.xls)",
    FileFormat.PNG: "a PNG image",
    FileFormat.JPEG: "a JPEG image",
    FileFormat.GIF: "a GIF image",
    FileFormat.TIFF: "a TIFF image",
    FileFormat.BINARY: "binary data of an unknown kind",
}

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", FileFormat.PNG),
    (b"\xff\xd8\xff", FileFormat.JPEG),
    (b"GIF87a", FileFormat.GIF),
    (b"GIF89a", FileFormat.GIF),
    (b"II*\x00", FileFormat.TIFF),
    (b"MM\x00*", FileFormat.TIFF),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", FileFormat.OLE),
)
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_HTML = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                   re.IGNORECASE | re.DOTALL)
# the main part of each Office Open XML kind, in [Content_Types].xml and as an entry folder
_OOXML = ((b"wordprocessingml.document.main", "word/", FileFormat.DOCX),
          (b"spreadsheetml.sheet.main", "xl/", FileFormat.XLSX),
          (b"presentationml.presentation.main", "ppt/", FileFormat.PPTX))
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff(data: bytes) -> FileFormat:
    """The format of a file whose bytes are ``data`` (a ZIP container needs all of it)."""
    at = data.find(b"%PDF-", 0, PDF_HEADER_WINDOW)
    if at == 0 or (at > 0 and data[at - 1] in b"\r\n\x00"):  # a header line, not "%PDF-" in a sentence
        return FileFormat.PDF
    head = data[:HEAD_BYTES]
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    if head.startswith(_ZIP):
        return _zip_format(data)
    text = head[3:] if head.startswith(_BOMS[0]) else head
    if _HTML.match(text) or b"<html" in head.lower():
        return FileFormat.HTML
    n_control = len(head) - len(head.translate(None, _CONTROL))
    if head.startswith(_BOMS) or n_control <= MAX_TEXT_CONTROL_SHARE * len(head):
        return FileFormat.TEXT
    return FileFormat.BINARY


def _zip_format(data: bytes) -> FileFormat:
    """A ZIP container: which Office document, by its [Content_Types].xml or entry folders."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            mimetype = z.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return FileFormat.ZIP
    for content_type, folder, fmt in _OOXML:
        if content_type in types or any(n.startswith(folder) for n in names):
            return fmt
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        return FileFormat.ODF
    return FileFormat.ZIP


def sniff_file(path: Path) -> FileFormat:
    """``sniff`` of a file on disk; only a ZIP container is read past its head."""
    with Path(path).open("rb") as f:
        head = f.read(HEAD_BYTES)
    if head.startswith(_ZIP):
        return _zip_format(Path(path).read_bytes())
    return sniff(head)


def named_pdf(name: str) -> bool:
    """The file's name says PDF (what the user expects it to be)."""
    return name.lower().endswith(".pdf")


# what the text reader is given when a file not named .pdf holds them (it rejects binary data itself)
_TEXT_READER = (FileFormat.TEXT, FileFormat.HTML, FileFormat.BINARY)


def reader_format(name: str, fmt: FileFormat) -> FileFormat | None:
    """The reader for a file named ``name`` whose content is ``fmt``: PDF by content whatever
    the name; nothing else for a .pdf name; else the text reader unless the bytes are a known
    format no reader takes (an image, an Office document). None: no reader."""
    if fmt is FileFormat.PDF:
        return FileFormat.PDF
    if named_pdf(name):
        return None
    return FileFormat.TEXT if fmt in _TEXT_READER else None


def source_format(name: str, fmt: FileFormat | None) -> str:
    """``source_format`` of a report: the reader's format, or what the bytes are when no reader
    takes them; by the name alone when there are no bytes to tell (``fmt`` None: empty or missing)."""
    if fmt is None:
        return FileFormat.PDF.value if named_pdf(name) else FileFormat.TEXT.value
    return (reader_format(name, fmt) or fmt).value


def not_readable_message(name: str, fmt: FileFormat) -> str:
    """What to tell the user about a file no reader takes: what it is, and what it is not."""
    expected = "a PDF" if named_pdf(name) else "a PDF or text export"
    return f"{DESCRIPTIONS[fmt]}, not {expected}: the file is named {Path(name).name!r}"

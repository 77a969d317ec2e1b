"""Text exports (what a PDF-to-text tool made of a report) -> Document.

Steps: bytes_to_text -> text_to_units -> repair_page_breaks -> units_to_blocks.
Table rows are TAB-separated lines; paragraphs are lines separated by blank lines; lines of
only no-break spaces mark where charts were.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from pipeline.model import Block, BlockKind, Cell, Document, ErrorRecord, Provenance, Severity
from pipeline.read.chars import clean_text
from pipeline.read.errors import ReadError
from pipeline.read.layout_text import LayoutTable, Vocabulary, layout_tables
from pipeline.settings.profile import Profile, SectionSettings
from pipeline.text.hyphenation import GLUED, join_two, restore_suspension_hyphens

# control characters (Unicode category Cc) other than TAB, LF, CR and FF
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# the same in UTF-8 but NUL: C0 controls and DEL are single bytes, C1 controls two bytes from 0xC2
_C0_BYTES = bytes([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_BULLETS = "-•–*\u2022\uf0b7"
_BULLET = re.compile(rf"^\s*[{_BULLETS}]\s+")
_LEADER = re.compile(r"\.{3,}\s*$")
_TERMINAL = (".", "!", "?", ":", ";", ",")
_SENTENCE_END = (".", "!", "?", ":", ";", ")", '"', "”", "»")


class Unit(NamedTuple):
    """One physical unit of the export before classification. A named tuple, not a dataclass:
    a report has hundreds, and a tuple is built several times faster."""

    kind: str  # text | row | chart
    text: str
    line: int  # 1-based line number in the source, for error messages
    cells: tuple[str, ...] = ()


# (BOM, codec): UTF-32 before UTF-16, whose little-endian BOM is a prefix of UTF-32's
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8"))
MAX_NUL_SHARE = 0.01  # more NUL characters than this share of the text: a binary file, not stray NULs
MAX_CONTROL_SHARE = 0.01  # the same for other control characters
MAX_BAD_UTF8_SHARE = 0.001  # invalid UTF-8 sequences up to this share of the text are replaced, not cp1252
UTF8_REPAIRED = "utf-8 (damaged bytes replaced)"


def _decode(data: bytes) -> tuple[str, str]:
    """By BOM (UTF-8/16/32), then UTF-8, then cp1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), codec.removesuffix("-le").removesuffix("-be")
            except UnicodeDecodeError:
                raise ReadError(f"not valid {codec} after its byte order mark") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # a UTF-8 file with a few damaged bytes stays UTF-8: cp1252 would garble every å, ä and ö
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= MAX_BAD_UTF8_SHARE * len(text) and any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        return text, UTF8_REPAIRED
    return data.decode("cp1252", errors="replace"), "cp1252"


def bytes_to_text(data: bytes) -> tuple[str, str, int]:
    """Decode and check the whole file; reject binary files. Returns (text, encoding, number of
    stray NUL characters removed)."""
    text, enc = _decode(data)
    nuls = text.count("\x00")
    if nuls > MAX_NUL_SHARE * len(text):
        raise ReadError(f"binary file ({nuls} NUL bytes): not a text export or PDF")
    text = text.replace("\x00", "") if nuls else text
    controls = _count_controls(text, data, enc)
    if text and controls > MAX_CONTROL_SHARE * len(text):
        raise ReadError(f"binary file ({controls} control characters): not a text export or PDF")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean_text(text), enc, nuls


def _count_controls(text: str, data: bytes, encoding: str) -> int:
    """Control characters in ``text`` (its NULs removed). Of strict UTF-8 (``data`` after a BOM, if
    any, which holds none), counted in the bytes: ``bytes.translate`` counts in C what a regex
    tests character by character."""
    if encoding != "utf-8":
        return len(_CONTROL.findall(text))
    c1 = len(_C1_UTF8.findall(data)) if b"\xc2" in data else 0
    return len(data) - len(data.translate(None, _C0_BYTES)) + c1


# column roles that name a table's rows (a layout table needs one in its header)
ROW_ROLES = ("metric", "indicator", "activity", "assignment")
_BLANK = " \u00a0\u202f\f"  # a line of only these is empty, or where a chart was


def text_to_units(text: str, layout: Sequence[LayoutTable] = ()) -> list[Unit]:
    """Units of the export; ``layout`` are its tables aligned with spaces (read.layout_text),
    whose lines become TAB rows."""
    units: list[Unit] = []
    chart = False  # the last unit is a chart placeholder
    lines = text.split("\n")
    tables = {t.first: t for t in layout}
    skip_to = 0
    for no, line in enumerate(lines, start=1):
        if no - 1 < skip_to:
            continue
        if (t := tables.get(no - 1)) is not None:  # a table aligned with spaces: its rows as TAB rows
            units += [Unit("row", "\t".join(cells), n + 1, cells)
                      for n, cells in ((t.first, t.header), *zip(t.row_lines, t.rows, strict=True))]
            skip_to, chart = t.end, False
            continue
        if not line:
            continue  # an empty line separates paragraphs
        if "\t" in line:
            units.append(Unit("row", line, no, tuple([c.strip() for c in line.split("\t")])))
            chart = False
        elif not line.strip(_BLANK):
            # a line of (no-break) spaces is where a chart was
            if not chart:
                units.append(Unit("chart", "", no))
                chart = True
        else:
            units.append(Unit("text", line.strip(), no))
            chart = False
    return units


def _continues(prev: str, nxt: str) -> bool:
    """A paragraph split by a page break: no sentence end before, lower case after. (A bullet line
    never continues: after its leading white space comes the bullet, which is no lower-case letter.)"""
    first = nxt.lstrip()[:1]
    return first.islower() and not prev.rstrip().endswith(_SENTENCE_END)


def repair_page_breaks(units: list[Unit]) -> list[Unit]:
    """Join text units split across a page ("I Kiruna kommun genomförs" / "en utredning ...",
    "Statens kul-" / "turråd"). Chart placeholders between the parts are kept after the join."""
    out: list[Unit] = []
    pending_charts: list[Unit] = []
    last_text = False  # out[-1] is a text unit
    for u in units:
        kind = u.kind
        if last_text:
            if kind == "chart":
                pending_charts.append(u)
                continue
            if kind == "text" and _continues(out[-1].text, u.text):
                out[-1] = out[-1]._replace(text=join_two(out[-1].text, u.text))
                continue
        if pending_charts:
            out += pending_charts
            pending_charts = []
        out.append(u)
        last_text = kind == "text"
    out += pending_charts
    return out


def _heading_rule(sec: SectionSettings) -> Callable[[str], bool]:
    """Whether a text unit that is no list item is a heading; the profile's vocabulary read once."""
    s = sec
    prefixes = (*s.goal_prefixes, *s.factor_prefixes)
    max_words = s.max_heading_words

    def is_heading(text: str) -> bool:
        if text.startswith(prefixes):
            return True
        if text.endswith(_TERMINAL) or not (text[:1].isalpha() or any(ch.isalpha() for ch in text)):
            return False  # a line of numbers is table debris, not a heading
        if len(text.split()) > max_words:
            return False
        first = text[:1]
        return first.isupper() or first.isdigit() or first in "\"”»"

    return is_heading


def classify_unit(u: Unit, sec: SectionSettings, *, first_text: bool, in_toc: bool) -> tuple[BlockKind, str]:
    return _classify(u, _heading_rule(sec), first_text, in_toc)


def _classify(u: Unit, is_heading: Callable[[str], bool], first_text: bool, in_toc: bool) -> tuple[BlockKind, str]:
    if u.kind == "chart":
        return BlockKind.CHART, ""
    if u.kind == "row":
        return (BlockKind.TOC_ENTRY if in_toc else BlockKind.TABLE_ROW), u.text
    if first_text:
        return BlockKind.TITLE, u.text
    # a line whose first character is neither a bullet nor white space skips the regex (most lines)
    first = u.text[:1]
    if (first in _BULLETS or first.isspace()) and _BULLET.match(u.text):
        return BlockKind.LIST_ITEM, _BULLET.sub("", u.text)
    return (BlockKind.HEADING if is_heading(u.text) else BlockKind.PARAGRAPH), u.text


_TIGHT = frozenset({BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY, BlockKind.LIST_ITEM})
_ROWS = frozenset({BlockKind.TABLE_ROW, BlockKind.TOC_ENTRY})  # blocks that keep their cells


def _row_cells(cells: tuple[str, ...], start: int) -> tuple[Cell, ...]:
    """Cells of a row laid out from ``start``, one TAB apart."""
    out = []
    for c in cells:
        end = start + len(c)
        out.append(Cell(c, Provenance(start, end)))
        start = end + 1
    return tuple(out)


def units_to_blocks(units: list[Unit], profile: Profile) -> tuple[str, tuple[Block, ...]]:
    """Classify units and lay them out in the normalised full text, with char offsets."""
    toc_heads = {h.lower() for h in profile.read.toc_headings}
    # no text lowers to fewer characters: a longer one is no TOC heading, and is not lowered
    toc_len = max(map(len, toc_heads), default=-1)
    is_heading = _heading_rule(profile.sections)
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    seen_text = False
    in_toc = False
    prev_kind: BlockKind | None = None
    for u in units:
        kind, text = _classify(u, is_heading, not seen_text and u.kind == "text", in_toc)
        if u.kind == "text":
            seen_text = True
            in_toc = len(text) <= toc_len and text.lower() in toc_heads
        if parts:
            sep = "\n" if prev_kind == kind and kind in _TIGHT else "\n\n"
            pos += len(sep)
            parts.append(sep)
        if kind in _ROWS:
            cells = (_LEADER.sub("", u.cells[0]).strip(), *u.cells[1:]) if kind == BlockKind.TOC_ENTRY else u.cells
            text = "\t".join(cells)
            block = Block(kind, text, Provenance(pos, pos + len(text)), None, _row_cells(cells, pos))
        else:
            block = Block(kind, text, Provenance(pos, pos + len(text)))
        parts.append(text)
        blocks.append(block)
        pos += len(text)
        prev_kind = kind
    return "".join(parts), tuple(blocks)


def _restored(u: Unit) -> Unit:
    """The unit with its suspension hyphens restored; the same unit when it has none to restore."""
    if u.kind != "text" or (restored := restore_suspension_hyphens(u.text)) == u.text:
        return u
    return u._replace(text=restored)


def vocabulary(profile: Profile) -> Vocabulary:
    """The profile's column names and state words, for tables aligned with spaces."""
    roles = profile.tables.roles
    names = frozenset(" ".join(n.lower().split()) for ns in roles.values() for n in ns)
    rows = frozenset(" ".join(n.lower().split()) for r in ROW_ROLES for n in roles.get(r, ()))
    starts = tuple(sorted({*profile.scorecard.state_words, *profile.scorecard.status_words}, key=len, reverse=True))
    layout = profile.read.text
    return Vocabulary(names, rows, starts, layout.column_tolerance, layout.max_break_lines)


def read_text(path: Path, data: bytes, profile: Profile) -> Document:
    text, encoding, nuls = bytes_to_text(data)
    # the exporting tool dropped some suspension hyphens ("livsoch drivmedel"), as in the PDFs
    layout = layout_tables(text.split("\n"), vocabulary(profile))
    units = [_restored(u) if GLUED in u.text else u for u in repair_page_breaks(text_to_units(text, layout))]
    if not any(u.kind in ("text", "row") for u in units):
        raise ReadError("no text: the file holds only blank lines")
    full, blocks = units_to_blocks(units, profile)
    warnings: tuple[ErrorRecord, ...] = ()
    if encoding == "cp1252":
        warnings = (ErrorRecord("read", f"decoded as {encoding}, not UTF-8"),)
    if encoding == UTF8_REPAIRED:
        warnings = (ErrorRecord("read", f"invalid UTF-8 bytes replaced by U+FFFD ({text.count(chr(0xFFFD))})"),)
    if nuls:
        warnings += (ErrorRecord("read", f"{nuls} stray NUL bytes removed"),)
    warnings += tuple(ErrorRecord("read", f"line {t.first + 1}: table {' | '.join(t.header)[:80]!r} aligned with "
                                          "spaces: its first row starts with no state word, so rows are cut "
                                          "where one does; rows may be merged", Severity.WARNING)
                      for t in layout if t.guessed)
    return Document(source_path=str(path), source_format="text", sha256=hashlib.sha256(data).hexdigest(),
                    text=full, blocks=blocks, warnings=warnings)

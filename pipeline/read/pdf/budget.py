"""What a page may make a parser run, counted before any parser looks at it (the content budget).

Every stream a page can run is counted at its inflated size: its content streams, the Form
XObjects they draw ("/Fm1 Do"), the glyph procedures of the Type3 fonts they select ("/T3 12 Tf":
pdfium parses each one when it loads the page), the cells of the tiling patterns they paint
with ("/P1 scn": drawn once per tile when rendered) and the appearance streams of the page's
annotations (drawn when rendered), and whatever those draw in turn, each stream once. A 1 MB
stream can inflate to gigabytes, so inflating stops past the limit.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

INFLATE_CHUNK = 1024 * 1024  # inflate this much at a time while counting
# "/Name Do" draws an XObject, "/Name 12 Tf" selects a font, "/Name scn" paints with a pattern
_NAME = rb"/([^\s/\[\]()<>{}%]+)(?![^\s/\[\]()<>{}%])"
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
# a name is looked for this far back across an inflated chunk's edge
DO_CARRY_BYTES = 256
_A85_IGNORED = b" \t\n\r\x0b"  # what base64.a85decode skips
A85_GROUPS = 1 << 16  # ASCII85 groups (5 characters) decoded at a time: 2.5 MB of working memory


class Source(StrEnum):
    """Where a counted stream comes from (what the page draws it for)."""

    CONTENT = "content streams and forms"
    GLYPHS = "Type3 glyph procedures"
    PATTERNS = "tiling patterns"
    APPEARANCES = "annotation appearance streams"


@dataclass(slots=True)
class ContentCost:
    """Inflated bytes a page may run, by where they come from; counting stops past the limit."""

    by_source: dict[Source, int] = field(default_factory=lambda: dict.fromkeys(Source, 0))

    @property
    def total(self) -> int:
        return sum(self.by_source.values())

    @property
    def glyph_bytes(self) -> int:
        return self.by_source[Source.GLYPHS]

    def sources(self) -> str:
        """The kinds of stream counted beside the page's own content, for a message."""
        return ", ".join(s.value for s, n in self.by_source.items() if n and s is not Source.CONTENT)


@dataclass(slots=True)
class _Uses:
    """The resource names a stream uses, by operator ("Do", "Tf", "scn"/"SCN")."""

    ops: tuple[bytes, ...]  # the operators looked for: those that could run another stream
    names: dict[bytes, set[str]] = field(default_factory=dict)
    any: bool = False  # the stream's operators cannot be seen (an exotic filter): it may use any

    def scan(self, content: bytes) -> None:
        """Add the names ``content`` uses, spelled as pdfminer spells a resource's name ("/F#30" is
        "F0"), so an escaped name cannot slip a stream past the budget."""
        ops = tuple(op for op in self.ops if op in content)
        if not ops:
            return
        for raw, op in _uses_pattern(ops).findall(content):
            self.names.setdefault(op, set()).add(_name(raw))

    def uses(self, name: str, *ops: bytes) -> bool:
        return self.any or any(name in self.names.get(op, ()) for op in ops)


@lru_cache(maxsize=16)
def _uses_pattern(ops: tuple[bytes, ...]) -> re.Pattern[bytes]:
    """"/Name op" for each of ``ops``, a number between them allowed ("/F1 12 Tf"): (name, op)."""
    return re.compile(_NAME + rb"\s*(?:[-+.\d]+\s*)?(" + b"|".join(ops) + rb")(?![^\s/\[\]()<>{}%])")


def _name(raw: bytes) -> str:
    name = _NAME_ESCAPE.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
    try:
        return name.decode("utf-8")
    except UnicodeDecodeError:
        return str(name)


class NestingError(Exception):
    """Streams nest deeper than ``max_depth`` (its one argument)."""


def content_cost(page_obj, limit: int, max_depth: int) -> ContentCost:
    """Inflated bytes of every stream the pdfminer ``page_obj`` may run, each once; given up
    past ``limit``. Raises ``NestingError`` where streams (forms, glyph procedures, pattern cells)
    nest deeper than ``max_depth`` (``[read.pdf.pages] max_form_depth``), so a deep chain cannot
    hide a stream from the budget."""
    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(page_obj.attrs.get("Contents"))
    level = [(resolve1(ref), page_obj.resources, Source.CONTENT)
             for ref in (contents if isinstance(contents, list) else [contents])]
    seen: set[int] = set()
    level += [(s, resolve1(s.get("Resources")) or page_obj.resources, Source.APPEARANCES)
              for s in _appearance_streams(page_obj, seen)]
    cost = ContentCost()
    for _depth in range(max_depth + 1):
        deeper: list = []
        for stream, resources, source in level:
            if not isinstance(stream, PDFStream):
                continue
            uses = _uses_for(resources)
            cost.by_source[source] += _stream_size(stream, limit - cost.total, uses)
            if cost.total > limit:
                return cost
            deeper += _used_streams(uses, resources, source, seen)
        if not deeper:
            return cost
        level = deeper
    raise NestingError(max_depth)


def _stream_size(stream, limit: int, uses: _Uses) -> int:
    if stream.data is not None:  # decoded already: a stream several pages share
        uses.scan(stream.data)
        return len(stream.data)
    return _inflated_size(stream.rawdata or b"", stream.get_filters(), limit, uses)


def _inflated_size(raw: bytes, filters: list, limit: int, uses: _Uses) -> int:
    """Size of a stream after its filters, inflating in chunks and stopping past ``limit``.
    ASCII filters are undone first (they shrink); other filters count at their input size. The
    names the stream uses go into ``uses`` (any name, where they cannot be read: a filter that
    is not undone here, or a predictor)."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE

    names = [f for f, _params in filters]
    while names and names[0] in (*LITERALS_ASCII85_DECODE, *LITERALS_ASCIIHEX_DECODE):
        raw = ascii85_decode(raw, ascii85decode) if names.pop(0) in LITERALS_ASCII85_DECODE else asciihexdecode(raw)
    if not names:
        uses.scan(raw)
        return len(raw)
    params = filters[len(filters) - len(names)][1]
    predictor = params.get("Predictor", 1) if isinstance(params, dict) else 1
    if len(names) > 1 or names[0] not in LITERALS_FLATE_DECODE or predictor != 1:
        uses.any = True
    if names[0] in LITERALS_FLATE_DECODE:
        z, total, buf, carry = zlib.decompressobj(), 0, raw, b""
        while buf and total <= limit:
            chunk = z.decompress(buf, INFLATE_CHUNK)
            total += len(chunk)
            uses.scan(carry + chunk)
            carry, buf = chunk[-DO_CARRY_BYTES:], z.unconsumed_tail
        return total
    return len(raw)


def ascii85_decode(data: bytes, slow) -> bytes:
    """pdfminer's ``ascii85decode`` (``slow``), vectorised: its pure-Python decoder takes a second
    per MB, and a drawing's content stream is megabytes. Input it would treat specially (a
    one-character tail, a misplaced "z", a character out of range) goes to ``slow``."""
    import numpy as np

    body = data.translate(None, _A85_IGNORED)
    body = body[2:] if body.startswith(b"<~") else body[1:] if body.startswith(b"~") else body
    body = body[:-2] if body.endswith(b"~>") else body[:-1] if body.endswith(b"~") else body
    if b"z" in body:
        parts = body.split(b"z")
        if any(len(p) % 5 for p in parts[:-1]):
            return slow(data)
        body = b"!!!!!".join(parts)
    pad = -len(body) % 5
    if pad == 4:
        return slow(data)
    arr = np.frombuffer(body + b"u" * pad, np.uint8).reshape(-1, 5)
    out = []
    for k in range(0, len(arr), A85_GROUPS):  # a slice at a time: the uint64 groups take 8x the input
        g = arr[k:k + A85_GROUPS].astype(np.uint64)
        if g.min() < 33 or g.max() > 117:
            return slow(data)
        g -= 33
        values = (((g[:, 0] * 85 + g[:, 1]) * 85 + g[:, 2]) * 85 + g[:, 3]) * 85 + g[:, 4]
        if values.max() > 0xFFFFFFFF:
            return slow(data)
        out.append(values.astype(">u4").tobytes())
    joined = b"".join(out)
    return joined[: len(joined) - pad]


def _key(ref) -> int:
    from pdfminer.pdftypes import PDFObjRef

    return ref.objid if isinstance(ref, PDFObjRef) else id(ref)


def _listing(resources, kind: str) -> dict[str, object]:
    from pdfminer.pdftypes import resolve1

    listing = resolve1(resources.get(kind)) if isinstance(resources, dict) else None
    return listing if isinstance(listing, dict) else {}


def _is_type3(font) -> bool:
    from pdfminer.pdftypes import resolve1

    font = resolve1(font)
    return isinstance(font, dict) and "CharProcs" in font


def _is_tiling(pattern) -> bool:
    from pdfminer.pdftypes import PDFStream, resolve1

    pattern = resolve1(pattern)
    return isinstance(pattern, PDFStream) and resolve1(pattern.get("PatternType")) == 1  # not a shading


def _uses_for(resources) -> _Uses:
    """What to look for in a stream run with ``resources``: only the operators that could run one
    of its forms, Type3 fonts or tiling patterns (a text page's thousands of "Tf" need no look)."""
    ops = [b"Do"] if _listing(resources, "XObject") else []
    if any(_is_type3(f) for f in _listing(resources, "Font").values()):
        ops.append(b"Tf")
    if any(_is_tiling(p) for p in _listing(resources, "Pattern").values()):
        ops += [b"scn", b"SCN"]
    return _Uses(tuple(ops))


def _used_streams(uses: _Uses, resources, source: Source, seen: set[int]) -> list:
    """(stream, its resources, source) for each stream of ``resources`` that ``uses`` names and
    that is not in ``seen`` (object ids: a stream used twice, or using its parent, counts once):
    Form XObjects, the glyph procedures of Type3 fonts and tiling pattern cells. A stream
    without resources of its own runs with its parent's, as pdfminer and pdfium do."""
    from pdfminer.pdfinterp import LITERAL_FORM
    from pdfminer.pdftypes import PDFStream, resolve1

    out = []
    for ref, obj in _unseen(resources, "XObject", uses, (b"Do",), seen):
        if isinstance(obj, PDFStream) and resolve1(obj.get("Subtype")) is LITERAL_FORM:  # not an image
            seen.add(_key(ref))
            out.append((obj, resolve1(obj.get("Resources")) or resources, source))
    for ref, obj in _unseen(resources, "Pattern", uses, (b"scn", b"SCN"), seen):
        if _is_tiling(obj):
            seen.add(_key(ref))
            out.append((obj, resolve1(obj.get("Resources")) or resources, Source.PATTERNS))
    for ref, font in _unseen(resources, "Font", uses, (b"Tf",), seen):
        if _is_type3(font):
            seen.add(_key(ref))
            own = resolve1(font.get("Resources")) or resources
            for proc in resolve1(font["CharProcs"]).values() if isinstance(resolve1(font["CharProcs"]), dict) else ():
                if _key(proc) not in seen:
                    seen.add(_key(proc))
                    out.append((resolve1(proc), own, Source.GLYPHS))
    return out


def _unseen(resources, kind: str, uses: _Uses, ops: tuple[bytes, ...], seen: set[int]):
    """(reference, object) of the ``kind`` resources ``uses`` names with one of ``ops``, not yet seen."""
    from pdfminer.pdftypes import resolve1

    for name, ref in _listing(resources, kind).items():
        if uses.uses(name, *ops) and _key(ref) not in seen:
            yield ref, resolve1(ref)


def _appearance_streams(page_obj, seen: set[int]) -> list:
    """The appearance streams of the page's annotations (normal, rollover and down; each a
    stream, or a dict of streams by state), each once."""
    from pdfminer.pdftypes import PDFStream, resolve1

    annots = resolve1(page_obj.attrs.get("Annots"))
    out = []
    for annot in annots if isinstance(annots, list) else []:
        annot = resolve1(annot)
        ap = resolve1(annot.get("AP")) if isinstance(annot, dict) else None
        if not isinstance(ap, dict):
            continue
        for key in ("N", "R", "D"):
            entry = resolve1(ap.get(key))
            refs = list(entry.values()) if isinstance(entry, dict) else [ap.get(key)]
            for ref in refs:
                stream = resolve1(ref)
                if isinstance(stream, PDFStream) and _key(ref) not in seen:
                    seen.add(_key(ref))
                    out.append(stream)
    return out

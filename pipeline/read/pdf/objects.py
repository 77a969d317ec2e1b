"""One page's drawn objects as the plain dicts the reader uses, straight from pdfminer's layout.

pdfplumber's own conversion (``page.objects``) copies and resolves every attribute of every
object, recursively, and costs about as much as interpreting the page. The reader uses a
dozen keys; this builds only those, with pdfplumber's meanings (top-based coordinates, the
mediabox offset, ``pts`` and ``path`` in page coordinates, colours as tuples), and hands them to
pdfplumber's page so that ``page.chars``, ``page.rects`` and the rest read from them.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TypedDict

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect
from pdfminer.pdftypes import PDFStream
from pdfplumber.utils import resolve_all

from pipeline.settings.pdf import TextSettings

KINDS = ("char", "rect", "line", "curve", "image")

Point = tuple[float, float]
PathSegment = tuple[str, *tuple[Point, ...]]  # a path command and its points: ("m", p), ("c", c1, c2, p)


class Box(TypedDict):
    """Every object's box, in pdfplumber's coordinates (``top``/``bottom`` from the page's top)."""

    x0: float
    x1: float
    y0: float
    y1: float
    top: float
    bottom: float


class CharObject(Box):
    text: str
    fontname: str
    size: float
    upright: bool
    matrix: tuple[float, float, float, float, float, float]
    non_stroking_color: tuple[object, ...]  # always a tuple (``_char_colour``)
    stroking_color: tuple[object, ...]


class PathObject(Box):
    """A rect, line or curve."""

    fill: bool
    stroke: bool
    linewidth: float
    evenodd: bool
    non_stroking_color: object  # as the PDF sets it: a gray, RGB or CMYK tuple, a pattern, None
    stroking_color: object
    pts: list[Point]
    path: list[PathSegment]


class ImageObject(Box):
    stream: PDFStream
    srcsize: tuple[int, int]
    name: str


class PageObjects(TypedDict):
    """A page's objects by kind, in drawing order (pdfplumber's ``page.objects``)."""

    char: list[CharObject]
    rect: list[PathObject]
    line: list[PathObject]
    curve: list[PathObject]
    image: list[ImageObject]


def _char_colour(value: object) -> tuple[object, ...]:
    """A glyph's colour as pdfplumber gives it: always a tuple."""
    value = resolve_all(value)
    return tuple(value) if isinstance(value, list | tuple) else (value,)


class _Frame:
    """pdfminer's coordinates (y up, relative to the mediabox) -> pdfplumber's."""

    __slots__ = ("dx", "height", "top")

    def __init__(self, page) -> None:
        self.dx, self.top = float(page.mediabox[0]), float(page.mediabox[1])
        self.height = float(page.height)

    def box(self, obj: LTCurve | LTImage) -> Box:
        return {"x0": obj.x0 + self.dx, "x1": obj.x1 + self.dx, "y0": obj.y0, "y1": obj.y1,
                "top": self.height - obj.y1 + self.top, "bottom": self.height - obj.y0 + self.top}

    def point(self, pt) -> tuple[float, float]:
        return (self.dx + pt[0], self.top + self.height - pt[1])


def _char(obj: LTChar, f: _Frame, colours: dict[object, tuple[object, ...]]) -> CharObject:
    gs = obj.graphicstate
    fontname = obj.fontname
    if isinstance(fontname, bytes):
        fontname = fontname.decode("latin-1")
    top = f.height - obj.y1 + f.top
    return {"x0": obj.x0 + f.dx, "x1": obj.x1 + f.dx, "y0": obj.y0, "y1": obj.y1, "top": top,
            "bottom": f.height - obj.y0 + f.top, "text": obj.get_text(), "fontname": fontname, "size": obj.size,
            "upright": obj.upright, "matrix": obj.matrix, "non_stroking_color": _cached_colour(gs.ncolor, colours),
            "stroking_color": _cached_colour(gs.scolor, colours)}


def _cached_colour(value: object, colours: dict[object, tuple[object, ...]]) -> tuple[object, ...]:
    """``_char_colour``, once per colour value of the page (a page uses a handful)."""
    try:
        return colours[value]
    except KeyError:
        found = colours[value] = _char_colour(value)
        return found
    except TypeError:  # an unhashable pattern colour
        return _char_colour(value)


def _path(obj: LTCurve, f: _Frame) -> PathObject:
    return {**f.box(obj), "fill": obj.fill, "stroke": obj.stroke, "linewidth": obj.linewidth, "evenodd": obj.evenodd,
            "non_stroking_color": resolve_all(obj.non_stroking_color),
            "stroking_color": resolve_all(obj.stroking_color), "pts": [f.point(p) for p in obj.pts],
            "path": [(cmd, *map(f.point, pts)) for cmd, *pts in obj.original_path or ()]}


def _image(obj: LTImage, f: _Frame) -> ImageObject:
    return {**f.box(obj), "stream": obj.stream, "srcsize": obj.srcsize, "name": obj.name}


def page_objects(page) -> PageObjects:
    """pdfminer's layout of ``page`` -> {kind: [object dict]}, in drawing order."""
    f = _Frame(page)
    colours: dict[object, tuple[object, ...]] = {}
    out: PageObjects = {"char": [], "rect": [], "line": [], "curve": [], "image": []}  # KINDS
    stack = [iter(page.layout)]
    while stack:
        for obj in stack[-1]:
            if isinstance(obj, LTChar):
                out["char"].append(_char(obj, f, colours))
            elif isinstance(obj, LTCurve):  # LTRect and LTLine are curves too
                paths = out["rect"] if isinstance(obj, LTRect) else out["line"] if isinstance(obj, LTLine) \
                    else out["curve"]
                paths.append(_path(obj, f))
            elif isinstance(obj, LTImage):
                out["image"].append(_image(obj, f))
            elif isinstance(obj, LTContainer):  # a form XObject: its contents in place
                stack.append(iter(obj))
                break
        else:
            stack.pop()
    return out


def use_fast_objects(page) -> None:
    """Let pdfplumber's ``page.chars`` (and rects, lines, curves, images) read ``page_objects``."""
    page._objects = page_objects(page)  # pdfplumber caches page.objects under this name


def text_turn(chars: list[CharObject], ts: TextSettings) -> int:
    """The direction most of the page's glyphs run in, in degrees counter-clockwise from upright
    (0, 90, 180 or 270), when it is not upright and holds over ``ts.turned_text_share`` of them."""
    upright = sum(1 for ch in chars if ch["matrix"][1] == 0 and ch["matrix"][0] > 0)
    if upright >= ts.turned_text_share * len(chars):  # the common case, decided cheaply
        return 0
    turns: Counter[int] = Counter()
    for ch in chars:  # from the matrix: pdfminer calls a glyph turned by exactly 90° "upright"
        a, b = ch["matrix"][:2]
        turns[round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90] += 1
    turn, n = turns.most_common(1)[0]
    return turn if turn and n > ts.turned_text_share * len(chars) else 0

"""Mark shapes, colours and progress bars from pixels (PIL icons), vector paths (reportlab PDFs
read by the reader) and the Stratsys-look samples' raster icons."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import BlockKind
from pipeline.read.pdf import read_pdf
from pipeline.read.pdf.masks import mask_to_shape
from pipeline.read.pdf.shapes import (
    _image_pixels,
    is_bar_box,
    objects_to_shapes,
    pixels_to_bar,
    pixels_to_mark,
    strip_to_progress,
)
from pipeline.settings.pdf import PdfSettings
from pipeline.status.marks import hue_family, rgb_to_hex
from tests.conftest import SAMPLES
from tests.icons import VECTOR_SHAPES, bar, icon, vector_marks_pdf

PLAIN = ("ring", "open_diamond", "open_square", "check", "cross", "half_circle", "circle", "square")
SYMBOLS = ("circle_check", "circle_play", "circle_cross", "circle_pause")
COLOURS = ("green", "yellow", "red", "grey", "blue")
# what each drawn icon must read as: (shape, filled)
EXPECTED = {"ring": ("ring", False), "open_diamond": ("diamond", False), "open_square": ("square", False),
            **{s: (s, True) for s in ("check", "cross", "half_circle", "circle", "square", *SYMBOLS)}}
PROGRESS_TOLERANCE = 5.0
PDF = PdfSettings()


@pytest.mark.parametrize("colour", COLOURS)
@pytest.mark.parametrize("size", [11, 14, 16, 22, 33, 48, 64])
@pytest.mark.parametrize("shape", PLAIN)
def test_shapes_icon_shape_and_colour(shape, size, colour):
    got_colour, got_shape, filled = pixels_to_mark(*icon(shape, size, colour), PDF)
    assert (got_shape, filled) == EXPECTED[shape]
    assert hue_family(got_colour) == colour


# a white symbol in a disc needs a few pixels of stroke: below ~20 px it is a blur
@pytest.mark.parametrize("colour", COLOURS)
@pytest.mark.parametrize("size", [22, 33, 48, 64])
@pytest.mark.parametrize("shape", SYMBOLS)
def test_shapes_disc_with_symbol(shape, size, colour):
    got_colour, got_shape, filled = pixels_to_mark(*icon(shape, size, colour), PDF)
    assert (got_shape, filled) == EXPECTED[shape]
    assert hue_family(got_colour) == colour


@pytest.mark.parametrize("size", [16, 22, 33, 44, 64])
@pytest.mark.parametrize("shape", ["arrow_right", "arrow_up", "arrow_down"])
def test_shapes_arrow_icons(shape, size):
    """Regression: a LibreOffice arrow icon (44 px) whose anti-aliased tail column is ragged
    read as a diamond, so its trend was lost."""
    assert pixels_to_mark(*icon(shape, size, "yellow"), PDF)[1] == shape


def test_shapes_ring_is_not_a_diamond():
    """Regression: a hollow grey ring (Stratsys "Ej bedömd") was named "diamond" because the
    hollow branch only looked at the corners."""
    assert pixels_to_mark(*icon("ring", 33, "grey"), PDF)[1:] == ("ring", False)


def test_shapes_play_triangle_points_right():
    """Regression: ▶ (tallest column on the left) was named triangle_left."""
    from PIL import Image, ImageDraw

    im = Image.new("L", (21, 21), 0)
    ImageDraw.Draw(im).polygon([(0, 0), (20, 10), (0, 20)], fill=255)
    mask = [v > 127 for v in im.tobytes()]
    assert mask_to_shape(mask, 21, 21, PDF.masks) == "triangle_right"
    mirrored = [v > 127 for v in im.transpose(Image.FLIP_LEFT_RIGHT).tobytes()]
    assert mask_to_shape(mirrored, 21, 21, PDF.masks) == "triangle_left"


@pytest.mark.parametrize("height", [6, 11, 16])
@pytest.mark.parametrize("rest, frame", [("darkgrey", False), (None, True), ("grey", True)])
@pytest.mark.parametrize("percent", [0, 25, 50, 75, 100])
def test_shapes_raster_bar_progress(percent, height, rest, frame):
    colour, progress = pixels_to_bar(*bar(percent, height, rest=rest, frame=frame), PDF.shapes)
    assert abs(progress - percent) <= PROGRESS_TOLERANCE
    if percent:
        assert hue_family(colour) == "green"


@settings(max_examples=60, deadline=None)
@given(percent=st.floats(0, 100), height=st.integers(6, 20), aspect=st.floats(3, 8),
       colour=st.sampled_from(["green", "yellow", "red", "blue"]),
       style=st.sampled_from([("darkgrey", False), ("grey", False), (None, True), ("grey", True)]))
def test_shapes_bar_progress_property(percent, height, aspect, colour, style):
    rest, frame = style
    pixels, size = bar(percent, height, colour=colour, rest=rest, frame=frame, aspect=aspect)
    _, progress = pixels_to_bar(pixels, size, PDF.shapes)
    assert 0 <= progress <= 100
    # a bar can be read no finer than one pixel (a frame pixel may hide a 1-px fill)
    assert abs(progress - percent) <= PROGRESS_TOLERANCE + 100 / size[0]


@pytest.mark.parametrize("strip, expected", [
    ([(106, 179, 62)] * 10, ("#6ab33e", 100.0)),  # one coloured run: full
    ([(90, 90, 90)] * 10, ("#5a5a5a", 0.0)),  # one grey run: nothing done
    ([(255, 255, 255)] * 10, ("#ffffff", 0.0)),
    ([(106, 179, 62)] * 3 + [(90, 90, 90)] * 7, ("#6ab33e", 30.0)),
    # a dark frame around a green part and an empty (paper) part
    ([(90, 90, 90)] + [(106, 179, 62)] * 4 + [(255, 255, 255)] * 4 + [(90, 90, 90)], ("#6ab33e", 50.0)),
])
def test_shapes_strip_to_progress(strip, expected):
    assert strip_to_progress(strip, PDF.shapes) == expected


def test_shapes_bar_geometry():
    assert is_bar_box(63.7, 11.2, 24.0, PDF.shapes)  # the Stratsys Färdiggrad bar
    assert not is_bar_box(11.3, 11.3, 24.0, PDF.shapes)  # a status icon
    assert not is_bar_box(400.0, 11.0, 24.0, PDF.shapes)  # a shaded row
    assert not is_bar_box(60.0, 1.0, 24.0, PDF.shapes)  # a rule


# ----------------------------------------------------------------------------- vector marks

def _vector_rows(rows):
    doc = read_pdf(Path("vector-marks.pdf"), vector_marks_pdf(rows), _profile())
    out = [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW and b.style != "table_header"]
    assert [r.cells[0].text for r in out] == [r[0] for r in rows]
    return out


def _profile():
    from pipeline.settings.profile import load_profile

    return load_profile("default")


@pytest.mark.parametrize("size", [8, 11, 16])
def test_shapes_vector_marks_read_like_icons(size):
    rows = [(s, col, size) for s in VECTOR_SHAPES for col in ("green", "red")]
    for (label, colour, _), row in zip(rows, _vector_rows(rows), strict=True):
        (mark,) = row.cells[1].marks
        assert (mark.shape, mark.filled) == EXPECTED[label], label
        assert mark.source == "vector" and hue_family(mark.color) == colour


def test_shapes_vector_bars():
    rows = [(f"bar {p}", "green", 11) for p in (25, 50, 75)] + [(f"overlay {p}", "green", 11) for p in (25, 50, 75, 100)]
    for (label, _, _), row in zip(rows, _vector_rows(rows), strict=True):
        (mark,) = row.cells[1].marks
        assert mark.shape == "bar" and hue_family(mark.color) == "green"
        assert abs(mark.progress - float(label.split()[1])) <= PROGRESS_TOLERANCE


def test_shapes_one_colour_vector_rect_is_not_a_bar():
    """A wide one-colour fill may be cell shading: a vector bar needs two colours."""
    (row,) = _vector_rows([("bar 0", "green", 11)])
    assert row.cells[1].marks == ()


# ----------------------------------------------------------------------------- Stratsys look

STRATSYS = sorted((SAMPLES / "stratsys").glob("*.pdf"))
ICON_SHAPES = {"ring", "circle", "circle_check", "circle_minus", "arrow_up", "arrow_down", "arrow_right",
               "triangle_up", "triangle_down", "triangle_right"}


def _green_share(obj) -> float:
    """Truth for a Stratsys bar: the share of green pixels on its full-resolution middle row."""
    from PIL import Image

    w, h = obj["srcsize"]
    img = Image.frombytes("RGB", (w, h), obj["stream"].get_data()[: 3 * w * h])
    row = [img.getpixel((x, h // 2)) for x in range(w)]
    return 100 * sum(hue_family(rgb_to_hex([c / 255 for c in px])) == "green" for px in row) / w


@pytest.mark.slow
@pytest.mark.parametrize("pdf", STRATSYS, ids=lambda p: p.name)
def test_shapes_stratsys_icons_and_bars(pdf):
    import pdfplumber

    shapes_seen: Counter = Counter()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            shapes, _ = objects_to_shapes(page, 24.0, 4_000_000, PDF)
            images = [s for s in shapes if s.mark.source == "image"]
            assert len(images) == len(page.images)  # every icon and bar is a mark
            for s in images:
                shapes_seen[s.mark.shape] += 1
                if s.mark.shape == "bar":
                    (obj,) = [o for o in page.images if abs(o["x0"] - s.x0) < 0.1 and abs(o["top"] - s.top) < 0.1]
                    assert abs(s.mark.progress - _green_share(obj)) <= PROGRESS_TOLERANCE
                else:
                    assert s.mark.shape in ICON_SHAPES
    assert shapes_seen["ring"] >= 20 and shapes_seen["bar"] >= 10 and shapes_seen["circle"] >= 5
    assert not set(shapes_seen) - ICON_SHAPES - {"bar"}


def test_shapes_stratsys_grey_ring_pixels():
    """The "Ej bedömd" icon itself: a grey open ring."""
    import pdfplumber

    with pdfplumber.open(STRATSYS[0]) as doc:
        page = doc.pages[4]
        obj = min(page.images, key=lambda o: o["x1"] - o["x0"])
        colour, shape, filled = pixels_to_mark(*_image_pixels(obj, PDF.shapes), PDF)
    assert (shape, filled, hue_family(colour)) == ("ring", False, "grey")

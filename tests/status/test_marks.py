"""Status/trend marks: hue families, legend matching, vector and raster marks in test PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import BlockKind, Mark
from pipeline.read.pdf import mask_to_shape, read_pdf
from pipeline.settings.pdf import MaskSettings
from pipeline.status.marks import hue_family, pairs_to_legend, status_from_mark, trend_from_mark
from tests.pdf_factory import marks_pdf


@pytest.mark.parametrize("color, family", [
    ("#1e9e3a", "green"), ("#00b050", "green"), ("#92d050", "green"),
    ("#f2c200", "yellow"), ("#ffc000", "yellow"), ("#ed7d31", "yellow"),
    ("#d7263d", "red"), ("#ff0000", "red"), ("#c00000", "red"),
    ("#7f7f7f", "grey"), ("#bfbfbf", "grey"), ("#ffffff", "white"), ("#000000", "black"),
])
def test_marks_hue_family(color, family):
    assert hue_family(color) == family


@pytest.mark.parametrize("color, status", [
    ("#00b050", "achieved"), ("#ffc000", "partially_achieved"), ("#ff0000", "not_achieved"),
])
def test_marks_status_from_profile_by_hue(profile, color, status):
    r = status_from_mark(Mark("●", color, "circle", True), None, profile)
    assert (r.status, r.source, r.color, r.symbol) == (status, "profile", color, "●")


def test_marks_hollow_is_not_assessed(profile):
    r = status_from_mark(Mark("◇", "#000000", "diamond", False), None, profile)
    assert (r.status, r.source) == ("not_assessed", "profile")


def test_marks_legend_wins_over_profile(profile):
    # a template where yellow means achieved: the document's legend decides
    legend = pairs_to_legend([(Mark("●", "#f5c400", "circle", True), "Målet är uppnått"),
                              (Mark("◇", "#808080", "diamond", False), "Ej möjligt att bedöma")], profile)
    r = status_from_mark(Mark("●", "#ffd000", "circle", True), legend, profile)
    assert (r.status, r.source) == ("achieved", "legend")
    r = status_from_mark(Mark("◇", "#7f7f7f", "diamond", False), legend, profile)
    assert (r.status, r.source) == ("not_assessed", "legend")
    r = status_from_mark(Mark("●", "#ff0000", "circle", True), legend, profile)
    assert (r.status, r.source) == ("not_achieved", "profile")


@pytest.mark.parametrize("mark, expected", [
    (Mark("↑"), ("improving", "↑")), (Mark("➔"), ("unchanged", "➔")), (Mark("↓"), ("worsening", "↓")),
    (Mark("arrow_up", "#000000", "arrow_up", True, "vector"), ("improving", "↑")),
    (Mark("arrow_down", None, "arrow_down", True, "image"), ("worsening", "↓")),
    (Mark("●", "#ff0000", "circle", True), (None, None)),
])
def test_marks_trend_from_mark(profile, mark, expected):
    assert trend_from_mark(mark, profile.scorecard) == expected


def _mask(rows: list[str]) -> tuple[list[bool], int, int]:
    return [ch == "#" for r in rows for ch in r], len(rows[0]), len(rows)


@pytest.mark.parametrize("rows, shape", [
    (["####", "####", "####", "####"], "square"),
    (["...#...", "..###..", ".#####.", "#######", ".#####.", "..###..", "...#..."], "diamond"),
    (["...#...", "..###..", ".#####.", "#######", "..###..", "..###..", "..###.."], "arrow_up"),
    (["...#...", "..###..", ".#####.", "#######"], "triangle_up"),
])
def test_marks_mask_to_shape(rows, shape):
    assert mask_to_shape(*_mask(rows), MaskSettings()) == shape


@pytest.mark.parametrize("kind", ["vector", "image"])
def test_marks_pdf_marks_decode_via_legend(profile, kind):
    doc = read_pdf(Path(f"{kind}.pdf"), marks_pdf(kind), profile)
    assert doc.legend is not None
    assert [e.status for e in doc.legend.entries] == ["achieved", "partially_achieved", "not_achieved", "not_assessed"]
    rows = [b for b in doc.blocks if b.kind == BlockKind.TABLE_ROW and b.style != "table_header"]
    assert len(rows) == 4
    got = []
    for r in rows:
        (mark,) = r.cells[3].marks
        assert mark.source == kind and r.cells[3].text == ""
        got.append(status_from_mark(mark, doc.legend, profile))
    assert [g.status for g in got] == ["achieved", "partially_achieved", "not_achieved", "not_assessed"]
    assert all(g.source == "legend" for g in got)
    assert hue_family(got[1].color) == "yellow"
    (arrow,) = rows[1].cells[4].marks
    assert trend_from_mark(arrow, profile.scorecard) == ("improving", "↑")


@pytest.mark.parametrize("glyph, shape", [
    ("✓", "check"), ("✔", "check"), ("☑", "check"), ("✗", "cross"), ("✘", "cross"), ("×", "cross"),
    ("☒", "cross"), ("◐", "half_circle"), ("◑", "half_circle"), ("◒", "half_circle"), ("◓", "half_circle"),
    ("○", "ring"),
])
def test_marks_glyph_shapes(glyph, shape):
    from pipeline.status.marks import glyph_to_mark

    assert glyph_to_mark(glyph, None).shape == shape


@pytest.mark.parametrize("mark, status", [
    (Mark("✓", "#000000", "check", True), "achieved"),
    (Mark("circle_check", "#6ab33e", "circle_check", True, "image"), "achieved"),
    (Mark("✗", "#000000", "cross", True), "not_achieved"),
    (Mark("circle_cross", "#d9372b", "circle_cross", True, "vector"), "not_achieved"),
    (Mark("◐", "#000000", "half_circle", True), "partially_achieved"),
    (Mark("bar", "#6bb33f", "bar", True, "image", None, 40.0), "partially_achieved"),
    (Mark("diamond", "#9b9b9b", "diamond", False, "image"), "not_assessed"),
    (Mark("ring", "#9b9b9b", "ring", False, "image"), "not_assessed"),  # hollow
    (Mark("circle", "#9b9b9b", "circle", True, "image"), "not_assessed"),  # grey
])
def test_marks_status_without_legend_from_shape_and_colour(profile, mark, status):
    r = status_from_mark(mark, None, profile)
    assert (r.status, r.source, r.color) == (status, "profile", mark.color)


@pytest.mark.parametrize("mark, status", [
    # shape is the more specific evidence: a red check is achieved, a green cross is not
    (Mark("✓", "#d9372b", "check", True), "achieved"),
    (Mark("✗", "#00b050", "cross", True), "not_achieved"),
    (Mark("circle_check", "#d9372b", "circle_check", True, "image"), "achieved"),
    # a shape without a meaning of its own leaves it to the colour
    (Mark("circle_play", "#d9372b", "circle_play", True, "image"), "not_achieved"),
    (Mark("circle_minus", "#f2c201", "circle_minus", True, "image"), "partially_achieved"),
])
def test_marks_shape_wins_over_colour(profile, mark, status):
    assert status_from_mark(mark, None, profile).status == status


def test_marks_unmatched_mark_has_no_status_but_keeps_colour(profile):
    r = status_from_mark(Mark("circle", "#8a2be2", "circle", True, "vector"), None, profile)
    assert (r.status, r.source, r.color) == (None, None, "#8a2be2")


def test_marks_shape_vocabulary_comes_from_the_profile(profile):
    from dataclasses import replace

    other = replace(profile, legend=replace(profile.legend, shapes={"check": "not_assessed"}))
    assert status_from_mark(Mark("✓", "#00b050", "check", True), None, other).status == "not_assessed"
    # without the vocabulary entry, the colour decides
    assert status_from_mark(Mark("✗", "#00b050", "cross", True), None, other).status == "achieved"


@pytest.mark.parametrize(("glyph", "status"), [("😊", "achieved"), ("😐", "partially_achieved"),
                                               ("😒", "not_achieved"), ("🙁", "not_achieved")])
def test_smileys_are_status_marks_by_their_face_whatever_their_colour(glyph, status):
    from pipeline.settings.profile import load_profile
    from pipeline.status.marks import glyph_to_mark, is_mark_glyph, status_from_mark

    assert is_mark_glyph(glyph)
    reading = status_from_mark(glyph_to_mark(glyph, "#000000"), None, load_profile("default"))
    assert (reading.status, reading.source) == (status, "profile")

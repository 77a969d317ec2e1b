"""The PDF reader's tolerances as profile settings (``[read.pdf.<step>]``): every one can be set
from a profile, a wrong key or type is refused, none is left as a module constant, and the
batch's profile fingerprint stays as it was while they hold their defaults."""

from __future__ import annotations

import ast
import hashlib
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import pytest

import pipeline.read.pdf
from pipeline.batch.outcome import profile_hash
from pipeline.model import BlockKind
from pipeline.read.pdf import read_pdf
from pipeline.settings.pdf import PdfSettings
from pipeline.settings.profile import ProfileError, fingerprint, load_profile, profile_from_dict

READER = Path(pipeline.read.pdf.__file__).parent
# module constants of the reader that are no tolerance: vocabularies, buffer sizes of the content
# stream scan, and the page budgets' defaults (PageBudgets: set by the batch, not a profile)
NOT_TOLERANCES = {"INFLATE_CHUNK", "DO_CARRY_BYTES", "FONT_NAME_BYTES", "MAX_PAGE_CONTENT_BYTES", "MAX_IMAGE_PIXELS",
                  "MAX_GLYPH_PROC_BYTES", "A85_GROUPS"}


def _leaves(cls: type, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """(path, default) of every scalar field of a settings dataclass, nested groups walked."""
    out = []
    for f in fields(cls):
        default = getattr(cls(), f.name)
        if is_dataclass(default):
            out += _leaves(type(default), (*prefix, f.name))
        else:
            out.append(((*prefix, f.name), default))
    return out


def _nested(path: tuple[str, ...], value: object) -> dict:
    out: dict = {path[-1]: value}
    for key in reversed(path[:-1]):
        out = {key: out}
    return out


def _get(obj: object, path: tuple[str, ...]) -> object:
    for key in path:
        obj = getattr(obj, key)
    return obj


LEAVES = _leaves(PdfSettings)


def test_pdf_settings_are_many_and_every_one_is_a_number():
    assert len(LEAVES) >= 80
    assert all(type(d) in (int, float) for _, d in LEAVES)


@pytest.mark.parametrize(("path", "default"), LEAVES, ids=lambda x: ".".join(x) if isinstance(x, tuple) else "")
def test_pdf_settings_every_tolerance_can_be_set_from_a_profile(path, default):
    value = default * 2 + 1
    p = profile_from_dict({"read": {"pdf": _nested(path, value)}})
    assert _get(p.read.pdf, path) == value
    assert type(_get(p.read.pdf, path)) is type(default)


def test_pdf_settings_unknown_keys_and_wrong_types_are_refused():
    with pytest.raises(ProfileError, match=r"read\.pdf\.bands: unknown key\(s\) edge_tol; allowed: .*edge_tolerance"):
        profile_from_dict({"read": {"pdf": {"bands": {"edge_tol": 3.0}}}})
    with pytest.raises(ProfileError, match=r"read\.pdf: unknown key\(s\) tables"):
        profile_from_dict({"read": {"pdf": {"tables": {}}}})
    with pytest.raises(ProfileError, match=r"read\.pdf\.bands\.single_row_min_columns: expected int, got float"):
        profile_from_dict({"read": {"pdf": {"bands": {"single_row_min_columns": 2.5}}}})
    with pytest.raises(ProfileError, match=r"read\.pdf\.triage\.sampled_objects: expected int, got bool"):
        profile_from_dict({"read": {"pdf": {"triage": {"sampled_objects": True}}}})
    with pytest.raises(ProfileError, match=r"read\.pdf\.masks\.half_full: expected float, got str"):
        profile_from_dict({"read": {"pdf": {"masks": {"half_full": "0.8"}}}})
    with pytest.raises(ProfileError, match=r"read\.pdf\.flow: expected a table"):
        profile_from_dict({"read": {"pdf": {"flow": 3}}})


def test_pdf_settings_a_profile_file_sets_them(tmp_path):
    path = tmp_path / "mall.toml"
    path.write_text('[read.pdf]\nheading_size_step = 1.5\n\n[read.pdf.triage]\nmin_drawing_paths = 5000\n')
    p = load_profile(str(path))
    assert p.read.pdf.heading_size_step == 1.5
    assert p.read.pdf.triage == replace(PdfSettings().triage, min_drawing_paths=5000)
    assert p.read.pdf.bands == PdfSettings().bands  # the rest stays at the defaults


def test_pdf_settings_no_tolerance_is_left_a_module_constant():
    """A number the reader tunes is a setting: a module-level UPPER_CASE number in read/pdf is one
    that was missed (or added since: fold it into PdfSettings)."""
    left = []
    for module in sorted(READER.glob("*.py")):
        for node in ast.parse(module.read_text()).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target if isinstance(
                node, ast.AnnAssign) else None
            if (isinstance(target, ast.Name) and target.id.isupper() and target.id not in NOT_TOLERANCES
                    and isinstance(node.value, ast.Constant | ast.BinOp)
                    and isinstance(ast.literal_eval(node.value) if isinstance(node.value, ast.Constant)
                                   else 0, int | float)):
                left.append(f"{module.name}: {target.id}")
    assert left == []


def test_pdf_settings_leave_the_profile_hash_as_it_was_at_their_defaults():
    for name in ("default", "region-norrbotten"):
        p = load_profile(name)
        legacy = repr(p).replace(f", pdf={p.read.pdf!r}, text={p.read.text!r}", "").replace(
            ", subheader_goal_threshold=0.8, short_row_penalty=0.3, no_factor_penalty=0.2, factor_mismatch_penalty=0.1",
            "")
        assert legacy != repr(p)
        assert fingerprint(p) == legacy
        assert profile_hash(p) == hashlib.sha256(legacy.encode()).hexdigest()[:12]
    tuned = profile_from_dict({"read": {"pdf": {"cells": {"inside_tolerance": 2.0}}}}, name="default")
    assert profile_hash(tuned) != profile_hash(load_profile("default"))
    assert "inside_tolerance=2.0" in fingerprint(tuned)
    penalised = profile_from_dict({"scorecard": {"short_row_penalty": 0.5}}, name="default")
    assert profile_hash(penalised) != profile_hash(load_profile("default"))
    wider = profile_from_dict({"read": {"text": {"column_tolerance": 6}}}, name="default")
    assert wider.read.text.column_tolerance == 6
    assert profile_hash(wider) != profile_hash(load_profile("default"))


def _doc(profile, tmp_path):
    """A title, a 16 pt heading and two lines of 10 pt body text."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for size, y, text in ((10, 780, "Rapport 2025"), (16, 740, "Ekonomi"), (10, 710, "Nämnden håller budgeten."),
                          (10, 696, "Det gör styrelsen också.")):
        c.setFont("Helvetica", size)
        c.drawString(60, y, text)
    c.save()
    return read_pdf(tmp_path / "x.pdf", buf.getvalue(), profile)


def test_pdf_settings_reach_the_reader(tmp_path):
    doc = _doc(load_profile("default"), tmp_path)
    assert [b.text for b in doc.blocks if b.kind is BlockKind.HEADING] == ["Ekonomi"]
    assert "Nämnden håller budgeten." in doc.text
    # word gaps: below zero every glyph is a word of its own
    split = _doc(profile_from_dict({"read": {"pdf": {"text": {"word_gap_em": -1.0}}}}), tmp_path)
    assert "N ä m n d e n" in split.text
    # heading styles: a step no size reaches leaves no heading
    flat = _doc(profile_from_dict({"read": {"pdf": {"heading_size_step": 100.0}}}), tmp_path)
    assert not [b for b in flat.blocks if b.kind is BlockKind.HEADING]

"""The text reader's records, built fast: a report's export makes ~1,500 blocks, cells and
provenances. A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
these constructors set the slots through their descriptors, about twice as fast. They give every
field, and the import fails when the model's fields change (or gain a ``__post_init__`` that
this would skip)."""

from __future__ import annotations

from dataclasses import fields

from pipeline.model import Block, BlockKind, Cell, Provenance


def _setters(cls: type, names: tuple[str, ...]) -> tuple:
    if tuple(f.name for f in fields(cls)) != names or hasattr(cls, "__post_init__"):
        raise ImportError(f"{cls.__name__} no longer has exactly the fields {names}: update {__name__}")
    return tuple(getattr(cls, n).__set__ for n in names)


_new = object.__new__
_p_start, _p_end, _p_page, _p_page_end, _p_bbox = _setters(
    Provenance, ("char_start", "char_end", "page", "page_end", "bbox"))
_c_text, _c_prov, _c_marks = _setters(Cell, ("text", "prov", "marks"))
_b_kind, _b_text, _b_prov, _b_level, _b_cells, _b_style = _setters(
    Block, ("kind", "text", "prov", "level", "cells", "style"))


def provenance(start: int, end: int) -> Provenance:
    """``Provenance(start, end)``."""
    p = _new(Provenance)
    _p_start(p, start)
    _p_end(p, end)
    _p_page(p, None)
    _p_page_end(p, None)
    _p_bbox(p, None)
    return p


def cell(text: str, start: int) -> Cell:
    """``Cell(text, Provenance(start, start + len(text)))``."""
    c = _new(Cell)
    _c_text(c, text)
    _c_prov(c, provenance(start, start + len(text)))
    _c_marks(c, ())
    return c


def block(kind: BlockKind, text: str, start: int, cells: tuple[Cell, ...] = ()) -> Block:
    """``Block(kind, text, Provenance(start, start + len(text)), cells=cells)``."""
    b = _new(Block)
    _b_kind(b, kind)
    _b_text(b, text)
    _b_prov(b, provenance(start, start + len(text)))
    _b_level(b, None)
    _b_cells(b, cells)
    _b_style(b, None)
    return b

"""benchmarks/loose_types.py: which annotations count as loose (issue 20)."""

import ast

from benchmarks.loose_types import annotations, is_loose


def _loose(src: str) -> list[str]:
    return [what for _, what, ann in annotations(ast.parse(src)) if is_loose(ann)]


def test_bare_dict_any_and_dict_of_any_count_precise_types_do_not():
    src = (
        "def f(a: dict, b: list[dict], c: dict[str, Any], d: 'dict | None', e: dict[str, int],\n"
        "      g: Mapping[str, list[str]], h: typing.Any) -> Sequence[Row]: ...\n"
        "x: dict[tuple[str, str], tuple[Ref, dict] | None] = {}\n"
        "y: list[int] = []\n"
    )
    assert _loose(src) == ["parameter a of f", "parameter b of f", "parameter c of f", "parameter d of f",
                           "parameter h of f", "variable x"]


def test_a_type_alias_counts_once_where_it_is_defined():
    src = "Rows = dict[str, list[dict]]\nRow = dict[str, int | None]\nLIMIT = 3\ndef f(r: Rows) -> Rows: ...\n"
    assert _loose(src) == ["alias Rows"]

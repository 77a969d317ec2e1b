"""Count loose type annotations in pipeline/ (issue 20: at most 15 outside output/ and site/).

    .venv/bin/python -m benchmarks.loose_types [--all] [--list] [--max N] [--root DIR]

An annotation is loose when it says nothing about a value's shape: it holds ``Any`` or a bare
``dict`` (unsubscripted, so ``list[dict]`` counts, and so does ``dict[str, Any]``). Counted:
parameter, return and variable annotations, and type aliases (``Rows = dict[str, list[dict]]``)
whose right side is loose; each annotation once. ``--all`` includes output/ and site/;
``--list`` prints each one; ``--max N`` exits 1 above N; ``--root`` counts another checkout's
package (``git archive REV pipeline | tar -x -C /tmp/old``, then ``--root /tmp/old/pipeline``).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "pipeline"
EXCLUDED = ("output", "site")  # the target leaves the row writers and the HTML out
TYPE_HEADS = {"dict", "list", "tuple", "set", "frozenset", "Mapping", "Sequence", "Iterable", "Iterator",
              "Callable", "Optional", "Union", "MutableMapping", "Dict", "List"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # typing.Any, t.Dict
        return node.attr
    return None


def is_loose(node: ast.AST | None) -> bool:
    """``Any`` or an unsubscripted ``dict``/``Dict`` anywhere in the annotation."""
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a quoted annotation
        try:
            return is_loose(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return False
    subscripted = {id(n.value) for n in ast.walk(node) if isinstance(n, ast.Subscript)}
    for n in ast.walk(node):
        name = _name(n)
        if name == "Any" or (name in ("dict", "Dict") and id(n) not in subscripted):
            return True
    return False


def _is_type_expr(node: ast.AST) -> bool:
    head = node.value if isinstance(node, ast.Subscript) else node
    if isinstance(node, ast.BinOp):  # X | Y
        return _is_type_expr(node.left) or _is_type_expr(node.right)
    return isinstance(node, ast.Subscript) and _name(head) in TYPE_HEADS


def annotations(tree: ast.AST) -> Iterator[tuple[int, str, ast.AST]]:
    """(line, what, annotation) for every annotation and module-level type alias."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
                if arg is not None and arg.annotation is not None:
                    yield arg.lineno, f"parameter {arg.arg} of {node.name}", arg.annotation
            if node.returns is not None:
                yield node.lineno, f"return of {node.name}", node.returns
        elif isinstance(node, ast.AnnAssign):
            yield node.lineno, f"variable {ast.unparse(node.target)}", node.annotation
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and _is_type_expr(node.value):
            yield node.lineno, f"alias {ast.unparse(node.targets[0])}", node.value


def loose(root: Path, include_all: bool) -> list[tuple[Path, int, str, str]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if not include_all and rel.parts[0] in EXCLUDED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, what, ann in annotations(tree):
            if is_loose(ann):
                found.append((rel, line, what, ast.unparse(ann)))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--all", action="store_true", help="include output/ and site/")
    ap.add_argument("--list", action="store_true", help="print every loose annotation")
    ap.add_argument("--max", type=int, default=None, help="exit 1 when more than this many")
    ap.add_argument("--root", type=Path, default=ROOT, help="the package directory to count (default: pipeline/)")
    args = ap.parse_args(argv)
    found = loose(args.root, args.all)
    if args.list:
        for rel, line, what, text in found:
            print(f"pipeline/{rel}:{line}: {what}: {text}")
    per_package = Counter(rel.parts[0] if len(rel.parts) > 1 else rel.name for rel, *_ in found)
    print("  ".join(f"{k} {v}" for k, v in sorted(per_package.items())))
    scope = "pipeline/" if args.all else "pipeline/ outside output/ and site/"
    print(f"loose annotations (bare dict, list[dict], Any) in {scope}: {len(found)}")
    if args.max is not None and len(found) > args.max:
        print(f"more than {args.max}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

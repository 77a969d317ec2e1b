"""Regenerate tests/fixtures/ (`make fixtures`; `python -m fixtures_build [renderings|synthetic|archive|coverage] [-k NAME]`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fixtures_build import engines
from fixtures_build.matrix import MATRIX

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
RENDERINGS = FIXTURES / "renderings"


def _style_dict(style) -> dict:
    return {"rules": style.rules, "shading": style.shading, "marks": style.marks, "legend": style.legend,
            "narrow": style.narrow, "repeat_header": style.repeat_header, "ligatures": style.ligatures}


def build_renderings(only: str | None) -> None:
    from fixtures_build.from_text import doc_from_text

    docs = {}
    entries = []
    for r in MATRIX:
        entries.append({"file": r.name + ".pdf", "source": r.source, "engine": r.engine,
                        "style": _style_dict(r.style)})
        if only and only not in r.name:
            continue
        key = (r.source, r.style.legend)
        if key not in docs:
            docs[key] = doc_from_text(REPO / r.source, with_legend=r.style.legend)
        out = RENDERINGS / (r.name + ".pdf")
        engines.render(r.engine, docs[key], r.style, out)
        print(f"{out.relative_to(REPO)}  {out.stat().st_size // 1024} KB")
    (RENDERINGS / "MANIFEST.json").write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", "utf-8")


def build_synthetic(only: str | None) -> None:
    from fixtures_build.synthetic import build_all

    build_all(FIXTURES / "synthetic", only)


def build_archive(only: str | None) -> None:
    from fixtures_build.archive import build_all

    build_all(FIXTURES / "archive", only)


def build_coverage() -> None:
    from fixtures_build.coverage import build

    build(FIXTURES / "coverage")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("what", nargs="?", choices=["renderings", "synthetic", "archive", "coverage", "all"], default="all")
    ap.add_argument("-k", dest="only", help="only fixtures whose name contains this")
    args = ap.parse_args()
    if args.what in ("renderings", "all"):
        build_renderings(args.only)
    if args.what in ("synthetic", "all"):
        build_synthetic(args.only)
    if args.what in ("archive", "all"):
        build_archive(args.only)
    if args.what in ("coverage", "all"):
        build_coverage()


if __name__ == "__main__":
    main()

"""Synthetic reports of other template families (issue 9). Each module holds one spec that
gives the Doc to render, the expected extraction, and optionally a text export."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from fixtures_build import engines
from fixtures_build.synthetic.spec import SyntheticReport, text_export

MODULES = ("stratsys_namnd", "city_assignments", "indicators", "narrative", "economy", "forbund_goals", "rail_measures",
           "city_interim")


def all_reports() -> list[SyntheticReport]:
    out: list[SyntheticReport] = []
    for name in MODULES:
        out.extend(importlib.import_module(f"fixtures_build.synthetic.{name}").REPORTS)
    return out


def build_all(out_dir: Path, only: str | None = None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for rep in all_reports():
        if only and only not in rep.name:
            continue
        files = [rep.name + ".pdf"]
        engines.render(rep.engine, rep.doc, rep.style, out_dir / files[0])
        if rep.with_text:
            files.append(rep.name + ".txt")
            (out_dir / files[1]).write_text(text_export(rep.doc), encoding="utf-8")
        expected = {"files": files, **rep.expected()}
        (out_dir / f"{rep.name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{out_dir.name}/{rep.name}: {', '.join(files)}  {(out_dir / files[0]).stat().st_size // 1024} KB")

"""Golden files: readable views (CSV/JSON) of what the pipeline extracts from each sample.

`make golden` (python -m tests.golden) regenerates them on purpose; tests compare against
them and fail when one is missing. Review the diff before committing regenerated files.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.model import Extraction
from pipeline.output.rows import report_status
from pipeline.run import run_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"
DATA_DIR = Path(__file__).resolve().parent / "data"


def samples() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.txt")) + sorted(SAMPLES_DIR.glob("*.pdf"))


def expected_dir(sample: Path) -> Path:
    """tests/data/<report>/expected/<text|pdf>/; links.json beside them is hand-written truth
    shared by both formats, and is not regenerated here."""
    fmt = "pdf" if sample.suffix.lower() == ".pdf" else "text"
    return DATA_DIR / sample.stem / "expected" / fmt


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(["" if v is None else v for v in r] for r in rows)
    return buf.getvalue()


def metrics_view(ex: Extraction) -> str:
    cols = ["metric_key", "perspective", "strategic_goal", "success_factor", "metric", "metric_kind",
            "target_raw", "target_kind", "target_value", "target_value_2", "target_unit", "target_women",
            "target_men", "target_direction", "status", "status_source", "status_symbol", "trend",
            "trend_symbol"]
    rows = [[m.metric_key, m.perspective, m.strategic_goal, m.success_factor, m.metric, m.metric_kind,
             m.target.raw, m.target.kind, m.target.value, m.target.value_2, m.target.unit, m.target.women,
             m.target.men, m.target.direction, m.status.status, m.status.source, m.status.symbol, m.trend,
             m.trend_symbol] for m in ex.metrics]
    return _csv(cols, rows)


def goals_view(ex: Extraction) -> str:
    goals = [{"goal_key": g.goal_key, "perspective": g.perspective, "strategic_goal": g.strategic_goal,
              "status": g.status.status, "status_source": g.status.source, "status_symbol": g.status.symbol,
              "success_factors": list(g.success_factors), "assessment_start": (g.assessment or "")[:80],
              "forecast": g.forecast} for g in ex.goals]
    return json.dumps(goals, ensure_ascii=False, indent=2) + "\n"


def sections_view(ex: Extraction) -> str:
    return _csv(["section_id", "parent_id", "level", "kind", "title"],
                [[s.section_id, s.parent_id, s.level, s.kind.value, s.title] for s in ex.sections])


def tables_view(ex: Extraction) -> str:
    return _csv(["table_id", "kind", "n_parts", "n_rows", "header"],
                [[t.table_id, t.kind, t.n_parts, len(t.rows), " | ".join(t.header)] for t in ex.tables])


def report_view(ex: Extraction) -> str:
    m = ex.meta
    keys = ["report_id", "organisation", "organisation_code", "organisation_name", "committee", "committee_name",
            "report_kind", "period_start", "period_end", "profile",
            # issue 21: where each part was read, the publication date, and what became of the table rows
            "organisation_source", "committee_source", "report_kind_source", "period_source", "published"]
    view = {k: getattr(m, k) for k in keys}
    view["coverage"] = dataclasses.asdict(ex.coverage) if ex.coverage else None
    view["status"] = report_status(ex).value
    return json.dumps(view, ensure_ascii=False, indent=2, default=str) + "\n"


VIEWS: dict[str, Callable[[Extraction], str]] = {
    "report.json": report_view,
    "metrics.csv": metrics_view,
    "goals.json": goals_view,
    "sections.csv": sections_view,
    "tables.csv": tables_view,
}


def render(sample: Path) -> dict[str, str]:
    ex = run_document(sample, raise_errors=True)
    return {name: view(ex) for name, view in VIEWS.items()}


def main(argv: list[str]) -> int:
    chosen = [Path(a) for a in argv] or samples()
    for sample in chosen:
        out = expected_dir(sample)
        out.mkdir(parents=True, exist_ok=True)
        for name, text in render(sample).items():
            (out / name).write_text(text, encoding="utf-8")
            print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A stand-in for ``extract_to_rows`` that reads a JSON spec instead of a report, so batch
behaviour (hangs, crashes, duplicates, renames) can be tested fast and on purpose.

Importable by worker processes (module-level functions only).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.output.records import FactRow, GoalRow, LinkRow, MetricRow, ReportRecords, ReportRow
from pipeline.scorecard.keys import metric_key

STATUSES = ("achieved", "partially_achieved", "not_achieved")


def write_spec(path: Path, report_id: str, metrics: list[tuple], *, period: str = "2021-04-30",
               committee: str = "run", **behaviour) -> Path:
    """metrics: (success_factor, metric, target, status, trend) tuples; status is a symbol
    ("◇", "●") or a status word ("achieved", ...); optional goals=[(perspective, goal, status)]."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"report_id": report_id, "period": period, "committee": committee,
                                "metrics": metrics, **behaviour}, ensure_ascii=False), encoding="utf-8")
    return path


def fake_extract(path, profile):
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    if spec.get("crash"):
        os._exit(3)
    if spec.get("oom_kill"):  # what the kernel's out-of-memory killer does
        os.kill(os.getpid(), signal.SIGKILL)
    if spec.get("hang"):
        time.sleep(3600)
    if spec.get("parse_log"):  # one line per parse, for the tests that count parses
        with open(spec["parse_log"], "a", encoding="utf-8") as f:
            f.write(f"{path}\n")
    if spec.get("pid_file"):  # which worker runs it, for the tests that kill or watch workers
        # whole or absent: a test may kill this worker between creating the file and writing it
        tmp = Path(f"{spec['pid_file']}.{os.getpid()}.tmp")
        tmp.write_text(str(os.getpid()))
        os.replace(tmp, spec["pid_file"])
    if spec.get("alloc_mb"):  # touched memory, so it counts in RSS
        held = b"x" * (spec["alloc_mb"] << 20)
        assert held
    if spec.get("sleep"):
        time.sleep(spec["sleep"])
    rid = spec["report_id"]
    data = Path(path).read_bytes()
    fmt = "pdf" if str(path).endswith(".pdf") else "text"
    report = ReportRow(
        report_id=rid, schema_version="2.0", title=rid,
        organisation=spec.get("organisation", "region-norrbotten"), committee=spec["committee"],
        report_kind="delarsrapport", period_end=date.fromisoformat(spec["period"]), source_path=str(path),
        source_format=fmt, source_sha256=hashlib.sha256(data).hexdigest(), profile=profile.name,
        pipeline_version="test", extracted_at=datetime(2024, 1, 1, tzinfo=UTC), status="ok",
        n_metrics=len(spec["metrics"]), n_goals=len(spec.get("goals", [])),
    )
    metrics, links, facts = [], [], []
    for i, (factor, metric, target, status_symbol, trend) in enumerate(spec["metrics"]):
        key = metric_key("region-norrbotten", spec["committee"], factor, metric)
        metrics.append(MetricRow(report_id=rid, metric_key=key, success_factor=factor, metric=metric,
                                 metric_kind="aktivitet" if metric.startswith("Aktivitet") else "styrmatt",
                                 target_raw=target, status_symbol="●" if status_symbol in STATUSES else status_symbol,
                                 status=status_symbol if status_symbol in STATUSES else
                                 ("not_assessed" if status_symbol == "◇" else None),
                                 trend_symbol=trend,
                                 trend={"↑": "improving", "➔": "unchanged", "↓": "worsening"}.get(trend),
                                 table_id="t1", row_index=i, confidence=1.0))
        links.append(LinkRow(report_id=rid, metric_key=key, section_id=f"s{i}", method="heading_exact",
                             score=1.0, evidence=metric))
        facts.append(FactRow(report_id=rid, section_id=f"s{i}", metric_key=key, sentence=metric,
                             raw=str(i), value=float(i), unit="count", char_start=0, char_end=1))
    goals = [GoalRow(report_id=rid, goal_key=f"{spec['committee']}.{goal.lower()}", perspective=perspective,
                     strategic_goal=goal, status=status) for perspective, goal, status in spec.get("goals", [])]
    return rid, ReportRecords(reports=(report,), goals=tuple(goals), metrics=tuple(metrics), links=tuple(links),
                              facts=tuple(facts))


def slow_warm_up(profile):
    """Stands in for loading the language pipeline in a fresh worker (~1 s for spaCy)."""
    time.sleep(2.0)


def datasets_snapshot(out: Path) -> dict[str, bytes]:
    """Every dataset file's bytes (manifest and private sidecars excluded)."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.parquet"))
            if not p.name.startswith("_") and not any(part.startswith("_") for part in p.relative_to(out).parts)}

"""What a batch does with each source: extract it, skip it (unchanged since it was recorded), or
drop the report of a source that is gone."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline import PIPELINE_VERSION
from pipeline.batch.inputs import Source
from pipeline.batch.jobs import RETRY_STATUSES, Plan
from pipeline.batch.manifest import ManifestEntry


def source_rank(path: str) -> tuple[int, str]:
    """Which source of one report wins: a PDF over a text export, then the smaller path."""
    return (0 if path.lower().endswith(".pdf") else 1, path)


def plan_sources(sources: Sequence[Source], manifest: dict[str, ManifestEntry], gone_paths: set[str],
                 profile_name: str, phash: str, retry_failed: bool = False, damaged: frozenset[str] = frozenset()) -> Plan:
    """``damaged``: sources whose report's files are not as recorded (``check.damaged_sources``)."""
    owners = {e.report_id: e.source_path for e in manifest.values() if e.owns_report}
    todo: list[Source] = []
    skipped: list[ManifestEntry] = []
    for s in sources:
        e = manifest.get(s.path)
        if e is None:
            todo.append(s)
            continue
        unchanged = (e.sha256 == s.sha256 and s.path not in damaged
                     and e.pipeline_version == PIPELINE_VERSION
                     and e.profile == profile_name and e.profile_hash == phash
                     and not (retry_failed and e.status in RETRY_STATUSES))
        # a duplicate stays skipped only while the source it lost to still owns the report
        if unchanged and e.status == "duplicate" and owners.get(e.report_id) != e.duplicate_of:
            unchanged = False
        (skipped.append(e) if unchanged else todo.append(s))
    gone = tuple(sorted((manifest[p] for p in gone_paths if p in manifest), key=lambda e: e.source_path))
    return Plan(tuple(todo), tuple(skipped), gone)

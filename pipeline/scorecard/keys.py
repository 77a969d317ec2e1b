"""Stable keys: readable slugs of what a row says plus a short hash, never its position."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from pipeline.model import Metric
from pipeline.output.files import short_hash
from pipeline.text.similarity import normalise, slug


def _digest(*parts: str | None) -> str:
    return short_hash("|".join(normalise(p or "") for p in parts))


# keys are pure functions of a row's short texts, and a batch of one organisation's reports names the
# same metrics and goals again: memoised
@lru_cache(maxsize=16384)
def metric_key(org: str | None, committee: str | None, factor: str, metric: str) -> str:
    """Readable and stable: committee, factor and metric slugs plus a hash of organisation and
    the normalised texts, so it depends on what the row says, never on where it is."""
    return f"{committee or 'x'}.{slug(factor, 24)}.{slug(metric, 40)}.{_digest(org, committee, factor, metric)}"


@lru_cache(maxsize=16384)
def goal_key(org: str | None, committee: str | None, goal: str) -> str:
    return f"{committee or 'x'}.{slug(goal, 60)}.{_digest(org, committee, goal)}"


def dedupe_keys(metrics: list[Metric]) -> list[Metric]:
    """The same text twice under one factor gets -2, -3 ... in order of appearance."""
    seen: dict[str, int] = {}
    out = []
    for m in metrics:
        n = seen.get(m.metric_key, 0) + 1
        seen[m.metric_key] = n
        out.append(m if n == 1 else dataclasses.replace(m, metric_key=f"{m.metric_key}-{n}"))
    return out

"""The status stage: the one step that decides the status of every goal and metric.

The scorecard reads what the tables print (a mark, a symbol, a status word); the language stage
finds what the prose states (``StatusEvidence``). Here the precedence rule
(``phrases.apply_narrative``) joins them: the table's status stands and a statement is kept as
evidence; a statement fills the status only where the table gave none; a forecast never counts.
A goal's own assessment (its paragraph, or its ``Kommentar:`` row) is its narrative, else the
first current statement in its own section (a goal printed as a heading, its status said in the
prose after its table); a metric's is the first current statement about it in the prose linked to it.
Last, a metric that nothing printed gives a status to, with a compared target ("≥ 85 %") and a
numeric outcome, gets one computed from them (``computed``).
"""

from __future__ import annotations

import dataclasses

from pipeline.model import Extraction, Goal, Metric, StatusEvidence
from pipeline.settings.profile import Profile
from pipeline.status.computed import with_computed_status
from pipeline.status.phrases import apply_narrative, assessment_status


def goal_to_final(goal: Goal, profile: Profile, said: StatusEvidence | None = None) -> Goal:
    """``said``: the first current statement in the goal's own section ("Målet bedöms ha uppnåtts"
    after its indicator table), for a goal whose assessment and comment state nothing."""
    status, evidence, _ = assessment_status(goal.assessment or goal.comment or "", profile)
    if evidence is None and said is not None:
        status, evidence = said.status, said.sentence
    return dataclasses.replace(goal, status=apply_narrative(goal.status, status, evidence))


def first_in_section(evidence: tuple[StatusEvidence, ...]) -> dict[str, StatusEvidence]:
    """Section id -> the first current (non-forecast) statement made in that section."""
    first: dict[str, StatusEvidence] = {}
    for e in evidence:
        if not e.is_forecast:
            first.setdefault(e.section_id, e)
    return first


def metrics_to_final(metrics: tuple[Metric, ...], evidence: tuple[StatusEvidence, ...]) -> tuple[Metric, ...]:
    """The first current (non-forecast) statement about a metric, through the precedence rule."""
    first: dict[str, StatusEvidence] = {}
    for e in evidence:
        if e.metric_key and not e.is_forecast and e.metric_key not in first:
            first[e.metric_key] = e
    out = []
    for m in metrics:
        said = first.get(m.metric_key)
        out.append(m if said is None else
                   dataclasses.replace(m, status=apply_narrative(m.status, said.status, said.sentence)))
    return tuple(out)


def decide_status(ex: Extraction, profile: Profile) -> Extraction:
    """Stage: the scorecard's goals and metrics with their final status. Works without evidence
    (the language stage failed or found none): the tables' statuses and goal assessments stand."""
    card = ex.scorecard
    if card is None:
        return ex
    said = first_in_section(ex.evidence)
    goals = tuple(goal_to_final(g, profile, said.get(g.section_id or "")) for g in card.goals)
    metrics = tuple(with_computed_status(m) for m in metrics_to_final(card.metrics, ex.evidence))
    return dataclasses.replace(ex, goals=goals, metrics=metrics)

"""A status computed from the printed target and outcome, where nothing printed states one
(``status_source = computed``).

Only for a target printed as a number with a comparison (``target_direction``): ``above`` (">99%"),
``at_least`` ("≥ 85 %", "Minst 90 %"), ``below`` ("<1%"), ``at_most`` ("≤ 5 %", "Högst 5"); and an
outcome that is one number of the same kind (a percentage against a percentage). The outcome meets
the comparison: ``achieved``; else ``not_achieved``; never ``partially_achieved``. A plain number
("90") does not say which side is better, so nothing is computed from it. A mark, symbol, word,
colour or a statement in the prose always wins: a row with any of them (even an undecoded mark)
is left as it is.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable

from pipeline.model import Metric, Status, StatusReading, StatusSource, Target

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "above": operator.gt, "at_least": operator.ge, "below": operator.lt, "at_most": operator.le}
# kinds of a single printed number
_NUMERIC = frozenset({"number", "percent"})


def computed_status(target: Target | None, outcome: Target | None) -> str | None:
    """achieved | not_achieved from a compared target and a comparable outcome; else None."""
    if target is None or outcome is None or target.value is None or outcome.value is None:
        return None
    compare = COMPARISONS.get(target.direction or "")
    if compare is None or target.kind not in _NUMERIC or outcome.kind != target.kind or outcome.direction:
        return None
    return (Status.ACHIEVED if compare(outcome.value, target.value) else Status.NOT_ACHIEVED).value


def with_computed_status(m: Metric) -> Metric:
    """The metric with a computed status where it has none and printed no mark."""
    s = m.status
    if s.status is not None or s.symbol is not None or s.color is not None:
        return m
    status = computed_status(m.target, m.outcome)
    if status is None:
        return m
    return dataclasses.replace(m, status=StatusReading(status, StatusSource.COMPUTED.value, evidence=s.evidence,
                                                       label=s.label))

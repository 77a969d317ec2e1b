"""Metric identity: the base keys of one scope's reports chained, oldest report first, into
canonical keys (the rules are in ``pipeline.keys.compare``'s docstring). ``Chaining`` holds a scope's
chains while reports are added, and its ``state`` is plain data, so the chains can be carried
to another process (``pipeline.keys.hints``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TypedDict

from pipeline.output.records import MetricRow, ReportRow
from pipeline.output.rows import Row, date_or_none, text_or_none
from pipeline.text.similarity import normalise, similarity, strict_similarity

FACTOR_SAME = 0.9  # two success-factor names this similar are the same factor


@dataclass(frozen=True, slots=True)
class ReportRef:
    report_id: str
    organisation: str | None
    committee: str | None
    period_end: date | None

    @property
    def scope(self) -> tuple[str, str]:
        """Reports that are compared with each other; an unreadable report is its own scope."""
        if self.organisation and self.committee:
            return (self.organisation, self.committee)
        return ("~", self.report_id)

    @property
    def order(self) -> tuple:
        return (self.period_end is None, self.period_end or date.min, self.report_id)


@dataclass(frozen=True, slots=True)
class BaseMetric:
    report_id: str
    position: int  # index of the row in the report's metrics file
    base_key: str
    success_factor: str
    metric: str
    metric_kind: str


@dataclass(frozen=True, slots=True)
class KeyAssignment:
    report_id: str
    position: int
    base_key: str
    metric_key: str
    alias_of: str | None  # the base key this one was matched to as a rename
    similarity: float | None

class ChainState(TypedDict):
    key: str
    aliases: list[str]
    last: list[str | int]  # the chain's newest metric: BaseMetric's fields in order


class ChainingState(TypedDict):
    """``Chaining.state``: plain data (JSON) from which ``Chaining.of`` makes the same chains."""

    chains: list[ChainState]
    by_alias: dict[str, int]  # base key -> index into chains
    used_keys: list[str]


def report_ref(report_id: str, rep: Row) -> ReportRef:
    """A report's scope and date from its ``reports`` row."""
    return ReportRef(report_id, text_or_none(rep, "organisation"), text_or_none(rep, "committee"),
                     date_or_none(rep, "period_end"))


def record_ref(report_id: str, rep: ReportRow | None) -> ReportRef:
    """A report's scope and date from its ``reports`` record (None: a report without one)."""
    if rep is None:
        return ReportRef(report_id, None, None, None)
    return ReportRef(report_id, rep.organisation, rep.committee, rep.period_end)


def base_metric(report_id: str, position: int, m: MetricRow) -> BaseMetric:
    """A ``metrics`` record's base key and the names that chain it."""
    return BaseMetric(report_id, position, m.metric_key, m.success_factor or "", m.metric or "", m.metric_kind or "")


class CoOccurrence:
    """Which base keys ever occur in one report together (two such keys are never chained).
    Pairs of keys rather than the reports each key occurs in: a scope's reports repeat the same
    metrics year after year, so the pairs stop growing while the reports do not."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()

    def add(self, base_keys: Iterable[str]) -> None:
        """The base keys of one report."""
        keys = sorted(set(base_keys))
        self.seen.update(keys)
        self.pairs.update(combinations(keys, 2))

    def together(self, a: str, b: str) -> bool:
        if a == b:
            return a in self.seen
        return (a, b) in self.pairs if a < b else (b, a) in self.pairs


def co_occurrence(reports: Iterable[Sequence[BaseMetric]]) -> CoOccurrence:
    together = CoOccurrence()
    for rep in reports:
        together.add(m.base_key for m in rep)
    return together


# --- similarity ---------------------------------------------------------------------------

def same_factor(a: str, b: str) -> bool:
    return normalise(a) == normalise(b) or similarity(a, b) >= FACTOR_SAME


# --- identity: base keys -> canonical keys --------------------------------------------------

@dataclass
class _Chain:  # private, mutable while one scope is chained
    key: str
    aliases: set[str]
    last: BaseMetric


def assign_keys(refs: Sequence[ReportRef], metrics: Sequence[BaseMetric],
                threshold: float) -> list[KeyAssignment]:
    """Canonical keys for all metrics rows of all reports; deterministic in the set of inputs."""
    return assign_with_newest(refs, metrics, threshold)[0]


def assign_with_newest(refs: Sequence[ReportRef], metrics: Sequence[BaseMetric], threshold: float) -> tuple[
        list[KeyAssignment], dict[tuple[str, str], tuple[ReportRef, ChainingState] | None]]:
    """``assign_keys``, and each scope's newest report with metrics with the chains after it."""
    by_report: dict[str, list[BaseMetric]] = defaultdict(list)
    for m in metrics:
        by_report[m.report_id].append(m)
    by_scope: dict[tuple[str, str], list[ReportRef]] = defaultdict(list)
    for r in refs:
        by_scope[r.scope].append(r)
    out: list[KeyAssignment] = []
    newest: dict[tuple[str, str], tuple[ReportRef, ChainingState] | None] = {}
    for scope in sorted(by_scope):
        ordered = [r for r in sorted(by_scope[scope], key=lambda r: r.order) if by_report[r.report_id]]
        chaining = Chaining()
        out += scope_to_keys([sorted(by_report[r.report_id], key=lambda m: m.position) for r in ordered],
                             threshold, chaining)
        if scope[0] != "~":
            newest[scope] = (ordered[-1], chaining.state()) if ordered else None
    return out, newest


def scope_to_keys(reports: Sequence[Sequence[BaseMetric]], threshold: float,
                  chaining: Chaining | None = None) -> list[KeyAssignment]:
    """Chain the metrics of one scope's reports, given oldest first."""
    together = co_occurrence(reports)
    chaining = Chaining() if chaining is None else chaining
    return [a for rep in reports for a in chaining.add(rep, together, threshold)]


def guess_keys(state: ChainingState | None, metrics: Sequence[BaseMetric], threshold: float) -> list[KeyAssignment]:
    """Keys for one report's metrics chained onto ``state``, the chains of its scope after the
    reports before it (``Chaining.state``). What ``scope_to_keys`` gives when reports come in
    order, unless a later report changes it (two base keys never chained together once they
    share a report). A guess, which ``reconcile`` checks."""
    return Chaining.of(state).add(metrics, co_occurrence([metrics]), threshold)


class Chaining:
    """The chains of one scope while its reports are added, oldest first."""

    def __init__(self) -> None:
        self.chains: list[_Chain] = []
        self.by_alias: dict[str, _Chain] = {}
        self.used_keys: set[str] = set()

    def state(self) -> ChainingState:
        """Plain data (JSON) from which ``of`` makes the same chains."""
        index = {id(c): i for i, c in enumerate(self.chains)}
        return {"chains": [{"key": c.key, "aliases": sorted(c.aliases),
                            "last": [c.last.report_id, c.last.position, c.last.base_key, c.last.success_factor,
                                     c.last.metric, c.last.metric_kind]} for c in self.chains],
                "by_alias": {a: index[id(c)] for a, c in self.by_alias.items()},
                "used_keys": sorted(self.used_keys)}

    @classmethod
    def of(cls, state: ChainingState | None) -> Chaining:
        """The chains ``state`` describes; none for None."""
        chaining = cls()
        if not state:
            return chaining
        # "last" holds BaseMetric's fields in order, as state() wrote them (mypy cannot match a list to them)
        chaining.chains = [_Chain(c["key"], set(c["aliases"]), BaseMetric(*c["last"]))  # type: ignore[arg-type]
                           for c in state["chains"]]
        chaining.by_alias = {a: chaining.chains[i] for a, i in state["by_alias"].items()}
        chaining.used_keys = set(state["used_keys"])
        return chaining

    def add(self, rep: Sequence[BaseMetric], together: CoOccurrence, threshold: float) -> list[KeyAssignment]:
        claimed: dict[int, tuple[_Chain, str | None, float | None]] = {}
        taken: set[int] = set()  # id() of chains claimed in this report
        for m in rep:
            c = self.by_alias.get(m.base_key)
            if c is not None and id(c) not in taken:
                claimed[m.position] = (c, None, None)
                taken.add(id(c))
        for same_factor_only in (True, False):
            self._claim_renamed(rep, claimed, taken, together, threshold, same_factor_only)
        out = []
        for m in rep:
            if m.position in claimed:
                c, alias_of, sim = claimed[m.position]
            else:
                c, alias_of, sim = _Chain(_fresh_key(m.base_key, self.used_keys), set(), m), None, None
                self.chains.append(c)
                self.used_keys.add(c.key)
            c.aliases.add(m.base_key)
            self.by_alias.setdefault(m.base_key, c)
            c.last = m
            out.append(KeyAssignment(m.report_id, m.position, m.base_key, c.key, alias_of, sim))
        return out

    def _claim_renamed(self, rep: Sequence[BaseMetric], claimed: dict[int, tuple[_Chain, str | None, float | None]],
                       taken: set[int],
                       together: CoOccurrence, threshold: float, same_factor_only: bool) -> None:
        """Unclaimed metrics to the most similar free chains, best pairs first."""
        pairs = []
        for m in rep:
            if m.position in claimed:
                continue
            for c in self.chains:
                if id(c) in taken or c.last.metric_kind != m.metric_kind:
                    continue
                if same_factor_only and not same_factor(c.last.success_factor, m.success_factor):
                    continue
                if any(together.together(a, m.base_key) for a in c.aliases):
                    continue
                s = strict_similarity(c.last.metric, m.metric)
                if s >= threshold:
                    pairs.append((-s, c.key, m.position, c, m))
        for neg_s, _, _, c, m in sorted(pairs, key=lambda p: p[:3]):
            if m.position in claimed or id(c) in taken:
                continue
            claimed[m.position] = (c, c.last.base_key, round(-neg_s, 4))
            taken.add(id(c))


def _fresh_key(base_key: str, used: set[str]) -> str:
    key, n = base_key, 1
    while key in used:
        n += 1
        key = f"{base_key}~{n}"
    return key

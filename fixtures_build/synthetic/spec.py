"""The spec model of a synthetic report: what it says (goals, rows), from which both the Doc and
the expected extraction are derived, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field

from fixtures_build import model
from fixtures_build.model import Doc, Style


@dataclass(frozen=True)
class Org:
    name: str  # as printed: "Simrishamns kommun"
    code: str | None  # SCB code; None outside the register (a kommunalförbund)
    committee: str  # as printed: "Kultur- och fritidsnämnden"


@dataclass(frozen=True)
class Goal:
    text: str
    level: str  # slug: verksamhetsmal | namndmal | ...
    theme: str | None
    status: str | None
    comment: str | None = None
    parent: str | None = None  # the parent goal's text


# the status the default profile reads from each state icon (shape before colour; issue 8 item 4:
# a check is achieved, a cross not achieved, an open ring not assessed, amber partly achieved)
ICON_STATUS = {"done": "achieved", "in_progress": None, "delayed": "partially_achieved",
               "not_started": "not_assessed", "cancelled": "not_achieved"}


@dataclass(frozen=True)
class Item:
    """One metrics row: an activity, assignment or indicator."""

    metric: str
    kind: str  # aktivitet | uppdrag | indikator | styrmatt
    goal: str | None = None  # strategic_goal: the text of the goal it belongs to
    state: str | None = None
    progress: int | None = None
    outcome_raw: str | None = None
    target_raw: str | None = None
    status: str | None = None
    trend: str | None = None
    comment: str | None = None
    # further metrics columns this report's expectation checks (status_label, target_kind, ...)
    extra: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class SyntheticReport:
    name: str
    engine: str
    style: Style
    doc: Doc
    org: Org
    report_kind: str
    period_end: str  # ISO date
    goals: tuple[Goal, ...] = ()
    items: tuple[Item, ...] = ()
    with_text: bool = False
    notes: str = ""
    extra: dict = field(default_factory=dict)
    status: str = "ok"  # the report's status: partial where a field is a guess, said in a warning
    warnings: tuple[str, ...] = ()  # words each expected warning row's message contains, in order

    def expected(self) -> dict:
        return {
            "notes": self.notes,
            "report": {"organisation_name": self.org.name, "organisation_code": self.org.code,
                       "committee_name": self.org.committee, "report_kind": self.report_kind,
                       "period_end": self.period_end, "status": self.status},
            "goals": [{"strategic_goal": g.text, "goal_level": g.level, "theme": g.theme, "status": g.status,
                       "comment": g.comment, "parent": g.parent} for g in self.goals],
            "metrics": [{"metric": i.metric, "metric_kind": i.kind, "strategic_goal": i.goal, "state": i.state,
                         "progress": i.progress, "outcome_raw": i.outcome_raw, "target_raw": i.target_raw,
                         "status": i.status, "trend": i.trend, "comment": i.comment, **dict(i.extra)}
                        for i in self.items],
            **self.extra,  # a family's own detail (tests/e2e/test_goal_headings.py reads it)
            **({"warnings": list(self.warnings)} if self.warnings else {}),
        }


def text_export(doc: Doc) -> str:
    """What a PDF-to-text tool makes of the Doc: blocks split by blank lines, table rows as
    TAB-separated cells, marks as their glyphs, images (bars) gone."""
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, model.Heading):
            out += [b.text, ""]
        elif isinstance(b, model.Paragraph):
            out += [f"{b.label} {b.text}" if b.label else b.text, ""]
        elif isinstance(b, model.Table):
            out.append("\t".join(b.header))
            for row in b.rows:
                out.append("\t".join(_cell_text(c) for c in row.cells))
            out.append("")
        elif isinstance(b, model.LegendBlock):
            out += [b.title, *(f"{m.glyph} {label}" for m, label in b.entries), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _cell_text(c: model.Cell) -> str:
    parts = [c.mark.glyph] if c.mark else []
    parts += [p for p in (c.label, c.text) if p]
    return " ".join(parts)

"""Jinja2 templates (package data) → HTML bytes. Autoescaping is on for every template: all report
text is escaped; only the chart SVG, built and escaped by ``chart.line_chart``, is marked safe."""

from __future__ import annotations

from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.site.labels import STATUS, STATUS_ORDER, goal_anchor
from pipeline.site.model import CommitteePage, IndexPage, MetricPage, ReportPage, SectionPage

STYLESHEET = (files("pipeline.site") / "templates" / "style.css").read_bytes()


class Renderer:
    def __init__(self) -> None:
        self.env = Environment(loader=PackageLoader("pipeline.site", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True)
        self.env.globals["statuses"] = [STATUS[s] for s in STATUS_ORDER]
        self.env.filters["anchor"] = goal_anchor
        self.env.filters["svg"] = Markup  # only for line_chart output, which escapes its own text

    def _render(self, template: str, **context) -> bytes:
        return self.env.get_template(template).render(**context).encode("utf-8")

    def index(self, page: IndexPage) -> bytes:
        return self._render("index.html.j2", page=page, title="Styrkort – översikt")

    def committee(self, page: CommitteePage) -> bytes:
        title = f"{page.scope.organisation_label} – {page.scope.committee_label}"
        return self._render("committee.html.j2", page=page, title=title)

    def metric(self, page: MetricPage) -> bytes:
        return self._render("metric.html.j2", page=page, title=page.row.name)

    def section(self, page: SectionPage) -> bytes:
        return self._render("section.html.j2", page=page, title=page.heading or "Text")

    def report(self, page: ReportPage) -> bytes:
        return self._render("report.html.j2", page=page, title=page.title)

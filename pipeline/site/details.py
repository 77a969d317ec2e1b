"""The page of one metric and the page of one report."""

from __future__ import annotations

from pathlib import Path

from pipeline.output.rows import text as row_text
from pipeline.site.chart import line_chart
from pipeline.site.committee import ScopeData, change_item, metric_row, newest
from pipeline.site.common import (
    NO_PAGE,
    label,
    make_column,
    metric_href,
    page_of,
    paragraphs,
    section_href,
    text,
)
from pipeline.site.labels import GENDER, LINK_METHOD, REPORT_STATUS, SEVERITY, UNIT, status_look
from pipeline.site.load import Data
from pipeline.site.model import (
    Evidence,
    MetricPage,
    Place,
    ReportPage,
    RowRef,
    Scope,
    SectionPage,
    Source,
    Statement,
)
from pipeline.text.numbers import parse_number

CHARTED_TARGETS = (None, "number", "percent")


class Lookups:
    """Indexes over links, facts and sections, built once for all metric pages."""

    def __init__(self, data: Data):
        self.sections = {(r.get("report_id"), r.get("section_id")): r for r in data["sections"].to_dict("records")}
        self.texts = data.section_texts
        self.links: dict[tuple, list[dict]] = {}
        self.facts: dict[tuple, list[dict]] = {}
        for name, target in (("links", self.links), ("facts", self.facts)):
            for r in data[name].to_dict("records"):
                if r.get("metric_key"):
                    target.setdefault((r.get("report_id"), r["metric_key"]), []).append(r)

    def section(self, report_id: str, section_id) -> dict:
        return self.sections.get((report_id, section_id), {})


def _method(link: dict) -> str:
    method = label(LINK_METHOD, link.get("method"), text(link.get("method")) or "")
    return f"kopplad via {method}, säkerhet {float(link.get('score') or 0):.2f}".replace(".", ",")


def _links(sd: ScopeData, lk: Lookups, key: str) -> tuple[Evidence, ...]:
    """Each linked section once per report: its first paragraph (the heading or sentence that
    carried the link when the section has no text), and its page when there is more."""
    out, seen = [], set()
    for col in sd.columns:
        for r in lk.links.get((col.report_id, key), []):
            sid = row_text(r, "section_id")  # required in links (output.schemas)
            if (col.report_id, sid) in seen:
                continue
            seen.add((col.report_id, sid))
            sec, paras = lk.section(col.report_id, sid), paragraphs(lk.texts.get((col.report_id, sid)))
            body = paras[0] if paras else text(r.get("evidence")) or ""
            more = section_href(col.report_id, sid) if len(paras) > 1 else None
            out.append(Evidence(col, page_of(sec), text(sec.get("title")), body, _method(r), more, max(len(paras) - 1, 0)))
    return tuple(sorted(out, key=lambda e: (e.column.period, e.column.report_id, e.page or 0, e.heading or "",
                                            e.text, e.detail)))


def _number(fact: dict) -> str:
    """A stated number as printed, with its unit in Swedish where the print does not say it."""
    raw = text(fact.get("raw")) or ""
    words = [w for w in (label(UNIT, fact.get("unit"), text(fact.get("unit"))), label(GENDER, fact.get("gender"), None))
             if w]
    extra = [w for w in words if w.lower() not in raw.lower()]
    return f"{raw} ({', '.join(extra)})" if extra else raw


def _statements(sd: ScopeData, lk: Lookups, key: str) -> tuple[Statement, ...]:
    """Each sentence once, with its numbers in the order printed and every report printing it."""
    numbers: dict[tuple, list[str]] = {}
    places: dict[tuple, list[Place]] = {}
    order: dict[tuple, tuple] = {}
    for col in sd.columns:
        for r in sorted(lk.facts.get((col.report_id, key), []), key=lambda r: r.get("char_start") or 0):
            sentence = " ".join((text(r.get("sentence")) or "").split())
            group = (sentence,) if sentence else ("", col.report_id, r.get("char_start"))  # no sentence: alone
            place = Place(col, page_of(lk.section(col.report_id, r.get("section_id"))))
            order.setdefault(group, (col.period, col.report_id, place.page or 0, r.get("char_start") or 0))
            if place not in places.setdefault(group, []):
                places[group].append(place)
            if places[group][0] == place and _number(r) not in numbers.setdefault(group, []):
                numbers[group].append(_number(r))
    return tuple(Statement(g[0], tuple(numbers[g]), tuple(places[g])) for g in sorted(order, key=order.__getitem__))


def _numeric(row: dict, what: str) -> float | None:
    """The typed value, else the raw cell when it is one number (data without typed columns)."""
    if what == "target" and row.get("target_kind") not in CHARTED_TARGETS:
        return None  # a ratio's or a by-gender target's first number alone would mislead
    value = row.get(f"{what}_value")
    return value if value is not None else parse_number(text(row.get(f"{what}_raw")))


def metric_page(sd: ScopeData, lk: Lookups, key: str) -> MetricPage:
    row = metric_row(sd, key)
    rows = sd.metrics[key]
    points = [(c.period, _numeric(rows[c.report_id], "target"), _numeric(rows[c.report_id], "outcome"))
              for c in sd.columns if c.report_id in rows]
    goal = text(newest(rows, sd.columns).get("strategic_goal"))
    changes = sorted((change_item(sd, r) for r in sd.changes if r.get("metric_key") == key),
                     key=lambda i: (i.change, i.old, i.new))
    return MetricPage(sd.scope, row, goal, tuple(sd.columns), line_chart(points, f"Mål och utfall för {row.name}"),
                      _links(sd, lk, key), _statements(sd, lk, key), tuple(changes))


def section_pages(sd: ScopeData, lk: Lookups) -> list[SectionPage]:
    """A page for each linked section of the scope whose text is longer than its first paragraph."""
    columns = {c.report_id: c for c in sd.columns}
    linked: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in sorted(sd.metrics):
        name, href = metric_row(sd, key).name, metric_href(sd.scope, key)
        for col in sd.columns:
            for r in lk.links.get((col.report_id, key), []):
                names = linked.setdefault((col.report_id, row_text(r, "section_id")), [])
                if (name, href) not in names:
                    names.append((name, href))
    pages = []
    for (rid, sid), metrics in sorted(linked.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        paras = paragraphs(lk.texts.get((rid, sid)))
        if len(paras) > 1:
            sec = lk.section(rid, sid)
            pages.append(SectionPage(sd.scope, columns[rid], text(sec.get("title")), page_of(sec), paras,
                                     section_href(rid, sid), tuple(metrics)))
    return pages


def _source_href(path: str | None) -> str | None:
    if not path:
        return None
    p = Path(path)
    return (p if p.is_absolute() else p.resolve()).as_uri()


def _sources(report: dict, data: Data) -> tuple[Source, ...]:
    out = [Source(report.get("source_path") or "", _source_href(report.get("source_path")),
                  text(report.get("source_format")), "Källa")]
    man = data.manifest.to_dict("records") if len(data.manifest.columns) else []
    for m in sorted(man, key=lambda m: str(m.get("source_path"))):
        if m.get("report_id") == report["report_id"] and m.get("source_path") != report.get("source_path"):
            role = "Samma rapport i annat format" if m.get("status") == "duplicate" else f"Status {m.get('status')}"
            out.append(Source(m["source_path"], _source_href(m["source_path"]), text(m.get("source_format")), role))
    return tuple(out)


def _identity_sources(r: dict) -> str | None:
    """ "organisation: body 0.60, nämnd: metadata 0.90, ...": where each part of the identity was read."""
    parts = [(label, text(r.get(f"{col}_source")), r.get(f"{col}_confidence"))
             for label, col in (("organisation", "organisation"), ("nämnd", "committee"),
                                ("rapporttyp", "report_kind"), ("period", "period"))]
    shown = [f"{label}: {src} {conf:.2f}" if conf is not None and conf == conf else f"{label}: {src}"
             for label, src, conf in parts if src]
    return ", ".join(shown) or None


def _fields(r: dict) -> tuple[tuple[str, str], ...]:
    period = " – ".join(str(p) for p in (r.get("period_start"), r.get("period_end")) if p is not None)
    pairs = [("Rapport-id", r.get("report_id")), ("Organisation", r.get("organisation_name") or r.get("organisation")),
             ("Nämnd", r.get("committee_name") or r.get("committee")), ("Period", period),
             ("Status", label(REPORT_STATUS, r.get("status"), r.get("status"))), ("Format", r.get("source_format")),
             ("Sidor", r.get("page_count")), ("Profil", r.get("profile")),
             ("Pipelineversion", r.get("pipeline_version")), ("Schemaversion", r.get("schema_version")),
             ("Inläst", r.get("extracted_at")), ("Mål", r.get("n_goals")), ("Styrmått", r.get("n_metrics")),
             ("Varningar", r.get("n_warnings")), ("Fel", r.get("n_errors")), ("Publicerad", r.get("published")),
             ("Identitet läst ur", _identity_sources(r)), ("Tabellrader lästa", r.get("rows_read")),
             ("Tabellrader tappade", r.get("rows_dropped")), ("Ej avkodade markeringar", r.get("marks_undecoded"))]
    return tuple((k, str(v)) for k, v in pairs if text(v) is not None)


def report_page(report: dict, scope: Scope | None, data: Data, metrics: list[dict], goals: list[dict]) -> ReportPage:
    rid = report["report_id"]
    errs = [e for e in data["errors"].to_dict("records") if e.get("report_id") == rid]
    problems = sorted((label(SEVERITY, e.get("severity"), str(e.get("severity"))), str(e.get("stage") or ""),
                       str(page_of(e) or ""), str(e.get("message") or "")) for e in errs)
    pdf = _source_href(report.get("source_path")) if report.get("source_format") == "pdf" else None

    def ref(row: dict, name: str, href: str | None) -> RowRef:
        page = page_of(row)
        return RowRef(text(row.get(name)) or "", href, status_look(row.get("status")), page,
                      f"{pdf}#page={page}" if pdf and page else None)

    order = lambda r: (page_of(r) or NO_PAGE, r.get("row_index") or 0, str(r.get("metric") or r.get("strategic_goal")))  # noqa: E731
    goal_rows = tuple(ref(g, "strategic_goal", None) for g in sorted(goals, key=order))
    metric_rows = tuple(ref(m, "metric", metric_href(scope, m["metric_key"]) if scope else None)
                        for m in sorted(metrics, key=order))
    return ReportPage(text(report.get("title")) or rid, make_column(report), scope, _fields(report),
                      _sources(report, data), tuple(problems), data.missing_files.get(rid, ()), goal_rows, metric_rows)

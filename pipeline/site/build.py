"""``out/`` → page models → rendered files in SITE. Pure up to ``write_site``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.output.files import write_files_atomically
from pipeline.site.committee import ScopeData, committee_page, scope_data
from pipeline.site.common import by_report, make_column, make_scope, records, report_order, scope_key
from pipeline.site.details import Lookups, metric_page, report_page, section_pages
from pipeline.site.labels import STATUS_ORDER
from pipeline.site.load import Data, load
from pipeline.site.model import IndexPage, ReportSummary, ScopeSummary
from pipeline.site.render import STYLESHEET, Renderer

OWN_FILES = ("scope-*.html", "metric-*.html", "report-*.html", "text-*.html")  # names only this module writes
FORMAT_RANK = {"pdf": 0, "text": 1}  # one row per report id: the PDF wins, as in extract


def unique_reports(data: Data) -> list[dict]:
    best: dict[str, dict] = {}
    for r in sorted(records(data["reports"]), key=lambda r: (FORMAT_RANK.get(str(r.get("source_format")), 9),
                                                               str(r.get("source_path")))):
        if r.get("report_id"):
            best.setdefault(r["report_id"], r)
    return sorted(best.values(), key=report_order)


def _summary(report: dict, metrics: list[dict], goals: list[dict]) -> ReportSummary:
    counts = tuple(sum(m.get("status") == s for m in metrics) for s in STATUS_ORDER)
    return ReportSummary(make_column(report), report.get("title") or report["report_id"], counts, len(goals))


def _notes(data: Data, reports: list[dict]) -> tuple[str, ...]:
    notes = list(data.problems)
    if not reports:
        notes.insert(0, "Inga rapporter finns i katalogen. Kör pipeline extract först.")
    elif all(r.get("status") == "failed" for r in reports):
        notes.insert(0, "Alla rapporter misslyckades vid inläsningen; se varje rapports fel nedan.")
    return tuple(notes)


def build_pages(data: Data) -> dict[str, bytes]:
    """Every file of the site, by relative name."""
    reports = unique_reports(data)
    metrics, goals = by_report(records(data["metrics"])), by_report(records(data["goals"]))
    changes = records(data["changes"])
    scopes: dict[tuple, list[dict]] = {}
    for r in reports:
        scopes.setdefault(scope_key(r) or ("~", r["report_id"]), []).append(r)
    rd, lk, notes = Renderer(), Lookups(data), _notes(data, reports)
    files: dict[str, bytes] = {"style.css": STYLESHEET}
    summaries, unscoped = [], []
    for key in sorted(scopes):
        reps = scopes[key]
        if key[0] == "~":
            unscoped += [_summary(r, metrics.get(r["report_id"], []), goals.get(r["report_id"], [])) for r in reps]
            rid = reps[0]["report_id"]  # its page shows its goals and metrics all the same
            files[make_column(reps[0]).href] = rd.report(report_page(reps[0], None, data, metrics.get(rid, []),
                                                                     goals.get(rid, [])))
            continue
        sd = scope_data(reps, sum((goals.get(r["report_id"], []) for r in reps), []),
                        sum((metrics.get(r["report_id"], []) for r in reps), []), changes)
        files.update(_scope_files(sd, rd, lk, data, metrics, goals, reps))
        summaries.append(ScopeSummary(sd.scope, tuple(_summary(r, metrics.get(r["report_id"], []),
                                                                goals.get(r["report_id"], [])) for r in reps)))
    files["index.html"] = rd.index(IndexPage(tuple(summaries), tuple(unscoped), notes))
    return files


def _scope_files(sd: ScopeData, rd: Renderer, lk: Lookups, data: Data, metrics, goals, reps) -> dict[str, bytes]:
    files = {sd.scope.href: rd.committee(committee_page(sd, ()))}
    for key in sorted(sd.metrics):
        page = metric_page(sd, lk, key)
        files[page.row.href] = rd.metric(page)
    for section in section_pages(sd, lk):
        files[section.href] = rd.section(section)
    for r in reps:
        rid = r["report_id"]
        rpage = report_page(r, make_scope(r), data, metrics.get(rid, []), goals.get(rid, []))
        files[rpage.column.href] = rd.report(rpage)
    return files


def build_site(out: Path, site: Path, damaged: Mapping[str, tuple[str, ...]] | None = None) -> list[Path]:
    """Write the site for ``out`` into ``site``; raises ``NotAnOutDir`` for a path that is not one.
    ``damaged``: report file stem -> damaged files; those reports are left out and named on the index."""
    files = build_pages(load(Path(out), damaged))
    site = Path(site)
    site.mkdir(parents=True, exist_ok=True)
    written = write_files_atomically((site / name, files[name]) for name in sorted(files))
    for pattern in OWN_FILES:  # pages of reports or metrics that are gone; other files are left alone
        for stale in site.glob(pattern):
            if stale.name not in files:
                stale.unlink()
    return written

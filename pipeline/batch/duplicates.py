"""Two sources, one report_id: the warnings that name the duplicates, whether two sources'
rows agree (then they are one report), and a report's files moved to another id (when they do
not). Works on encoded reports and on the files under OUT."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.batch.jobs import EncodedReport
from pipeline.batch.outcome import rows_to_encoded
from pipeline.keys import compare
from pipeline.model import ErrorRecord, Severity
from pipeline.output.files import dataset_file, file_stem, write_files_atomically
from pipeline.output.records import BaseKeyRow, ErrorRow, MetricKeyRow, ReportRow
from pipeline.output.rows import Row, error_row, text, text_or_none

DUPLICATE_PREFIX = "duplicate source"
ID_TAKEN_PREFIX = "report_id taken"


def duplicate_warnings(report_id: str, winner: str, losers: Iterable[str]) -> list[ErrorRow]:
    return [error_row(report_id, p, ErrorRecord("batch", f"{DUPLICATE_PREFIX}: same report as {winner}; not ingested",
                                                 Severity.WARNING)) for p in sorted(losers)]


def _is_duplicate_warning(row: ErrorRow) -> bool:
    return row.stage == "batch" and row.message.startswith(DUPLICATE_PREFIX)


def _recount(reports: Sequence[ReportRow], errors: Sequence[ErrorRow]) -> tuple[ReportRow, ...]:
    """The report row's warning and error counts follow its error rows (duplicates included)."""
    n_warn = sum(e.severity == "warning" for e in errors)
    return tuple(r._replace(n_warnings=n_warn, n_errors=len(errors) - n_warn) for r in reports)


def _decode(data: bytes) -> list[Row]:
    from pipeline.output import parquet

    return parquet.read_rows(data)


def with_duplicate_warnings(report: EncodedReport, report_id: str, winner: str,
                            losers: Sequence[str]) -> EncodedReport:
    from pipeline.output import parquet

    if not losers:
        return report
    errors = parquet.read_records(report.files["errors"], ErrorRow) + duplicate_warnings(report_id, winner, losers)
    reports = _recount(parquet.read_records(report.files["reports"], ReportRow), errors)
    files = {k: v for k, v in report.files.items() if k != "reports"}
    files["errors"] = parquet.rows_to_bytes("errors", errors)
    files["reports"] = parquet.rows_to_bytes("reports", reports)  # still written last
    return replace(report, files=files)


def rewrite_duplicate_warnings(out_dir: Path, report_id: str, winner: str, losers: Iterable[str]) -> None:
    from pipeline.output import parquet

    stem = file_stem(report_id)
    err_path, rep_path = (dataset_file(out_dir, d, stem) for d in ("errors", "reports"))
    if not err_path.exists() or not rep_path.exists():
        return
    errors = [r for r in parquet.read_records(err_path.read_bytes(), ErrorRow) if not _is_duplicate_warning(r)]
    errors += duplicate_warnings(report_id, winner, losers)
    reports = _recount(parquet.read_records(rep_path.read_bytes(), ReportRow), errors)
    write_files_atomically([(err_path, parquet.rows_to_bytes("errors", errors)),
                            (rep_path, parquet.rows_to_bytes("reports", reports))])


def _agreement(metrics: list[Row], goals: list[Row]) -> tuple:
    """What two sources of one report must share: their metrics and goals, as printed (not
    statuses: a text export loses the marks a PDF shows as images)."""
    return (sorted(m.get("metric") or "" for m in metrics), sorted(g.get("strategic_goal") or "" for g in goals))


def _targets(metrics: list[Row]) -> dict[str, str]:
    return {text_or_none(m, "metric") or "": text(m, "target_raw") for m in metrics if m.get("target_raw") is not None}


def _targets_agree(a: list[Row], b: list[Row]) -> bool:
    """Targets both sources print are the same (a rendering that prints no target, null, differs
    in look, not in content)."""
    ta, tb = _targets(a), _targets(b)
    return all((ta[k] or "") == (tb[k] or "") for k in ta.keys() & tb.keys())


def rows_agree(out_dir: Path, rid: str, report: EncodedReport) -> bool:
    """Whether ``report`` extracted the same metrics and goals as report ``rid`` under OUT (a PDF
    and the text export of one report do). Two sources with neither do not agree."""
    from pipeline.output import parquet

    stem = file_stem(rid)
    paths = [dataset_file(out_dir, d, stem) for d in ("metrics", "goals")]
    if not all(p.exists() for p in paths):
        return False
    their_metrics, their_goals = (parquet.read_rows(p) for p in paths)
    our_metrics, our_goals = _decode(report.files["metrics"]), _decode(report.files["goals"])
    ours, theirs = _agreement(our_metrics, our_goals), _agreement(their_metrics, their_goals)
    return ours == theirs and (bool(ours[0]) or bool(ours[1])) and _targets_agree(our_metrics, their_metrics)


def id_taken_warning(rid: str, new: str, holder: str, moved: str) -> ErrorRow:
    return error_row(new, moved, ErrorRecord("batch", f"{ID_TAKEN_PREFIX}: {rid} is {holder}, whose rows differ "
                                                      f"from {moved}; this source is kept as {new}", Severity.WARNING))


def rename_report(report: EncodedReport, new_id: str, extra_errors: Sequence[ErrorRow]) -> EncodedReport:
    """The same report's files under another report_id (re-encoded, registry included)."""
    from pipeline.output import parquet

    records = parquet.decode_report(report.files).with_report_id(new_id)
    errors = (*records.errors, *extra_errors)
    records = replace(records, errors=errors, reports=_recount(records.reports, errors))
    keys = None
    if compare.REGISTRY in report.files and compare.BASE_KEYS in report.files:  # keep the base keys
        records, keys = compare.with_base_keys(records, parquet.read_records(report.files[compare.REGISTRY], MetricKeyRow),
                                               parquet.read_records(report.files[compare.BASE_KEYS], BaseKeyRow))
    return rows_to_encoded(records, new_id, keys)

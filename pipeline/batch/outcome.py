"""The per-document function: one source to an ``Outcome``, in a worker process or in the
batch's own process (``pipeline.batch.inprocess``). ``extract_outcome`` runs the stages under the
time limit and encodes the report's files (bytes, with keys guessed from OUT's hints:
``pipeline.keys.hints``); it never writes to OUT and never raises for a document."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from pipeline.batch.jobs import EncodedReport, Job, Outcome, rows_to_brief
from pipeline.batch.workers import document_peak_mb, mark_spent, refuses_documents, reset_peak
from pipeline.keys import compare
from pipeline.keys import hints as keyhints
from pipeline.keys.chains import record_ref
from pipeline.output.records import ReportRecords
from pipeline.settings import process
from pipeline.settings.profile import AUTO, Profile, ReadSettings, fingerprint

if TYPE_CHECKING:
    from pipeline.batch.pdf_pages import Pages
    from pipeline.read.pdf import PageBudgets

T = TypeVar("T")
BOUNCED = "bounced"  # a worker over its memory limit handed the job back unrun: it runs in a new worker


class DocumentTimeout(BaseException):
    """BaseException on purpose: the stage runner records any ``Exception`` as an error row
    and goes on with the next stage; a time limit must stop the whole document."""


def profile_hash(profile: Profile) -> str:
    """A profile edited in place must re-extract, even under the same name."""
    return hashlib.sha256(fingerprint(profile).encode()).hexdigest()[:12]


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _call_with_time_limit(fn: Callable[[], T], timeout: float | None) -> T:
    if not timeout:
        return fn()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            raise DocumentTimeout(f"time limit {timeout:g}s exceeded")
        old = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    # Dask runs tasks in threads, where signals cannot reach: leave the stuck thread behind
    box: dict[str, object] = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc
    t = threading.Thread(target=target, daemon=True, name="pipeline-document")
    t.start()
    t.join(timeout)
    if t.is_alive():
        raise DocumentTimeout(f"time limit {timeout:g}s exceeded")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return cast(T, box["value"])


def rows_to_encoded(records: ReportRecords, rid: str, keys: Sequence[compare.KeyAssignment] | None = None,
                    keyed: keyhints.Keyed | None = None) -> EncodedReport:
    """Every file a report owns under OUT, encoded: its datasets, then the key registry and the
    base keys that ``compare.reconcile`` starts from, and ``reports/`` last, so a reader that sees
    the report row sees all of its other files. ``records`` carry base keys; ``keys`` (guessed
    canonical keys, ``pipeline.keys.hints``) are applied to them. Raises ``ValueError`` if a row
    breaks a schema."""
    from pipeline.output import parquet  # lazy: a run with nothing to encode never loads pyarrow

    registry, base = compare.rows_to_registry(records, rid, keys)
    keyed_records = compare.with_keys(records, keys) if keys else records
    files = parquet.report_to_files(keyed_records)
    files = {**{n: b for n, b in files.items() if n != "reports"},
             compare.BASE_KEYS: parquet.rows_to_bytes("base_keys", base),
             compare.REGISTRY: parquet.rows_to_bytes("metric_keys", registry),
             "reports": files["reports"]}
    return EncodedReport(files, scope_of_rows(records, rid), rows_to_brief(records), keyed)


def _guess(job: Job, records: ReportRecords, rid: str) -> tuple[list[compare.KeyAssignment] | None,
                                                                keyhints.Keyed | None]:
    """``keyhints.guess`` from OUT; a guess that fails for any reason is no guess (reconcile decides)."""
    try:
        return keyhints.guess(job.out_dir, records, rid, job.profile.compare.rename_threshold)
    except Exception:  # noqa: BLE001 - a guess must never cost a report
        return None, None


def warm_pipeline(profile: Profile) -> None:
    """Load what every document needs (the stages, spaCy, the lemma table: ~1 s) before a
    worker's first document, so that document's time limit is not spent on it. The language
    pipeline itself only for a named profile: with ``auto`` the organisation a document names
    picks the profile, and a pipeline loaded for the base profile would go unused (~0.2 s)."""
    from pipeline import run  # noqa: F401 - the stage modules
    from pipeline.language.nlp import get_nlp
    from pipeline.text.lemmas import lemmatize

    lemmatize("möten")
    if profile.name != AUTO:
        get_nlp(profile.language)("Under perioden har 27 möten genomförts med 45 företag (32 kvinnor, 53 män).")


# (warm-up function, profile name) pairs done in this process. By name, not ``profile_hash``: that
# hashes the profile's repr (~0.5 ms) for every document, and a warm-up only loads ahead what a
# document would load itself
_WARM: set[tuple[int, str]] = set()


def _warm_once(job: Job) -> None:
    key = (id(job.warm_up), job.profile.name)
    if job.warm_up is None or key in _WARM:
        return
    _WARM.add(key)
    try:
        job.warm_up(job.profile)
    except Exception:  # noqa: S110 - the document itself will hit and report the same problem
        pass
    process.tune_gc()  # this process extracts: see pipeline.settings.process


def _read_pages(data: bytes, rs: ReadSettings, budgets: PageBudgets | None = None) -> Pages:
    """``pdf_pages.read_pages`` (one long PDF: page ranges in worker processes), loaded when a
    PDF is read: its process pool machinery costs a text source nothing."""
    from pipeline.batch.pdf_pages import read_pages

    return read_pages(data, rs, budgets)


def _extract_to_rows(path: Path | str, profile: Profile) -> tuple[str, ReportRecords]:
    from pipeline.run import extract_to_rows  # lazy: a run with nothing to extract never loads the stages

    return extract_to_rows(path, profile, read_pages=_read_pages)


def extract_outcome(job: Job) -> Outcome:
    """Extract one source and encode its files; never raises (a crash of the process is the
    parent's business). ``peak_rss_mb`` is this document's peak over the worker's baseline. A
    document over the memory limit marks the process spent (``Outcome.worker_spent``); a spent
    pool worker hands every later job back unrun (``BOUNCED``)."""
    if refuses_documents():
        return Outcome(job.source, BOUNCED, None, None, None, 0.0, None, _worker_id(), worker_spent=True)
    _warm_once(job)
    if job.source_date_epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = job.source_date_epoch
    base = reset_peak()
    t0 = time.perf_counter()
    src = job.source

    def done(status: str, rid: str | None, report: EncodedReport | None, message: str | None,
             spent: bool = False) -> Outcome:
        return Outcome(src, status, rid, report, message, time.perf_counter() - t0, document_peak_mb(base),
                       _worker_id(), spent)
    try:
        extract = job.extract or _extract_to_rows
        rid, rows = _call_with_time_limit(lambda: extract(src.path, job.profile), job.timeout)
        status = rows.report.status if rows.report else "failed"
        try:
            report = rows_to_encoded(rows, rid, *_guess(job, rows, rid))
        except MemoryError:
            raise
        except Exception as exc:  # rows that break the contract: the report becomes an error row
            return done("failed", None, None, f"cannot write rows: {type(exc).__name__}: {exc}")
        return done(status, rid, report, failed_reason(rows) if status == "failed" else None)
    except DocumentTimeout as exc:
        return done("timeout", None, None, str(exc))
    except MemoryError:
        mark_spent()
        return done("failed", None, None, f"over the worker memory limit ({job.memory_limit_mb} MB); "
                    "its worker is replaced", spent=True)
    except Exception as exc:  # extract_to_rows catches stage errors; this is a bug around it
        return done("failed", None, None, f"{type(exc).__name__}: {exc}")


def failed_reason(records: ReportRecords) -> str:
    """Why a report failed, from its first error row (the failed-sources table shows it)."""
    errors = [e for e in records.errors if e.severity == "error"] or records.errors
    if not errors:
        return "no report row and no error row"
    e = errors[0]
    page = f" (page {e.page})" if e.page else ""
    return f"{e.stage}: {e.message}{page}"


def lost_outcome(job: Job, status: str, message: str, seconds: float = 0.0) -> Outcome:
    return Outcome(job.source, status, None, None, message, seconds, None, None)


def scope_of_rows(records: ReportRecords, rid: str) -> tuple[str, str]:
    return record_ref(rid, records.report).scope

"""The pipeline on one screen: read a source, run the stages in order, write the datasets.

Each stage is a pure function ``(Extraction, Profile) -> Extraction`` that declares which
fields of ``Extraction`` it needs and which it assigns. The runner checks the order once,
catches a stage's exception as an error row (unless ``raise_errors``), and skips the stages
whose inputs are missing. I/O happens only in ``read_source`` and ``write_report``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import PIPELINE_VERSION, language, scorecard
from pipeline.identity import detect as identity
from pipeline.identity import meta as report
from pipeline.model import Document, ErrorReason, ErrorRecord, Extraction, Severity
from pipeline.output.parquet import write_report
from pipeline.output.records import ReportRecords
from pipeline.output.rows import extraction_to_rows, utc_now
from pipeline.read import ReadError, read_source
from pipeline.read.sniff import sniff, source_format
from pipeline.scorecard import coverage as scorecard_coverage
from pipeline.settings.profile import AUTO, Profile, ProfileError, load_profile
from pipeline.status import precedence
from pipeline.structure import sections, tables

if TYPE_CHECKING:
    from pipeline.read.pdf import PageReader  # its module loads pdfplumber: a text source never does


@dataclass(frozen=True)
class Stage:
    name: str
    fn: Callable[[Extraction, Profile], Extraction]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    uses: tuple[str, ...] = ()  # read when an earlier stage assigned them; the stage works without


STAGES: tuple[Stage, ...] = (
    Stage("report", report.document_to_meta, ("document",), ("meta",)),
    Stage("tables", tables.document_to_tables, ("document",), ("tables",)),
    Stage("sections", sections.document_to_sections, ("document", "tables"), ("sections",)),
    Stage("scorecard", scorecard.extract_scorecard, ("document", "meta", "tables", "sections"), ("scorecard",)),
    Stage("language", language.analyse, ("document", "sections", "scorecard"),
          ("links", "facts", "entities", "evidence")),
    Stage("status", precedence.decide_status, ("scorecard",), ("goals", "metrics"), uses=("evidence",)),
    # last: statuses are final once the narrative has had its say
    Stage("coverage", scorecard_coverage.account, ("document",), ("coverage",), uses=("scorecard", "goals", "metrics")),
)


def check_stage_order(stages: Sequence[Stage]) -> None:
    """Fail at startup when a stage needs a field that no earlier stage assigns, or assigns a
    field another stage assigns: each field has one author."""
    available = {"document"}
    for st in stages:
        missing = [r for r in (*st.requires, *st.uses) if r not in available]
        if missing:
            raise ValueError(f"stage {st.name!r} requires {missing}, not assigned by an earlier stage")
        unknown = [a for a in st.assigns if a not in {f.name for f in dataclasses.fields(Extraction)}]
        if unknown:
            raise ValueError(f"stage {st.name!r} assigns unknown fields {unknown}")
        again = [a for a in st.assigns if a in available]
        if again:
            raise ValueError(f"stage {st.name!r} assigns {again}, already assigned by an earlier stage")
        available.update(st.assigns)


check_stage_order(STAGES)

# algorithm names a profile may select; a behaviour change adds v2 so old configs reproduce
ALGORITHMS: dict[str, tuple[str, ...]] = {
    "read.text_algorithm": ("read.text.v1",),
    "read.pdf_algorithm": ("read.pdf.v1",),
    "sections.algorithm": ("sections.v1",),
    "tables.algorithm": ("tables.v1",),
    "scorecard.algorithm": ("scorecard.v1",),
    "linking.algorithm": ("linking.lexical.v1",),
    "compare.algorithm": ("compare.v1",),
}


def check_algorithms(profile: Profile) -> None:
    for dotted, known in ALGORITHMS.items():
        section, key = dotted.split(".")
        value = getattr(getattr(profile, section), key)
        if value not in known:
            raise ProfileError(f"profile {profile.name!r}: {dotted} = {value!r} is not an algorithm of this "
                               f"pipeline version; known: {', '.join(known)}")


def run_stages(doc: Document, profile: Profile, *, raise_errors: bool = False,
               stages: Sequence[Stage] = STAGES) -> Extraction:
    ex = Extraction(document=doc, errors=doc.warnings)
    failed: set[str] = set()
    for st in stages:
        blocked = [r for r in st.requires if r in failed]
        if blocked:
            failed.update(st.assigns)
            ex = _add_error(ex, st.name, f"skipped: needs {', '.join(blocked)} from a failed stage")
            continue
        try:
            ex = st.fn(ex, profile)
        except MemoryError:  # the process is over its memory limit, not the document at fault here
            raise
        except Exception as exc:  # errors are data: record and go on
            if raise_errors:
                raise
            failed.update(st.assigns)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
            ex = _add_error(ex, st.name, f"{type(exc).__name__}: {exc} (at {where})", Severity.ERROR)
    return ex


def _add_error(ex: Extraction, stage: str, message: str, severity: Severity = Severity.WARNING) -> Extraction:
    return dataclasses.replace(ex, errors=(*ex.errors, ErrorRecord(stage, message, severity)))


def failed_extraction(path: Path, message: str, reason: ErrorReason | None = None) -> Extraction:
    """An Extraction for a source that could not be read at all."""
    data = path.read_bytes() if path.is_file() else b""
    doc = Document(source_path=str(path), source_format=source_format(path.name, sniff(data) if data else None),
                   sha256=hashlib.sha256(data).hexdigest(), text="", blocks=())
    return Extraction(document=doc, errors=(ErrorRecord("read", message, Severity.ERROR, reason=reason),))


def run_document(path: Path | str, profile: Profile | str = AUTO, *,
                 raise_errors: bool = False, read_pages: PageReader | None = None) -> Extraction:
    """Read one source and run all stages. Never raises unless ``raise_errors``, except
    ``MemoryError``: a process over its memory limit must be replaced, which is the caller's
    business (``outcome.extract_outcome`` makes it the document's error row). ``read_pages``:
    how a PDF's pages are read (the batch reads one long PDF in worker processes)."""
    path = Path(path)
    prof = load_profile(profile) if isinstance(profile, str) else profile
    check_algorithms(prof)  # a profile error is the caller's, not the document's
    try:
        doc = read_source(path, prof, read_pages)
    except ReadError as exc:
        if raise_errors:
            raise
        return failed_extraction(path, str(exc), exc.reason)
    except MemoryError:
        raise
    except Exception as exc:  # a reader bug must not stop a batch either
        if raise_errors:
            raise
        return failed_extraction(path, f"{type(exc).__name__}: {exc}")
    if prof.name == AUTO:  # no --profile: the organisation the document names chooses the stages' profile
        doc, prof = choose_profile(doc, prof)
    return run_stages(doc, prof, raise_errors=raise_errors)


def choose_profile(doc: Document, auto: Profile) -> tuple[Document, Profile]:
    """The profile of the organisation ``doc`` names, for the stages after the read. The source is
    read once, before the choice, with ``auto``'s reading settings (the default's): a chosen
    profile with reading settings of its own has them applied only when named with --profile,
    and a warning on the document says so."""
    chosen = identity.select_profile(doc, auto)
    if chosen.read == auto.read:
        return doc, chosen
    note = ErrorRecord("read", f"profile {chosen.name!r} was chosen for the organisation the document names, after "
                       f"the source was read with the default profile's [read] settings; its own [read] settings "
                       f"apply when it is named: --profile {chosen.name}", Severity.WARNING)
    return dataclasses.replace(doc, warnings=(*doc.warnings, note)), chosen


def report_id_of(ex: Extraction) -> str:
    if ex.meta is not None:
        return ex.meta.report_id
    return report.fallback_report_id(Path(ex.document.source_path), ex.document.sha256)


def extract_to_rows(path: Path | str, profile: Profile | str = AUTO, *, raise_errors: bool = False,
                    read_pages: PageReader | None = None) -> tuple[str, ReportRecords]:
    prof = load_profile(profile) if isinstance(profile, str) else profile
    ex = run_document(path, prof, raise_errors=raise_errors, read_pages=read_pages)
    rid = report_id_of(ex)
    chosen = ex.meta.profile if ex.meta is not None and ex.meta.profile else prof.name
    rows = extraction_to_rows(ex, report_id=rid, profile=chosen,
                              pipeline_version=PIPELINE_VERSION, extracted_at=utc_now())
    return rid, rows


def extract_file(path: Path | str, out_dir: Path | str, profile: Profile | str = AUTO,
                 *, raise_errors: bool = False) -> tuple[str, ReportRecords]:
    """Extract one source and write its datasets under ``out_dir``."""
    rid, rows = extract_to_rows(path, profile, raise_errors=raise_errors)
    write_report(Path(out_dir), rows, rid)
    return rid, rows

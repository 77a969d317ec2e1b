"""Issue 12, the batch side: unusable OUT, disk full, orphans, symlinks, memory, the manifest, ids."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.batch import corpus as batch
from pipeline.batch import outdir
from pipeline.batch.corpus import OutputFull, OutputUnusable, read_manifest, run_corpus
from pipeline.cli import app
from tests.conftest import ROOT, TEXT_2021
from tests.fakes_batch import fake_extract, write_spec
from tests.procs import alive, all_dead, descendants

F = "Starka hållbara innovationsmiljöer"


def run_fake(src, out, **kw):
    kw.setdefault("workers", 1)
    kw.setdefault("timeout", 30)
    return run_corpus([src], out, extract=fake_extract, progress=False, **kw)


# --- CLI paths and OUT ------------------------------------------------------------------------

def test_cli_option_after_double_dash_is_a_missing_path_exit_2(tmp_path, monkeypatch):
    # regression: "extract -- file --out X" took "--out X" as inputs, exited 0 and wrote ./out
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract", "--", str(TEXT_2021), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "--out" in result.output and "after '--'" in result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "x").exists()


def test_cli_any_missing_input_path_is_exit_2(tmp_path):
    result = CliRunner().invoke(app, ["extract", str(TEXT_2021), str(tmp_path / "nope.txt"),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_out_is_a_file_is_one_line_exit_2(tmp_path):
    (tmp_path / "out").write_text("not a directory")
    result = CliRunner().invoke(app, ["extract", str(TEXT_2021), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "is a file, not a directory" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_out_read_only_is_output_unusable(tmp_path, monkeypatch):
    # as root, chmod does not stop a write: inject the error a read-only mount gives
    def read_only(*a, **k):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))
    monkeypatch.setattr(outdir.os, "open", read_only)
    with pytest.raises(OutputUnusable, match="not writable: Read-only file system"):
        run_fake(tmp_path / "src", tmp_path / "out")


def test_disk_full_stops_cleanly(tmp_path, monkeypatch):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    for name in ("b", "c", "d"):  # slow documents: a clean stop must not wait for them
        write_spec(src / f"{name}.txt", f"r.{name}", [(F, "Antal", "1", "◇", None)], period="2022-04-30",
                   sleep=60, pid_file=str(tmp_path / f"{name}.pid"))
    real = batch.write_encoded
    calls = []

    def full_after_one(out_dir, rid, report):
        calls.append(rid)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(out_dir, rid, report)
    monkeypatch.setattr(batch, "write_encoded", full_after_one)
    write_spec(src / "b.txt", "r.b", [(F, "Antal", "1", "◇", None)], period="2022-04-30",
               pid_file=str(tmp_path / "b.pid"))  # quick: a and b finish, the second write is ENOSPC
    with pytest.raises(OutputFull, match="No space left on device while writing; batch stopped"):
        run_fake(src, out, workers=2)
    written = [r["report_id"] for r in pq.read_table(out / "reports").to_pylist()]  # still valid
    assert written in (["r.a"], ["r.b"])
    workers = {int((tmp_path / f"{n}.pid").read_text()) for n in "bcd" if (tmp_path / f"{n}.pid").exists()}
    assert workers and all_dead(workers)  # killed, not awaited (they sleep 60 s)
    assert {e.report_id for e in read_manifest(out).values()} == set(written)
    monkeypatch.undo()  # space again
    run_fake(src / "a.txt", out)  # the lock was released


@pytest.mark.slow
def test_kill_9_of_the_batch_leaves_no_process_alive(tmp_path):
    src = tmp_path / "src"
    for i in range(4):
        write_spec(src / f"{i}.txt", f"r.{i}", [(F, "Antal", "1", "◇", None)], sleep=120,
                   pid_file=str(tmp_path / f"{i}.pid"))
    script = textwrap.dedent(f"""
        from pipeline.batch.corpus import run_corpus
        from tests.fakes_batch import fake_extract
        if __name__ == "__main__":
            run_corpus([{str(src)!r}], {str(tmp_path / 'out')!r}, extract=fake_extract, workers=2,
                       progress=False, timeout=300)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(tmp_path.glob("*.pid"))) < 2:
        time.sleep(0.05)
    family = descendants(proc.pid)
    assert len(family) >= 3, family  # the forkserver and two workers
    proc.send_signal(signal.SIGKILL)  # the parent only, not its process group
    proc.wait()
    time.sleep(2.0)  # the promise: nothing of the batch alive 2 s after its kill -9
    assert [p for p in family if alive(p)] == []


# --- inputs ----------------------------------------------------------------------------------

def test_unsupported_files_in_an_input_folder_are_listed_as_skipped_with_the_reason(tmp_path):
    # issue 21: a .docx, a spreadsheet and an image beside the reports were silently passed over
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    for name in ("Delårsrapport 2025.docx", "bilaga.xlsx", "sub/omslag.png", "README"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_bytes(b"not a report")
    s = run_fake(src, out)
    manifest = read_manifest(out)
    skipped = {Path(p).name: e for p, e in manifest.items() if e.status == "skipped_unsupported"}
    assert set(skipped) == {"Delårsrapport 2025.docx", "bilaga.xlsx", "omslag.png", "README"}
    assert "word-processor" in skipped["Delårsrapport 2025.docx"].message
    assert "spreadsheet" in skipped["bilaga.xlsx"].message and "image" in skipped["omslag.png"].message
    assert "not a source" in skipped["README"].message and all(e.report_id is None for e in skipped.values())
    assert {Path(p).name for p, _ in s.skipped_unsupported} == set(skipped)
    assert (s.done, s.failed) == (1, 0)
    again = run_fake(src, out)  # a rerun lists them again and is no failure
    assert len(again.skipped_unsupported) == 4 and read_manifest(out) == manifest
    r = CliRunner().invoke(app, ["extract", str(src), "--out", str(tmp_path / "cli"), "--workers", "1"],
                           env={"COLUMNS": "250"})
    assert "unsupported files skipped" in r.output and "bilaga.xlsx" in r.output


def test_symlink_out_of_the_input_is_skipped_unless_followed(tmp_path):
    secret = tmp_path / "elsewhere" / "passwd.txt"
    write_spec(secret, "r.secret", [(F, "Hemlig rad", "1", "◇", None)])
    src = tmp_path / "src"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    (src / "passwd.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "a.txt")  # inside the input: the same file, read once
    s = run_fake(src, tmp_path / "out")
    manifest = read_manifest(tmp_path / "out")
    link = manifest[str((src / "passwd.txt").absolute())]
    assert (link.status, link.report_id, link.sha256) == ("skipped_symlink", None, "")
    assert "--follow-symlinks" in link.message and "Hemlig" not in link.message
    assert s.skipped_links == (str((src / "passwd.txt").absolute()),)
    assert {e.report_id for e in manifest.values() if e.report_id} == {"r.a"}
    run_fake(src, tmp_path / "followed", follow_symlinks=True)
    assert {e.report_id for e in read_manifest(tmp_path / "followed").values()} == {"r.a", "r.secret"}


# --- manifest and per-run figures -------------------------------------------------------------

def test_manifest_is_byte_identical_between_runs_and_figures_go_to_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = tmp_path / "src"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)], sleep=0.2)
    write_spec(src / "b.txt", "r.b", [(F, "Antal", "1", "◇", None)], period="2022-04-30")
    run_fake(src, tmp_path / "one")
    run_fake(src, tmp_path / "two")
    assert (tmp_path / "one" / "_manifest.parquet").read_bytes() == (tmp_path / "two" / "_manifest.parquet").read_bytes()
    assert "seconds" not in pq.read_schema(tmp_path / "one" / "_manifest.parquet").names
    runs = list((tmp_path / "one" / "_runs").glob("*.parquet"))
    assert len(runs) == 1
    figures = pq.read_table(runs[0]).to_pylist()
    assert [r["source_path"] for r in figures] == [str(src / "a.txt"), str(src / "b.txt")]
    assert figures[0]["seconds"] >= 0.2 and figures[0]["worker"] and figures[0]["run_finished_at"]


def test_warehouse_exposes_the_runs(tmp_path):
    import duckdb

    from pipeline.output.warehouse import build_warehouse

    write_spec(tmp_path / "src" / "a.txt", "r.a", [(F, "Antal", "1", "◇", None)])
    run_fake(tmp_path / "src", tmp_path / "out")
    con = duckdb.connect(str(build_warehouse(tmp_path / "out")), read_only=True)
    assert con.execute("SELECT count(*), min(status) FROM runs").fetchone() == (1, "ok")


def test_peak_rss_is_per_document_not_the_workers_lifetime(tmp_path):
    src = tmp_path / "src"
    write_spec(src / "a-big.txt", "r.a", [(F, "Antal", "1", "◇", None)], alloc_mb=300)
    write_spec(src / "b-small.txt", "r.b", [(F, "Antal", "1", "◇", None)], period="2022-04-30")
    run_fake(src, tmp_path / "out")  # one worker: the small document runs after the big one
    runs = next((tmp_path / "out" / "_runs").glob("*.parquet"))
    peak = {Path(r["source_path"]).name: r["peak_rss_mb"] for r in pq.read_table(runs).to_pylist()}
    assert peak["a-big.txt"] >= 250
    assert peak["b-small.txt"] < 100


def test_document_over_the_memory_limit_is_an_error_row(tmp_path):
    src = tmp_path / "src"
    write_spec(src / "a.txt", "r.a", [(F, "Antal", "1", "◇", None)])
    write_spec(src / "b-bomb.txt", "r.b", [(F, "Antal", "1", "◇", None)], alloc_mb=8000)
    s = run_fake(src, tmp_path / "out", memory_limit_mb=6000)
    manifest = {Path(p).name: e for p, e in read_manifest(tmp_path / "out").items()}
    assert manifest["a.txt"].status == "ok"
    assert manifest["b-bomb.txt"].status == "failed"
    assert "memory limit (6000 MB)" in manifest["b-bomb.txt"].message
    errors = pq.read_table(tmp_path / "out" / "errors").to_pylist()
    assert any("memory limit" in e["message"] for e in errors)
    assert s.failed == 1


SMALL_LIMIT_MB = 1024  # above a worker's own address space (~350 MB), far below the machine's memory


def _run_workers(out) -> dict[str, str]:
    runs = next((out / "_runs").glob("*.parquet"))
    return {Path(r["source_path"]).name: r["worker"] for r in pq.read_table(runs).to_pylist()}


@pytest.mark.parametrize("workers", [1, 2])  # 1: the batch's own process; 2: a pool
def test_worker_over_the_memory_limit_is_replaced_and_the_batch_goes_on(tmp_path, workers):
    # regression: the worker that hit its limit took the next documents, with whatever it had
    # half-built when the allocation failed. The bomb asks for the whole limit at once, which fails
    # at once: nothing is touched
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a-bomb.txt", "r.a", [(F, "Antal", "1", "◇", None)], alloc_mb=SMALL_LIMIT_MB)
    later = [f"{c}.txt" for c in "bcdef"]
    for k, name in enumerate(later):
        write_spec(src / name, f"r.{name[0]}", [(F, "Antal", "1", "◇", None)], period=f"202{k}-04-30")
    s = run_fake(src, out, workers=workers, memory_limit_mb=SMALL_LIMIT_MB)
    manifest = {Path(p).name: e for p, e in read_manifest(out).items()}
    assert manifest["a-bomb.txt"].status == "failed"
    assert f"memory limit ({SMALL_LIMIT_MB} MB)" in manifest["a-bomb.txt"].message
    assert [manifest[n].status for n in later] == ["ok"] * len(later)
    errors = [e for e in pq.read_table(out / "errors").to_pylist() if e["source_path"].endswith("a-bomb.txt")]
    assert [e["severity"] for e in errors] == ["error"] and "memory limit" in errors[0]["message"]
    ran_in = _run_workers(out)
    assert ran_in["a-bomb.txt"] not in {ran_in[n] for n in later}  # replaced, not reused
    assert (s.done, s.failed) == (len(later), 1)


def test_worker_killed_for_memory_is_an_error_row_and_the_batch_goes_on(tmp_path):
    # the kernel's out-of-memory killer does not raise MemoryError: the worker just dies
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a-killed.txt", "r.a", [(F, "Antal", "1", "◇", None)], oom_kill=True)
    later = [f"{c}.txt" for c in "bcd"]
    for k, name in enumerate(later):
        write_spec(src / name, f"r.{name[0]}", [(F, "Antal", "1", "◇", None)], period=f"202{k}-04-30")
    run_fake(src, out, workers=2, memory_limit_mb=SMALL_LIMIT_MB)
    manifest = {Path(p).name: e for p, e in read_manifest(out).items()}
    # issue 23: its own status, distinct from a crash
    assert manifest["a-killed.txt"].status == "oom" and "out-of-memory" in manifest["a-killed.txt"].message
    assert [manifest[n].status for n in later] == ["ok"] * len(later)
    errors = [e for e in pq.read_table(out / "errors").to_pylist() if e["source_path"].endswith("a-killed.txt")]
    assert [e["severity"] for e in errors] == ["error"]


def test_memory_error_in_a_stage_is_not_kept_as_a_stage_error():
    # a stage's MemoryError is the process's state, not the document's: it reaches the batch,
    # which replaces the worker, instead of becoming a stage error row in a worker that goes on
    from pipeline.model import Document
    from pipeline.run import Stage, run_stages
    from pipeline.settings.profile import load_profile

    def bomb(ex, profile):
        raise MemoryError

    doc = Document(source_path="/in/x.txt", source_format="text", sha256="0" * 64, text="", blocks=())
    with pytest.raises(MemoryError):
        run_stages(doc, load_profile("default"), stages=(Stage("bomb", bomb, ("document",), ("meta",)),))


# --- ids ---------------------------------------------------------------------------------------

def test_same_id_other_rows_is_kept_under_id_and_hash_with_a_warning(tmp_path):
    # regression: a title "... 2021 RUN ../../../tmp/evil" took the real report's id and became
    # its "duplicate", so one document could shadow another
    src = tmp_path / "src"
    real = write_spec(src / "a-real.txt", "r.x", [(F, "Antal företagsbesök", "150", "◇", None)])
    evil = write_spec(src / "b-evil.txt", "r.x", [(F, "Något helt annat", "7", "◇", None)])
    run_fake(src, tmp_path / "out")
    manifest = {Path(p).name: e for p, e in read_manifest(tmp_path / "out").items()}
    import hashlib
    suffix = hashlib.sha256(evil.read_bytes()).hexdigest()[:8]
    assert manifest["a-real.txt"].report_id == "r.x" and manifest["a-real.txt"].status == "ok"
    assert manifest["b-evil.txt"].report_id == f"r.x.{suffix}" and manifest["b-evil.txt"].status == "ok"
    warnings = [e for e in pq.read_table(tmp_path / "out" / "errors").to_pylist() if e["stage"] == "batch"]
    assert len(warnings) == 1 and warnings[0]["report_id"] == f"r.x.{suffix}"
    assert str(real) in warnings[0]["message"] and str(evil) in warnings[0]["message"]
    metrics = pq.read_table(tmp_path / "out" / "metrics").to_pylist()
    assert sorted((m["report_id"], m["metric"]) for m in metrics) == [
        ("r.x", "Antal företagsbesök"), (f"r.x.{suffix}", "Något helt annat")]


def test_same_id_same_rows_is_still_a_duplicate(tmp_path):
    src = tmp_path / "src"
    write_spec(src / "r.pdf", "r.x", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "r.txt", "r.x", [(F, "Antal företagsbesök", "150", "◇", None)], note="export")
    run_fake(src, tmp_path / "out")
    manifest = {Path(p).name: e for p, e in read_manifest(tmp_path / "out").items()}
    assert (manifest["r.pdf"].status, manifest["r.txt"].status) == ("ok", "duplicate")


def test_id_goes_by_rank_not_by_arrival(tmp_path):
    # the text arrives first, the PDF (which ranks first) later: the text moves to id + hash, so
    # the result does not depend on which worker finished first
    import hashlib

    src = tmp_path / "src"
    text = write_spec(src / "a.txt", "r.x", [(F, "Antal företagsbesök", "150", "◇", None)])
    pdf = write_spec(src / "z.pdf", "r.x", [(F, "Något helt annat", "7", "◇", None)])
    run_fake(src, tmp_path / "out")
    manifest = {Path(p).name: e for p, e in read_manifest(tmp_path / "out").items()}
    moved = f"r.x.{hashlib.sha256(text.read_bytes()).hexdigest()[:8]}"
    assert (manifest["z.pdf"].report_id, manifest["a.txt"].report_id) == ("r.x", moved)
    assert sorted(p.name for p in (tmp_path / "out" / "reports").iterdir()) == sorted(["r.x.parquet", f"{moved}.parquet"])
    [w] = [e for e in pq.read_table(tmp_path / "out" / "errors").to_pylist() if e["stage"] == "batch"]
    assert w["report_id"] == moved and str(pdf) in w["message"] and str(text) in w["message"]
    metrics = pq.read_table(tmp_path / "out" / "metrics").to_pylist()
    assert sorted((m["report_id"], m["metric"]) for m in metrics) == [
        ("r.x", "Något helt annat"), (moved, "Antal företagsbesök")]


def test_renderings_that_print_no_target_still_agree_with_the_report():
    """Regression: the Stratsys-look PDF of a sample prints no activity targets (null); it is the
    same report as the original PDF, not a second one under id + hash."""
    from pipeline.batch.duplicates import _agreement, _targets_agree

    original = [{"metric": "Antal företagsbesök", "target_raw": "150"}, {"metric": "Ta fram", "target_raw": "Utkast"}]
    stratsys = [{"metric": "Antal företagsbesök", "target_raw": "150"}, {"metric": "Ta fram", "target_raw": None}]
    other = [{"metric": "Antal företagsbesök", "target_raw": "170"}, {"metric": "Ta fram", "target_raw": None}]
    assert _agreement(original, []) == _agreement(stratsys, [])
    assert _targets_agree(original, stratsys)
    assert not _targets_agree(original, other)


@pytest.mark.slow
def test_kill_9_while_a_long_pdf_is_read_in_page_workers_leaves_no_process_alive(tmp_path):
    # regression: the page workers of one long PDF had no parent watch and outlived a kill -9
    from pypdf import PdfReader, PdfWriter

    from tests.conftest import PDF_2021

    writer, reader = PdfWriter(), PdfReader(PDF_2021)
    while len(writer.pages) < 120:
        for page in reader.pages:
            writer.add_page(page)
    long_pdf = tmp_path / "long.pdf"
    with long_pdf.open("wb") as f:
        writer.write(f)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", str(long_pdf), "--out",
                             str(tmp_path / "out"), "--workers", "2"], cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, family = time.monotonic() + 120, set()
    while time.monotonic() < deadline and len(family) < 3 and proc.poll() is None:
        time.sleep(0.05)
        family = descendants(proc.pid)  # the resource tracker, the forkserver and a page worker
    assert len(family) >= 3, family
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(2.0)
    assert [p for p in family | descendants(proc.pid) if alive(p)] == []

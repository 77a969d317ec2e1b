"""Speed work that must not change results: in-process runs, the on-disk caches, lazy imports,
the progress bar. No timings here (those are in benchmarks/); only identity and behaviour."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma

from pipeline.batch.corpus import read_manifest, run_corpus
from pipeline.batch.inprocess import DIED_HERE
from pipeline.language.nlp import NlpKey, build_nlp, cache_key, load_or_build
from pipeline.output.parquet import read_rows
from pipeline.text import lemmas
from tests.conftest import ROOT, TEXT_2021, TEXT_2022
from tests.fakes_batch import fake_extract, write_spec
from tests.test_batch import datasets_snapshot

HEAVY = ("spacy", "pdfplumber", "simplemma", "pandas")


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _modules_after(code: str, tmp_path: Path, env: dict | None = None) -> set[str]:
    """Top-level packages imported by a fresh interpreter running ``code``."""
    script = f"{code}\nimport sys, json\nprint('MODULES=' + json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache"), **(env or {})})
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("MODULES="))
    return set(json.loads(line.removeprefix("MODULES=")))


def _cli(*args: str) -> str:
    return ("import sys\nfrom pipeline.cli import app\nsys.argv = ['pipeline', " + ", ".join(map(repr, args)) +
            "]\ntry:\n    app()\nexcept SystemExit:\n    pass")


@pytest.mark.slow
def test_speed_help_imports_no_heavy_package(tmp_path):
    assert not _modules_after(_cli("--help"), tmp_path) & set(HEAVY)


@pytest.mark.slow
def test_speed_noop_rerun_and_warehouse_import_no_heavy_package(tmp_path):
    out = tmp_path / "out"
    run_corpus([TEXT_2021], out, workers=1, progress=False)
    noop = _modules_after(_cli("extract", str(TEXT_2021), "--out", str(out), "--workers", "1"), tmp_path)
    assert not noop & {*HEAVY, "pyarrow", "numpy"}, noop & {*HEAVY, "pyarrow", "numpy"}  # the manifest's mirror
    assert not _modules_after(_cli("warehouse", str(out)), tmp_path) & {"spacy", "pdfplumber", "simplemma"}


def test_speed_noop_rerun_leaves_the_manifest_alone(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    before = (out / "_manifest.parquet").stat().st_mtime_ns
    assert run_corpus([src], out, extract=fake_extract, progress=False, workers=1).skipped == 1
    assert (out / "_manifest.parquet").stat().st_mtime_ns == before


def test_speed_read_rows_equals_pyarrow(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run_corpus([TEXT_2021], out, workers=1, progress=False)
    files = [out / "_manifest.parquet", *sorted(out.glob("*/*.parquet"))]
    for f in files:
        assert repr(read_rows(f)) == repr(pq.read_table(f).to_pylist()), f


@pytest.mark.slow
def test_speed_in_process_workers_and_dask_write_identical_datasets(tmp_path):
    from benchmarks.bench_batch import make_corpus

    src = tmp_path / "src"
    make_corpus(src, 3)
    single = run_corpus([TEXT_2022], tmp_path / "single", workers=4, progress=False)  # one source: in-process
    assert single.done == 1
    here = run_corpus([src], tmp_path / "here", workers=1, progress=False)
    pool = run_corpus([src], tmp_path / "pool", workers=2, progress=False)
    dask = run_corpus([src], tmp_path / "dask", workers=2, executor="dask", progress=False)
    assert here.done == pool.done == dask.done == 3
    assert datasets_snapshot(tmp_path / "here") == datasets_snapshot(tmp_path / "pool") == \
        datasets_snapshot(tmp_path / "dask")
    alone = run_corpus([TEXT_2022], tmp_path / "alone-pool", workers=2, progress=False)
    assert alone.done == 1


@pytest.mark.slow
def test_speed_in_process_crash_is_redone_in_a_worker(tmp_path):
    # a source that kills the process while it runs in-process must not kill the next run too
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "crash.txt", "r.c", [], crash=True)
    code = ("from pipeline.batch.corpus import run_corpus\nfrom tests.fakes_batch import fake_extract\n"
            f"run_corpus([{str(src)!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)")
    died = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=300)
    assert died.returncode == 3  # the fake's os._exit: the in-process run died with it
    assert read_manifest(out)[str((src / "crash.txt").resolve())].message == DIED_HERE
    s = run_corpus([src], out, extract=fake_extract, workers=1, progress=False, timeout=30)
    statuses = {Path(p).name: e.status for p, e in read_manifest(out).items()}
    assert statuses == {"a.txt": "ok", "crash.txt": "crashed"}
    assert s.failed == 1


def test_speed_in_process_crashed_marker_is_not_fsynced(tmp_path, monkeypatch):
    # the marker need only outlive the process (the crash test above); the outcome is durable
    import json

    from pipeline.batch.manifest import Journal

    lines, append = [], Journal._append
    monkeypatch.setattr(Journal, "_append", lambda self, line, durable=True:
                        lines.append((json.loads(line)["entry"]["status"], durable)) or append(self, line, durable))
    write_spec(tmp_path / "src" / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([tmp_path / "src"], tmp_path / "out", extract=fake_extract, workers=1, progress=False)
    assert lines == [("crashed", False), ("ok", True)]


def test_speed_in_process_time_limit_holds(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "hang.txt", "r.h", [], hang=True)
    s = run_corpus([src], out, extract=fake_extract, workers=1, progress=False, timeout=1.0)
    assert s.by_status == {"timeout": 1}
    assert "time limit" in read_manifest(out)[str((src / "hang.txt").resolve())].message


# --- caches ---------------------------------------------------------------------------------

def _words() -> list[str]:
    text = TEXT_2021.read_text(encoding="utf-8") + TEXT_2022.read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"\w+", text)))
    return words + [w.lower() for w in words]


def test_speed_mapped_lemma_table_gives_simplemmas_lemmas(tmp_path):
    table = lemmas.load_table(tmp_path)
    assert lemmas.table_path(tmp_path).exists()
    words = _words()
    assert isinstance(table, lemmas.MappedTable)
    got = [lemmas.lemmatize(w, greedy=g) for w in words for g in (True, False)] + [lemmas.is_known(w) for w in words]
    want = [simplemma.lemmatize(w, lang="sv", greedy=g) for w in words for g in (True, False)] + \
        [simplemma.is_known(w, lang="sv") for w in words]
    assert got == want


def test_speed_corrupt_lemma_table_is_rebuilt(tmp_path):
    path = lemmas.table_path(tmp_path)
    good = lemmas.load_table(tmp_path)
    answer = good.get("insatserna")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte somewhere in the records
    path.write_bytes(bytes(data))
    with pytest.raises(lemmas.CorruptTable):
        lemmas.open_table(path)
    assert lemmas.load_table(tmp_path).get("insatserna") == answer
    path.write_bytes(b"PLEMMA01")  # truncated
    assert lemmas.load_table(tmp_path).get("insatserna") == answer


def _doc_view(doc) -> list[tuple]:
    return [(t.text, t.lemma_, t.norm_, t.is_sent_start, t.ent_type_, t.ent_iob_) for t in doc]


def test_speed_cached_language_pipeline_equals_a_built_one(tmp_path, profile):
    key = NlpKey.of(profile.language)
    built = build_nlp(key)
    saved = load_or_build(key, tmp_path)  # builds and saves
    assert (tmp_path / f"nlp-{cache_key(key)}").is_dir()
    loaded = load_or_build(key, tmp_path)  # loads
    texts = [b for b in TEXT_2021.read_text(encoding="utf-8").split("\n\n") if b.strip()][:200]
    want = [_doc_view(d) for d in built.pipe(texts)]
    assert [_doc_view(d) for d in saved.pipe(texts)] == want
    assert [_doc_view(d) for d in loaded.pipe(texts)] == want


def test_speed_broken_or_stale_language_cache_is_rebuilt(tmp_path, profile):
    key = NlpKey.of(profile.language)
    load_or_build(key, tmp_path)
    path = tmp_path / f"nlp-{cache_key(key)}"
    (path / "config.cfg").write_text("not a config", encoding="utf-8")
    nlp = load_or_build(key, tmp_path)
    assert [t.lemma_ for t in nlp("Insatserna genomfördes i Luleå.")][:2] == ["insats", "genomföra"]
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["pipeline_cache_key"] = "something else"  # a copy written for other settings
    (path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    load_or_build(key, tmp_path)
    assert json.loads((path / "meta.json").read_text(encoding="utf-8"))["pipeline_cache_key"] == cache_key(key)
    assert cache_key(dataclasses.replace(key, places=("Kiruna",))) != cache_key(key)


# --- progress -------------------------------------------------------------------------------

def test_speed_progress_is_quiet_when_piped_and_in_ci(monkeypatch):
    from pipeline.batch import progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert not progress.wanted(None)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert progress.wanted(None)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(None)
    assert progress.wanted(True)


def test_speed_progress_bar_shows_file_rate_and_pages(monkeypatch):
    import io

    from rich.console import Console

    from pipeline.batch import progress

    buf = io.StringIO()
    bar = progress.BatchProgress(3, enabled=True, skipped=1, console=Console(file=buf, force_terminal=True, width=200))
    with bar:
        bar.start("/data/reports/big-report.pdf")
        progress.report_pages(10, 300)
        bar._p.refresh()
        bar.advance("ok")
        bar._p.refresh()
    text = buf.getvalue()
    assert "big-report.pdf" in text and "pages" in text and "/s" in text and "ETA" in text
    progress.report_pages(1, 2)  # no active bar: nothing happens


# --- one long PDF in page ranges --------------------------------------------------------------

def test_speed_page_ranges_cover_every_page_once_in_order():
    from pipeline.batch.pdf_pages import page_ranges

    for n in (1, 2, 7, 40, 300):
        for parts in (1, 2, 3, 4, 8, 500):
            ranges = page_ranges(n, parts)
            assert [i for r in ranges for i in r] == list(range(n))
            assert len(ranges) <= parts and max(map(len, ranges)) - min(map(len, ranges)) <= 1


@pytest.mark.slow
def test_speed_pdf_read_in_page_ranges_by_workers_is_identical(monkeypatch, profile):
    from pipeline.batch import pdf_pages
    from pipeline.read import pdf as reader
    from tests.conftest import PDF_2021

    data = PDF_2021.read_bytes()
    whole = reader.read_pdf(PDF_2021, data, profile)
    monkeypatch.setattr(pdf_pages, "MIN_SPLIT_PAGES", 2)
    for workers in (2, 3):  # this process reads the first part, a pool the others
        pdf_pages.peak_worker_mb = None
        with pdf_pages.page_workers(workers):
            split = reader.read_pdf(PDF_2021, data, profile, read_pages=pdf_pages.read_pages)
        assert pdf_pages.peak_worker_mb is not None  # it did go through the workers
        assert split == whole, workers


def test_speed_manifest_mirror_that_does_not_match_is_ignored(tmp_path):
    """The JSON mirror is read only with the sha256 of the manifest it was written with: an old
    mirror (a manifest written by another version, a crash between the renames) is ignored."""
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    mirror = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert [e["report_id"] for e in mirror["entries"]] == ["r.a"]
    mirror["entries"][0]["report_id"] = "stale"
    (out / "_manifest.json").write_text(json.dumps(mirror), encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["stale"]  # the hash still matches
    mirror["manifest_sha256"] = "0" * 64
    (out / "_manifest.json").write_text(json.dumps(mirror), encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]  # the Parquet file decides
    (out / "_manifest.json").write_text("{not json", encoding="utf-8")
    assert [e.report_id for e in read_manifest(out).values()] == ["r.a"]


@pytest.mark.slow
def test_speed_extraction_leaves_spacys_command_line_unloaded_and_working(tmp_path):
    # spaCy imports its command line (typer, requests, weasel) only to re-export spacy.info
    code = (f"from pipeline.run import extract_to_rows\nextract_to_rows({str(TEXT_2021)!r})\n"
            "import sys\nassert type(sys.modules['spacy.cli']).__name__ == '_StandIn'")
    loaded = _modules_after(code, tmp_path)
    assert "spacy" in loaded and not loaded & {"typer", "requests", "httpx", "weasel"}
    # and it is all there once asked for
    code = ("import pipeline.language.nlp, spacy\nfrom spacy.cli import setup_cli, download\n"
            "import spacy.cli.info as m\nassert callable(setup_cli) and callable(download) and callable(spacy.info)\n"
            "assert 'spaCy version' in spacy.info(markdown=True, silent=True)")
    assert {"typer", "spacy"} <= _modules_after(code, tmp_path)


@pytest.mark.slow
def test_speed_reconcile_rewrite_loads_no_pandas(tmp_path):
    # regression: the rekeyed column went through pa.array, whose pandas probe imported pandas
    # (~0.3 s) into the parent of every batch that rewrote a report
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "new" / "b.txt", "r.b", [("F", "Antal genomförda företagsbesök", "150", "◇", None)],
               period="2022-04-30")
    write_spec(src / "old" / "a.txt", "r.a", [("F", "Antal företagsbesök", "150", "◇", None)])
    code = ("from pipeline.batch.corpus import run_corpus\nfrom tests.fakes_batch import fake_extract\n"
            f"run_corpus([{str(src / 'new')!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)\n"
            f"s = run_corpus([{str(src / 'old')!r}], {str(out)!r}, extract=fake_extract, workers=1, progress=False)\n"
            "assert s.reconcile.reports_rewritten == ('r.b',), s.reconcile")
    assert "pandas" not in _modules_after(code, tmp_path)

"""pipeline check: OUT against what the manifest recorded when the batch wrote it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.batch.check import ProblemKind, check_out
from pipeline.batch.corpus import run_corpus
from pipeline.batch.manifest import MANIFEST, MIRROR, read_manifest, write_manifest
from pipeline.cli import app
from pipeline.output.parquet import rows_to_bytes
from tests.fakes_batch import fake_extract, write_spec

F = "Starka hållbara innovationsmiljöer"
runner = CliRunner(env={"COLUMNS": "220"})


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def make_out(tmp_path: Path) -> tuple[Path, Path]:
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    write_spec(src / "b.txt", "r.b", [(F, "Antal företagsbesök", "200", "◇", None)], period="2022-04-30")
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1, timeout=30)
    return src, out


def check_cli(out: Path):
    return runner.invoke(app, ["check", str(out)])


def test_check_healthy_out_says_nothing(tmp_path):
    _, out = make_out(tmp_path)
    # every owned file recorded: the per-report datasets, the key registry, base keys and changes
    from pipeline.output.rows import PER_REPORT

    assert {len(e.files) for e in read_manifest(out).values()} == {len(PER_REPORT) + 3}
    assert check_out(out) == []
    result = check_cli(out)
    assert result.exit_code == 0 and result.output == ""


def test_check_finds_truncated_deleted_replaced_and_orphan_files(tmp_path):
    _, out = make_out(tmp_path)
    truncated = out / "metrics" / "r.a.parquet"
    truncated.write_bytes(truncated.read_bytes()[:100])
    deleted = out / "goals" / "r.b.parquet"
    deleted.unlink()
    replaced = out / "facts" / "r.a.parquet"  # same size, other bytes: only the sha256 tells
    data = bytearray(replaced.read_bytes())
    data[len(data) // 2] ^= 0xFF
    replaced.write_bytes(bytes(data))
    orphan = out / "metrics" / "r.gone.parquet"
    orphan.write_bytes((out / "metrics" / "r.b.parquet").read_bytes())

    found = {(p.path, p.kind) for p in check_out(out)}
    assert found == {("metrics/r.a.parquet", ProblemKind.SIZE), ("goals/r.b.parquet", ProblemKind.MISSING),
                     ("facts/r.a.parquet", ProblemKind.SHA256), ("metrics/r.gone.parquet", ProblemKind.ORPHAN)}
    result = check_cli(out)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 4  # one line per problem, each naming its file
    for path in (truncated, deleted, replaced, orphan):
        assert sum(str(path) in line for line in lines) == 1


def test_check_file_without_its_schema(tmp_path):
    _, out = make_out(tmp_path)
    wrong = out / "links" / "r.a.parquet"
    wrong.write_bytes(rows_to_bytes("entities", [{"report_id": "r.a", "text": "x", "label": "ORG",
                                                  "char_start": 0, "char_end": 1}]))
    entries = read_manifest(out)  # recorded as written, so only the schema is wrong
    write_manifest(out, {p: replace(e, files=tuple(
        f._replace(size=wrong.stat().st_size, sha256=__import__("hashlib").sha256(wrong.read_bytes()).hexdigest())
        if e.report_id == "r.a" and f.dataset == "links" else f for f in e.files)) for p, e in entries.items()})
    [problem] = check_out(out)
    assert (problem.path, problem.kind) == ("links/r.a.parquet", ProblemKind.SCHEMA)
    assert "links schema" in problem.detail


def test_check_manifest_that_disagrees_with_the_files(tmp_path):
    src, out = make_out(tmp_path)
    entries = read_manifest(out)
    a = str((src / "a.txt").resolve())
    entries[a] = replace(entries[a], sha256="0" * 64)  # the manifest claims another source content
    write_manifest(out, entries)
    [problem] = check_out(out)
    assert (problem.path, problem.kind) == ("reports/r.a.parquet", ProblemKind.DISAGREES)
    assert "source_sha256" in problem.detail


def test_check_damaged_manifest_is_one_line(tmp_path):
    _, out = make_out(tmp_path)
    (out / MANIFEST).write_bytes(b"PAR1 not really")
    (out / MIRROR).unlink()
    result = check_cli(out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(out / MANIFEST) in result.output.splitlines()[0]


def test_check_records_missing_from_an_older_manifest_are_filled_by_extract(tmp_path):
    src, out = make_out(tmp_path)
    entries = read_manifest(out)
    write_manifest(out, {p: replace(e, files=()) for p, e in entries.items()})
    assert {p.kind for p in check_out(out)} == {ProblemKind.UNRECORDED}
    s = run_corpus([src], out, extract=fake_extract, progress=False, workers=1, timeout=30)
    assert s.skipped == 2  # intact files are recorded, not extracted again
    assert check_out(out) == []


def test_check_not_a_directory_is_usage(tmp_path):
    result = check_cli(tmp_path / "nope")
    assert result.exit_code == 2 and "not a directory" in result.output


def test_check_reads_the_manifest_files_column(tmp_path):
    _, out = make_out(tmp_path)
    table = pq.read_table(out / MANIFEST)
    assert table.schema.field("files").type.value_type.names == ["dataset", "size", "sha256"]

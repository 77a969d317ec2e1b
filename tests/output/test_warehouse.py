"""DuckDB views over the datasets answer the README's questions (docs/queries.sql)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pipeline.batch.corpus import run_corpus
from pipeline.output.warehouse import DATASET_VIEWS, build_warehouse
from tests.conftest import ROOT
from tests.fakes_batch import fake_extract, write_spec

QUERIES = ROOT / "docs" / "queries.sql"
F, G = "Starka hållbara innovationsmiljöer", "Infrastruktur"


def named_queries(path: Path) -> dict[str, str]:
    parts = re.split(r"^-- name: (\w+)\s*$", path.read_text(encoding="utf-8"), flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wh")
    src = tmp / "src"
    goals = [("Samhälle", "Ett livskraftigt län", "achieved")]
    write_spec(src / "2021.txt", "r.2021", [(F, "Antal företagsbesök", "150", "achieved", "↑"),
                                            (G, "Bredband", "90%", "partially_achieved", "➔")],
               period="2021-04-30", goals=goals)
    write_spec(src / "2022.txt", "r.2022", [(F, "Antal företagsbesök", "150", "achieved", "↑"),
                                            (G, "Bredband", "90%", "achieved", "➔")],
               period="2022-04-30", goals=[("Samhälle", "Ett livskraftigt län", "partially_achieved")])
    write_spec(src / "2023.txt", "r.2023", [(F, "Antal genomförda företagsbesök", "150", "partially_achieved", "↑"),
                                            (G, "Bredband", "90%", "achieved", "↓")],
               period="2023-04-30", goals=[("Samhälle", "Ett livskraftigt län", "not_achieved")])
    out = tmp / "out"
    run_corpus([src], out, workers=1, extract=fake_extract, progress=False)
    path = build_warehouse(out)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_warehouse_has_a_view_per_dataset_and_the_derived_views(warehouse):
    views = {r[0] for r in warehouse.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {*DATASET_VIEWS, "metric_history", "latest_status", "goal_history", "manifest"} <= views
    assert warehouse.execute("SELECT count(*) FROM metrics").fetchone() == (6,)


def test_warehouse_metric_history_follows_a_renamed_metric(warehouse):
    rows = warehouse.execute("""SELECT seq, report_id, metric, status FROM metric_history
                                WHERE metric LIKE 'Antal%' ORDER BY seq""").fetchall()
    assert rows == [(1, "r.2021", "Antal företagsbesök", "achieved"),
                    (2, "r.2022", "Antal företagsbesök", "achieved"),
                    (3, "r.2023", "Antal genomförda företagsbesök", "partially_achieved")]
    latest = warehouse.execute("SELECT report_id, in_latest_report FROM latest_status").fetchall()
    assert latest == [("r.2023", True), ("r.2023", True)]


def test_warehouse_readme_queries_answer_their_questions(warehouse):
    q = named_queries(QUERIES)
    assert set(q) == {"metrics_moved_between_last_two_reports", "goal_status_over_time",
                      "stated_numbers_for_one_metric"}
    moved = warehouse.execute(q["metrics_moved_between_last_two_reports"]).fetchall()
    assert [(r[0], r[4], r[5], r[6], r[7], r[8], r[9], r[10]) for r in moved] == [
        ("worse", "Bredband", "achieved", "achieved", "unchanged", "worsening", "r.2022", "r.2023"),
        ("worse", "Antal genomförda företagsbesök", "achieved", "partially_achieved", "improving", "improving",
         "r.2022", "r.2023"),
    ]
    goals = warehouse.execute(q["goal_status_over_time"]).fetchall()
    assert [(r[4].year, r[6]) for r in goals] == [(2021, "achieved"), (2022, "partially_achieved"),
                                                  (2023, "not_achieved")]
    key = warehouse.execute("SELECT metric_key FROM latest_status WHERE metric LIKE 'Antal%'").fetchone()[0]
    warehouse.execute(f"SET VARIABLE metric_key = '{key}'")
    facts = warehouse.execute(q["stated_numbers_for_one_metric"]).fetchall()
    assert [r[1] for r in facts] == ["r.2021", "r.2022", "r.2023"]


def test_warehouse_views_of_empty_datasets_keep_their_columns(tmp_path):
    (tmp_path / "reports").mkdir()
    con = duckdb.connect(str(build_warehouse(tmp_path)), read_only=True)
    assert con.execute("SELECT count(*) FROM latest_status").fetchone() == (0,)
    assert "metric_key" in [d[0] for d in con.execute("SELECT * FROM changes").description]


def _readme_sql() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def _run_block(con, block: str) -> list:
    statements = [st for st in block.split(";") if st.strip()]
    for st in statements[:-1]:
        con.execute(st)
    return con.execute(statements[-1]).fetchall()


def test_warehouse_readme_sql_blocks_run_as_printed(warehouse, tmp_path, monkeypatch):
    """The README's own SQL (not only docs/queries.sql) runs on the views and answers."""
    blocks = _readme_sql()
    on_views = [b for b in blocks if "read_parquet" not in b]  # the first block reads files directly
    assert len(on_views) == 4
    monkeypatch.chdir(tmp_path)  # the Kolada union reads the user's download: one made here
    (tmp_path / "kolada-export.csv").write_text("kpi,municipality,period,gender,value\nN00945,0025,2021,T,12.5\n")
    moved, goals, facts, kolada = [_run_block(warehouse, b) for b in on_views]
    assert sorted(r[1] for r in moved) == ["Antal genomförda företagsbesök", "Bredband"]
    assert {r[0] for r in moved} == {"worse"}
    assert [r[3] for r in goals] == ["achieved", "partially_achieved", "not_achieved"]
    assert len(facts) == 3
    assert kolada == [("0025", 2021, "N00945", "T", 12.5, "kolada")]


def test_warehouse_readme_sql_returns_rows_on_the_samples(tmp_path, monkeypatch):
    """Issue 24: the README's first question ("which metrics got worse") answered an empty table on
    the samples, so a newcomer could not tell whether it worked."""
    from tests.conftest import TEXT_2021, TEXT_2022

    out = tmp_path / "out"
    run_corpus([TEXT_2021, TEXT_2022], out, workers=1, progress=False)
    con = duckdb.connect(str(build_warehouse(out)), read_only=True)
    monkeypatch.chdir(tmp_path)  # the README's paths are relative to the directory holding out/
    first, moved, goals, facts = [_run_block(con, b) for b in _readme_sql()[:4]]
    assert first and goals and facts
    assert {(r[0], r[1]) for r in moved} == {("better", "RUS-konferens Utveckla Norrbottens genomförs en gång per år"),
                                            ("better", 'Antal kulturprojekt som knyter an till temaåret "Demokrati 100 år"')}


# --- kolada: every metric outcome in Kolada's long format -------------------------------------

KOLADA_COLUMNS = [("municipality", "VARCHAR"), ("period", "INTEGER"), ("kpi", "VARCHAR"), ("gender", "VARCHAR"),
                  ("value", "DOUBLE"), ("report_id", "VARCHAR")]
VASTERBOTTEN = ROOT / "tests" / "fixtures" / "synthetic" / "vasterbotten-run-delarsrapport-2025-08"


def _kolada(out: Path) -> tuple[list, list]:
    con = duckdb.connect(str(build_warehouse(out)), read_only=True)
    try:
        columns = [(r[0], r[1]) for r in con.execute("DESCRIBE kolada").fetchall()]
        return columns, con.execute("SELECT * FROM kolada").fetchall()
    finally:
        con.close()


def test_warehouse_kolada_on_the_samples_has_kolada_columns_and_one_row_per_printed_outcome(tmp_path):
    """The samples' styrmått tables print target, status and trend but no outcome column: the
    view has its columns and no row, as many as the metrics with an outcome."""
    from tests.conftest import TEXT_2021, TEXT_2022

    out = tmp_path / "out"
    run_corpus([TEXT_2021, TEXT_2022], out, workers=1, progress=False)
    columns, rows = _kolada(out)
    assert columns == KOLADA_COLUMNS
    n_outcomes = duckdb.connect().execute(f"""SELECT count(outcome_value) + count(outcome_women) + count(outcome_men)
                                FROM read_parquet('{out}/metrics/*.parquet')""").fetchone()[0]
    assert len(rows) == n_outcomes == 0


def test_warehouse_kolada_a_region_report_with_an_outcome_column(tmp_path):
    """Region Västerbotten (länskod 24) is Kolada's 0024; each printed outcome is one T row."""
    import json

    from pipeline.output.parquet import write_report
    from pipeline.run import extract_to_rows

    rid, rows = extract_to_rows(VASTERBOTTEN.with_suffix(".pdf"))
    write_report(tmp_path, rows, rid)
    _, got = _kolada(tmp_path)
    spec = json.loads(VASTERBOTTEN.with_suffix(".expected.json").read_text(encoding="utf-8"))
    printed = [m for m in spec["metrics"] if m["outcome_raw"]]
    assert len(got) == len(printed) >= 4
    assert {(r[0], r[1], r[3], r[5]) for r in got} == {("0024", 2025, "T", rid)}
    by_key = {m.metric_key: m for m in rows.metrics}
    assert sorted((by_key[r[2]].outcome_raw, r[4]) for r in got) == sorted(
        (m["outcome_raw"], float(m["outcome_raw"].rstrip(" %").replace(",", "."))) for m in printed)


def test_warehouse_kolada_outcome_printed_by_gender_gives_k_and_m(tmp_path):
    """An outcome "32 kvinnor, 53 män" is K 32 and M 53 (no T: the report prints no total);
    a municipality's code stays as SCB writes it."""
    from dataclasses import replace

    from pipeline.output.parquet import write_report
    from pipeline.output.rows import extraction_to_rows, utc_now
    from pipeline.run import run_document
    from pipeline.text.numbers import parse_target

    ex = run_document(VASTERBOTTEN.with_suffix(".pdf"))
    ex = replace(ex, metrics=[replace(ex.metrics[0], outcome=parse_target("32 kvinnor, 53 män", {})), *ex.metrics[1:]])
    rows = extraction_to_rows(ex, report_id="r", profile="default", pipeline_version="t", extracted_at=utc_now())
    assert (rows.metrics[0].outcome_women, rows.metrics[0].outcome_men) == (32.0, 53.0)
    rows = replace(rows, reports=(rows.reports[0]._replace(organisation_code="2580"),))  # Luleå kommun
    write_report(tmp_path, rows, "r")
    _, got = _kolada(tmp_path)
    key = rows.metrics[0].metric_key
    assert sorted((r[0], r[3], r[4]) for r in got if r[2] == key) == [("2580", "K", 32.0), ("2580", "M", 53.0)]


def test_warehouse_views_carry_columns_newer_than_the_files(tmp_path):
    """An OUT written before outcome_women existed still builds every view, the column null."""
    import pyarrow.parquet as pq

    from pipeline.output.parquet import write_report
    from pipeline.run import extract_to_rows

    rid, rows = extract_to_rows(VASTERBOTTEN.with_suffix(".pdf"))
    write_report(tmp_path, rows, rid)
    path = next((tmp_path / "metrics").glob("*.parquet"))
    pq.write_table(pq.read_table(path).drop_columns(["outcome_women", "outcome_men"]), path)
    columns, got = _kolada(tmp_path)
    assert columns == KOLADA_COLUMNS and {r[3] for r in got} == {"T"}

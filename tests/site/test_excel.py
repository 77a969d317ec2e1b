"""The Excel workbook (pipeline export OUT --xlsx FILE): read back with openpyxl, and opened by
LibreOffice (slow)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.batch.corpus import run_corpus
from pipeline.cli import app
from pipeline.site.excel import PERIOD_GROUP, PERIOD_KEYS, write_workbook
from pipeline.site.labels import STATUS, UNIT
from tests.conftest import TEXT_2021, TEXT_2022

runner = CliRunner()
SHEETS = ["Rapporter", "Mål", "Styrmått", "Styrmått per period", "Förändringar", "Fakta"]
PERIODS = ["2021-04 Delårsrapport", "2022-04 Delårsrapport"]
R21, R22 = "region-norrbotten.run.delarsrapport.2021-04", "region-norrbotten.run.delarsrapport.2022-04"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("excel")
    src = tmp / "src"
    src.mkdir()
    for p in (TEXT_2021, TEXT_2022):
        shutil.copy(p, src / p.name)
    run_corpus([src], tmp / "out", workers=1, progress=False)
    return tmp / "out"


@pytest.fixture(scope="module")
def xlsx(out, tmp_path_factory) -> Path:
    return write_workbook(out, tmp_path_factory.mktemp("book") / "styrkort.xlsx")


@pytest.fixture(scope="module")
def wb(xlsx):
    return openpyxl.load_workbook(xlsx)


def _rows(ws, header_row=1) -> list[dict]:
    values = list(ws.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def _dataset(out: Path, name: str) -> list[dict]:
    return pq.read_table(out / name).to_pylist()


def test_excel_has_a_sheet_per_level_with_swedish_headers_frozen_and_filtered(wb, out):
    assert wb.sheetnames == SHEETS
    counts = {"Rapporter": "reports", "Mål": "goals", "Styrmått": "metrics", "Förändringar": "changes",
              "Fakta": "facts"}
    for title, dataset in counts.items():
        ws = wb[title]
        assert ws.freeze_panes == "A2", title
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}", title
        assert ws.max_row - 1 == len(_dataset(out, dataset)) > 0, title
        headers = [c.value for c in ws[1]]
        assert not any("_" in h for h in headers), headers  # words, not column names
    assert {"Rapport-id", "Organisationskod (SCB)", "Period till", "Varningar"} <= {c.value for c in wb["Rapporter"][1]}
    assert {"Styrmått", "Målvärde", "Utfall", "Status", "Trend", "Statuskälla"} <= {c.value for c in wb["Styrmått"][1]}


def test_excel_status_cells_hold_the_word_in_the_status_colour(wb, out):
    metrics = {(m["report_id"], m["metric_key"]): m for m in _dataset(out, "metrics")}
    ws = wb["Styrmått"]
    headers = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(headers)}
    seen = set()
    for row in ws.iter_rows(min_row=2):
        m = metrics[(row[col["Rapport-id"]].value, row[col["Styrmåttsnyckel"]].value)]
        cell = row[col["Status"]]
        look = STATUS[m["status"]]
        assert cell.value == look.label
        assert cell.fill.fgColor.rgb[-6:].lower() == look.fill
        assert cell.font.color.rgb[-6:].lower() == look.ink
        seen.add(m["status"])
    assert {"not_achieved", "not_assessed", None} <= seen  # the text exports show no colours


def test_excel_period_sheet_one_row_per_metric_and_a_column_group_per_period(wb, out):
    ws = wb["Styrmått per period"]
    groups = [c.value for c in ws[1] if c.value]
    assert groups == PERIODS
    headers = [c.value for c in ws[2]]
    assert headers == [c.header for c in PERIOD_KEYS] + list(PERIOD_GROUP) * 2
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref.startswith("A2:")
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    keys = {m["metric_key"] for m in _dataset(out, "metrics")}
    assert len(rows) == len(keys)  # one row per metric, also across the rename
    assert len({r[headers.index("Styrmåttsnyckel")] for r in rows}) == len(rows)
    n = len(PERIOD_KEYS)

    def group(metric: str, period: int) -> tuple:
        [row] = [r for r in rows if r[0] == metric]
        return row[n + 3 * period: n + 3 * period + 3]

    dialog = "Antal dialoger i framtagning av ny kulturplan och regional biblioteksplan"
    assert group(dialog, 0)[0] == 30 and group(dialog, 1)[0] == 40  # targets, as numbers
    renamed = "Antal genomförda företagsbesök"  # "Antal företagsbesök" in 2021: one key, one row
    assert group(renamed, 0)[0] is not None and group(renamed, 1)[0] is not None
    assert group("Framtagning strukturbild", 1) == (None, None, None)  # removed in 2022: empty, no status
    assert group("Framtagning strukturbild", 0)[2] in {s.label for s in STATUS.values()}
    assert group("Kollektivtrafikens marknadsandelar", 0)[2] == group("Kollektivtrafikens marknadsandelar", 1)[2] \
        == "Ej uppnått"


def test_excel_changes_and_facts_read_in_swedish(wb, out):
    changes = _rows(wb["Förändringar"])
    assert {c["Förändring"] for c in changes} >= {"Nytt namn", "Tillagt", "Borttaget", "Ändrad status"}
    status = next(c for c in changes if c["Förändring"] == "Ändrad status")
    assert status["Före"].startswith("Ej bedömt")
    ws = wb["Förändringar"]
    col = [c.value for c in ws[1]].index("Före")
    added = next(r for r in ws.iter_rows(min_row=2) if r[col - 3].value == "Tillagt")
    assert added[col].value is None and added[col].fill.fill_type is None  # nothing before: no "Okänd"
    before = next(r for r in ws.iter_rows(min_row=2) if r[col - 3].value == "Ändrad status")[col]
    assert before.fill.fgColor.rgb[-6:].lower() == STATUS["not_assessed"].fill
    facts = _rows(wb["Fakta"])
    assert {f["Enhet"] for f in facts} <= set(UNIT.values()) | {"Mbit/s"}
    assert {"personer", "procent", "kronor"} <= {f["Enhet"] for f in facts}
    assert {f["Kön"] for f in facts} == {None, "kvinnor", "män"}
    linked = [f for f in facts if f["Styrmåttsnyckel"]]
    assert linked and all(f["Styrmått"] for f in linked)


def test_excel_text_stays_text_and_control_characters_go(tmp_path):
    from openpyxl import Workbook

    from pipeline.site.excel import Col, table_sheet

    wb = Workbook()
    table_sheet(wb, "T", [Col("A", lambda r: r["a"])], [{"a": "=HYPERLINK(\"x\")"}, {"a": "bell\x07 rang"}])
    wb.save(tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["T"]
    assert ws["A2"].value == '=HYPERLINK("x")' and ws["A2"].data_type == "s"
    assert ws["A3"].value == "bell rang"


def test_excel_cli_writes_the_workbook_and_refuses_what_is_not_one(out, tmp_path):
    res = runner.invoke(app, ["export", str(out), "--xlsx", str(tmp_path / "a.xlsx")])
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == SHEETS
    res = runner.invoke(app, ["export", str(tmp_path / "nothing"), "--xlsx", str(tmp_path / "b.xlsx")])
    assert res.exit_code == 2 and not (tmp_path / "b.xlsx").exists()
    res = runner.invoke(app, ["export", str(out), "--xlsx", str(tmp_path / "b.csv")])
    assert res.exit_code == 2 and not (tmp_path / "b.csv").exists()


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CI"):
        pytest.fail("CI is set and LibreOffice (soffice) is missing: .ci/run installs libreoffice-calc-nogui")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


@pytest.mark.slow
def test_excel_opens_in_libreoffice(xlsx, out, tmp_path):
    """LibreOffice headless reads every sheet: each is written back as CSV with the same rows."""
    soffice = _soffice()
    # 44,34,76,1,,0,...,-1: comma, quote, UTF-8, from row 1, every sheet to its own file
    fmt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", fmt, "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=300)
    for title in SHEETS:
        with open(tmp_path / f"{xlsx.stem}-{title}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert len(rows) == openpyxl.load_workbook(xlsx)[title].max_row, title
    with open(tmp_path / f"{xlsx.stem}-Styrmått per period.csv", encoding="utf-8", newline="") as f:
        period = list(csv.reader(f))
    assert [v for v in period[0] if v] == PERIODS
    assert {row[len(PERIOD_KEYS) + 2] for row in period[2:]} <= {s.label for s in STATUS.values()} | {""}

"""The static HTML site: page models, escaping, determinism, bad input (no browser needed)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.batch.corpus import run_corpus
from pipeline.cli import app
from pipeline.output.parquet import write_dataset
from pipeline.site import build_site
from pipeline.site.chart import line_chart
from pipeline.site.labels import slug, status_word
from tests.fakes_batch import fake_extract, write_spec

runner = CliRunner()
F, G = "Starka hållbara innovationsmiljöer", "Infrastruktur"
EVIL = "<script>alert('x')</script> & Co"


def _corpus(tmp: Path) -> Path:
    src, out = tmp / "src", tmp / "out"
    write_spec(src / "2021.txt", "r.2021", [(F, "Antal företagsbesök", "150", "achieved", "↑"),
                                            (G, "Bredband", "90%", "partially_achieved", "➔"),
                                            (G, EVIL, "12", "◇", None)],
               period="2021-04-30", goals=[("Samhälle", "Ett livskraftigt län", "achieved")])
    write_spec(src / "2022.txt", "r.2022", [(F, "Antal genomförda företagsbesök", "170", "achieved", "↑"),
                                            (G, "Bredband", "90%", "not_achieved", "↓"),
                                            (G, EVIL, "14", "◇", None)],
               period="2022-04-30", goals=[("Samhälle", "Ett livskraftigt län", "partially_achieved")])
    run_corpus([src], out, workers=1, extract=fake_extract, progress=False)
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def site(out, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("html")
    build_site(out, site)
    return site


def _committee(site: Path) -> str:
    [page] = site.glob("scope-*.html")
    return page.read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for k in ("href", "src"):
            if a.get(k):
                self.hrefs.append(a[k])


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


# --- chart ------------------------------------------------------------------------------------

def test_line_chart_is_empty_without_numbers():
    assert line_chart([("2021-04", None, None), ("2022-04", "Öka", None)], "t") == ""


def test_line_chart_draws_each_numeric_point_with_its_value():
    svg = line_chart([("2021-04", 30, None), ("2022-04", 40.5, 38), ("2023-04", None, 41)], "Mål & utfall")
    assert svg.count("<rect") == 3 and svg.count("<circle") == 3  # 2 points + 1 legend marker each
    assert "Mål 2022-04: 40,5" in svg and "Utfall 2023-04: 41" in svg
    assert 'aria-label="Mål &amp; utfall"' in svg
    assert svg.count("<polyline") == 2


def test_line_chart_higher_value_is_drawn_higher():
    svg = line_chart([("a", 10, None), ("b", 20, None)], "t")
    ys = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="8"', svg)][:2]
    assert ys[1] < ys[0]


def test_line_chart_escapes_period_labels_and_handles_one_point():
    svg = line_chart([("<b>", 5, None)], "t")
    assert "<b>" not in svg and "&lt;b&gt;" in svg


# --- labels -----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["../../etc/passwd", "a/b\\c", "Åsa & Örjan", "", "x" * 300, "run.ok-key"])
def test_slug_is_a_safe_file_name(key):
    s = slug(key)
    assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", s) and ".." not in s and len(s) < 80


def test_slug_keeps_different_keys_apart():
    assert slug("a/b") != slug("a?b") and slug("org", "run") != slug("org-run")


def test_status_word_translates_changes_values():
    assert status_word("partially_achieved (●)") == "Delvis uppnått (●)"
    assert status_word("improving") == "Förbättras ↑"
    assert status_word("30") == "30" and status_word(None) == "–"


# --- pages ------------------------------------------------------------------------------------

def test_site_has_index_committee_metric_and_report_pages(site):
    names = sorted(p.name for p in site.iterdir())
    assert "index.html" in names and "style.css" in names
    assert sum(n.startswith("scope-") for n in names) == 1
    assert sum(n.startswith("report-") for n in names) == 2
    assert sum(n.startswith("metric-") for n in names) == 3  # the renamed metric keeps one page


def test_committee_page_shows_status_as_words_trend_target_and_changes(site):
    html = _committee(site)
    assert '<html lang="sv">' in html
    assert "Ett livskraftigt län" in html and "Uppnått" in html and "Delvis uppnått" in html
    assert "Försämras" in html and "Mål: 170" in html
    assert "2021-04 → 2022-04" in html
    for change in ("Nytt namn", "Ändrat målvärde", "Ändrad status", "Mål: ändrad status"):
        assert change in html, change
    assert "Antal genomförda företagsbesök" in html


def test_report_text_is_escaped_everywhere(site):
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower(), page.name
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in _committee(site)


def test_pages_are_accessible_tables_without_scripts_or_network(site):
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="sv">' in html
        assert "<th>" not in html  # every header cell says what it heads
        assert not re.search(r'(href|src)="(https?:)?//', html), page.name


def test_every_internal_link_resolves(site):
    for page in site.glob("*.html"):
        for href in _parse(page).hrefs:
            if href.startswith("file:"):
                continue
            target, _, anchor = href.partition("#")
            path = site / target if target else page
            assert path.is_file(), f"{page.name} -> {href}"
            if anchor:
                assert anchor in _parse(path).ids, f"{page.name} -> {href}"


def test_metric_page_has_history_chart_and_evidence(site):
    [page] = [p for p in site.glob("metric-*.html") if "Antal genomförda företagsbesök" in p.read_text("utf-8")]
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "Mål 2021-04: 150" in html and "Mål 2022-04: 170" in html
    assert "Text som beskriver styrmåttet" in html and "rubrik, exakt" in html


def test_same_out_gives_byte_identical_site(out, site, tmp_path):
    build_site(out, tmp_path)
    for page in site.iterdir():
        assert (tmp_path / page.name).read_bytes() == page.read_bytes(), page.name


# --- contract v2 columns ------------------------------------------------------------------------

def _add_columns(path: Path, **columns) -> None:
    """Set v2 columns (added when an older file lacks them, replaced when they are null)."""
    table = pq.read_table(path)
    for name, value in columns.items():
        col = pa.array([value] * len(table), pa.string())
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, col) if i >= 0 else table.append_column(name, col)
    pq.write_table(table, path)


def test_new_nullable_columns_are_used_when_present(tmp_path):
    out = _corpus(tmp_path)
    _add_columns(out / "reports" / "r.2022.parquet", organisation_name="Region Norrbotten",
                 committee_name="Regionala utvecklingsnämnden")
    _add_columns(out / "goals" / "r.2022.parquet", theme="Hållbar tillväxt")
    _add_columns(out / "metrics" / "r.2022.parquet", outcome_raw="163")
    build_site(out, tmp_path / "site")
    html = _committee(tmp_path / "site")
    assert "Region Norrbotten – Regionala utvecklingsnämnden" in html
    assert "Hållbar tillväxt" in html and "Utfall: 163" in html


# --- bad input ----------------------------------------------------------------------------------

def test_out_without_reports_gives_a_site_that_says_so(tmp_path):
    (tmp_path / "out" / "reports").mkdir(parents=True)
    build_site(tmp_path / "out", tmp_path / "site")
    assert "Inga rapporter finns" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_out_with_only_failed_reports_gives_a_site_that_says_so(tmp_path):
    out = tmp_path / "out"
    write_dataset(out, "reports", "broken", [{"report_id": "broken", "source_path": "/x/broken.pdf", "schema_version": "2.0",
                                              "source_format": "pdf", "source_sha256": "0", "profile": "p",
                                              "pipeline_version": "t", "extracted_at": datetime(2024, 1, 1, tzinfo=UTC),
                                              "status": "failed"}])
    write_dataset(out, "errors", "broken", [{"report_id": "broken", "source_path": "/x/broken.pdf", "stage": "read",
                                             "severity": "error", "message": "not a PDF <b>"}])
    build_site(out, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Alla rapporter misslyckades" in index
    report = (tmp_path / "site" / "report-broken.html").read_text(encoding="utf-8")
    assert "not a PDF &lt;b&gt;" in report and "Misslyckades" in report


def test_partly_missing_datasets_are_named_not_raised(tmp_path):
    out = _corpus(tmp_path)
    for p in (out / "goals").iterdir():
        p.unlink()
    (out / "goals").rmdir()
    (out / "metrics" / "r.2021.parquet").unlink()
    (out / "links" / "r.2022.parquet").write_bytes(b"not parquet")
    build_site(out, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Datamängden goals saknas" in index and "links/r.2022.parquet kunde inte läsas" in index
    report = (tmp_path / "site" / "report-r.2021.html").read_text(encoding="utf-8")
    assert "Datamängder som saknas för rapporten: goals, metrics" in report


def test_cli_report_writes_the_site(out, tmp_path):
    result = runner.invoke(app, ["report", str(out), "--html", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s" / "index.html").is_file()


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_cli_report_on_a_path_that_is_not_an_out_dir_is_one_line_exit_2(tmp_path, make):
    (tmp_path / "notes.txt").write_text("hej")
    result = runner.invoke(app, ["report", str(make(tmp_path)), "--html", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and result.output.startswith("error:")
    assert "Traceback" not in result.output


def test_rebuild_removes_pages_of_reports_that_are_gone_and_keeps_other_files(out, tmp_path):
    (tmp_path / "report-old.html").write_text("old")
    (tmp_path / "notes.html").write_text("mine")
    build_site(out, tmp_path)
    assert not (tmp_path / "report-old.html").exists() and (tmp_path / "notes.html").exists()


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    h = "".join(c * 2 for c in h) if len(h) == 3 else h
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_status_colours_have_sufficient_contrast():
    from pipeline.site.render import STYLESHEET

    css = STYLESHEET.decode()
    rules = re.findall(r"\.st-[\w-]+ \{ background: (#[0-9a-f]+); color: (#[0-9a-f]+|var\(--ink\))", css)
    assert len(rules) == 5
    for bg, fg in rules:
        fg = "#1b1b1b" if fg.startswith("var") else fg
        hi, lo = sorted((_luminance(bg), _luminance(fg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (bg, fg)  # WCAG AA for normal text


def test_pdf_and_text_rows_of_one_report_make_one_column_and_the_pdf_wins(tmp_path):
    out = _corpus(tmp_path)
    table = pq.read_table(out / "reports" / "r.2021.parquet")
    pq.write_table(table.set_column(table.schema.get_field_index("source_format"), "source_format",
                                    pa.array(["pdf"])), out / "reports" / "r.2021-pdf.parquet")
    build_site(out, tmp_path / "site")
    html = _committee(tmp_path / "site")
    assert html.count('<th scope="col"><a href="report-r.2021.html">') == 2  # goals and one metrics table head
    report = (tmp_path / "site" / "report-r.2021.html").read_text(encoding="utf-8")
    assert "<dt>Format</dt><dd>pdf</dd>" in report


def test_site_status_colours_are_the_workbooks():
    """style.css and labels.STATUS (the workbook's fills) give each status the same colours."""
    from pipeline.site.labels import STATUS
    from pipeline.site.render import STYLESHEET

    css = STYLESHEET.decode()

    def hex6(h: str) -> str:
        return "".join(c * 2 for c in h) if len(h) == 3 else h

    for look in STATUS.values():
        rule = re.search(rf"\.st-{look.key} \{{([^}}]*)\}}", css).group(1)
        assert hex6(re.search(r"background: #(\w+)", rule).group(1)) == look.fill, look.key
        assert hex6(re.search(r"(?<!-)color: #(\w+)", rule).group(1)) == look.ink, look.key


def test_site_report_without_organisation_or_committee_shows_its_goals_and_metrics(tmp_path):
    # regression (issue 21): such a report's header said "Mål 1 / Styrmått 2" and its body
    # "Inga mål lästes ur rapporten.", and no page listed its goals
    src, out, html = tmp_path / "src", tmp_path / "out", tmp_path / "html"
    write_spec(src / "anon.txt", "anon-1234", [(F, "Antal företagsbesök", "150", "achieved", "↑"),
                                               (G, "Bredband", "90%", "partially_achieved", "➔")],
               committee=None, organisation=None, goals=[("Samhälle", "Ett livskraftigt län", "achieved")])
    write_spec(src / "bun.txt", "bun-2021", [(F, "Andel behöriga", "90%", "achieved", None)],
               committee="bun", organisation=None)
    run_corpus([src], out, workers=1, extract=fake_extract, progress=False)
    build_site(out, html)
    page = (html / "report-anon-1234.html").read_text(encoding="utf-8")
    assert "Ett livskraftigt län" in page and "Antal företagsbesök" in page and "Bredband" in page
    assert "Inga mål lästes ur rapporten." not in page
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "report-anon-1234.html" in index
    # a committee without a known organisation is still a group of its own
    scopes = [p.read_text(encoding="utf-8") for p in html.glob("scope-*.html")]
    assert len(scopes) == 1 and "Andel behöriga" in scopes[0] and "Okänd organisation" in scopes[0]

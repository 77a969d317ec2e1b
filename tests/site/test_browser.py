"""The site in a real browser: headless system Chromium driven by Playwright (no browser download).

Skipped with the reason when Chromium or Playwright is missing; CI installs Debian's chromium."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pandas as pd
import pytest

from pipeline.batch.corpus import run_corpus
from pipeline.site import build_site
from pipeline.site.browser import find_chromium
from pipeline.site.labels import status_look
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

try:
    import playwright.sync_api  # noqa: F401
except ImportError:  # pragma: no cover - the dev extra installs it
    pytestmark.append(pytest.mark.skip(reason="playwright is not installed (pip install -e '.[dev]')"))
if find_chromium() is None:
    if os.environ.get("CI"):  # CI installs Chromium (.ci/run): a missing one is a failure, not a skip
        raise RuntimeError("CI is set but no Chromium was found: .ci/run must install it")
    pytestmark.append(pytest.mark.skip(reason="no Chromium found: apt-get install chromium (or set CHROMIUM)"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, profile):
    """The text samples extracted into out/, and the site over it."""
    tmp = tmp_path_factory.mktemp("browser")
    run_corpus(sorted(SAMPLES.glob("*.txt")), tmp / "out", profile, workers=1, progress=False)
    build_site(tmp / "out", tmp / "site")
    return tmp / "out", tmp / "site"


@pytest.fixture(scope="module")
def tab(built):
    from pipeline.site.browser import browser

    with browser() as b:
        page = b.new_page()
        page.errors = []  # console errors and uncaught exceptions of every page this tab loads
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page


def _open(tab, path: Path) -> None:
    tab.goto(path.resolve().as_uri())


def _committee(site: Path) -> Path:
    return next(site.glob("scope-*.html"))


def test_every_goal_of_the_samples_appears_with_its_status(built, tab):
    out, site = built
    goals = pd.read_parquet(out / "goals").merge(pd.read_parquet(out / "reports")[["report_id", "period_end"]])
    assert len(goals) >= 8
    _open(tab, _committee(site))
    periods = [h.split("\n")[0].strip() for h in tab.locator("table.goals thead th").all_inner_texts()[1:]]
    for g in goals.itertuples():
        row = tab.locator("table.goals tbody tr", has=tab.locator("th", has_text=g.strategic_goal))
        assert row.count() == 1, g.strategic_goal
        cell = row.locator("td").nth(periods.index(str(g.period_end)[:7]))
        assert status_look(g.status).label in cell.inner_text(), (g.strategic_goal, g.period_end)


def test_the_2021_to_2022_changes_appear(built, tab):
    _, site = built
    _open(tab, _committee(site))
    assert tab.get_by_role("heading", name="2021-04 → 2022-04").count() == 1
    table = tab.locator("table.changes")
    renamed = table.locator("tr", has=tab.locator("th", has_text="Nytt namn"))
    assert "Antal genomförda företagsbesök" in renamed.inner_text()
    target = table.locator("tr", has=tab.locator("th", has_text="Ändrat målvärde")).inner_text()
    assert "30" in target and "40" in target
    assert table.locator("th", has_text="Tillagt").count() >= 1
    assert table.locator("th", has_text="Borttaget").count() >= 1


def _crawl(tab, site: Path) -> list[str]:
    """Visit every page reachable from index.html; returns the pages that failed to load."""
    start = (site / "index.html").resolve().as_uri()
    seen, todo, broken = set(), [start], []
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            tab.goto(url)
        except Exception as exc:  # noqa: BLE001 - a missing file is net::ERR_FILE_NOT_FOUND
            broken.append(f"{url}: {str(exc).splitlines()[0]}")
            continue
        for href in tab.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href).partition("#")[0]
            if target.startswith(site.resolve().as_uri()):
                todo.append(target)
            elif target.startswith("file:") and not Path(unquote(urlparse(target).path)).exists():
                broken.append(f"{url} -> {href}")  # a source file link
    assert len(seen) == len(list(site.glob("*.html"))), "every page is reachable from the index"
    return broken


def test_all_links_resolve_and_no_page_logs_a_console_error(built, tab):
    _, site = built
    tab.errors.clear()
    assert _crawl(tab, site) == []
    assert tab.errors == []


def test_the_stylesheet_is_applied_from_file(built, tab):
    _, site = built
    _open(tab, _committee(site))
    border = tab.locator(".badge").first.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border in ("solid", "dashed", "dotted")
    assert tab.evaluate("document.documentElement.lang") == "sv"


def _metric_page(site: Path, name: str) -> Path:
    return next(p for p in site.glob("metric-*.html") if f"<h1>{name}</h1>" in p.read_text(encoding="utf-8"))


def test_metric_page_shows_each_sentence_once_with_its_numbers_and_the_narrative_text(built, tab):
    """Issue 24: "Antal genomförda företagsbesök" listed its sentence once per number (4 numbers,
    4 rows, in each report), with units in English, and its narrative as the heading only."""
    out, site = built
    _open(tab, _metric_page(site, "Antal genomförda företagsbesök"))
    rows = tab.locator("table.factlist tbody tr").all()
    sentences = [r.locator("td").nth(0).inner_text() for r in rows]
    assert len(sentences) == len(set(sentences)) == 1
    numbers = rows[0].locator("td").nth(1).inner_text()
    assert [n.strip() for n in numbers.split("·")] == ["27 (antal)", "45 (antal)", "32 kvinnor (personer)",
                                                       "53 män (personer)"]
    assert rows[0].locator("td").nth(2).inner_text() == "2021-04; 2022-04"  # printed in both reports
    # the narrative: the linked section's text, not its heading only
    facts = pd.read_parquet(out / "facts")
    sentence = facts[facts.sentence.str.startswith("Under perioden har 27 planerade")].sentence.iloc[0]
    quotes = tab.locator("blockquote").all_inner_texts()
    assert len(quotes) == 2 and all(sentence in q for q in quotes)


def test_metric_page_links_to_the_rest_of_a_long_narrative(built, tab):
    out, site = built
    sections = pd.read_parquet(out / "sections")
    text = sections[sections.title == "Antal kommuner med samarbete inom konstområdet"].text.iloc[0]
    first, second = text.split("\n\n")[:2]
    _open(tab, _metric_page(site, "Antal kommuner med samarbete inom konstområdet"))
    quote = tab.locator("blockquote").first
    assert first in quote.inner_text() and second not in quote.inner_text()
    quote.get_by_role("link", name="Läs hela texten").click()
    body = tab.locator("main").inner_text()
    assert first in body and second in body
    assert tab.get_by_role("link", name="Antal kommuner med samarbete inom konstområdet").count() == 1


def test_no_page_of_the_samples_names_a_unit_in_english(built, tab):
    _, site = built
    for page in sorted(site.glob("metric-*.html")):
        _open(tab, page)
        words = set(tab.locator("table.factlist").all_inner_texts()[0].replace("(", " ").replace(")", " ").split()) \
            if tab.locator("table.factlist").count() else set()
        assert not words & {"count", "persons", "percent", "SEK", "EUR", "years", "hours"}, page.name

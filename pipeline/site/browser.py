"""Headless Chromium for the site's browser tests and ``make screenshot``: the system browser
(Debian's ``chromium``) driven by Playwright, which never downloads a browser of its own."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 900}


def find_chromium() -> str | None:
    """$CHROMIUM, else the first Chromium on PATH, else None."""
    env = os.environ.get("CHROMIUM")
    if env and Path(env).exists():
        return env
    return next((p for c in CANDIDATES if (p := shutil.which(c))), None)


@contextmanager
def browser():
    """A headless Chromium (Playwright ``Browser``); raises RuntimeError when none is installed."""
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        raise RuntimeError("no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def screenshot(page: Path, png: Path, width: int = VIEWPORT["width"], height: int = VIEWPORT["height"]) -> Path:
    """A PNG of the top of ``page`` (an HTML file), at a fixed viewport so it is reproducible."""
    with browser() as b:
        tab = b.new_page(viewport={"width": width, "height": height})
        tab.goto(Path(page).resolve().as_uri())
        png.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(png))
    return png


if __name__ == "__main__":  # python -m pipeline.site.browser PAGE.html OUT.png
    import sys

    print(screenshot(Path(sys.argv[1]), Path(sys.argv[2])))

"""spaCy's command line stays unloaded during extraction and works when asked for."""

from __future__ import annotations

import pytest

from tests.conftest import TEXT_2021
from tests.procs import modules_after


@pytest.mark.slow
def test_speed_extraction_leaves_spacys_command_line_unloaded_and_working(tmp_path):
    # spaCy imports its command line (typer, requests, weasel) only to re-export spacy.info
    code = (f"from pipeline.run import extract_to_rows\nextract_to_rows({str(TEXT_2021)!r})\n"
            "import sys\nassert type(sys.modules['spacy.cli']).__name__ == '_StandIn'")
    loaded = modules_after(code, tmp_path)
    assert "spacy" in loaded and not loaded & {"typer", "requests", "httpx", "weasel"}
    # and it is all there once asked for
    code = ("import pipeline.language.nlp, spacy\nfrom spacy.cli import setup_cli, download\n"
            "import spacy.cli.info as m\nassert callable(setup_cli) and callable(download) and callable(spacy.info)\n"
            "assert 'spaCy version' in spacy.info(markdown=True, silent=True)")
    assert {"typer", "spacy"} <= modules_after(code, tmp_path)

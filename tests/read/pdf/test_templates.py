"""Other report templates than the samples' (generated with reportlab): the whole pipeline
must give the right metrics, statuses and trends from light tables, vector and raster marks
without a legend, a table broken across pages, and other heading styles."""

from __future__ import annotations

import pytest

from pipeline.model import BlockKind
from pipeline.run import run_document
from tests.pdf_factory import LIGHT_EXPECTED, RULED_EXPECTED, light_report_pdf, ruled_two_page_report_pdf

pytestmark = pytest.mark.slow


def _run(tmp_path, name: str, data: bytes):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return run_document(path, raise_errors=True)


def _metric_view(ex):
    return [(m.success_factor, m.metric if m.metric_kind == "styrmatt" else f"Aktivitet: {m.metric}",
             m.target.raw, m.status.status, m.trend) for m in ex.metrics]


def test_read_pdf_templates_light_tables_vector_marks_no_legend(tmp_path):
    ex = _run(tmp_path, "light", light_report_pdf())
    doc = ex.document
    assert doc.legend is None and doc.page_count == 2
    assert not ex.errors, [e.message for e in ex.errors]
    # furniture gone, the title is the title, heading levels follow size, then weight/italic
    assert "Sida" not in doc.text and "Region Västerbotten" not in doc.text
    assert (ex.meta.organisation, ex.meta.organisation_code, ex.meta.profile) == ("region-vasterbotten", "24", "default")
    heads = {b.text: b.level for b in doc.blocks if b.kind == BlockKind.HEADING}
    assert heads["Samhälle"] < heads["Strategiskt mål: Ett hållbart län"] < heads["Framgångsfaktor: Starka kulturmiljöer"]
    assert heads["Framgångsfaktor: Starka kulturmiljöer"] < heads["Antal besökare på museet"]
    assert _metric_view(ex) == LIGHT_EXPECTED
    assert all(m.status.source == "profile" and m.prov.page == 1 and m.prov.bbox for m in ex.metrics)
    assert [m.trend_symbol for m in ex.metrics] == ["↑", "➔", None, "↓"]
    # the unruled goal table: a factor's row leaves the first cells empty; it is its own row
    (goal,) = ex.goals
    assert goal.success_factors == ("Starka kulturmiljöer", "Fler deltar i kulturlivet")
    assert (goal.status.status, goal.status.source) == ("partially_achieved", "profile")
    # a paragraph broken by the page break is one paragraph
    assert any(b.text.endswith("skolklasser från hela länet.") for b in doc.blocks)


@pytest.mark.parametrize("kind", ["vector", "image"])
def test_read_pdf_templates_two_page_ruled_table(tmp_path, kind):
    ex = _run(tmp_path, f"ruled-{kind}", ruled_two_page_report_pdf(kind))
    assert not ex.errors, [e.message for e in ex.errors]
    (table,) = ex.tables
    assert table.kind == "scorecard" and table.n_parts == 2 and len(table.rows) == len(RULED_EXPECTED)
    assert _metric_view(ex) == RULED_EXPECTED
    assert all(m.status.source == "profile" for m in ex.metrics)
    assert [m.prov.page for m in ex.metrics] == [1] * 7 + [2] * 4
    sections = {s.title: s.kind.value for s in ex.sections}
    assert sections == {"Medborgare": "perspective", "Trygg vård": "strategic_goal",
                        "God tillgänglighet": "success_factor", "Styrmått nummer 3": "metric_narrative"}

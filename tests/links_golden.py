"""Golden links: narrative -> metric, written by reading the samples (one file per report,
shared by its text export and its PDF).

Links are stored by text (factor heading, metric, section heading and kind), not by ids, so
the same golden file checks both formats and survives key-scheme changes. ``links_view``
renders an extraction in that form; ``write_links_golden`` is what ``make golden`` calls
(review the diff: these files were checked by hand).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.language.linking import metrics_to_factors
from pipeline.model import Extraction
from pipeline.text.similarity import normalise, similarity

DATA_DIR = Path(__file__).resolve().parent / "data"


def links_golden_path(sample: Path) -> Path:
    return DATA_DIR / sample.stem / "expected" / "links.json"


@dataclass(frozen=True)
class GoldLink:
    success_factor: str
    metric: str
    section_title: str
    section_kind: str
    method: str = ""

    def matches(self, other: GoldLink) -> bool:
        """Same factor and section (spacing-insensitive, PDF splits words), metric nearly
        the same (PDF cells glue words: "enbredad")."""
        return (_key(self.success_factor) == _key(other.success_factor)
                and _key(self.section_title) == _key(other.section_title)
                and self.section_kind == other.section_kind
                and similarity(self.metric, other.metric) >= 0.9)


def _key(text: str) -> str:
    return normalise(text).replace(" ", "")


def extraction_to_gold(ex: Extraction) -> list[GoldLink]:
    sections = {s.section_id: s for s in ex.sections}
    metrics = {m.metric_key: m for m in ex.metrics}
    factor_of = metrics_to_factors(ex.sections, ex.metrics)
    out = []
    for k in ex.links:
        s, m = sections[k.section_id], metrics[k.metric_key]
        factor = sections[factor_of[m.metric_key]].title if m.metric_key in factor_of else m.success_factor
        out.append(GoldLink(factor, m.metric, s.title, s.kind.value, k.method))
    return out


def links_view(ex: Extraction) -> str:
    rows = [g.__dict__ for g in extraction_to_gold(ex)]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def read_gold(sample: Path) -> list[GoldLink]:
    path = links_golden_path(sample)
    if not path.exists():
        raise FileNotFoundError(f"golden links missing: {path} (make golden, then review by hand)")
    return [GoldLink(**row) for row in json.loads(path.read_text(encoding="utf-8"))]


def precision_recall(predicted: list[GoldLink], gold: list[GoldLink]) -> tuple[float, float]:
    tp_pred = sum(any(p.matches(g) for g in gold) for p in predicted)
    tp_gold = sum(any(g.matches(p) for p in predicted) for g in gold)
    precision = tp_pred / len(predicted) if predicted else 1.0
    recall = tp_gold / len(gold) if gold else 1.0
    return precision, recall


def write_links_golden(sample: Path) -> Path:
    """Regenerate one report's golden links from its text export (``make golden``)."""
    from pipeline.run import run_document

    path = links_golden_path(sample)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(links_view(run_document(sample, raise_errors=True)), encoding="utf-8")
    return path

"""How the pipeline reads the real reports of tests/real/, against their gold
(`python -m tests.real.score`; tests/real/test_real_gold.py asserts the same figures).

Rows are matched by their printed text (white space collapsed). Per kind the score counts the
gold rows found, those found with every scored field right, and the rows found that the gold does
not have (extra). Scored fields: goals level, theme, status, comment (its first words) and page;
activities parent goal, theme, status, progress (within PROGRESS_TOLERANCE points), comment and
page; assignments parent table, state, printed status word and status date; an auditors' recommendations the audit
they came from (the heading they sit under), status, printed status word, state and page; review questions the nämnd
(heading), the table's title, status, printed scale word, the answer as printed and page; indicators the fields of
METRIC_FIELDS their gold gives. A text export has no pages: its gold says ``printed_page`` and the
page is not scored. Rows of one name (the same question asked of every nämnd) pair in document order.

``--docs DIR`` also scores the external gold (tests/real/external.py): reports whose bytes are kept
outside the repo, found in DIR by sha256; one not found is printed as MISSING with its source.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.model import Extraction
from pipeline.run import run_document
from pipeline.structure.tables import METRIC_ROLES
from tests.real.external import IDENTITY_FIELDS, ExternalGold, external_golds, identity_misses, locate

REAL = Path(__file__).resolve().parent
# progress read from a bar may differ from the gold's reading by this many percentage points
PROGRESS_TOLERANCE = 5.0
KINDS = ("goals", "activities", "assignments", "recommendations", "questions", "metrics")
# the fields of an indicator (styrmått, indikator) a gold may give; only those it gives are scored
METRIC_FIELDS = ("parent", "target", "outcome", "status", "status_label", "trend", "page")


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def documents() -> list[Path]:
    """The real reports that have a gold file, by name."""
    return sorted(p for p in REAL.iterdir() if p.suffix in (".pdf", ".txt")
                  and (REAL / f"{p.stem}.gold.json").exists())


def load_gold(doc: Path, gold: Path | None = None) -> dict[str, list[dict]]:
    """The gold's rows, by kind, with the fields the scorer compares (`gold`: the gold file, by
    default the document's neighbour `<stem>.gold.json`)."""
    raw = json.loads((gold or REAL / f"{doc.stem}.gold.json").read_text(encoding="utf-8"))
    return {
        "goals": [{"name": norm(g["text"]), "level": g["level"], "theme": g["theme"], "status": g["status"],
                   "comment": g.get("comment_first_words"), "page": g["page"]} for g in raw.get("goals", [])],
        "activities": [{"name": norm(a["text"]), "parent": norm(a["namndmal"]), "theme": a["theme"],
                        "status": a["status"], "progress": a["progress_percent"],
                        "comment": a.get("comment_first_words"), "page": a["page"]}
                       for a in raw.get("activities", [])],
        "assignments": [{"name": norm(a["text"]), "parent": norm(a["table"]), "state": a["state"],
                         "status_label": a["status_label"], "status_date": a["status_date"]}
                        for a in raw.get("assignments", [])],
        "recommendations": [{"name": norm(r["text"]), "parent": norm(r["audit"]), "status": r["status"],
                             "status_label": r["status_label"], "state": r["state"], "page": r["page"]}
                            for r in raw.get("recommendations", [])],
        "questions": [{"name": norm(q["text"]), "parent": norm(q["namnd"]), "table": norm(q["table"]),
                       "status": q["status"], "status_label": q["status_label"], "answer": norm(q["answer"]),
                       "page": q["page"]} for q in raw.get("questions", [])],
        "metrics": [{"name": norm(m["text"]), **{k: _norm_field(k, m[k]) for k in METRIC_FIELDS if k in m}}
                    for m in raw.get("metrics", [])],
    }


def _norm_field(key: str, value):
    return norm(value) if key in ("parent", "target", "outcome") and value is not None else value


@cache
def extract(doc: Path) -> Extraction:
    return run_document(doc)


def _table_name(ex: Extraction, table_id: str) -> str:
    t = next((t for t in ex.tables if t.table_id == table_id), None)
    if t is None:
        return ""
    k = next((i for i, r in enumerate(t.roles) if r in METRIC_ROLES), 0)
    return norm(t.header[k])


def found_rows(ex: Extraction) -> dict[str, list[dict]]:
    """What the pipeline wrote, by kind, with the same fields as the gold."""
    out: dict[str, list[dict]] = {k: [] for k in KINDS}
    for g in ex.goals:
        out["goals"].append({"name": norm(g.strategic_goal), "level": g.goal_level, "theme": g.theme,
                             "status": g.status.status, "comment": g.comment, "page": g.prov.page})
    for m in ex.metrics:
        if m.metric_kind == "aktivitet":
            out["activities"].append({"name": norm(m.metric), "parent": norm(m.strategic_goal), "theme": m.theme,
                                      "status": m.status.status, "progress": m.progress, "comment": m.comment,
                                      "page": m.prov.page})
        elif m.metric_kind == "uppdrag":
            out["assignments"].append({"name": norm(m.metric), "parent": _table_name(ex, m.table_id), "state": m.state,
                                       "status_label": m.status.label, "status_date": m.status_date})
        elif m.metric_kind == "rekommendation":
            out["recommendations"].append({"name": norm(m.metric), "parent": norm(m.theme), "status": m.status.status,
                                           "status_label": m.status.label, "state": m.state, "page": m.prov.page})
        elif m.metric_kind == "granskningsfraga":  # the answer as printed: the comment, else the word alone
            out["questions"].append({"name": norm(m.metric), "parent": norm(m.theme), "table": _table_name(ex, m.table_id),
                                     "status": m.status.status, "status_label": m.status.label,
                                     "answer": norm(m.comment if m.comment is not None else m.status.label),
                                     "page": m.prov.page})
        else:
            out["metrics"].append({"name": norm(m.metric), "parent": norm(m.strategic_goal) or None,
                                   "target": norm(m.target.raw) if m.target else None,
                                   "outcome": norm(m.outcome.raw) if m.outcome else None,
                                   "status": m.status.status, "status_label": m.status.label,
                                   "trend": m.trend, "page": m.prov.page})
    return out


def _same(key: str, want, got) -> bool:
    if key == "comment":  # the gold gives the comment's first words
        return want is None and got is None or (want is not None and got is not None
                                                and norm(got).startswith(norm(want)))
    if key == "progress":
        return want is None and got is None or (want is not None and got is not None
                                                and abs(want - got) <= PROGRESS_TOLERANCE)
    return want == got


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0  # gold rows found by name
    exact: int = 0  # ... with every scored field right
    extra: int = 0  # rows found that the gold does not have
    fields: dict[str, int] = field(default_factory=dict)  # field -> gold rows found with it right
    misses: list[str] = field(default_factory=list)  # what is wrong, one line each


def score_kind(gold: list[dict], got: list[dict], text_export: bool) -> KindScore:
    s = KindScore(gold=len(gold))
    keys = list(dict.fromkeys(k for row in gold for k in row if k != "name" and not (text_export and k == "page")))
    s.fields = dict.fromkeys(keys, 0)
    pool = list(got)
    for want in gold:
        hit = next((r for r in pool if r["name"] == want["name"]), None)
        if hit is None:
            s.misses.append(f"missing: {want['name'][:70]!r}")
            continue
        pool.remove(hit)
        s.found += 1
        wrong = [k for k in keys if k in want and not _same(k, want[k], hit.get(k))]
        for k in keys:
            s.fields[k] += k in want and k not in wrong
        s.exact += not wrong
        s.misses += [f"{k}: gold {want[k]!r}, found {hit.get(k)!r} ({want['name'][:50]!r})" for k in wrong]
    s.extra = len(pool)
    s.misses += [f"extra: {r['name'][:70]!r}" for r in pool]
    return s


def score_document(doc: Path, gold_file: Path | None = None) -> dict[str, KindScore]:
    gold, got = load_gold(doc, gold_file), found_rows(extract(doc))
    text_export = doc.suffix == ".txt"
    return {k: score_kind(gold[k], got[k], text_export) for k in KINDS}


def _print_scores(label: str, scores: dict[str, KindScore]) -> None:
    if not any(s.gold or s.extra for s in scores.values()):
        print(f"{label:<60} {'(none)':<12} {'0/0':>7} {'0/0':>7} {0:>5}  no goal, metric, activity or assignment row")
    for kind, s in scores.items():
        if not s.gold and not s.extra:
            continue
        fields = " ".join(f"{k} {v}/{s.gold}" for k, v in s.fields.items())
        print(f"{label:<60} {kind:<12} {s.found:>3}/{s.gold:<3} {s.exact:>3}/{s.gold:<3} {s.extra:>5}  {fields}")


def _print_misses(label: str, scores: dict[str, KindScore]) -> None:
    for kind, s in scores.items():
        for line in s.misses:
            print(f"  {label} {kind}: {line}")


def score_external(docs: Path, golds: list[ExternalGold] | None = None) -> None:
    """Score every external gold whose document is in `docs` (by sha256); name the others."""
    located = locate(external_golds() if golds is None else golds, docs)
    print(f"\nexternal gold ({len(located.found)} of {len(located.found) + len(located.missing)} documents in {docs})")
    results = [(g, doc, score_document(doc, g.gold)) for g, doc in located.found]
    for g, _doc, scores in results:
        _print_scores(g.name, scores)
    for g, doc, _scores in results:
        wrong = identity_misses(g.gold, extract(doc).meta)
        right = len(IDENTITY_FIELDS) - len(wrong)
        print(f"  {g.name} identity {right}/{len(IDENTITY_FIELDS)}" + "".join(f"\n    {w}" for w in wrong))
    for g, _doc, scores in results:
        _print_misses(g.name, scores)
    for g in located.missing:
        print(f"MISSING {g.name}: no file with sha256 {g.sha256} under {docs}; source {g.source}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.real.score", description=__doc__)
    parser.add_argument("--docs", type=Path, help="a folder holding the external gold's documents (found by sha256)")
    args = parser.parse_args(argv)
    print(f"{'document':<60} {'kind':<12} {'found':>7} {'exact':>7} {'extra':>5}  fields right")
    for doc in documents():
        _print_scores(doc.name, score_document(doc))
    for doc in documents():
        _print_misses(doc.stem, score_document(doc))
    if args.docs is not None:
        score_external(args.docs)


if __name__ == "__main__":
    main()

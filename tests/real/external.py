"""Real reports whose bytes are not in the repo (tests/real/external/SOURCES.md).

The workplace rule forbids committing what the search tool's `fetch` brought, so only the gold is
committed here: `external/<name>.gold.json`, each naming its document by source and sha256. The
documents live outside the repo (the session's `shared/real`, or `/work/fetched/reports`);
`python -m tests.real.score --docs DIR` finds each gold's document in DIR by its sha256 and scores
it. A gold whose document is not in DIR is reported as missing with its source, never skipped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.model import ReportMeta

EXTERNAL = Path(__file__).resolve().parent / "external"
DOC_SUFFIXES = (".pdf", ".txt")
# the report's identity as the gold states it, compared with ReportMeta's field of the same name
IDENTITY_FIELDS = ("organisation", "committee", "report_kind", "period_start", "period_end")


@dataclass(frozen=True, slots=True)
class ExternalGold:
    gold: Path  # the committed gold file
    name: str  # the gold's stem: "bjurholm-rsa-2023"
    sha256: str  # of the document's bytes, as fetched
    source: str  # where the bytes came from: "repo path @ commit"


@dataclass(frozen=True, slots=True)
class Located:
    found: list[tuple[ExternalGold, Path]]  # gold and the document with its sha256
    missing: list[ExternalGold]  # no file in the folder has the gold's sha256


def external_golds(folder: Path = EXTERNAL) -> list[ExternalGold]:
    """Every gold of `folder`, by name; a gold without a sha256 is a broken gold and raises."""
    out = []
    for path in sorted(folder.glob("*.gold.json")):
        src = json.loads(path.read_text(encoding="utf-8"))["source"]
        out.append(ExternalGold(gold=path, name=path.name.removesuffix(".gold.json"), sha256=src["sha256"],
                                source=f"{src['repo']} {src['path']} @ {src['commit']}"))
    return out


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def locate(golds: list[ExternalGold], docs: Path) -> Located:
    """Each gold's document among the files under `docs` (any depth), matched by sha256 only: a
    renamed copy is found, a changed one is not."""
    by_hash: dict[str, Path] = {}
    for path in sorted(docs.rglob("*")):
        if path.is_file() and path.suffix.lower() in DOC_SUFFIXES:
            by_hash.setdefault(sha256_of(path), path)
    found = [(g, by_hash[g.sha256]) for g in golds if g.sha256 in by_hash]
    missing = [g for g in golds if g.sha256 not in by_hash]
    return Located(found=found, missing=missing)


def gold_identity(gold: Path) -> dict[str, str | None]:
    report = json.loads(gold.read_text(encoding="utf-8"))["report"]
    return {k: report.get(k) for k in IDENTITY_FIELDS}


def identity_misses(gold: Path, meta: ReportMeta | None) -> list[str]:
    """The identity fields the pipeline got wrong, one line each (dates compared as ISO text)."""
    want = gold_identity(gold)
    misses = []
    for key, value in want.items():
        got = getattr(meta, key, None) if meta is not None else None
        got_text = got.isoformat() if isinstance(got, date) else got
        if got_text != value:
            misses.append(f"{key}: gold {value!r}, found {got_text!r}")
    return misses

"""Identical copies (same sha256) are known before any worker parses them: of the sources with
one content, only the first by rank is extracted; every other is recorded as a duplicate of the
report that source went to, unparsed. Ten copies of one PDF cost about one (issue 23; before,
each copy was parsed in full only to be called a duplicate).

The result is the one parsing every copy gave: the first by rank (a PDF before a text, then
the smaller path) owns the report and the others are its duplicates, with their warning rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.batch.inputs import Source
from pipeline.batch.jobs import Outcome
from pipeline.batch.manifest import ManifestEntry

if TYPE_CHECKING:
    from pipeline.batch.corpus import Corpus

Rank = Callable[[str], tuple]


def split_copies(todo: Sequence[Source], known: Iterable[ManifestEntry], rank: Rank) -> tuple[
        list[Source], dict[str, str]]:
    """(the sources to parse, copy path -> path of the source whose report it copies). ``known``:
    entries skipped as unchanged; a todo source with the bytes of one that owns a report and ranks
    before it is a copy of that one."""
    owners: dict[str, str] = {}  # sha256 -> path of the source that owns its report
    for e in known:
        if e.owns_report and (e.sha256 not in owners or rank(e.source_path) < rank(owners[e.sha256])):
            owners[e.sha256] = e.source_path
    groups: dict[str, list[Source]] = {}
    for s in todo:
        groups.setdefault(s.sha256, []).append(s)
    parse: list[Source] = []
    copies: dict[str, str] = {}
    for sha, group in groups.items():
        group = sorted(group, key=lambda s: rank(s.path))
        first = owners.get(sha)
        if first is None or rank(group[0].path) < rank(first):
            parse.append(group[0])
            first, group = group[0].path, group[1:]
        copies.update((s.path, first) for s in group)
    order = {s.path: i for i, s in enumerate(todo)}
    return sorted(parse, key=lambda s: order[s.path]), copies


def record_copy(corpus: Corpus, source: Source, of: str) -> Outcome | None:
    """Record ``source`` as a duplicate of the report that ``of`` (same bytes) went to; None when
    that source has no report to copy (then ``source`` is extracted in the next round)."""
    done = corpus.entries.get(of)
    if done is None or done.sha256 != source.sha256 or done.report_id is None:
        return None
    rid = done.report_id
    owner = corpus.owner(rid)
    if owner is None or owner.source_path == source.path:
        return None
    o = Outcome(source, "duplicate", rid, None, None, 0.0, None, None)
    prev = corpus.entries.get(source.path)
    if prev is not None and (old := prev.owned_report_id) is not None and old != rid:
        corpus.remove_owned(old)  # its content changed into a copy of another report
    # (a copy without a report id has no warnings to rewrite: no report owns them)
    if prev is not None and prev.status == "duplicate" and prev.report_id is not None and prev.report_id != rid:
        corpus.rewrite_warnings(prev.report_id, without=source.path)
    # warnings before the journal line: a kill in between redoes this source
    corpus.warn_duplicates(rid, owner.source_path, {*corpus.losers(rid), source.path})
    corpus.put(corpus.entry(o, rid, "duplicate", owner.source_path))
    return o

"""Metric identity across reports; the ``changes`` dataset is written here from ``keys.changes``.

The scorecard stage gives each metrics row a *base key* made from what the row says
(committee, success factor, metric text). Wording drifts between reports, so a base key is
not an identity. Here the base keys of all reports of one organisation and committee (a
*scope*) are chained, oldest report first, into canonical keys:

- an exact base key seen before keeps its chain;
- otherwise the most similar chain that is absent from this report, within the same success
  factor first, then anywhere, if similarity >= ``profile.compare.rename_threshold``;
- two base keys that ever occur in one report are never chained together;
- a new chain is keyed by the base key of its oldest report.

The chains are a function of the *set* of reports, so ingestion order does not matter, and a
newer report never changes the key of an older metric. The registry (``OUT/metric_keys/``,
one file per report) records, for every metrics row, its base key and the canonical key that
is applied in the data files. ``reconcile`` makes the files agree with the chains: it rewrites
``metric_key`` in metrics/links/facts positionally from the base keys kept at ingest
(``OUT/_base_keys/``), so a rewrite interrupted by a crash is simply done again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.keys.chains import (
    BaseMetric,
    Chaining,
    ChainingState,
    CoOccurrence,
    KeyAssignment,
    ReportRef,
    assign_keys,
    base_metric,
    report_ref,
)
from pipeline.keys.changes import (
    STATE_COLUMNS,
    Change,
    MetricState,
    change_to_row,
    record_to_state,
    row_to_state,
    states_to_changes,
)
from pipeline.output.files import dataset_file, file_stem, write_files_atomically
from pipeline.output.records import BaseKeyRow, MetricKeyRow, Record, ReportRecords
from pipeline.output.rows import Row, integer, text, text_or_none

if TYPE_CHECKING:
    import pyarrow as pa

REGISTRY = "metric_keys"
BASE_KEYS = "_base_keys"  # underscore: not a dataset, readers' globs skip it
PENDING = "_compare_pending.json"
KEYED = ("links", "facts")  # datasets whose rows point at a metric by key


@dataclass(frozen=True, slots=True)
class ReconcileSummary:
    scopes: int
    reports_rewritten: tuple[str, ...]
    changes: int


# --- the registry on disk --------------------------------------------------------------------

def rows_to_registry(records: ReportRecords, report_id: str, keys: Sequence[KeyAssignment] | None = None
                     ) -> tuple[list[MetricKeyRow], list[BaseKeyRow]]:
    """Registry rows and the positional base keys of links/facts, from records that carry base
    keys; the keys applied are ``keys`` (by position), else the base keys."""
    rep = records.report
    org, committee, period_end = (rep.organisation, rep.committee, rep.period_end) if rep else (None, None, None)
    applied = {a.position: a for a in keys or ()}
    registry: list[MetricKeyRow] = []
    for i, m in enumerate(records.metrics):
        a = applied.get(i)
        registry.append(MetricKeyRow(
            report_id=report_id, organisation=org, committee=committee, period_end=period_end, position=i,
            success_factor=m.success_factor, metric=m.metric, metric_kind=m.metric_kind, base_key=m.metric_key,
            metric_key=m.metric_key if a is None else a.metric_key,
            alias_of=None if a is None else a.alias_of, similarity=None if a is None else a.similarity))
    base = [BaseKeyRow(report_id=report_id, dataset="links", position=i, base_key=r.metric_key)
            for i, r in enumerate(records.links)]
    base += [BaseKeyRow(report_id=report_id, dataset="facts", position=i, base_key=r.metric_key)
             for i, r in enumerate(records.facts)]
    return registry, base


def with_keys(records: ReportRecords, keys: Sequence[KeyAssignment]) -> ReportRecords:
    """Records that carry base keys, with ``keys`` applied: metrics by position, links and facts
    by base key (the rows ``rewrite_report_keys`` would write)."""
    canon = {a.base_key: a.metric_key for a in keys}
    by_pos = {a.position: a.metric_key for a in keys}
    return replace(
        records,
        metrics=tuple(m._replace(metric_key=by_pos[i]) if i in by_pos else m for i, m in enumerate(records.metrics)),
        links=tuple(r._replace(metric_key=canon.get(r.metric_key, r.metric_key)) for r in records.links),
        facts=tuple(r._replace(metric_key=canon[r.metric_key]) if r.metric_key in canon else r for r in records.facts))


def with_base_keys(records: ReportRecords, registry: Sequence[MetricKeyRow],
                   base: Sequence[BaseKeyRow]) -> tuple[ReportRecords, list[KeyAssignment]]:
    """A report's records as its files hold them (keys applied) back to base keys, and the keys
    that were applied: to re-encode it under another id without losing what reconcile starts from."""
    by_pos = {r.position: r.base_key for r in registry}
    keys = [KeyAssignment(r.report_id, r.position, r.base_key, r.metric_key, r.alias_of, r.similarity)
            for r in registry]
    links = {b.position: b.base_key for b in base if b.dataset == "links"}
    facts = {b.position: b.base_key for b in base if b.dataset == "facts"}
    return replace(
        records,
        metrics=tuple(m._replace(metric_key=by_pos[i]) if i in by_pos else m for i, m in enumerate(records.metrics)),
        links=tuple(r._replace(metric_key=k) if (k := links.get(i)) is not None else r
                    for i, r in enumerate(records.links)),
        facts=tuple(r._replace(metric_key=facts[i]) if i in facts else r for i, r in enumerate(records.facts)),
    ), keys


def remove_keys(out_dir: Path, report_id: str) -> None:
    for d in (REGISTRY, BASE_KEYS, "changes"):
        dataset_file(out_dir, d, report_id).unlink(missing_ok=True)


def _read_table(path: Path, columns: list[str] | None = None) -> pa.Table | None:
    """One report's file as an Arrow table; None when there is none."""
    try:
        data = path.read_bytes()  # a few KiB: one read costs less than pyarrow opening the path
    except FileNotFoundError:
        return None
    import pyarrow as pa  # lazy: a run with nothing to compare never loads pyarrow
    import pyarrow.parquet as pq

    # a file of a few dozen rows: a thread pool and read-ahead cost more than they save
    return pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).read(columns=columns, use_threads=False)


def _read_rows(path: Path, columns: list[str] | None = None) -> list[Row]:
    """Rows of one file. ``to_pylist`` is safe here: compare's datasets hold no zoned timestamps
    (``parquet.read_rows`` avoids pandas for those)."""
    table = _read_table(path, columns)
    return [] if table is None else table.to_pylist()


def _rekeyed(name: str, table: pa.Table, keys: Sequence[str | None]) -> bytes | None:
    """The file of dataset ``name`` with ``keys`` as its metric_key column; None if it has them.
    Only that column is replaced: the rows never pass through Python objects."""

    from pipeline.output.parquet import rows_to_bytes, table_to_bytes, to_array
    from pipeline.output.schemas import SCHEMAS

    i = table.schema.get_field_index("metric_key")
    if table.column(i).to_pylist() == keys:
        return None
    field = table.schema.field(i)
    if not table.schema.equals(SCHEMAS[name], check_metadata=True) or (None in keys and not field.nullable):
        # another schema version wrote it, or a required key is missing: the rows way, which checks
        return rows_to_bytes(name, [dict(r, metric_key=k) for r, k in zip(table.to_pylist(), keys, strict=True)])
    return table_to_bytes(table.set_column(i, field, to_array(keys, field.type)))


def _encoded(out_dir: Path, name: str, report_id: str, rows: Sequence[Record] | Sequence[Row]) -> tuple[Path, bytes]:
    """(path, bytes) of one report's file in dataset ``name``, for ``write_files_atomically``."""
    from pipeline.output.parquet import rows_to_bytes

    return dataset_file(out_dir, name, report_id), rows_to_bytes(name, rows)


def _dataset_rows(dirpath: Path, columns: list[str] | None = None) -> list[Row]:
    if not dirpath.is_dir() or not any(dirpath.glob("*.parquet")):
        return []
    import pyarrow.dataset as pads  # lazy: it imports pandas (~0.5 s) that a no-op run does not need

    return pads.dataset(dirpath, format="parquet").to_table(columns=columns).to_pylist()


def _files_rows(paths: Sequence[Path]) -> list[Row]:
    """All rows of files of one schema, file by file: a ``pyarrow.dataset`` scan costs more per
    small file than a plain read."""
    tables = [t for path in paths if (t := _read_table(path)) is not None]  # None: removed since listed
    if not tables:
        return []
    import pyarrow as pa

    return pa.concat_tables(tables).to_pylist()


def load_registry(out_dir: Path) -> tuple[list[ReportRef], list[BaseMetric], dict[str, list[Row]]]:
    """Every report, every base metric, and each report's registry rows as its file holds them,
    all at once (``reconcile`` streams instead; this is the whole picture, for tests)."""
    rows = _files_rows(sorted((Path(out_dir) / REGISTRY).glob("*.parquet")))
    by_scope, _ = _scan(Path(out_dir), None, {})
    refs = [r for scope_refs in by_scope.values() for r in scope_refs]
    registry: dict[str, list[Row]] = defaultdict(list)  # report id -> its registry rows
    for r in rows:  # one file per report, read in file order
        registry[text(r, "report_id")].append(r)
    metrics = [m for rid in sorted(registry) for m in _registry_metrics(registry[rid])]
    return sorted(refs, key=lambda r: r.report_id), metrics, registry


def rewrite_report_keys(out_dir: Path, report_id: str, assignments: Sequence[KeyAssignment],
                        registry: list[Row] | None = None) -> list[Row]:
    """Make one report's files carry the given canonical keys; returns its metrics rows as written
    (``STATE_COLUMNS`` only). ``registry``: the report's registry rows, when already read. The
    registry file goes last, so an interrupted rewrite is redone by the next ``reconcile``."""
    out_dir = Path(out_dir)
    stem = file_stem(report_id)
    canon = {a.base_key: a.metric_key for a in assignments}
    base_rows = _read_rows(dataset_file(out_dir, BASE_KEYS, stem))
    files: list[tuple[Path, bytes]] = []  # only the files whose keys change, registry last
    for name in KEYED:
        path = dataset_file(out_dir, name, stem)
        table = _read_table(path)
        n = 0 if table is None else table.num_rows
        bases = {integer(b, "position"): text(b, "base_key") for b in base_rows if b["dataset"] == name}
        if len(bases) != n:
            raise ValueError(f"{report_id}: {name} has {n} rows, base keys for {len(bases)}")
        if table is not None and n and (data := _rekeyed(name, table, [canon.get(bases[i], bases[i]) for i in range(n)])):
            files.append((path, data))
    by_pos = {a.position: a for a in assignments}
    path = dataset_file(out_dir, "metrics", stem)
    metrics = _read_table(path)
    keys = [by_pos[i].metric_key for i in range(0 if metrics is None else metrics.num_rows)]
    if metrics is not None and keys and (data := _rekeyed("metrics", metrics, keys)):
        files.append((path, data))
    if registry is None:
        registry = read_registry(out_dir, report_id)
    files.append(_encoded(out_dir, REGISTRY, report_id, [
        dict(r, metric_key=by_pos[integer(r, "position")].metric_key, alias_of=by_pos[integer(r, "position")].alias_of,
             similarity=by_pos[integer(r, "position")].similarity) for r in registry]))
    write_files_atomically(files)
    if not keys or metrics is None:  # no keys: no metrics file, or an empty one
        return []
    return [dict(r, metric_key=k) for r, k in zip(metrics.select(list(STATE_COLUMNS)).to_pylist(), keys, strict=True)]


def read_registry(out_dir: Path, report_id: str) -> list[Row]:
    """One report's registry rows; [] when it has none."""
    return _read_rows(dataset_file(out_dir, REGISTRY, report_id))


def _registry_agrees(assignments: Sequence[KeyAssignment], registry: list[Row]) -> bool:
    applied = {r["position"]: r for r in registry}
    return all((applied[a.position]["metric_key"], applied[a.position]["alias_of"], applied[a.position]["similarity"])
               == (a.metric_key, a.alias_of, a.similarity) for a in assignments)


# --- pending scopes: what the next reconcile must redo, survives kill -9 --------------------

def read_pending(out_dir: Path) -> set[tuple[str, str]] | None:
    """Scopes waiting for reconcile; None means "all" (set after a run that lost track)."""
    path = Path(out_dir) / PENDING
    if not path.exists():
        return set()
    data = json.loads(path.read_text() or "null")
    return None if data is None else {tuple(s) for s in data}


def add_pending(out_dir: Path, scopes: Iterable[tuple[str, str]] | None) -> None:
    cur = read_pending(out_dir)
    new = None if scopes is None or cur is None else cur | set(scopes)
    if new is not None and new == cur and (Path(out_dir) / PENDING).exists():
        return
    write_files_atomically([(Path(out_dir) / PENDING, json.dumps(None if new is None else sorted(new)).encode())])


def clear_pending(out_dir: Path) -> None:
    (Path(out_dir) / PENDING).unlink(missing_ok=True)


# --- reconcile: registry -> keys in files -> changes -----------------------------------------

CHANGES_PER_WRITE = 64  # changes files replaced in one round of fsyncs (``write_files_atomically``)
# registry rows ``reconcile`` keeps as Arrow tables (~10 MB) from its first pass to its second,
# which reads the files of the reports beyond them again
REGISTRY_ROWS_KEPT = 20_000
_REF_COLUMNS = ["report_id", "organisation", "committee", "period_end"]


def _scan(out_dir: Path, scopes: set[tuple[str, str]] | None, kept: dict[str, pa.Table]) -> tuple[
        dict[tuple[str, str], list[ReportRef]], dict[str, tuple[str, ...]]]:
    """The reports of the scopes asked for (None: all), and each one's base keys (one string
    object per distinct key, so a report costs a tuple of references): one file per report, of
    which its ``ReportRef`` is kept, and its registry table in ``kept`` while those hold fewer
    than ``REGISTRY_ROWS_KEPT`` rows. Reports without metrics have no registry rows but still
    take part in changes; the reports file of a report with registry rows names it the same
    way, so only the others are read."""
    refs: dict[tuple[str, str], list[ReportRef]] = defaultdict(list)
    base_keys: dict[str, tuple[str, ...]] = {}
    same: dict[str, str] = {}  # one object per distinct base key
    known = set()
    n_kept = 0
    for path in sorted((out_dir / REGISTRY).glob("*.parquet")):
        table = _read_table(path)
        if table is None or not table.num_rows:  # removed since listed, or a report without metrics
            continue
        known.add(path.name)
        first = table.slice(0, 1).select(_REF_COLUMNS).to_pylist()[0]
        ref = report_ref(text(first, "report_id"), first)
        if scopes is None or ref.scope in scopes:
            refs[ref.scope].append(ref)
            base_keys[ref.report_id] = tuple(same.setdefault(str(k), str(k))
                                             for k in table.column("base_key").to_pylist())  # required
            if n_kept + table.num_rows <= REGISTRY_ROWS_KEPT:
                kept[ref.report_id] = table
                n_kept += table.num_rows
    for path in sorted((out_dir / "reports").glob("*.parquet")):
        if path.name not in known:
            for r in _read_rows(path, _REF_COLUMNS):
                ref = report_ref(text(r, "report_id"), r)
                if scopes is None or ref.scope in scopes:
                    refs[ref.scope].append(ref)
    return refs, base_keys


Newest = tuple[ReportRef, ChainingState] | None  # a scope's newest report with metrics and its chains


def reconcile(out_dir: Path, threshold: float, scopes: set[tuple[str, str]] | None = None,
              on_newest: Callable[[tuple[str, str], Newest], None] | None = None) -> ReconcileSummary:
    """Bring keys and ``changes`` up to date for ``scopes`` (None = all). Idempotent. Streams:
    one scope at a time, one report at a time within it (oldest first), so what it holds is a
    reference and the base keys per report and the chains of one scope, not the reports' rows.
    ``on_newest`` gets each reconciled scope's newest report with metrics and the chains after
    it (None: it has no metrics) as soon as the scope is done, for ``keyhints``."""
    out_dir = Path(out_dir)
    kept: dict[str, pa.Table] = {}
    refs, base_keys = _scan(out_dir, scopes, kept)
    n_scopes = len(refs)
    rewritten: list[str] = []
    n = 0
    for scope in sorted(refs):
        ordered = sorted(refs.pop(scope), key=lambda r: r.order)
        together = CoOccurrence()
        for r in ordered:
            together.add(base_keys.pop(r.report_id, ()))
        last, n_changes = _reconcile_scope(out_dir, scope, ordered, together, threshold, rewritten, kept)
        n += n_changes
        if scope[0] != "~" and on_newest is not None:
            on_newest(scope, last)
    _remove_orphan_changes(out_dir)
    return ReconcileSummary(n_scopes, tuple(sorted(rewritten)), n)


def _registry_metrics(registry: list[Row]) -> list[BaseMetric]:
    return sorted((BaseMetric(text(r, "report_id"), integer(r, "position"), text(r, "base_key"),
                              text_or_none(r, "success_factor") or "", text_or_none(r, "metric") or "",
                              text_or_none(r, "metric_kind") or "") for r in registry), key=lambda m: m.position)


def _reconcile_scope(out_dir: Path, scope: tuple[str, str], ordered: Sequence[ReportRef], together: CoOccurrence,
                     threshold: float, rewritten: list[str], kept: dict[str, pa.Table]
                     ) -> tuple[tuple[ReportRef, ChainingState] | None, int]:
    """Chain one scope's reports, oldest first (``chains.scope_to_keys``), rewrite the keys of
    those whose files hold others, and write each one's changes from the one before it (files
    whose bytes would not change are left alone). Returns the newest report with metrics and the
    chains after it, and the number of changes."""
    chaining = Chaining()
    newest: ReportRef | None = None
    prev: tuple[ReportRef, list[MetricState]] | None = None
    files: list[tuple[Path, bytes]] = []
    n = 0
    for r in ordered:
        table = kept.pop(r.report_id, None)
        registry = table.to_pylist() if table is not None else read_registry(out_dir, r.report_id)
        states = None  # metrics rows (STATE_COLUMNS) as rewritten, else read below
        if registry:
            newest = r
            keys = chaining.add(_registry_metrics(registry), together, threshold)
            if not _registry_agrees(keys, registry):
                states = rewrite_report_keys(out_dir, r.report_id, keys, registry)
                rewritten.append(r.report_id)
        if states is None:
            states = _read_rows(dataset_file(out_dir, "metrics", r.report_id), list(STATE_COLUMNS))
        current = [row_to_state(x) for x in states]
        changes = [] if prev is None or scope[0] == "~" else states_to_changes(
            prev[1], current, from_report_id=prev[0].report_id, to_report_id=r.report_id,
            organisation=r.organisation, committee=r.committee)
        n += len(changes)
        path, data = _encoded(out_dir, "changes", r.report_id, [change_to_row(c) for c in changes])
        if not path.exists() or path.read_bytes() != data:
            files.append((path, data))
        if len(files) >= CHANGES_PER_WRITE:
            write_files_atomically(files)
            files = []
        prev = (r, current)
    write_files_atomically(files)
    return ((newest, chaining.state()) if newest is not None else None), n


def _remove_orphan_changes(out_dir: Path) -> None:
    live = {p.name for p in (out_dir / "reports").glob("*.parquet")}
    for p in (out_dir / "changes").glob("*.parquet"):
        if p.name not in live:
            p.unlink(missing_ok=True)


# --- two reports on demand (pipeline compare) -------------------------------------------------

def compare_in_out(out_dir: Path, report_a: str, report_b: str) -> list[Change]:
    """Changes from report A to report B, both already in OUT (keys already canonical)."""
    out_dir = Path(out_dir)
    rows = {}
    for rid in (report_a, report_b):
        path = dataset_file(out_dir, "metrics", rid)
        if not path.exists():
            raise FileNotFoundError(f"no report {rid!r} in {out_dir}")
        rows[rid] = [row_to_state(r) for r in _read_rows(path)]
    rep = {r["report_id"]: r for r in _dataset_rows(out_dir / "reports", ["report_id", "organisation", "committee"])}
    b = rep.get(report_b, {})
    return states_to_changes(rows[report_a], rows[report_b], from_report_id=report_a, to_report_id=report_b,
                             organisation=text_or_none(b, "organisation"), committee=text_or_none(b, "committee"))


def compare_rows(rows_a: tuple[str, ReportRecords], rows_b: tuple[str, ReportRecords],
                 threshold: float) -> list[Change]:
    """Changes between two freshly extracted reports (``extract_to_rows`` results)."""
    (rid_a, a), (rid_b, b) = rows_a, rows_b
    refs, metrics, states = [], [], {}
    for rid, records in ((rid_a, a), (rid_b, b)):
        # same scope on purpose: the user asked to compare these two
        refs.append(ReportRef(rid, "cli", "cli", records.report.period_end if records.report else None))
        metrics += [base_metric(rid, i, m) for i, m in enumerate(records.metrics)]
    keys = {(k.report_id, k.position): k.metric_key for k in assign_keys(refs, metrics, threshold)}
    for rid, records in ((rid_a, a), (rid_b, b)):
        states[rid] = [record_to_state(m, keys[(rid, i)]) for i, m in enumerate(records.metrics)]
    rep_b = b.report
    return states_to_changes(states[rid_a], states[rid_b], from_report_id=rid_a, to_report_id=rid_b,
                             organisation=rep_b.organisation if rep_b else None,
                             committee=rep_b.committee if rep_b else None)


def compare_reports(report_a: str, report_b: str, out_dir: Path, profile) -> list[Change]:
    """``pipeline compare``: two report ids in OUT, or two source files extracted on the fly."""
    if Path(report_a).is_file() and Path(report_b).is_file():
        from pipeline.run import extract_to_rows

        return compare_rows(extract_to_rows(report_a, profile), extract_to_rows(report_b, profile),
                            profile.compare.rename_threshold)
    return compare_in_out(Path(out_dir), report_a, report_b)

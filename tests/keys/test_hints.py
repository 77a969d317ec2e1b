"""Metric keys guessed at encoding time (pipeline.keys.hints): reconcile still decides, so the
datasets never depend on the guesses; the guesses only spare rewrites."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchmarks.bench_batch import make_corpus
from pipeline.batch.corpus import run_corpus
from pipeline.keys import chains, compare
from pipeline.keys import hints as keyhints
from tests.fakes_batch import datasets_snapshot, fake_extract, write_spec

F = "Starka hållbara innovationsmiljöer"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Twelve real text reports: one committee's four years, the two samples' wordings alternating."""
    work = tmp_path_factory.mktemp("hints")
    paths = make_corpus(work / "all", 36)
    keep = work / "corpus"
    keep.mkdir()
    for p in paths:
        if p.name.startswith("psn-"):
            (keep / p.name).write_bytes(p.read_bytes())
    return keep


def _no_guesses(monkeypatch):
    monkeypatch.setattr(keyhints, "guess", lambda *a, **k: (None, None))


def test_keyhints_in_order_run_rewrites_nothing_and_writes_what_reconcile_would(tmp_path, corpus, monkeypatch):
    guessed = run_corpus([corpus], tmp_path / "guessed", workers=1, progress=False)
    assert len(guessed.reports) == 12 and guessed.reconcile.reports_rewritten == ()
    _no_guesses(monkeypatch)
    plain = run_corpus([corpus], tmp_path / "plain", workers=1, progress=False)
    assert plain.reconcile.reports_rewritten  # the wordings alternate: without guesses, reports are rekeyed
    assert datasets_snapshot(tmp_path / "guessed") == datasets_snapshot(tmp_path / "plain")
    assert _registry(tmp_path / "guessed") == _registry(tmp_path / "plain")


def test_keyhints_two_workers_give_the_datasets_of_one(tmp_path, corpus):
    run_corpus([corpus], tmp_path / "one", workers=1, progress=False)
    run_corpus([corpus], tmp_path / "two", workers=2, progress=False)
    assert datasets_snapshot(tmp_path / "one") == datasets_snapshot(tmp_path / "two")
    assert _registry(tmp_path / "one") == _registry(tmp_path / "two")


def test_keyhints_hint_after_a_run_is_the_truth(tmp_path, corpus):
    out = tmp_path / "out"
    run_corpus([corpus], out, workers=2, progress=False)
    refs, metrics, _ = compare.load_registry(out)
    _, newest = chains.assign_with_newest(refs, metrics, 0.75)
    (scope, (ref, state)), = newest.items()
    hint = keyhints.read_hint(out, scope)
    assert (hint.report_id, hint.chains) == (ref.report_id, state)
    assert ref.report_id == max(refs, key=lambda r: r.order).report_id


def test_keyhints_unreadable_hint_is_no_guess(tmp_path, corpus):
    out = tmp_path / "out"
    run_corpus([corpus], tmp_path / "ref", workers=1, progress=False)
    hint = next((tmp_path / "ref" / keyhints.HINTS).glob("*.json"))
    (out / keyhints.HINTS).mkdir(parents=True)
    (out / keyhints.HINTS / hint.name).write_bytes(b'{"organisation": "region-norrbotten", "committee": "psn", "chai')
    s = run_corpus([corpus], out, workers=1, progress=False)
    assert s.failed == 0
    assert datasets_snapshot(out) == datasets_snapshot(tmp_path / "ref")


def test_keyhints_late_report_with_new_names_is_chained_again(tmp_path):
    # the newer report arrives first; the older one, with a metric the newer lacks, comes second:
    # the hint must be the chains of both in date order, as if they had come in order
    a = _keyed("r.a", "2021-04-30", ["Antal företagsbesök", "Antal möten"])
    b = _keyed("r.b", "2022-04-30", ["Antal genomförda företagsbesök", "Antal möten"])
    in_order, reversed_ = keyhints.HintBook(tmp_path / "x", 0.75), keyhints.HintBook(tmp_path / "y", 0.75)
    for k in (a, b):
        in_order.follow(k)
    for k in (b, a):
        reversed_.follow(k)
    x, y = (keyhints.read_hint(tmp_path / d, a.scope) for d in "xy")
    assert x.report_id == y.report_id == "r.b"
    assert x.chains == y.chains
    keys = {c["key"] for c in x.chains["chains"]}
    assert keys == {a.metrics[0].base_key, a.metrics[1].base_key}  # the renamed metric keeps the older key


def test_keyhints_guess_continues_the_chains_of_the_reports_before(corpus, tmp_path):
    # in order, a guess from the hint is what chaining all reports gives
    run_corpus([corpus], tmp_path / "out", workers=1, progress=False)
    refs, metrics, registry = compare.load_registry(tmp_path / "out")
    ordered = sorted(refs, key=lambda r: r.order)
    by_report = {r.report_id: [m for m in metrics if m.report_id == r.report_id] for r in ordered}
    chaining = chains.Chaining()
    for r in ordered:
        keys = chains.guess_keys(chaining.state(), by_report[r.report_id], 0.75)
        assert [(a.metric_key, a.alias_of, a.similarity) for a in keys] == \
            [(x["metric_key"], x["alias_of"], x["similarity"]) for x in registry[r.report_id]]
        chains.scope_to_keys([by_report[r.report_id]], 0.75, chaining)


def test_keyhints_chaining_state_round_trips():
    reports = [[chains.BaseMetric(f"r{k}", i, f"k{(i + k) % 5}", F, f"Antal saker {(i + k) % 5}", "styrmatt")
                for i in range(4)] for k in range(3)]
    chaining = chains.Chaining()
    chains.scope_to_keys(reports, 0.75, chaining)
    state = chaining.state()
    assert chains.Chaining.of(state).state() == state
    assert chains.Chaining.of(None).state() == {"chains": [], "by_alias": {}, "used_keys": []}


def test_keyhints_moved_report_keeps_its_base_keys(tmp_path):
    # regression: a report moved to id + hash was re-encoded from its files, whose keys reconcile
    # had made canonical, so its registry lost the scorecard's base keys
    src = tmp_path / "src"
    write_spec(src / "a-2021.txt", "r.old", [(F, "Antal företagsbesök", "150", "◇", None)], period="2021-04-30")
    text = write_spec(src / "b.txt", "r.x", [(F, "Antal genomförda företagsbesök", "150", "◇", None)],
                      period="2022-04-30")
    out = tmp_path / "out"
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    base_key = compare.read_registry(out, "r.x")[0]["base_key"]
    write_spec(src / "z.pdf", "r.x", [(F, "Något helt annat", "7", "◇", None)], period="2022-04-30")
    run_corpus([src], out, extract=fake_extract, progress=False, workers=1)
    moved = f"r.x.{hashlib.sha256(text.read_bytes()).hexdigest()[:8]}"
    old_key = compare.read_registry(out, "r.old")[0]["base_key"]
    (reg,) = compare.read_registry(out, moved)
    assert (reg["base_key"], reg["metric_key"], reg["alias_of"]) == (base_key, old_key, old_key)
    base = pq.read_table(out / compare.BASE_KEYS / f"{moved}.parquet").to_pylist()
    assert {b["base_key"] for b in base} == {base_key}


def _keyed(rid: str, period: str, names: list[str]) -> keyhints.Keyed:
    metrics = tuple(chains.BaseMetric(rid, i, "run." + hashlib.sha1(n.encode()).hexdigest()[:8], F, n, "styrmatt")
                    for i, n in enumerate(names))
    return keyhints.Keyed(("region-norrbotten", "run"), rid, period, metrics)


def _registry(out: Path) -> list[dict]:
    return sorted(pq.read_table(out / compare.REGISTRY).to_pylist(), key=lambda r: (r["report_id"], r["position"]))


def test_keyhints_any_arrival_order_gives_the_same_hint_once_all_are_in(tmp_path):
    names = [["Antal företagsbesök", "Antal möten"], ["Antal genomförda företagsbesök", "Antal möten"],
             ["Antal genomförda företagsbesök", "Antal möten", "Antal nya kurser"]]
    reports = [_keyed(f"r.{k}", f"202{k}-04-30", n) for k, n in enumerate(names)]
    book = keyhints.HintBook(tmp_path / "ref", 0.75)
    for r in reports:
        book.follow(r)
    want = keyhints.read_hint(tmp_path / "ref", reports[0].scope)
    rng = random.Random(7)
    for k in range(5):
        order = reports[:]
        rng.shuffle(order)
        book = keyhints.HintBook(tmp_path / f"o{k}", 0.75)
        for r in order:
            book.follow(r)
        got = keyhints.read_hint(tmp_path / f"o{k}", reports[0].scope)
        assert [c["key"] for c in got.chains["chains"]] == [c["key"] for c in want.chains["chains"]]
        assert got.report_id == want.report_id


def test_keyhints_parent_chains_names_with_the_lemmas_its_workers_looked_up(tmp_path):
    # the parent of a pool compares metric names without loading simplemma (~0.15 s): the
    # workers send the lemmas of their names' words along
    from tests.procs import modules_after

    names = ["Antal företagsbesök", "Antal genomförda företagsbesök"]
    from pipeline.text import similarity

    taught = [pair for n in names for pair in similarity.lemmas_of(n)]
    code = ("from pipeline.text import similarity\n"
            f"similarity.teach_lemmas({taught!r})\n"
            f"s = similarity.strict_similarity({names[0]!r}, {names[1]!r})\n"
            f"assert s == {similarity.strict_similarity(*names)!r}, s")
    assert "simplemma" not in modules_after(code, tmp_path)


def test_keyhints_report_older_than_the_hint_keeps_its_own_keys(tmp_path):
    # regression: an older report chained onto newer chains took the newer report's key by a
    # rename match, though it is the oldest of its scope and its own keys are canonical
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "new" / "b.txt", "r.b", [(F, "Antal genomförda företagsbesök", "150", "◇", None)],
               period="2022-04-30")
    write_spec(src / "old" / "a.txt", "r.a", [(F, "Antal företagsbesök", "150", "◇", None)])
    run_corpus([src / "new"], out, extract=fake_extract, workers=1, progress=False)
    s = run_corpus([src / "old"], out, extract=fake_extract, workers=1, progress=False)
    assert s.reconcile.reports_rewritten == ("r.b",)  # the newer one takes the older key; r.a was right


def test_reconcile_one_report_at_a_time_equals_chaining_every_report_at_once(tmp_path, corpus):
    # reconcile streams (a scope at a time, a report at a time, pairs of keys for "never in one
    # report together"); the registry it leaves is what chaining all reports at once assigns
    out = tmp_path / "out"
    s = run_corpus([corpus], out, workers=2, progress=False)
    assert s.reconcile.changes > 0
    refs, metrics, registry = compare.load_registry(out)
    want = {(a.report_id, a.position): (a.metric_key, a.alias_of, a.similarity)
            for a in chains.assign_keys(refs, metrics, 0.75)}
    got = {(r["report_id"], r["position"]): (r["metric_key"], r["alias_of"], r["similarity"])
           for rows in registry.values() for r in rows}
    assert got == want and len(got) == len(metrics) > 0
    before = datasets_snapshot(out)
    again = compare.reconcile(out, 0.75)  # from the files alone: nothing to change
    assert again.reports_rewritten == ()
    assert datasets_snapshot(out) == before


def test_keyhints_hint_that_cannot_be_written_costs_no_report(tmp_path, corpus):
    # a directory or a symlink where a hint goes: no hint, the same datasets, nothing written
    # through the link
    run_corpus([corpus], tmp_path / "ref", workers=1, progress=False)
    name = next((tmp_path / "ref" / keyhints.HINTS).glob("*.json")).name
    for kind in ("dir", "link"):
        out = tmp_path / kind
        hints = out / keyhints.HINTS
        hints.mkdir(parents=True)
        target = tmp_path / f"{kind}-target.txt"
        target.write_text("not yours")
        (hints / name).mkdir() if kind == "dir" else (hints / name).symlink_to(target)
        s = run_corpus([corpus], out, workers=1, progress=False)
        assert s.failed == 0 and len(s.reports) == 12
        assert datasets_snapshot(out) == datasets_snapshot(tmp_path / "ref")
        assert target.read_text() == "not yours"


def test_keyhints_book_holds_a_window_of_reports_and_of_scopes(tmp_path, monkeypatch):
    # the parent's hint book does not grow with the run: at most WINDOW_REPORTS reports per scope
    # and SCOPES_HELD scopes; in order, its hint is still the chains of every report
    monkeypatch.setattr(keyhints, "SCOPES_HELD", 3)
    names = ["Antal företagsbesök", "Antal möten", "Antal nya kurser"]
    reports = [_keyed(f"r.{k:03d}", f"{2000 + k}-04-30", names[: 1 + k % 3]) for k in range(3 * keyhints.WINDOW_REPORTS)]
    book = keyhints.HintBook(tmp_path / "out", 0.75)
    for r in reports:
        book.follow(r)
    (run,) = book.scopes.values()
    assert len(run.reports) == keyhints.WINDOW_REPORTS
    chaining = chains.Chaining()
    chains.scope_to_keys([r.metrics for r in reports], 0.75, chaining)
    hint = keyhints.read_hint(tmp_path / "out", reports[0].scope)
    assert (hint.report_id, hint.chains) == (reports[-1].report_id, chaining.state())
    for k in range(5):
        other = keyhints.Keyed((f"org-{k}", "run"), f"s.{k}", "2021-04-30", reports[0].metrics)
        book.follow(other)
    assert len(book.scopes) == 3

"""Dask: the per-worker memory limit (--memory-limit) holds on workers started apart from the
batch, a real ``dask scheduler`` and ``dask worker`` on localhost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.batch.corpus import read_manifest, run_corpus
from tests.fakes_batch import fake_extract, write_spec

F = "Starka hållbara innovationsmiljöer"
LIMIT_MB = 1024
NANNY_LIMIT_MB = 600  # a worker with the pipeline imported holds about 150 MB
DASK = Path(sys.executable).with_name("dask")


@contextmanager
def _cluster(tmp_path: Path, worker_memory: str = "0", allowed_failures: int | None = None) -> Iterator[str]:
    """A scheduler and one single-thread worker (with a nanny: ``worker_memory`` is its limit) as
    separate processes; yields the address."""
    sched_file = tmp_path / "scheduler.json"
    root = Path(__file__).resolve().parents[2]  # workers import tests.fakes_batch from here
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    if allowed_failures is not None:  # a task whose worker died this often is lost (KilledWorker)
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
    common = {"cwd": root, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True,
              "env": env}
    procs = [subprocess.Popen([str(DASK), "scheduler", "--scheduler-file", str(sched_file), "--port", "0",
                               "--no-dashboard", "--host", "127.0.0.1"], **common)]
    try:
        deadline = time.monotonic() + 120
        while not sched_file.exists() or not sched_file.read_text().strip():
            assert time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        procs.append(subprocess.Popen([str(DASK), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--no-dashboard", "--memory-limit", worker_memory, "--host", "127.0.0.1"],
                                      **common))
        from dask.distributed import Client

        with Client(address, timeout=120) as client:
            client.wait_for_workers(1, timeout=120)
        yield address
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


@pytest.fixture
def dask_cluster(tmp_path):
    with _cluster(tmp_path) as address:
        yield address


@pytest.mark.slow
def test_dask_worker_memory_limit_makes_a_bomb_an_error_row(tmp_path, dask_cluster):
    src, out = tmp_path / "src", tmp_path / "out"
    write_spec(src / "a-bomb.txt", "r.a", [(F, "Antal", "1", "◇", None)], alloc_mb=LIMIT_MB)
    write_spec(src / "b.txt", "r.b", [(F, "Antal", "1", "◇", None)], period="2022-04-30")
    s = run_corpus([src], out, executor="dask", scheduler=dask_cluster, extract=fake_extract, progress=False,
                   timeout=60, memory_limit_mb=LIMIT_MB)
    manifest = {Path(p).name: e for p, e in read_manifest(out).items()}
    assert manifest["a-bomb.txt"].status == "failed"
    assert f"memory limit ({LIMIT_MB} MB)" in manifest["a-bomb.txt"].message
    assert manifest["b.txt"].status == "ok"
    assert (s.done, s.failed) == (1, 1)
    errors = [e for e in pq.read_table(out / "errors").to_pylist() if e["source_path"].endswith("a-bomb.txt")]
    assert [e["severity"] for e in errors] == ["error"]

    # without a limit the same document runs (the worker has the memory): the limit made the difference
    s = run_corpus([src], tmp_path / "unlimited", executor="dask", scheduler=dask_cluster, extract=fake_extract,
                   progress=False, timeout=60, memory_limit_mb=None)
    assert (s.done, s.failed) == (2, 0)


@pytest.mark.slow
def test_dask_worker_restarted_by_its_nanny_for_memory_is_oom_not_crashed(tmp_path):
    # regression: a Dask worker killed for memory showed as "crashed" (local workers say "oom")
    src, out = tmp_path / "src", tmp_path / "out"
    # the bomb runs last: a task queued behind it on the one worker would die with it (Dask counts
    # it as suspicious too), and that is not what this test is about
    write_spec(src / "a.txt", "r.a", [(F, "Antal", "1", "◇", None)])
    write_spec(src / "b-bomb.txt", "r.b", [(F, "Antal", "1", "◇", None)], period="2022-04-30",
               alloc_mb=NANNY_LIMIT_MB, sleep=5)
    with _cluster(tmp_path, f"{NANNY_LIMIT_MB}MiB", allowed_failures=0) as address:
        s = run_corpus([src], out, executor="dask", scheduler=address, extract=fake_extract, progress=False,
                       timeout=60, memory_limit_mb=None)  # no limit in the task: the nanny's acts
    manifest = {Path(p).name: e for p, e in read_manifest(out).items()}
    assert manifest["b-bomb.txt"].status == "oom", manifest["b-bomb.txt"].message
    assert "restarted by its nanny over the worker memory limit" in manifest["b-bomb.txt"].message
    assert manifest["a.txt"].status == "ok"
    assert s.done == 1

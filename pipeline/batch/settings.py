"""The batch's settings: one frozen record, validated when made, instead of a dozen keywords
repeated by every function that passes them on."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pipeline.batch.jobs import Extractor, WarmUp
from pipeline.batch.workers import WORKER_MEMORY_MB

DEFAULT_TIMEOUT = 300.0  # seconds a document may take before its worker is stopped
EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class BatchSettings:
    workers: int | None = None  # worker processes; None: one per core
    executor: str = "local"  # local processes or a dask.distributed cluster
    scheduler: str | None = None  # the Dask scheduler's address; None: a LocalCluster
    timeout: float | None = DEFAULT_TIMEOUT  # per document; None: no limit
    prune: bool = False  # remove the reports of sources that are gone
    force: bool = False  # prune even when it looks like an accident
    progress: bool | None = None  # the live bar; None: when the terminal is interactive
    retry_failed: bool = False  # extract again the sources that failed, timed out or crashed
    follow_symlinks: bool = False  # read symlinks that lead outside the input paths
    memory_limit_mb: int | None = WORKER_MEMORY_MB  # per worker; None: no limit
    extract: Extractor | None = None  # the per-document function (tests pass a fake); None: the pipeline's
    warm_up: WarmUp | None = None  # once per worker before its first document

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ValueError(f"unknown executor {self.executor!r}; use 'local' or 'dask'")
        if self.workers is not None and self.workers < 0:
            raise ValueError(f"workers must be at least 0 (0: one per core), not {self.workers}")
        if self.timeout is not None and self.timeout <= 0:
            raise ValueError(f"timeout must be positive or None, not {self.timeout}")
        if self.memory_limit_mb is not None and self.memory_limit_mb <= 0:
            raise ValueError(f"memory_limit_mb must be positive or None, not {self.memory_limit_mb}")

    @property
    def n_workers(self) -> int:
        return max(1, self.workers or os.cpu_count() or 1)

"""Where the pipeline keeps what it builds once per machine (the language pipeline, the lemma
table): the user's cache directory (``platformdirs``), or ``$PIPELINE_CACHE_DIR``; set that to
``off`` to build everything in memory each time."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline import DISTRIBUTION

CACHE_ENV = "PIPELINE_CACHE_DIR"


def cache_dir() -> Path | None:
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    from platformdirs import user_cache_dir

    # the user cache and config (settings.profile) directories are named for the distribution
    return Path(user_cache_dir(DISTRIBUTION, appauthor=False))

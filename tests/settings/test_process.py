"""Process settings of the ``pipeline`` command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

POOL = "from pipeline.settings import process; process.arrow_memory_pool(); import pyarrow as pa; " \
       "print(pa.default_memory_pool().backend_name)"


@pytest.mark.parametrize("chosen, expected", [(None, "system"), ("mimalloc", "mimalloc")])
def test_arrow_allocates_from_the_system_pool_unless_the_user_chose_one(chosen, expected):
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    out = subprocess.run([sys.executable, "-c", POOL], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected

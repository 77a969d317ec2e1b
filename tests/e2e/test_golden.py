"""Golden files: regenerate with `make golden` only on purpose; a missing file fails."""

import pytest

from tests.golden import VIEWS, expected_dir, render, samples


@pytest.mark.parametrize("sample", samples(), ids=lambda p: p.name)
def test_golden_views_match(sample):
    actual = render(sample)
    for name in VIEWS:
        path = expected_dir(sample) / name
        assert path.exists(), f"golden file missing: {path} (run `make golden` and review the diff)"
        assert actual[name] == path.read_text(encoding="utf-8"), f"{path} differs; see `git diff` after make golden"

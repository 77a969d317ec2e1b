"""Print how the reader does on each rendering fixture today (`python -m fixtures_build.score`).

Uses the expectations of tests/e2e/test_renderings.py, so the figures are those the test checks.
Then the real reports of tests/real/ against their gold (tests.real.score, which prints them alone).
"""

from __future__ import annotations

from collections import Counter

from tests.e2e.test_renderings import (
    FIXTURES,
    MANIFEST,
    _expected_goals,
    _expected_metric_rows,
    _metric_rows,
    _run,
)
from tests.real import score as real


def _found(got: list[tuple], expected: list[tuple]) -> int:
    return sum((Counter(got) & Counter(expected)).values())


def main() -> None:
    print(f"{'fixture':<68} {'rows exact':>10} {'extra':>5} {'goals':>5} {'ok':>3}")
    for e in MANIFEST:
        ex = _run(str(FIXTURES / e["file"]))
        got, want = _metric_rows(ex), _expected_metric_rows(e["source"])
        goals = [(g.perspective, g.strategic_goal, g.status.status) for g in ex.goals]
        want_goals = _expected_goals(e["source"])
        rows = _found(got, want)
        ok = got == want and goals == want_goals
        print(f"{e['file']:<68} {rows:>4}/{len(want):<5} {len(got) - rows:>5} "
              f"{_found(goals, want_goals)}/{len(want_goals):<3} {'yes' if ok else 'no':>3}")
    print()
    real.main()


if __name__ == "__main__":
    main()

"""Detection on the third held-out suite (``benchmarks/heldout3``, Halvard Freight), written
without reading ueba's rules, models, their docs, the other suites or their results.

For each seed: write the organisation trail, ``ueba.ingest`` it (nothing may be quarantined),
then the daily job as ``ueba run`` does it each morning: every one of the last
``--scored-days`` days scored with the baseline of the days before, the default models
fitted on up to 30 days before it, and open incidents carried from one day to the next.
``ueba.evaluate`` grades every finding against ``truth.csv`` (strict matching). Three cold
starts use no history at all: the trail's first day (nothing happens on it), the vended
account's first full day (its principals only), and the day of A1 (a node's instance
credentials used from a VPS).

Run::

    python benchmarks/eval_heldout3.py --seeds 1,2,3 --quiet             # 24 days, last 5 scored
    python benchmarks/eval_heldout3.py --seeds 1 --days 10 --scale 0.3 --work /tmp/h3

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_checks import RANK as SEVERITY
from benchmarks._suite_checks import expected
from benchmarks._suite_run import cli, graded
from benchmarks.heldout3 import Written, generate

__all__ = ["SEVERITY", "evaluate_seed", "expected", "main", "targets"]


def cold_starts(written: Written, lake: Path) -> dict[str, Any]:
    """Scoring with no history: day one, the vended account's first full day, A1's day."""
    vended = (written.vended + dt.timedelta(days=1), written.accounts["data"])
    return checks.cold_starts(written, lake, new_account=vended, theft="A1", key="a1")


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each (met, a sentence with the measured figure)."""
    wanted = expected(truth)
    # the announced break-glass drill B8 may reach medium: only the changes that may not count
    loud = [
        i
        for i in checks.severity_misses(result, truth)[2]
        if SEVERITY[wanted[i][1]] < SEVERITY["medium"]
    ]
    return checks.standard_targets(
        result,
        cold,
        truth,
        first_day="cold start, trail's first day: <= 1 medium+ per 1,000 principals",
        key="a1",
        stolen="stolen instance credentials (A1)",
        benign=checks.benign_flagged(loud, "; the announced break-glass drill B8 may reach medium"),
    )


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed,
        work,
        written,
        source=written.trail / "AWSLogs",
        cold=cold_starts,
        targets=targets,
        quiet=quiet,
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, "A1", "a1"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(runs, "events population tiers cold_start incidents targets seconds")


RUNNER = graded(__doc__, "ueba-heldout3-", evaluate_seed, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

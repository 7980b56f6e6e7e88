"""Grade ueba on the twenty-third held-out suite (LwaziPay, written without reading the rules):
generate each seed, ingest it, run the daily job over the last scored days, grade with
``ueba.evaluate`` and check issue 8's targets; exit 1 if a target is missed on some seed.

    python benchmarks/eval_heldout23.py --seeds 1,2,3 --quiet --work /tmp/h23
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout23 import Written, generate

THEFT, KEY = "A10", "notebook"


def cold(written: Written, lake: Path) -> dict[str, Any]:
    """The trail's first day, the fraud-ml account's first day, and the notebook key stolen
    on that account's second day, each scored with no history."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen="the new account's notebook credentials used from a VPS",
    )


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed: generated into ``work/trail``, ingested into ``work/lake``, graded."""
    if scored_days != 5:
        raise SystemExit("heldout23 scores exactly its last 5 days (its incidents are on them)")
    written = generate(work / "trail", seed=seed, days=days, scale=scale)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, "the new account's notebook key (A10)", KEY)


RUNNER = graded(
    __doc__,
    "heldout23-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))

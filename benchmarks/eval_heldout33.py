"""Grade ueba on the thirty-third held-out suite (Tern Orbital, written blind): generate each
seed, ingest it, run the daily job over the scored days, grade by ``ueba.evaluate`` and check
issue 8's targets (exit 1 when one is missed).

    python benchmarks/eval_heldout33.py --seeds 1,2,3 --quiet --work /tmp/suite35-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout33 import THEFT, write

FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the edge account's instance credentials stolen on its first day (A7)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """Day one with no history, the edge account's first day, and A7 scored alone."""
    return checks.cold_starts(
        written, lake, theft=THEFT, key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key="theft", stolen=STOLEN
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
    """One seed: written into ``work``, graded; the run (``_suite_checks.graded_run``)."""
    work.mkdir(parents=True, exist_ok=True)
    written = write(work / "generated", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, "A7 (edge instance credentials)", "theft")


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = harness.graded(__doc__, "suite35-", evaluate, render_table, render_json)


if __name__ == "__main__":
    raise SystemExit(harness.cli(RUNNER))

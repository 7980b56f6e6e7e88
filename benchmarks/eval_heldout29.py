"""Grade ueba on the twenty-ninth held-out suite (Frostvik Hem AB, written without reading the
rules): generate each seed, ingest, run the daily job over the scored days, grade with
``ueba.evaluate``, score the cold starts and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout29.py --seeds 1,2,3 --quiet --work /tmp/suite31-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout29 import write

THEFT = "A7"  # the new account's lab instance credentials, used from a VPS on its first day
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new account's lab instance credentials (A7)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written, lake, theft=THEFT, key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key="theft", stolen=STOLEN
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    """One seed: generated into ``work/trail``, graded (``_suite_checks.graded_run``)."""
    written = write(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, "theft"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = harness.graded(__doc__, "suite-heldout29-", evaluate, render_table, render_json)

if __name__ == "__main__":
    sys.exit(harness.cli(RUNNER))

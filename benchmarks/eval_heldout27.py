"""Grade ueba on the twenty-seventh held-out suite (Tamarack Genome Institute, written blind):
generate each seed's trail, ingest it, run the daily job over the scored days, grade with
``ueba.evaluate``, check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout27.py --seeds 1,2,3 --quiet --work /tmp/suite29-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout27 import Written, generate

THEFT, KEY = "A6", "stolen"


def cold(written: Written, lake: Path) -> dict[str, Any]:
    """The trail's first day, the cryo-EM account's first day and A6 (its instance's key
    stolen that day), each scored with no history."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen="the cryo-EM account's stolen instance credentials (A6)",
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
    """One seed: generated into ``work``, ingested, scored, graded."""
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, KEY))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = harness.graded(__doc__, "suite29-", evaluate, render_table, render_json)

if __name__ == "__main__":
    raise SystemExit(harness.cli(RUNNER))

"""Grade ueba on the thirty-second held-out suite (Spindrift Pictures, a Canadian VFX studio,
written without reading the rules): generate each seed, ingest it, run the daily job over the
scored days, grade with ueba.evaluate, and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout32.py --seeds 1,2,3 --quiet --work /tmp/heldout32-eval

The organisation and its incidents: benchmarks/results/heldout32.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout32 import generate

THEFT = "A7"  # the burst account's worker credentials, stolen on the account's first day
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the burst account's stolen worker credentials on its first day (A7)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the burst account's first day and A7, each scored alone."""
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
    """One seed: generated into ``work/generated``, then ``_suite_checks.graded_run``."""
    written = generate(work / "generated", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, "theft"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = harness.graded(__doc__, "heldout32-", evaluate, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return harness.cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

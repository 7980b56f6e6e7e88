"""Twenty-sixth held-out suite (Skellig Cloudworks, a managed service provider): generate each
seed's trail with ``benchmarks.heldout26``, ingest it, run the daily job over the scored days,
grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout26.py --seeds 1,2,3 --quiet --work /tmp/suite28-eval

The suite was written without reading the rules (``benchmarks/results/heldout26.md``).
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
from benchmarks.heldout26 import THEFT, generate

Run = dict[str, Any]
STOLEN = "the onboarded customer's bastion credentials used from a VPS on its first day (A8)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the onboarded customer's first day and A8 on it, with no history."""
    return checks.cold_starts(
        written, lake, theft=THEFT, key="theft", new_account=written.new_account
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen=STOLEN,
    )


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> Run:
    """One seed: generated into ``work/trail``, graded (``_suite_checks.graded_run``)."""
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: Run) -> list[str]:
    return report.heldout_block(run, "A8", "theft")


RUNNER = harness.graded(
    __doc__,
    "heldout26-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    ),
)


if __name__ == "__main__":
    raise SystemExit(harness.cli(RUNNER))

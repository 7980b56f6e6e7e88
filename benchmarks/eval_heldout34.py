"""Grade ueba on the thirty-fourth held-out suite (Lumen Relief International, a humanitarian
NGO, written without reading the rules): generate each seed, ingest, run the daily job over the
scored days, grade with ``ueba.evaluate``, check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout34.py --seeds 1,2,3 --quiet --work /tmp/suite36-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded

THEFT, KEY = "A7", "theft"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the emergency account's first day and its stolen instance
    credentials (A7), each scored with no history."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key=KEY,
        stolen="the emergency account's stolen instance credentials (A7)",
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
    from benchmarks.heldout34 import write

    written = write(work / "gen", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, KEY))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = graded(__doc__, "ueba-heldout34-", evaluate, render, render_json)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))

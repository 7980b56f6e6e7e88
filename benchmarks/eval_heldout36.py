"""Grade ueba on the thirty-sixth held-out suite (Voltaro Charge, an EV charging network,
written without reading the rules): generate each seed, ingest it, run the daily job over the
scored days, grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout36.py --seeds 1,2,3 --quiet --work /tmp/suite38-eval

The organisation, its incidents and the blind figures are in benchmarks/results/heldout36.md.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as suite_run
from benchmarks.heldout36 import NEW_ACCOUNT, THEFT, generate

KEY = "stolen_instance"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new Nordic gateway instance's credentials (A7)"


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed generated into ``work/generated``, ingested, scored day by day and graded."""
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "generated", seed, days=days, scale=scale, scored_days=scored_days)

    def cold(prepared: Any, lake: Path) -> dict[str, Any]:
        return checks.cold_starts(
            prepared, lake, theft=THEFT, key=KEY,
            new_account=(written.new_account_day, NEW_ACCOUNT),
        )  # fmt: skip

    def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
        return checks.standard_targets(
            result, cold_start, truth, first_day=FIRST_DAY, key=KEY, stolen=STOLEN
        )

    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, THEFT, KEY))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = suite_run.graded(__doc__, "heldout36-", evaluate, render_table, render_json)


if __name__ == "__main__":
    sys.exit(suite_run.cli(RUNNER))

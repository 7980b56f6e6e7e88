"""The thirty-seventh held-out suite (Pasir Merah Container Terminals, written without reading
the rules): generate each seed, ingest it, run the daily job over the scored days, grade with
``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout37.py --seeds 1,2,3 --quiet --work /tmp/heldout37
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
from benchmarks.heldout37 import THEFT, write

KEY = "theft"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = f"the new Tokyo account's gate-server instance credentials ({THEFT})"


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    """One seed: the generated PMCT trail graded by the daily job, its cold starts and targets."""
    written = write(work, seed, days=days, scored_days=scored_days, scale=scale)

    def cold(prepared: Any, lake: Path) -> dict[str, Any]:
        return checks.cold_starts(
            prepared, lake, theft=THEFT, key=KEY, new_account=written.new_account
        )

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


RUNNER = graded(__doc__, "heldout37-", evaluate, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

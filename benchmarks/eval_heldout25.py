"""Twenty-fifth held-out suite (Ipê Agrodata, written without reading the rules): generate a
seed's trail with ``benchmarks.heldout25``, ingest it, run the daily job over the scored days,
grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout25.py --seeds 1,2,3 --quiet --work /tmp/suite27-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._suite_checks import Target, cold_starts, graded_run, standard_targets
from benchmarks._suite_report import heldout_block, seeds_json, table
from benchmarks._suite_run import cli, graded
from benchmarks.heldout25 import write

Run = dict[str, Any]
THEFT = "A10"  # the new account's broker key stolen on the account's first day
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new account's broker instance key used from a VPS on its first day (A10)"


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> Run:
    """One seed: its trail below ``work/trail``, the lake, findings and grading beside it."""
    work.mkdir(parents=True, exist_ok=True)
    written = write(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)

    def cold(prepared: Any, lake: Path) -> dict[str, Any]:
        return cold_starts(
            prepared, lake, theft=THEFT, key="stolen", new_account=written.new_account
        )

    def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[Target]:
        return standard_targets(
            result, cold_start, truth, first_day=FIRST_DAY, key="stolen", stolen=STOLEN
        )

    return graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def block(run: Run) -> list[str]:
    return heldout_block(run, THEFT, "stolen")


def render_table(runs: list[Run]) -> str:
    return table(runs, block)


def render_json(runs: list[Run]) -> str:
    return seeds_json(runs, "events files population tiers cold_start incidents targets seconds")


RUNNER = graded(__doc__, "suite27-heldout25-", evaluate, render_table, render_json)


if __name__ == "__main__":
    sys.exit(cli(RUNNER))

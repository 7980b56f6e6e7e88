"""Thirty-fifth held-out suite (Caracará Linhas Aéreas, written without reading the rules):
generate each seed, ingest it, run the daily job over the scored days, grade with
``ueba.evaluate`` and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout35.py --seeds 1,2,3 --quiet --work /tmp/suite37-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout35 import write

THEFT, KEY = "A8", "cargo"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"
STOLEN = "the new cargo account's instance credentials (A8)"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the cargo account's first day and A8, each with no history."""
    return checks.cold_starts(written, lake, theft=THEFT, key=KEY, new_account=written.new_account)


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key=KEY, stolen=STOLEN
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
    """One seed generated into ``work``, graded: the run of ``_suite_checks.graded_run``."""
    work = Path(work)
    written = write(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, f"{THEFT} (stolen)", KEY))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


RUNNER = graded(__doc__, "suite37-heldout35-", evaluate, render_table, render_json)

if __name__ == "__main__":
    raise SystemExit(cli(RUNNER))

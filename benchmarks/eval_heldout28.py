"""The twenty-eighth held-out suite (Cardo Azul Digital, written without reading the rules):
generate a seed, ingest it, run the daily job over its scored days, grade with ueba.evaluate,
score the cold starts and check issue 8's targets; exit 1 when one is missed.

    python benchmarks/eval_heldout28.py --seeds 1,2,3 --quiet --work /tmp/suite30-eval

The cold starts: the trail's first day scored with no history; the client's account
(``772041396518``) on the day it joins, where A7 (its shop instance's credentials used from
OVH) happens with no history at all."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.heldout28 import Written, generate

THEFT = "A7"


def cold(written: Any, lake: Path) -> dict[str, Any]:
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
        stolen="the new account's stolen shop-instance credentials (A7)",
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
    """One seed generated into ``work``, graded; the run's dict (``_suite_checks.graded_run``)."""
    started = time.process_time()
    written: Written = generate(
        work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days
    )
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["cpu_seconds"] = time.process_time() - started
    return run


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, THEFT, "theft")


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = harness.graded(__doc__, "heldout28-", evaluate, render_table, render_json)

if __name__ == "__main__":
    raise SystemExit(harness.cli(RUNNER))

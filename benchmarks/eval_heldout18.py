"""Eighteenth held-out suite (Fjällmark Mutual, written without reading the rules): generate each
seed, ingest it, run the daily job over the scored days, grade with ``ueba.evaluate`` against
issue 8's targets; exit 1 when a target is missed on some seed.

    python benchmarks/eval_heldout18.py --seeds 1,2,3 --quiet --work /tmp/suite20-full
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded

THEFT = "A11"
STOLEN = "the new account's instance key used from a VPS (A11)"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    return checks.cold_starts(
        written,
        lake,
        theft=THEFT,
        key="stolen",
        new_account=(written.new_account_day, written.new_account),
    )


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key="stolen", stolen=STOLEN
    )


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int,
    scale: float,
    scored_days: int,
    quiet: bool,
    delivery_minutes: int = 5,
) -> dict[str, Any]:
    """One seed: generate into ``work/trail`` (``delivery_minutes``: hourly files in CI), then
    ``_suite_checks.graded_run``."""
    from benchmarks.heldout18 import generate

    cpu = time.process_time()
    written = generate(
        work / "trail",
        seed=seed,
        days=days,
        scale=scale,
        scored_days=scored_days,
        delivery_minutes=delivery_minutes,
    )
    run = checks.graded_run(
        seed, work, written, source=written.out / "AWSLogs", cold=cold, targets=targets, quiet=quiet
    )
    run["cpu_seconds"] = time.process_time() - cpu
    return run


def summary(run: dict[str, Any]) -> str:
    """The figures the brief asks for on one line."""
    medium, every = run["result"].tier("medium"), run["result"].tier("info")
    return (
        f"Seed {run['seed']}: attacks at medium+ {medium['attacks_found']}/{medium['attacks']}; "
        f"false medium+ {medium['false_findings']} ({medium['false_per_1000'] or 0:.2f} per 1,000 "
        f"principal-days); false any {every['false_findings']} ({every['false_per_1000'] or 0:.2f} "
        f"per 1,000); benign changes at medium+ {medium['benign_flagged']}/{medium['benign']}; "
        f"findings per incident {every['findings_per_incident'] or 0:.2f} mean, "
        f"{every['max_findings_per_incident'] or 0} max; cold start: day one "
        f"{run['cold']['medium_or_above']} medium+, new account {run['cold']['new_account_medium_or_above']} "
        f"medium+ (CPU {run['cpu_seconds']:.0f} s)\n"
    )


def block(run: dict[str, Any]) -> list[str]:
    return [summary(run), *report.heldout_block(run, STOLEN, "stolen")]


RUNNER = graded(
    __doc__,
    "heldout18-",
    evaluate,
    lambda runs: report.table(runs, block),
    lambda runs: report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    ),
)


if __name__ == "__main__":
    sys.exit(cli(RUNNER))

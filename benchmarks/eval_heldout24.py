"""Meridian Harbour Hotels (the twenty-fourth held-out suite, written blind): generate each seed,
ingest it, run the daily job over the last five days, grade with ``ueba.evaluate`` and check
issue 8's targets; exit 1 if one is missed.

    python benchmarks/eval_heldout24.py --seeds 1,2,3 --quiet --work /tmp/suite26-eval
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks import _suite_run as harness
from benchmarks.eval_targets import markdown, summary_row
from benchmarks.heldout24 import write

THEFT = "A10"  # the new portal account's instance key used from a VPS on the account's first day
STOLEN = "A10 (the new account's instance key from a VPS)"


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed: generated into ``work/trail``, ingested into ``work/lake``, scored, graded."""
    work = Path(work)
    written = write(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day, the portal account's first day and A10, each with no history."""
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
        stolen="the new account's instance key from a VPS (A10)",
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, lambda run: report.heldout_block(run, STOLEN, "theft"))


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds"
    )


def summary(runs: list[dict[str, Any]]) -> str:
    """Every seed's medium-and-above and any-severity rows, and what each seed missed."""
    rows = [
        row
        for run in runs
        for row in summary_row("heldout24", run["seed"], run["result"])
        if row["tier"] in ("info", "medium")
    ]
    lines = ["## All seeds\n", markdown(rows), ""]
    for run in runs:
        missed = harness.unmet(run)
        lines.append(
            f"Seed {run['seed']}: "
            + ("all targets met." if not missed else "MISSED " + "; ".join(missed))
        )
    return "\n".join(lines)


RUNNER = harness.Runner(
    description=harness.description(__doc__),
    prefix="suite26-",
    evaluate=evaluate,
    misses=harness.unmet,
    seed_text=lambda run: render_table([run]),
    final_text=summary,
    json_text=render_json,
)

if __name__ == "__main__":
    sys.exit(harness.cli(RUNNER))

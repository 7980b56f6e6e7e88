"""Generate the seventeenth held-out suite (Tessellate AI, benchmarks/heldout17), ingest it, run the daily job over its scored days and grade the findings against its truth with ueba.evaluate; exit 1 when a target of issue 8 is missed on some seed.

    python benchmarks/eval_heldout17.py --seeds 1,2,3 --quiet --work /tmp/h17

Per seed: the per-tier table (attacks found, benign changes flagged, false findings and their
rate per 1,000 principal-days, findings per incident), every incident's highest severity, the
cold starts (the trail's first day, the new account's first day counting only the findings
that belong to no attack, and the cold-start theft A9 scored with no history at all), the
targets, and the load average at the start and end of the seed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded

THEFT = "A9"


def new_account_cold(written: Any, lake: Path) -> dict[str, Any]:
    """The new account's first day scored with no history: its medium-or-above findings that
    belong to no attack (A9 happens in it that day), over its principals."""
    import ueba
    from ueba.pipeline import score_days

    day, account = written.new_account
    config, options = checks.inputs(written)
    findings = score_days(lake, which=day, config=config, enrich_options=options).findings
    mine = findings.filter(pl.col("account_id") == account)
    principals = checks.population(lake, start=day, end=day, accounts=[account])
    graded_day = ueba.evaluate(mine, written.truth, population=max(principals, 1))
    loud = graded_day.tier("medium")["false_findings"]
    return {
        "new_account_day": str(day),
        "new_account_medium_or_above": loud,
        "new_account_all_medium_or_above": checks.medium_up(mine),
        "new_account_principals": principals,
        "new_account_per_1000": round(1000 * loud / max(principals, 1), 2),
    }


def cold(written: Any, lake: Path) -> dict[str, Any]:
    out = checks.cold_starts(written, lake, theft=THEFT, key="theft")
    out.update(new_account_cold(written, lake))
    return out


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen="the new account's agent Lambda key used from a VPS (A9)",
    )


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int,
    scale: float,
    scored_days: int,
    quiet: bool,
    delivery: int = 5,
) -> dict[str, Any]:
    """One seed: generate (``delivery`` minutes of trail per file), ingest, the daily job,
    grading, the cold starts and the targets."""
    from benchmarks.heldout17 import generate

    load_start, cpu = os.getloadavg(), time.process_time()
    work.mkdir(parents=True, exist_ok=True)
    written = generate(
        work / "trail",
        seed=seed,
        days=days,
        scale=scale,
        scored_days=scored_days,
        delivery=delivery,
    )
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["cpu_seconds"] = time.process_time() - cpu
    run["load"] = (load_start, os.getloadavg())
    return run


def load_note(run: dict[str, Any]) -> str:
    (a, _, _), (b, _, _) = run["load"]
    return f", load {a:.1f} -> {b:.1f}, {run['cpu_seconds']:.0f} CPU s"


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, THEFT, "theft", note=load_note(run))


def main(argv: list[str] | None = None) -> int:
    runner = graded(
        __doc__,
        "suite19-heldout17-",
        evaluate,
        lambda runs: report.table(runs, block),
        lambda runs: report.seeds_json(
            runs,
            "events files population tiers cold_start incidents targets seconds cpu_seconds",
            load=lambda r: r["load"],
        ),
    )
    return cli(runner, argv)


if __name__ == "__main__":
    started = dt.datetime.now(dt.UTC)
    code = main()
    print(
        f"started {started:%Y-%m-%d %H:%M} UTC, done {dt.datetime.now(dt.UTC):%H:%M} UTC",
        file=sys.stderr,
    )
    sys.exit(code)

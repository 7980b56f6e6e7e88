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


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """Scoring with no history at all, each day once: the trail's first day (nothing happens on
    it), the new account's first day (its medium-or-above findings that belong to no attack,
    since A9 happens in it that day, over its principals) and A9 that day."""
    import ueba
    from ueba.pipeline import score_days

    config, options = checks.inputs(written)
    engine = checks.scoring_engine(written)

    def alone(day: dt.date) -> pl.DataFrame:
        return score_days(
            lake, which=day, config=config, enrich_options=options, engine=engine
        ).findings

    first = written.days[0]
    loud, principals = (
        checks.medium_up(alone(first)),
        checks.population(lake, start=first, end=first),
    )
    day, account = written.new_account
    findings = alone(day)
    mine = findings.filter(pl.col("account_id") == account)
    population = checks.population(lake, start=day, end=day, accounts=[account])
    new = ueba.evaluate(mine, written.truth, population=max(population, 1)).tier("medium")
    theft = pl.read_csv(written.truth, infer_schema=False).filter(pl.col("id") == THEFT)
    assert theft["start"].str.slice(0, 10).unique().to_list() == [str(day)], (
        "A9 is on the new account's first day"
    )
    severity = (
        ueba.evaluate(findings, theft.to_dicts(), population=1).incidents["max_severity"].to_list()
    )
    return {
        "day": str(first),
        "medium_or_above": loud,
        "principals": principals,
        "per_1000": round(1000 * loud / max(principals, 1), 2),
        "new_account_day": str(day),
        "new_account_medium_or_above": new["false_findings"],
        "new_account_all_medium_or_above": checks.medium_up(mine),
        "new_account_principals": population,
        "new_account_per_1000": round(1000 * new["false_findings"] / max(population, 1), 2),
        "theft_day": str(day),
        "theft_severity": (severity or [None])[0],
    }


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

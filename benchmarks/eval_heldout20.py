"""Grade ueba on the twentieth held-out suite (Halloran Whitcombe LLP, a global law firm), written
blind: generate each seed, ingest, run the daily job on the last five days, grade with
``ueba.evaluate`` and print per-seed figures, the per-tier table and the cold starts.

    python benchmarks/eval_heldout20.py --seeds 1,2,3 --quiet --work /tmp/suite22-full

Exit status 1 when a target of issue 8 (``benchmarks/eval_targets.py``) is missed on a seed.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout20 import generate

THEFT = "A10"
STOLEN = "A10 (the merged firm's instance key used from a VPS on the account's first day)"
FIRST_DAY = "cold start, the trail's first day: <= 1 medium+ per 1,000 principals"


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """Scoring with no history: the trail's first day (nothing happens on it) and the merged
    firm's account on its first day, each day scored once. The new account's count is of its
    medium+ findings that belong to no attack, since A10 (the theft scored cold) happens in it
    that day and the target speaks of principals "where nothing happened"."""
    import ueba
    from ueba.pipeline import score_days

    config, options = checks.inputs(written)
    engine = checks.scoring_engine(written)  # the daily job's: a scored day is enriched there
    first, (day, account) = written.days[0], written.new_account
    loud = checks.medium_up(
        score_days(lake, which=first, config=config, enrich_options=options, engine=engine).findings
    )
    principals = checks.population(lake, start=first, end=first)
    found = score_days(
        lake, which=day, config=config, enrich_options=options, engine=engine
    ).findings
    graded = ueba.evaluate(found, written.truth, population=1)
    mine = ueba.evaluate(found.filter(pl.col("account_id") == account), written.truth, population=1)
    quiet = mine.tier("medium")["false_findings"]
    members = checks.population(lake, start=day, end=day, accounts=[account])
    theft = graded.incidents.filter(pl.col("id") == THEFT)["max_severity"].to_list()
    return {
        "day": str(first),
        "medium_or_above": loud,
        "principals": principals,
        "per_1000": round(1000 * loud / max(principals, 1), 2),
        "new_account_day": str(day),
        "new_account_medium_or_above": quiet,
        "new_account_principals": members,
        "new_account_per_1000": round(1000 * quiet / max(members, 1), 2),
        "theft_day": str(day),
        "theft_severity": (theft or [None])[0],
    }


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result, cold_start, truth, first_day=FIRST_DAY, key="theft", stolen=STOLEN
    )


def cpu() -> float:
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def evaluate(
    seed: int,
    work: Path,
    *,
    days: int = 24,
    scale: float = 1.0,
    scored_days: int = 5,
    quiet: bool = True,
) -> dict[str, Any]:
    """One seed generated into ``work``, ingested, scored and graded."""
    if scored_days != 5:
        raise SystemExit("heldout20 places its incidents on the last five days: --scored-days 5")
    started, cpu0 = time.perf_counter(), cpu()
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed=seed, days=days, scale=scale)
    run = checks.graded_run(
        seed, work, written, source=written.trail, cold=cold, targets=targets, quiet=quiet
    )
    run["seconds"], run["cpu_seconds"] = time.perf_counter() - started, cpu() - cpu0
    return run


def block(run: dict[str, Any]) -> list[str]:
    return report.heldout_block(run, THEFT, "theft")


def table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def as_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = graded(__doc__, "heldout20-", evaluate, table, as_json)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))

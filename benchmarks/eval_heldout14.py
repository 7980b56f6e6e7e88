"""Grade ``ueba`` on the fourteenth held-out suite (Jabuti Market, ``benchmarks/heldout14``),
written without reading the rules: generate each seed, ingest it, run the daily job over the
scored days, grade with ``ueba.evaluate`` and check issue 8's targets; exit 1 if one is missed.

    python benchmarks/eval_heldout14.py --seeds 1,2,3 --quiet --work /tmp/suite16-eval
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded

THEFT = "A8"  # the pix task's key used outside AWS on the account's first day


def cold(written: Any, lake: Path) -> dict[str, Any]:
    """The trail's first day and A8's day as ``_suite_checks.cold_starts`` scores them; the new
    account's first day likewise, but its count leaves out the findings that belong to an
    attack, since A8 happens in that account on that day (the target speaks of principals
    where nothing happened)."""
    import polars as pl

    import ueba
    from ueba.pipeline import score_days

    scored: dict[Any, pl.DataFrame] = {}  # A8's day is the new account's: scored once
    out = checks.cold_starts(written, lake, theft=THEFT, key="theft", scored=scored)
    day, account = written.new_account
    if day not in scored:
        config, options = checks.inputs(written)
        engine = checks.scoring_engine(written)
        scored[day] = score_days(
            lake, which=day, config=config, enrich_options=options, engine=engine
        ).findings
    found = scored[day]
    graded = ueba.evaluate(
        found.filter(pl.col("account_id") == account), written.truth, population=1
    )
    loud = checks.medium_up(graded.false_findings)
    principals = checks.population(lake, start=day, end=day, accounts=[account])
    out["new_account_day"] = str(day)
    out["new_account_medium_or_above"] = loud
    out["new_account_attack_findings"] = checks.medium_up(graded.findings) - loud
    out["new_account_principals"] = principals
    out["new_account_per_1000"] = round(1000 * loud / max(principals, 1), 2)
    return out


def targets(result: Any, cold_start: dict[str, Any], truth: Path) -> list[checks.Target]:
    return checks.standard_targets(
        result,
        cold_start,
        truth,
        first_day="cold start, the trail's first day: <= 1 medium+ per 1,000 principals",
        key="theft",
        stolen="the pix task's key used outside AWS (A8)",
    )


def evaluate(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    from benchmarks.heldout14 import generate

    before = os.times()
    work.mkdir(parents=True, exist_ok=True)
    written = generate(work / "trail", seed, days=days, scored_days=scored_days, scale=scale)
    run = checks.graded_run(
        seed, work, written, source=written.out / "AWSLogs", cold=cold, targets=targets, quiet=quiet
    )
    after = os.times()
    run["cpu_seconds"] = (
        after.user + after.system + after.children_user + after.children_system
    ) - (before.user + before.system + before.children_user + before.children_system)
    return run


def summary(run: dict[str, Any]) -> str:
    """The figures issue 8 speaks of, on one line."""
    medium, every = run["result"].tier("medium"), run["result"].tier("info")
    return (
        f"Seed {run['seed']}: attacks at medium+ {medium['attacks_found']}/{medium['attacks']}; "
        f"false medium+ {medium['false_findings']} ({medium['false_per_1000'] or 0:.2f} per 1,000 principal-days); "
        f"false any {every['false_findings']} ({every['false_per_1000'] or 0:.2f} per 1,000); "
        f"benign changes at medium+ {medium['benign_flagged']}/{medium['benign']}; "
        f"findings per incident {every['findings_per_incident'] or 0:.2f} mean, {every['max_findings_per_incident'] or 0} max; "
        f"{run['cpu_seconds']:.0f} CPU s"
    )


def block(run: dict[str, Any]) -> list[str]:
    return [summary(run), "", *report.heldout_block(run, "A8 (pix task key outside AWS)", "theft")]


def table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, block)


def as_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs, "events files population tiers cold_start incidents targets seconds cpu_seconds"
    )


RUNNER = graded(__doc__, "heldout14-", evaluate, table, as_json)

if __name__ == "__main__":
    sys.exit(cli(RUNNER))

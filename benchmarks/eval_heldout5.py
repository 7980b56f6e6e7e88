"""Detection on the fifth held-out suite (``benchmarks/heldout5``, Brightmoor Interactive), written
without reading ueba's rules, models, their docs, the other suites or their results.

For each seed: write the organisation trail, ``ueba.ingest`` it (nothing may be quarantined),
then the daily job as ``ueba run`` does it each morning (``benchmarks._daily.daily_job``): each
of the last ``--scored-days`` days scored with the baseline of the days before, the default
models fitted on up to 30 days before it, open incidents carried from day to day.
``ueba.evaluate`` grades every finding against ``truth.csv`` (strict matching).

Principal-days: a game client's Cognito identity is a principal of its own to ``ueba`` (its
``AssumeRoleWithWebIdentity``), so thousands of one-shot player identities would inflate the
denominator of "false findings per 1,000 principal-days". The targets are judged on the
principal-days without them (the smaller, stricter denominator); both counts are reported.

Three cold starts use no history at all: the trail's first day (nothing happens on it), the
new title's account's first full day (its principals only), and the day of A4 (a Fargate task
key taken by SSRF and used outside AWS).

Run::

    python benchmarks/eval_heldout5.py --seeds 1,2,3 --quiet             # 24 days, last 5 scored
    python benchmarks/eval_heldout5.py --seeds 1 --days 10 --scale 0.3 --work /tmp/h5

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._daily import daily_job, job_engine
from benchmarks._suite_checks import inputs as _inputs
from benchmarks._suite_run import cli, graded
from benchmarks.heldout5 import Written, generate

__all__ = ["_inputs", "cold_starts", "daily_job", "ingest", "main", "principal_days", "targets"]

PLAYER = "web_identity:cognito-identity.amazonaws.com"


def ingest(written: Written, lake: Path) -> Any:
    return checks.ingest(written.trail / "AWSLogs", lake)


def principal_days(
    lake: Path, start: dt.date, end: dt.date, accounts: list[str] | None = None
) -> tuple[int, int]:
    """(principal-days as ueba.evaluation counts them, the same without one-shot player identities)."""
    from ueba.enrichment.identity import enrich_identity
    from ueba.io.lake import scan_lake

    pairs = (
        enrich_identity(scan_lake(lake, start=start, end=end, accounts=accounts))
        .select(pl.col("principal_arn"), pl.col("event_time").dt.date().alias("_day"))
        .drop_nulls()
        .unique()
        .collect()
    )
    players = pairs.filter(pl.col("principal_arn").str.starts_with(PLAYER)).height
    return pairs.height, pairs.height - players


def _without_players(
    lake: Path, *, start: dt.date, end: dt.date, accounts: list[str] | None = None
) -> int:
    return principal_days(lake, start, end, accounts)[1]


def cold_starts(written: Written | checks.Prepared, lake: Path) -> dict[str, Any]:
    """Scoring with no history: day one, the new account's first full day, A4's day."""
    fresh = (written.new_account_day, written.accounts["nova"])
    return checks.cold_starts(
        written, lake, new_account=fresh, theft="A4", key="a4", count=_without_players
    )


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each (met, a sentence with the measured figure)."""
    return checks.standard_targets(
        result,
        cold,
        truth,
        first_day="cold start, trail's first day: <= 1 medium+ per 1,000 principals",
        key="a4",
        stolen="a stolen workload key (A4)",
    )


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    import ueba
    from ueba.export.jsonl import write_jsonl

    written = generate(work / "trail", seed, days=days, scale=scale, scored_days=scored_days)
    lake = work / "lake"
    ingested = ingest(written, lake)
    # the feeds read once for the daily job and the cold starts, and the scored days enriched
    # once for both (as `_suite_checks.graded_run` does)
    prepared = checks.Prepared(written, checks.inputs(written), job_engine())
    try:
        findings, _population = checks.daily(prepared, lake, quiet=quiet)
        write_jsonl(findings, work / "findings.jsonl")
        counted, population = principal_days(lake, written.scored[0], written.scored[-1])
        result = ueba.evaluate(findings, written.truth, population=population)
        cold = cold_starts(prepared, lake)
    finally:
        prepared.engine.close()
    return {
        "seed": seed,
        "ingest": ingested,
        "written": written,
        "result": result,
        "counted": counted,
        "cold": cold,
        "targets": targets(result, cold, written.truth),
    }


def _block(run: dict[str, Any]) -> list[str]:
    players = f" ({run['counted']:,} with the one-shot Cognito player identities)"
    return report.heldout_block(run, "A4", "a4", note=players)


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, _block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(
        runs,
        "events population population_with_players tiers cold_start incidents targets seconds",
        population_with_players=lambda r: r["counted"],
    )


RUNNER = graded(__doc__, "ueba-heldout5-", evaluate_seed, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

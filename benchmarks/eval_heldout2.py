"""Detection quality on the second held-out suite (``benchmarks/heldout2``, Quillsign), written
without reading ueba's rules, models, their docs or the other generators.

For each seed: write the trail, ``ueba.ingest`` it (nothing may be quarantined), then the daily
job as ``ueba run`` does it each morning: each of the last ``--scored-days`` days scored with the
baseline of the days before, the default models fitted on the last 30 days, and the open
incidents kept from one day to the next. ``ueba.evaluate`` grades every finding against
``truth.csv`` (strict matching). Two cold-start runs use no history at all: the trail's first
day (nothing happens on it), and the day the SageMaker notebook's key is used outside AWS.

Run::

    python benchmarks/eval_heldout2.py --seeds 1,2,3 --quiet          # 24 days, last 5 scored
    python benchmarks/eval_heldout2.py --seeds 1 --days 10 --scale 0.3 --work /tmp/h2

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_run import cli, graded
from benchmarks.heldout2 import Written, generate


def ingest(written: Written, lake: Path) -> Any:
    return checks.ingest(written.trail, lake)


def daily_job(written: Written, lake: Path, *, quiet: bool = True) -> tuple[pl.DataFrame, int]:
    """The scored days in order, as a daily ``ueba run``; (findings, principal-days scored)."""
    return checks.daily(written, lake, quiet=quiet)


def cold_start(written: Written, lake: Path) -> dict[str, Any]:
    """No history at all. Day one of the trail: medium-or-above findings over the principals
    active (nothing happens that day). The SageMaker theft's day: the severity A8 gets."""
    return checks.cold_starts(written, lake, theft="A8", key="a8")


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each as (met, sentence with the figure)."""
    low_attacks, loud_benign, _ = checks.severity_misses(result, truth, at=" at ", order=list)
    flagged = (
        result.findings.filter(
            pl.col("label").eq("benign") & pl.col("severity").is_in(checks.MEDIUM_UP)
        )
        .select("incident")
        .unique()
        .height
    )
    benign = (
        flagged == 0,
        f"medium+: 0 benign changes flagged ({flagged}, the approved pentest B8 included)",
    )
    return (
        checks.graded_targets(result, benign)
        + checks.cold_targets(
            cold,
            first_day="cold start: <= 1 medium+ finding per 1,000 principals on day one",
            key="a8",
            stolen="stolen workload (SageMaker) credentials",
        )
        + checks.expectation_targets(low_attacks, loud_benign)
    )


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    return checks.graded_run(
        seed, work, written, source=written.trail, cold=cold_start, targets=targets, quiet=quiet
    )


def _block(run: dict[str, Any]) -> list[str]:
    cold = run["cold"]
    return report.seed_lines(
        run,
        report.seed_header(run),
        report.incident_line(run, title=""),
        f"\nCold start, day one ({cold['day']}, no history): {cold['medium_or_above']} medium+ finding(s) over "
        f"{cold['principals']} principals; A8 scored with no history: {cold['a8_severity'] or 'not found'}\n",
    )


def render_table(runs: list[dict[str, Any]]) -> str:
    return report.table(runs, _block)


def render_json(runs: list[dict[str, Any]]) -> str:
    return report.seeds_json(runs, "tiers cold_start population incidents targets")


RUNNER = graded(__doc__, "ueba-heldout2-", evaluate_seed, render_table, render_json)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

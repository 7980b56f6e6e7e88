"""Detection quality on the held-out suite (``benchmarks/heldout``), written without reading
ueba's rules or the other two generators.

For each seed: write the organisation's trail, ``ueba.ingest`` it into a lake and run the daily
job as a user runs ``ueba run`` each morning: the baseline of the days before, the default
models fitted on them, each of the last ``--scored-days`` days scored in turn, and the open
incidents kept from one day to the next (a finding that goes on keeps its ``finding_id``).
Then ``ueba.evaluate`` grades all findings against the truth CSV, and every attack is checked
against its own ``expected_min_severity``.

Run::

    python benchmarks/eval_heldout.py --seeds 1,2,3                 # 21 days, last 5 scored
    python benchmarks/eval_heldout.py --seeds 1 --scale 0.2 --days 12 --quiet

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_checks as checks
from benchmarks import _suite_report as report
from benchmarks._suite_checks import RANK
from benchmarks._suite_run import Runner, cli, description
from benchmarks.eval_targets import shortfalls
from benchmarks.heldout import Written, generate

__all__ = ["RANK", "cold_start", "expected_severity", "main", "run_daily_job"]


def run_daily_job(written: Written, lake: Path, *, quiet: bool = True) -> tuple[pl.DataFrame, int]:
    """Ingest, then the daily job on each scored day; (findings, principal-days scored)."""
    from ueba.pipeline import lake_days

    checks.ingest(written.trail, lake, what="input")
    days = sorted(set(lake_days(lake)["day"].to_list()))
    return checks.daily(written, lake, quiet=quiet, days=days)


def cold_start(written: Written, lake: Path) -> tuple[int, int]:
    """The first day of the trail scored with no history at all, as on the day ueba is
    installed; nothing happens that day, so every medium-or-above finding is false.
    Returns (medium-or-above findings, principals active that day)."""
    from ueba.pipeline import lake_days, score_days

    first = min(lake_days(lake)["day"].to_list())
    config, options = checks.inputs(written)
    result = score_days(lake, which=first, config=config, enrich_options=options)
    return checks.medium_up(result.findings), checks.population(lake, start=first, end=first)


def expected_severity(result: Any, truth: Path) -> list[str]:
    """Attacks found below the severity their truth row expects, as sentences."""
    with truth.open() as handle:
        wanted = {
            r["id"]: r["expected_min_severity"]
            for r in csv.DictReader(handle)
            if r["label"] == "attack"
        }
    out = []
    for row in result.incidents.filter(pl.col("label") == "attack").iter_rows(named=True):
        got = row["max_severity"]
        need = wanted.get(row["id"]) or "medium"
        if got is None or RANK[got] < RANK[need]:
            out.append(f"{row['id']} at {got or 'nothing'} (expected {need}+)")
    return out


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool = True
) -> tuple[Any, Written]:
    import ueba
    from ueba.export.jsonl import write_jsonl

    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    findings, population = run_daily_job(written, work / "lake", quiet=quiet)
    write_jsonl(findings, work / "findings.jsonl")
    return ueba.evaluate(findings, written.truth, population=population), written


def cold_start_shortfall(found: int, principals: int) -> list[str]:
    """Issue 8's cold-start target: <= 1 medium-or-above finding per 1,000 principals."""
    rate = 1000 * found / max(principals, 1)
    if rate <= 1.0:
        return []
    return [
        f"cold start: {found} medium+ finding(s) on day 1 over {principals} principals = {rate:.1f} per 1,000 (target <= 1)"
    ]


def run_seed(seed: int, work: Path, **options: Any) -> dict[str, Any]:
    """One seed graded, its cold start and every missed target."""
    result, written = evaluate_seed(seed, work, **options)
    cold = cold_start(written, work / "lake")
    low = expected_severity(result, written.truth)
    return {
        "seed": seed,
        "result": result,
        "written": written,
        "misses": shortfalls(result)
        + ([f"below expected severity: {', '.join(low)}"] if low else [])
        + cold_start_shortfall(*cold),
        "extra": [
            f"Cold start (day 1 of the trail, no history): {cold[0]} medium+ finding(s) "
            f"over {cold[1]} principals\n"
        ],
    }


RUNNER = Runner(
    description=description(__doc__),
    prefix="ueba-heldout-",
    evaluate=run_seed,
    misses=lambda run: run["misses"],
    days=21,
    seed_text=report.shortfall_text,
    final_text=report.shortfall_summary("heldout"),
    json_text=report.shortfall_json,
    work_help="Keep the trail, lake and findings here.",
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

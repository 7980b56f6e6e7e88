"""Detection quality on the adversarial scenario suite (``benchmarks/scenarios``).

For each seed: write the organisation's CloudTrail delivery files, ``ueba.ingest`` them into a
lake, run the daily job (``ueba.pipeline.score_days``, what ``ueba run`` calls) on each of the
last ``--scored-days`` days with the baseline of the days before and the open incidents kept
from one day to the next, then grade all findings with
``ueba.evaluate`` against the scenario's truth CSV. Prints the per-tier table of every seed, the
incidents, and the cross-seed summary for benchmarks/README.md.

Run::

    python benchmarks/eval_scenarios.py --seeds 1,2,3              # 30 days, last 5 scored
    python benchmarks/eval_scenarios.py --seeds 1 --days 10 --scale 0.2 --scored-days 2

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _suite_report as report
from benchmarks._daily import daily_job
from benchmarks._suite_checks import inputs
from benchmarks._suite_run import Option, Runner, cli, description
from benchmarks.eval_targets import shortfalls
from benchmarks.scenarios import Written, generate


def run_pipeline(
    written: Written, lake: Path, *, quiet: bool = True, models: str | None = None
) -> tuple[pl.DataFrame, int]:
    """Ingest the trail and run the daily job on each scored day; (findings, principal-days).

    ``models`` (``"rarity"``, ``"none"``; default: the models ``ueba baseline`` fits by default)
    are fitted on the 30 days before each scored day, as ``ueba baseline`` would fit them."""

    import ueba
    from ueba.detect.incidents import IncidentStore
    from ueba.pipeline import lake_days

    ueba.ingest([written.trail], lake=lake)
    config, options = inputs(written)
    return daily_job(
        lake,
        days=sorted(set(lake_days(lake)["day"].to_list())),
        scored=written.scored,
        config=config,
        options=options,
        models=models,
        incidents=IncidentStore(Path(lake).parent / "model"),
        quiet=quiet,
    )


def evaluate_seed(
    seed: int,
    work: Path,
    *,
    days: int,
    scale: float,
    scored_days: int,
    quiet: bool = True,
    models: str | None = None,
) -> tuple[Any, Written, Path]:
    """Generate, run and grade one seed; returns (evaluation, what was written, findings file)."""
    import ueba
    from ueba.export.jsonl import write_jsonl

    written = generate(
        work / "scenario", seed=seed, days=days, scale=scale, scored_days=scored_days
    )
    findings, population = run_pipeline(written, work / "lake", quiet=quiet, models=models)
    path = work / "findings.jsonl"
    write_jsonl(findings, path)
    return ueba.evaluate(findings, written.truth, population=population), written, path


def run_seed(seed: int, work: Path, **options: Any) -> dict[str, Any]:
    result, written, _ = evaluate_seed(seed, work, **options)
    return {"seed": seed, "result": result, "written": written, "misses": shortfalls(result)}


RUNNER = Runner(
    description=description(__doc__),
    prefix="ueba-scenarios-",
    evaluate=run_seed,
    misses=lambda run: run["misses"],
    days=30,
    seed_text=report.shortfall_text,
    final_text=report.shortfall_summary("scenarios"),
    json_text=report.shortfall_json,
    options=(
        Option(
            "--models",
            help="Models fitted on each scored day's window (default: those ueba baseline fits "
            "by default, rarity with scikit-learn; 'none': rules only).",
        ),
    ),
    work_help="Keep the trail, lake and findings here.",
)


def main(argv: list[str] | None = None) -> int:
    return cli(RUNNER, argv)


if __name__ == "__main__":
    raise SystemExit(main())

"""Detection quality on the adversarial scenario suite (``benchmarks/scenarios``).

For each seed: write the organisation's CloudTrail delivery files, ``ueba.ingest`` them into a
lake, run the daily job (``ueba.pipeline.score_days``, what ``ueba run`` calls) on each of the
last ``--scored-days`` days with the baseline of the days before, then grade all findings with
``ueba.evaluate`` against the scenario's truth CSV. Prints the per-tier table of every seed, the
incidents, and the cross-seed summary for benchmarks/README.md.

Run::

    python benchmarks/eval_scenarios.py --seeds 1,2,3              # 30 days, last 5 scored
    python benchmarks/eval_scenarios.py --seeds 1 --days 10 --scale 0.2 --scored-days 2

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._daily import daily_job
from benchmarks.eval_targets import markdown, shortfalls, summary_row
from benchmarks.scenarios import Written, generate


def run_pipeline(
    written: Written, lake: Path, *, quiet: bool = True, models: str | None = None
) -> tuple[pl.DataFrame, int]:
    """Ingest the trail and run the daily job on each scored day; (findings, principal-days).

    ``models`` (``"rarity"``, ``"none"``; default: the models ``ueba baseline`` fits by default)
    are fitted on the 30 days before each scored day, as ``ueba baseline`` would fit them."""

    import ueba
    from ueba.config import Config
    from ueba.pipeline import lake_days

    ueba.ingest([written.trail], lake=lake)
    config = Config(
        threat_networks=tuple(line for line in written.threat.read_text().split() if line)
    )
    options: dict[str, Any] = {
        "geo": ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db)
    }
    return daily_job(
        lake,
        days=sorted(set(lake_days(lake)["day"].to_list())),
        scored=written.scored,
        config=config,
        options=options,
        models=models,
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument("--work", default=None, help="Keep the trail, lake and findings here.")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument(
        "--models",
        default=None,
        help="Models fitted on each scored day's window (default: those ueba baseline fits "
        "by default, rarity with scikit-learn; 'none': rules only).",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    rows: list[dict[str, Any]] = []
    missed: dict[int, list[str]] = {}
    reports: dict[int, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ueba-scenarios-") as tmp:
        root = Path(args.work or tmp)
        for seed in seeds:
            started = time.perf_counter()
            result, written, _ = evaluate_seed(
                seed,
                root / f"seed-{seed}",
                days=args.days,
                scale=args.scale,
                scored_days=args.scored_days,
                quiet=args.quiet,
                models=args.models,
            )
            elapsed = time.perf_counter() - started
            rows += summary_row("scenarios", seed, result)
            missed[seed] = shortfalls(result)
            reports[seed] = result.to_dict()
            if args.format == "table":
                print(
                    f"## Seed {seed}: {written.events:,} events, {len(written.accounts)} accounts, scored "
                    f"{written.scored[0]}..{written.scored[-1]}, {result.population:,} principal-days "
                    f"({elapsed:.0f} s)\n"
                )
                print(result.to_text() + "\n")
    if args.format == "json":
        print(json.dumps({"seeds": reports, "shortfalls": missed}, default=str))
    else:
        print("## All seeds\n\n" + markdown(rows) + "\n")
        for seed, lines in missed.items():
            print(
                f"Seed {seed} targets: "
                + ("all met." if not lines else "MISSED: " + "; ".join(lines) + ".")
            )
    return 0 if not any(missed.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())

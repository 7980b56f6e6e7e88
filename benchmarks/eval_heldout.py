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

import argparse
import csv
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
from benchmarks.heldout import Written, generate

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def run_daily_job(written: Written, lake: Path, *, quiet: bool = True) -> tuple[pl.DataFrame, int]:
    """Ingest, then the daily job on each scored day; (findings, principal-days scored)."""
    import ueba
    from ueba.config import Config
    from ueba.detect.incidents import IncidentStore
    from ueba.pipeline import lake_days

    report = ueba.ingest([str(written.trail)], lake=lake)
    if report.exit_code != 0:
        raise RuntimeError(f"ingest quarantined input: {report.summary()}")
    config = Config(threat_networks=tuple(written.threat.read_text().split()))
    options: dict[str, Any] = {
        "geo": ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db)
    }
    return daily_job(
        lake,
        days=sorted(set(lake_days(lake)["day"].to_list())),
        scored=written.scored,
        config=config,
        options=options,
        incidents=IncidentStore(lake.parent / "model"),
        quiet=quiet,
    )


def cold_start(written: Written, lake: Path) -> tuple[int, int]:
    """The first day of the trail scored with no history at all, as on the day ueba is
    installed; nothing happens that day, so every medium-or-above finding is false.
    Returns (medium-or-above findings, principals active that day)."""
    import ueba
    from ueba.config import Config
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import lake_days, score_days

    first = min(lake_days(lake)["day"].to_list())
    config = Config(threat_networks=tuple(written.threat.read_text().split()))
    options = {"geo": ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db)}
    result = score_days(lake, which=first, config=config, enrich_options=options)
    medium = result.findings.filter(pl.col("severity").is_in(["medium", "high", "critical"]))
    return medium.height, population_from_lake(lake, start=first, end=first)


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

    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    findings, population = run_daily_job(written, work / "lake", quiet=quiet)
    from ueba.export.jsonl import write_jsonl

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument("--work", default=None, help="Keep the trail, lake and findings here.")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    rows: list[dict[str, Any]] = []
    missed: dict[int, list[str]] = {}
    reports: dict[int, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ueba-heldout-") as tmp:
        root = Path(args.work or tmp)
        for seed in seeds:
            started = time.perf_counter()
            result, written = evaluate_seed(
                seed,
                root / f"seed-{seed}",
                days=args.days,
                scale=args.scale,
                scored_days=args.scored_days,
                quiet=args.quiet,
            )
            cold = cold_start(written, root / f"seed-{seed}" / "lake")
            elapsed = time.perf_counter() - started
            rows += summary_row("heldout", seed, result)
            low = expected_severity(result, written.truth)
            missed[seed] = (
                shortfalls(result)
                + ([f"below expected severity: {', '.join(low)}"] if low else [])
                + cold_start_shortfall(*cold)
            )
            reports[seed] = result.to_dict()
            if args.format == "table":
                print(
                    f"## Seed {seed}: {written.events:,} events, {len(written.accounts)} accounts, "
                    f"scored {written.scored[0]}..{written.scored[-1]}, {result.population:,} "
                    f"principal-days ({elapsed:.0f} s)\n"
                )
                print(result.to_text() + "\n")
                print(
                    f"Cold start (day 1 of the trail, no history): {cold[0]} medium+ finding(s) "
                    f"over {cold[1]} principals\n"
                )
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

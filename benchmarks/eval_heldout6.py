"""Detection on the sixth held-out suite (``benchmarks/heldout6``, Lakeshore University's
research computing service), written without reading ueba's rules, models, their docs, the
other suites or their results.

For each seed: write the trail, ``ueba.ingest`` it (nothing may be quarantined), then the
daily job as ``ueba run`` does it each morning (``benchmarks._daily.daily_job``): every one of
the last five days scored with the baseline of the days before, the default models fitted on
up to 30 days before it, open incidents carried from day to day. ``ueba.evaluate`` grades every
finding against ``truth.csv`` (strict matching). Three cold starts use no history at all: the
trail's first day (nothing happens on it), the neuroscience lab's new account on its first day
(its principals only), and the day of A3 (a notebook's execution-role credentials used from a
VPS).

Run::

    python benchmarks/eval_heldout6.py --seeds 1,2,3 --quiet --work /tmp/h6eval
    python benchmarks/eval_heldout6.py --seeds 1 --days 10 --scale 0.3 --format json

Exit status 0 when every target of issue 8 is met on every seed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
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
from benchmarks._suite_report import target_lines, tier_rows, tier_table
from benchmarks.heldout6 import Written, generate

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
MEDIUM_UP = ("medium", "high", "critical")


def inputs(written: Written) -> tuple[Any, dict[str, Any]]:
    """The run's configuration (the threat list) and enrichment options (the geo databases)."""
    import ueba
    from ueba.config import Config

    threat = tuple(written.threat.read_text().split())
    geo = ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db)
    return Config(threat_networks=threat), {"geo": geo}


def ingest(written: Written, lake: Path) -> Any:
    import ueba

    report = ueba.ingest([str(written.trail / "AWSLogs")], lake=lake)
    if report.exit_code != 0:
        raise RuntimeError(f"ingest quarantined part of the heldout6 trail: {report.summary()}")
    return report


def score(written: Written, lake: Path, *, quiet: bool) -> tuple[pl.DataFrame, int]:
    from ueba.detect.incidents import IncidentStore

    config, options = inputs(written)
    return daily_job(
        lake,
        days=written.days,
        scored=written.scored,
        config=config,
        options=options,
        incidents=IncidentStore(lake.parent / "model"),
        quiet=quiet,
    )


def _loud(findings: pl.DataFrame) -> int:
    return findings.filter(pl.col("severity").is_in(MEDIUM_UP)).height


def cold_starts(written: Written, lake: Path) -> dict[str, Any]:
    """Scoring with no history: day one, the new account's first day, and A3's day."""
    import ueba
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import score_days

    config, options = inputs(written)

    def alone(day: dt.date) -> pl.DataFrame:
        return score_days(lake, which=day, config=config, enrich_options=options).findings

    first = written.days[0]
    day_one = alone(first)
    principals = population_from_lake(lake, start=first, end=first)
    account = written.accounts["neuro"]
    joined = alone(written.joined).filter(pl.col("account_id") == account)
    new_principals = population_from_lake(
        lake, start=written.joined, end=written.joined, accounts=[account]
    )
    truth = pl.read_csv(written.truth, infer_schema=False).filter(pl.col("id") == "A3")
    a3_day = dt.date.fromisoformat(truth["start"][0][:10])
    graded = ueba.evaluate(alone(a3_day), truth.to_dicts(), population=1)
    a3 = graded.incidents.filter(pl.col("id") == "A3")["max_severity"].to_list()
    return {
        "day": str(first),
        "medium_or_above": _loud(day_one),
        "principals": principals,
        "per_1000": round(1000 * _loud(day_one) / max(principals, 1), 2),
        "new_account_day": str(written.joined),
        "new_account_medium_or_above": _loud(joined),
        "new_account_principals": new_principals,
        "new_account_per_1000": round(1000 * _loud(joined) / max(new_principals, 1), 2),
        "a3_day": str(a3_day),
        "a3_severity": (a3 or [None])[0],
    }


def expectations(truth: Path) -> dict[str, tuple[str, str]]:
    """Per incident: (label, the severity an attack must reach or a benign change may reach)."""
    with truth.open() as handle:
        return {
            r["id"]: (r["label"], r["expected_min_severity"] or r["expected_max_severity"])
            for r in csv.DictReader(handle)
        }


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each (met, a sentence with the measured figure)."""
    medium, anything = result.tier("medium"), result.tier("info")
    wanted = expectations(truth)
    got = {r["id"]: r["max_severity"] for r in result.incidents.iter_rows(named=True)}
    level = {i: RANK.get(got.get(i) or "", -1) for i in wanted}
    under = [
        f"{i} {got.get(i) or 'nothing'} (wants {s}+)"
        for i, (lab, s) in sorted(wanted.items())
        if lab == "attack" and level[i] < RANK[s]
    ]
    over = [
        f"{i} {got[i]} (allows {s})"
        for i, (lab, s) in sorted(wanted.items())
        if lab == "benign" and level[i] > RANK[s]
    ]
    loud = sorted(
        i for i, (lab, _) in wanted.items() if lab == "benign" and level[i] >= RANK["medium"]
    )
    false_medium, false_any = medium["false_per_1000"] or 0.0, anything["false_per_1000"] or 0.0
    worst = anything["max_findings_per_incident"] or 0
    return [
        (
            medium["attacks_found"] == medium["attacks"],
            f"medium+: every attack found ({medium['attacks_found']}/{medium['attacks']})",
        ),
        (
            false_medium <= 1.0,
            f"medium+: <= 1 false finding per 1,000 principal-days ({false_medium:.2f}; {medium['false_findings']} findings)",
        ),
        (
            not loud,
            f"medium+: 0 benign changes flagged ({len(loud)}{': ' + ', '.join(loud) if loud else ''})",
        ),
        (
            false_any <= 10.0,
            f"any severity: <= 10 false findings per 1,000 principal-days ({false_any:.2f}; {anything['false_findings']} findings)",
        ),
        (
            worst <= 2,
            f"any severity: <= 2 findings per incident ({worst} max, {anything['findings_per_incident'] or 0.0:.2f} mean)",
        ),
        (
            cold["per_1000"] <= 1.0,
            f"cold start, the trail's first day: <= 1 medium+ per 1,000 principals ({cold['medium_or_above']} over {cold['principals']} = {cold['per_1000']:.1f})",
        ),
        (
            cold["new_account_per_1000"] <= 1.0,
            "cold start, the new account's first day: <= 1 medium+ per 1,000 principals "
            f"({cold['new_account_medium_or_above']} over {cold['new_account_principals']} = {cold['new_account_per_1000']:.1f})",
        ),
        (
            RANK.get(cold["a3_severity"] or "", -1) >= RANK["medium"],
            f"cold start: a notebook's stolen workload credentials (A3) medium+ with no history ({cold['a3_severity'] or 'nothing'})",
        ),
        (
            not under,
            "each attack at its expected severity"
            + (f" (below: {', '.join(under)})" if under else ""),
        ),
        (
            not over,
            "each benign change at most its allowed severity"
            + (f" (above: {', '.join(over)})" if over else ""),
        ),
    ]


def evaluate_seed(seed: int, work: Path, *, days: int, scale: float, quiet: bool) -> dict[str, Any]:
    import ueba
    from ueba.export.jsonl import write_jsonl

    started = time.perf_counter()
    written = generate(work / "trail", seed, days=days, scale=scale)
    report = ingest(written, work / "lake")
    findings, population = score(written, work / "lake", quiet=quiet)
    write_jsonl(findings, work / "findings.jsonl")
    result = ueba.evaluate(findings, written.truth, population=population)
    cold = cold_starts(written, work / "lake")
    return {
        "seed": seed,
        "ingest": report,
        "written": written,
        "result": result,
        "cold": cold,
        "targets": targets(result, cold, written.truth),
        "seconds": time.perf_counter() - started,
    }


def render_table(runs: list[dict[str, Any]]) -> str:
    out = []
    for run in runs:
        w, result, cold = run["written"], run["result"], run["cold"]
        out.append(
            f"## Seed {run['seed']}: {w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, "
            f"scored {w.scored[0]}..{w.scored[-1]}, {result.population:,} principal-days ({run['seconds']:.0f} s)\n"
        )
        out += tier_table(run)
        incidents = result.incidents.select("id", "max_severity").sort("id")
        out.append(
            "\nPer incident (highest severity): "
            + " ".join(f"{i}:{s or '-'}" for i, s in incidents.iter_rows())
        )
        out.append(
            f"\nCold start with no history: day one ({cold['day']}) {cold['medium_or_above']} medium+ over "
            f"{cold['principals']} principals; new account ({cold['new_account_day']}) {cold['new_account_medium_or_above']} "
            f"medium+ over {cold['new_account_principals']}; A3 on {cold['a3_day']}: {cold['a3_severity'] or 'not found'}\n"
        )
        out += target_lines(run["targets"])
        out.append("")
    return "\n".join(out)


def render_json(runs: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "seeds": {
                str(r["seed"]): {
                    "events": r["written"].events,
                    "population": r["result"].population,
                    "tiers": tier_rows(r),
                    "cold_start": r["cold"],
                    "incidents": r["result"].incidents.to_dicts(),
                    "targets": [{"met": m, "target": t} for m, t in r["targets"]],
                    "seconds": round(r["seconds"], 1),
                }
                for r in runs
            }
        },
        default=str,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--work", default=None, help="Keep each seed's trail, lake and findings here."
    )
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--quiet", action="store_true", help="No per-day progress on stderr.")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    runs = []
    with tempfile.TemporaryDirectory(prefix="ueba-heldout6-") as tmp:
        root = Path(args.work or tmp)
        for seed in seeds:
            runs.append(
                evaluate_seed(
                    seed, root / f"seed-{seed}", days=args.days, scale=args.scale, quiet=args.quiet
                )
            )
            if not args.quiet:
                print(f"seed {seed} done in {runs[-1]['seconds']:.0f} s", file=sys.stderr)
    print(render_json(runs) if args.format == "json" else render_table(runs))
    return 0 if all(met for run in runs for met, _ in run["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())

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

from benchmarks._daily import daily_job as run_days
from benchmarks._suite_report import target_lines, tier_rows, tier_table
from benchmarks.heldout2 import Written, generate

RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _options(written: Written) -> tuple[Any, dict[str, Any]]:
    import ueba
    from ueba.config import Config

    config = Config(threat_networks=tuple(written.threat.read_text().split()))
    return config, {"geo": ueba.MaxMindReader(asn_db=written.asn_db, city_db=written.city_db)}


def ingest(written: Written, lake: Path) -> Any:
    import ueba

    report = ueba.ingest([str(written.trail)], lake=lake)
    if report.exit_code != 0:
        raise RuntimeError(f"ingest quarantined part of the generated trail: {report.summary()}")
    return report


def daily_job(written: Written, lake: Path, *, quiet: bool = True) -> tuple[pl.DataFrame, int]:
    """The scored days in order, as a daily ``ueba run``; (findings, principal-days scored)."""
    from ueba.detect.incidents import IncidentStore

    config, options = _options(written)
    return run_days(
        lake,
        days=written.days,
        scored=written.scored,
        config=config,
        options=options,
        incidents=IncidentStore(lake.parent / "model"),
        quiet=quiet,
    )


def cold_start(written: Written, lake: Path) -> dict[str, Any]:
    """No history at all. Day one of the trail: medium-or-above findings over the principals
    active (nothing happens that day). The SageMaker theft's day: the severity A8 gets."""
    import ueba
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import score_days

    config, options = _options(written)
    first = written.days[0]
    day_one = score_days(lake, which=first, config=config, enrich_options=options).findings
    medium = day_one.filter(pl.col("severity").is_in(["medium", "high", "critical"])).height
    principals = population_from_lake(lake, start=first, end=first)
    truth = pl.read_csv(written.truth, infer_schema_length=0).filter(pl.col("id") == "A8")
    a8_day = dt.date.fromisoformat(truth["start"][0][:10])
    theft = score_days(lake, which=a8_day, config=config, enrich_options=options).findings
    graded = ueba.evaluate(theft, truth.to_dicts(), population=1)
    a8 = graded.incidents.filter(pl.col("id") == "A8")["max_severity"].to_list()
    return {
        "day": str(first),
        "medium_or_above": medium,
        "principals": principals,
        "per_1000": round(1000 * medium / max(principals, 1), 2),
        "a8_day": str(a8_day),
        "a8_severity": (a8 or [None])[0],
    }


def _truth_severities(truth: Path) -> dict[str, tuple[str, str]]:
    with truth.open() as handle:
        return {
            r["id"]: (r["label"], r["expected_min_severity"] or r["expected_max_severity"])
            for r in csv.DictReader(handle)
        }


def targets(result: Any, cold: dict[str, Any], truth: Path) -> list[tuple[bool, str]]:
    """Issue 8's targets, each as (met, sentence with the figure)."""
    medium, anything = result.tier("medium"), result.tier("info")
    wanted = _truth_severities(truth)
    got = {r["id"]: r["max_severity"] for r in result.incidents.iter_rows(named=True)}
    low_attacks = [
        f"{i} at {got.get(i) or 'nothing'} (wants {s}+)"
        for i, (lab, s) in wanted.items()
        if lab == "attack" and RANK.get(got.get(i) or "", -1) < RANK[s]
    ]
    loud_benign = [
        f"{i} at {got[i]} (allows {s})"
        for i, (lab, s) in wanted.items()
        if lab == "benign" and got.get(i) and RANK[got[i]] > RANK[s]
    ]
    flagged = (
        result.findings.filter(
            pl.col("label").eq("benign") & pl.col("severity").is_in(["medium", "high", "critical"])
        )
        .select("incident")
        .unique()
        .height
    )
    return [
        (
            medium["attacks_found"] == medium["attacks"],
            f"medium+: every attack found ({medium['attacks_found']}/{medium['attacks']})",
        ),
        (
            (medium["false_per_1000"] or 0) <= 1.0,
            f"medium+: <= 1 false finding per 1,000 principal-days ({medium['false_per_1000'] or 0:.2f}; {medium['false_findings']} findings)",
        ),
        (
            flagged == 0,
            f"medium+: 0 benign changes flagged ({flagged}, the approved pentest B8 included)",
        ),
        (
            (anything["false_per_1000"] or 0) <= 10.0,
            f"any severity: <= 10 false findings per 1,000 principal-days ({anything['false_per_1000'] or 0:.2f}; {anything['false_findings']} findings)",
        ),
        (
            # the "<= 2 findings per incident" holds for each incident: the worst one
            (anything["max_findings_per_incident"] or 0) <= 2,
            f"any severity: <= 2 findings per incident ({anything['max_findings_per_incident'] or 0} max, {anything['findings_per_incident'] or 0:.2f} mean)",
        ),
        (
            cold["per_1000"] <= 1.0,
            f"cold start: <= 1 medium+ finding per 1,000 principals on day one ({cold['medium_or_above']} over {cold['principals']} = {cold['per_1000']:.1f})",
        ),
        (
            RANK.get(cold["a8_severity"] or "", -1) >= RANK["medium"],
            f"cold start: stolen workload (SageMaker) credentials medium+ with no history ({cold['a8_severity'] or 'nothing'})",
        ),
        (
            not low_attacks,
            "each attack at its expected severity"
            + (f" (below: {', '.join(low_attacks)})" if low_attacks else ""),
        ),
        (
            not loud_benign,
            "each benign change at most its allowed severity"
            + (f" (above: {', '.join(loud_benign)})" if loud_benign else ""),
        ),
    ]


def evaluate_seed(
    seed: int, work: Path, *, days: int, scale: float, scored_days: int, quiet: bool
) -> dict[str, Any]:
    import ueba
    from ueba.export.jsonl import write_jsonl

    started = time.perf_counter()
    written = generate(work / "trail", seed=seed, days=days, scale=scale, scored_days=scored_days)
    report = ingest(written, work / "lake")
    findings, population = daily_job(written, work / "lake", quiet=quiet)
    write_jsonl(findings, work / "findings.jsonl")
    result = ueba.evaluate(findings, written.truth, population=population)
    cold = cold_start(written, work / "lake")
    return {
        "seed": seed,
        "ingest": report,
        "findings": findings,
        "written": written,
        "result": result,
        "cold": cold,
        "targets": targets(result, cold, written.truth),
        "seconds": time.perf_counter() - started,
    }


def render_table(runs: list[dict[str, Any]]) -> str:
    lines = []
    for run in runs:
        w, result, cold = run["written"], run["result"], run["cold"]
        lines.append(
            f"## Seed {run['seed']}: {w.events:,} events, {len(w.accounts)} accounts, scored "
            f"{w.scored[0]}..{w.scored[-1]}, {result.population:,} principal-days ({run['seconds']:.0f} s)\n"
        )
        lines += tier_table(run)
        inc = result.incidents.select("id", "label", "findings", "max_severity").sort("id")
        lines.append("\n" + " ".join(f"{i}:{s or '-'}" for i, _, _, s in inc.iter_rows()))
        lines.append(
            f"\nCold start, day one ({cold['day']}, no history): {cold['medium_or_above']} medium+ finding(s) over "
            f"{cold['principals']} principals; A8 scored with no history: {cold['a8_severity'] or 'not found'}\n"
        )
        lines += target_lines(run["targets"])
        lines.append("")
    return "\n".join(lines)


def render_json(runs: list[dict[str, Any]]) -> str:
    out = {
        str(r["seed"]): {
            "tiers": tier_rows(r),
            "cold_start": r["cold"],
            "population": r["result"].population,
            "incidents": r["result"].incidents.to_dicts(),
            "targets": [{"met": m, "target": t} for m, t in r["targets"]],
        }
        for r in runs
    }
    return json.dumps({"seeds": out}, default=str)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument(
        "--work", default=None, help="Keep each seed's trail, lake and findings here."
    )
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--quiet", action="store_true", help="No per-day progress on stderr.")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    runs = []
    with tempfile.TemporaryDirectory(prefix="ueba-heldout2-") as tmp:
        root = Path(args.work or tmp)
        for seed in seeds:
            runs.append(
                evaluate_seed(
                    seed,
                    root / f"seed-{seed}",
                    days=args.days,
                    scale=args.scale,
                    scored_days=args.scored_days,
                    quiet=args.quiet,
                )
            )
            if not args.quiet:
                print(f"seed {seed} done in {runs[-1]['seconds']:.0f} s", file=sys.stderr)
    print(render_json(runs) if args.format == "json" else render_table(runs))
    return 0 if all(met for run in runs for met, _ in run["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Detection quality on a synthetic organisation with known incidents.

Generates the seeded organisation of ``benchmarks.synth``, runs the real daily job over it
(``ueba.enrichment.enrich`` -> ``ueba.baseline.profile.Baseline`` fit/update -> ``ueba.detect.scorer.
Scorer``), scores each of the last ``--inject-days`` days against the baseline of the days
before, matches findings to the injected truth (by access key or principal, and time), and
prints the table for benchmarks/README.md:

* every injected compromise: found? (and the highest severity, the rules that fired)
* false-positive findings per 1,000 principal-days (target <= 1)
* the highest severity on each benign change (target: below medium)

Run::

    python benchmarks/eval_detection.py --days 30 --scale 8 --inject-days 5

The findings are also graded with ``ueba.evaluate`` (the synthetic truth as labelled incidents,
matched by key or principal and time give or take an hour, as the generator's own grader does),
so this suite reports the same per-tier figures as ``benchmarks/eval_scenarios.py``::

    python benchmarks/eval_detection.py --seeds 0,1,2 --days 30 --scale 8 --inject-days 5

Exit status 0 when every target is met, 1 otherwise (so it can gate a release).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.eval_targets import markdown, shortfalls, summary_row
from benchmarks.synth import evaluate_detection, make_plan

# the generator's own grader matches findings to incidents give or take an hour
SLACK = dt.timedelta(hours=1)


def truth_of(result: Any) -> pl.DataFrame:
    """The synthetic truth as ``ueba.evaluate`` labelled incidents (CSV columns)."""
    return result.incidents.select(
        "id",
        "name",
        pl.col("kind").alias("label"),
        "access_key_id",
        "principal_arn",
        pl.col("start").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
        pl.col("end").dt.strftime("%Y-%m-%dT%H:%M:%S%.6fZ"),
    )


def grade(result: Any, work: Path | None = None) -> Any:
    """``ueba.evaluate`` of a ``DetectionEval``; with ``work``, also write ``findings.jsonl`` and
    ``truth.csv`` there, so that ``ueba evaluate`` can grade the same run from files."""
    import ueba
    from ueba.export.jsonl import write_jsonl

    findings = result.findings.drop("day", "incident")
    truth = truth_of(result)
    if work is not None:
        write_jsonl(findings, work / "findings.jsonl")
        truth.write_csv(work / "truth.csv")
    return ueba.evaluate(findings, truth, population=result.principal_days, slack=SLACK)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scale", type=float, default=8.0)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--inject-days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seeds", default=None, help="Several seeds, e.g. 0,1,2 (overrides --seed)."
    )
    parser.add_argument(
        "--work", default=None, help="Write findings.jsonl and truth.csv of each seed here."
    )
    parser.add_argument(
        "--models",
        default=None,
        help="Models fitted on each scored day's window (default: those ueba baseline fits "
        "by default, rarity with scikit-learn; 'none': rules only).",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-day progress on stderr")
    args = parser.parse_args(argv)

    seeds = [int(x) for x in args.seeds.split(",")] if args.seeds else [args.seed]
    rows: list[dict[str, Any]] = []
    failed = False
    for seed in seeds:
        failed |= run_seed(args, seed, rows)
    if len(seeds) > 1:
        print("## All seeds\n\n" + markdown(rows))
    return 1 if failed else 0


def run_seed(args: argparse.Namespace, seed: int, rows: list[dict[str, Any]]) -> bool:
    """Evaluate one seed, print its tables; True when a target is missed."""
    plan = make_plan(
        days=args.days,
        seed=seed,
        scale=args.scale,
        accounts=args.accounts,
        inject_days=args.inject_days,
    )
    started = time.perf_counter()
    events = 0

    def progress(line: str) -> None:
        nonlocal events
        events += int(line.rsplit(": ", 1)[1].split()[0].replace(",", ""))
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{line}   ", end="", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="ueba-eval-") as work:
        result = evaluate_detection(plan, work_dir=work, progress=progress, models=args.models)
    elapsed = time.perf_counter() - started
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    out = None
    if args.work:
        out = Path(args.work) / f"seed-{seed}"
        out.mkdir(parents=True, exist_ok=True)
    graded = grade(result, out)
    rows += summary_row("synthetic", seed, graded)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    principals = len(plan.roles) + len(plan.people) + len(plan.service_roles)
    print(
        f"Synthetic org: seed {seed}, scale {args.scale}, {args.accounts} accounts, {principals} principals, "
        f"{args.days} days, {events:,} events; scored days "
        f"{result.scored_days[0]}..{result.scored_days[-1]} ({len(result.scored_days)} days, "
        f"{result.principal_days:,} principal-days). Wall {elapsed:.0f} s, peak RSS {rss_mb:,.0f} MB.\n"
    )
    print(result.to_markdown())
    fp = result.false_positives
    if fp.height:
        print("\nFalse positives by rule and first reason:\n")
        summary = (
            fp.with_columns(
                first=pl.col("reasons")
                .list.first()
                .str.replace_all(r"ASIA[A-Z0-9]{16}", "<key>")
                .str.replace_all(r"\d+ secret reads", "N secret reads")
            )
            .group_by("rule", "severity", "first")
            .len()
            .sort("len", descending=True)
        )
        for rule, severity, first, n in summary.head(10).iter_rows():
            print(f"- {n} x {severity} {rule}: {first}")
    print("\nGraded with ueba.evaluate (false findings include those on benign changes):\n")
    print(graded.to_text())
    missed = result.shortfalls()
    print("\nTargets: " + ("all met." if not missed else "MISSED: " + "; ".join(missed) + "."))
    issue8 = shortfalls(graded)
    print(
        "Issue 8 targets: "
        + ("all met." if not issue8 else "MISSED: " + "; ".join(issue8) + ".")
        + "\n"
    )
    return bool(missed)


if __name__ == "__main__":
    raise SystemExit(main())

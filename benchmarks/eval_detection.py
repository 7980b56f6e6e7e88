"""Detection quality on a synthetic organisation with known incidents.

Generates the seeded organisation of ``ueba.testing.synth``, runs the real daily job over it
(``ueba.enrichment.enrich`` -> ``ueba.baseline.profile.Baseline`` fit/update -> ``ueba.detect.scorer.
Scorer``), scores each of the last ``--inject-days`` days against the baseline of the days
before, matches findings to the injected truth (by access key or principal, and time), and
prints the table for benchmarks/README.md:

* every injected compromise: found? (and the highest severity, the rules that fired)
* false-positive findings per 1,000 principal-days (target <= 1)
* the highest severity on each benign change (target: below medium)

Run::

    python benchmarks/eval_detection.py --days 30 --scale 8 --inject-days 5

Exit status 0 when every target is met, 1 otherwise (so it can gate a release).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time

import polars as pl

from ueba.testing.synth import evaluate_detection, make_plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scale", type=float, default=8.0)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--inject-days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="no per-day progress on stderr")
    args = parser.parse_args(argv)

    plan = make_plan(days=args.days, seed=args.seed, scale=args.scale, accounts=args.accounts,
                     inject_days=args.inject_days)
    started = time.perf_counter()
    events = 0

    def progress(line: str) -> None:
        nonlocal events
        events += int(line.rsplit(": ", 1)[1].split()[0].replace(",", ""))
        if not args.quiet and sys.stderr.isatty():
            print(f"\r{line}   ", end="", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="ueba-eval-") as work:
        result = evaluate_detection(plan, work_dir=work, progress=progress)
    elapsed = time.perf_counter() - started
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    principals = len(plan.roles) + len(plan.people) + len(plan.service_roles)
    print(f"Synthetic org: seed {args.seed}, scale {args.scale}, {args.accounts} accounts, {principals} principals, "
          f"{args.days} days, {events:,} events; scored days "
          f"{result.scored_days[0]}..{result.scored_days[-1]} ({len(result.scored_days)} days, "
          f"{result.principal_days:,} principal-days). Wall {elapsed:.0f} s, peak RSS {rss_mb:,.0f} MB.\n")
    print(result.to_markdown())
    fp = result.false_positives
    if fp.height:
        print("\nFalse positives by rule and first reason:\n")
        summary = (
            fp.with_columns(first=pl.col("reasons").list.first().str.replace_all(r"ASIA[A-Z0-9]{16}", "<key>")
                            .str.replace_all(r"\d+ secret reads", "N secret reads"))
            .group_by("rule", "severity", "first").len().sort("len", descending=True)
        )
        for rule, severity, first, n in summary.head(10).iter_rows():
            print(f"- {n} x {severity} {rule}: {first}")
    shortfalls = result.shortfalls()
    print("\nTargets: " + ("all met." if not shortfalls else "MISSED: " + "; ".join(shortfalls) + "."))
    return 0 if not shortfalls else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Scoring speed and memory: one day of a large synthetic organisation against its baseline.

Builds (once, in this process) a synthetic organisation of ``--scale`` (80 gives ~1M events a
weekday with 2 accounts), enriches each of ``--history`` days and folds it into two baselines with
the daily job's own path (``Baseline.fit`` then ``Baseline.update`` per day): one with a 7-day
window and one with the full history window, saved with ``Baseline.save``. The next day is
written twice: as S3-layout CloudTrail ``.json.gz`` (for ingest) and as its enriched Parquet
(for scoring).

Then it measures, each in a fresh process so peak RSS is that step's alone, alternating A/B
for ``--repeats`` rounds and reporting medians:

* ingest (the peer): ``ueba.ingest(trail, lake=...)``, CloudTrail files -> Parquet lake;
* enrich: ``ueba.enrichment.enrich`` of the day's events;
* score: ``Baseline.load`` + ``Scorer(baseline).score(day).collect(engine=scorer.engine_)``, with the
  full-history baseline and with the 7-day one (memory should follow the baseline's size).

Run::

    python benchmarks/bench_score.py --scale 80 --history 30 --repeats 3

Targets (issue 4): scoring <= 50% of ingest time for the same day; memory bounded by the
baseline's size, not by history length.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl


def _rss_mb() -> float:
    """Peak RSS of this process (and of its helper processes), in MB.

    ``ru_maxrss`` of a freshly started child includes its parent's size at fork time, so the
    process's own high-water mark comes from /proc (reset by exec) where there is one.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1])
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _say(text: str, quiet: bool) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def build(
    work: Path, *, scale: float, history: int, accounts: int, seed: int, quiet: bool
) -> dict[str, Any]:
    """Generate, enrich and baseline ``history`` days; write the day after as files."""
    from benchmarks.synth import (
        day_date,
        day_events,
        make_plan,
        write_cloudtrail,
        write_geoip_mmdb,
    )
    from ueba.baseline.profile import Baseline
    from ueba.enrichment import enrich
    from ueba.enrichment.aws_ranges import AwsIpRanges
    from ueba.enrichment.geo import MaxMindReader

    plan = make_plan(days=history + 1, seed=seed, scale=scale, accounts=accounts, inject_days=1)
    asn_db, city_db = write_geoip_mmdb(work / "geo")
    ranges, geo = AwsIpRanges.bundled(), MaxMindReader(asn_db=asn_db, city_db=city_db)
    models: dict[str, Any] = {}
    # a 7-day window is only a second model when the history is longer than that
    windows = {"full": history, "7d": 7} if history > 7 else {"full": history}
    history_events = 0
    started = time.perf_counter()
    for index in range(history):
        events, _ = day_events(plan, index)
        history_events += events.height
        enriched = enrich(events.lazy(), ip_ranges=ranges, geo=geo).collect().lazy()
        until = day_date(plan, index + 1)
        for name, days in windows.items():
            if index < history - days:
                continue
            if name not in models:
                models[name] = Baseline(window=f"{days}d").fit(enriched, until=until)
            else:
                models[name].update(enriched, until=until)
        _say(
            f"history day {index + 1}/{history}: {events.height:,} events, "
            f"{time.perf_counter() - started:.0f} s",
            quiet,
        )
    sizes = {}
    if "7d" not in models:
        models["7d"] = models["full"]
        windows["7d"] = history
    for name, model in models.items():
        target = work / f"model-{name}"
        model.save(target)
        sizes[name] = {
            "window_days": windows[name],
            "profile_rows": model.profile_.height,
            "disk_mb": sum(f.stat().st_size for f in target.rglob("*") if f.is_file()) / 1e6,
        }
    events, _ = day_events(plan, history)
    events.write_parquet(work / "today-events.parquet")
    write_cloudtrail(events, work / "trail", minutes=15)
    enrich(events.lazy(), ip_ranges=ranges, geo=geo).collect().write_parquet(
        work / "today-enriched.parquet"
    )
    return {
        "history_events": history_events,
        "today_events": events.height,
        "models": sizes,
        "build_s": time.perf_counter() - started,
        "day": str(day_date(plan, history)),
    }


def child(mode: str, work: Path, model: str | None) -> dict[str, Any]:
    """One measured step, in its own process."""
    if mode == "ingest":
        from ueba.io.lake import ingest

        lake = work / "lake"
        shutil.rmtree(lake, ignore_errors=True)
        t0 = time.perf_counter()
        report = ingest([str(work / "trail")], lake)
        seconds = time.perf_counter() - t0
        shutil.rmtree(lake, ignore_errors=True)
        return {
            "seconds": seconds,
            "events": int(getattr(report, "events", 0)),
            "rss_mb": _rss_mb(),
        }
    if mode == "enrich":
        from ueba.enrichment import enrich
        from ueba.enrichment.aws_ranges import AwsIpRanges
        from ueba.enrichment.geo import MaxMindReader

        events = pl.read_parquet(work / "today-events.parquet")
        geo = MaxMindReader(
            asn_db=work / "geo" / "synth-ASN.mmdb", city_db=work / "geo" / "synth-City.mmdb"
        )
        t0 = time.perf_counter()
        enrich(events.lazy(), ip_ranges=AwsIpRanges.bundled(), geo=geo).collect()
        return {"seconds": time.perf_counter() - t0, "events": events.height, "rss_mb": _rss_mb()}
    from benchmarks.synth import threat_ips
    from ueba.baseline.profile import Baseline
    from ueba.config import Config
    from ueba.detect.scorer import Scorer

    today = pl.read_parquet(work / "today-enriched.parquet")
    t0 = time.perf_counter()
    baseline = Baseline.load(work / f"model-{model}")
    loaded = time.perf_counter() - t0
    config = Config(threat_networks=tuple(f"{ip}/32" for ip in threat_ips()))
    t1 = time.perf_counter()
    scorer = Scorer(baseline, config=config)
    findings = scorer.score(today.lazy()).collect(engine=scorer.engine_)
    return {
        "seconds": time.perf_counter() - t1,
        "load_s": loaded,
        "events": today.height,
        "findings": findings.height,
        "rss_mb": _rss_mb(),
    }


def _run_child(mode: str, work: Path, model: str | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--work", str(work)]
    if model:
        cmd += ["--model", model]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"bench_score: the {mode} step failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=80.0)
    parser.add_argument("--history", type=int, default=30)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the built data here (default: a temp dir)"
    )
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--child", choices=["ingest", "enrich", "score"], help=argparse.SUPPRESS)
    parser.add_argument("--model", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.work, args.model)))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="ueba-bench-score-"))
    work.mkdir(parents=True, exist_ok=True)
    built_file = work / "built.json"
    if built_file.exists():
        built = json.loads(built_file.read_text())
        _say(f"reusing the data built in {work}", args.quiet)
    else:
        built = build(
            work,
            scale=args.scale,
            history=args.history,
            accounts=args.accounts,
            seed=args.seed,
            quiet=args.quiet,
        )
        built_file.write_text(json.dumps(built))
    steps = [("ingest", None), ("score", "full"), ("enrich", None), ("score", "7d")]
    runs: dict[str, list[dict[str, Any]]] = {}
    for round_ in range(args.repeats):
        for mode, model in steps:
            key = mode if model is None else f"{mode}-{model}"
            runs.setdefault(key, []).append(_run_child(mode, work, model))
            _say(f"round {round_ + 1}: {key} {runs[key][-1]['seconds']:.2f} s", args.quiet)

    def med(key: str, field: str = "seconds") -> float:
        return statistics.median(r[field] for r in runs[key])

    n = built["today_events"]
    full, seven = built["models"]["full"], built["models"]["7d"]
    print(
        f"Day {built['day']}: {n:,} events; history {args.history} days, {built['history_events']:,} events "
        f"(scale {args.scale}, {args.accounts} accounts, seed {args.seed}); medians of {args.repeats} A/B rounds, "
        f"each step in a fresh process; {os.cpu_count()} cores.\n"
    )
    print("| step | wall s | events/s | peak RSS MB | vs ingest |")
    print("|---|---|---|---|---|")
    ingest_s = med("ingest")
    for key, label in (
        ("ingest", "ingest (CloudTrail .json.gz -> lake)"),
        ("enrich", "enrich"),
        ("score-full", f"score, {full['window_days']}-day baseline"),
        ("score-7d", f"score, {seven['window_days']}-day baseline"),
    ):
        s = med(key)
        print(
            f"| {label} | {s:.2f} | {n / s:,.0f} | {med(key, 'rss_mb'):,.0f} | {s / ingest_s:.2f}x |"
        )
    print(
        f"\nBaseline load (not in score time): {med('score-full', 'load_s'):.2f} s ({full['window_days']}-day), "
        f"{med('score-7d', 'load_s'):.2f} s (7-day). Findings: {runs['score-full'][0]['findings']} "
        f"({full['window_days']}-day), {runs['score-7d'][0]['findings']} (7-day)."
    )
    print(
        f"Baseline size: {full['window_days']}-day {full['profile_rows']:,} profile rows, {full['disk_mb']:.0f} MB on disk; "
        f"7-day {seven['profile_rows']:,} rows, {seven['disk_mb']:.0f} MB."
    )
    ingested = runs["ingest"][0]["events"]
    if ingested != n:
        print(f"Note: ingest stored {ingested:,} of the day's {n:,} events.")
    ratio = med("score-full") / ingest_s
    print(
        f"\nTarget scoring <= 50% of ingest: {'met' if ratio <= 0.5 else 'MISSED'} ({ratio:.0%})."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

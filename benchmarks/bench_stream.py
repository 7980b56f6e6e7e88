"""Streaming throughput and latency: a synthetic day fed to ``ueba.stream.Stream`` in micro-batches.

Builds a synthetic organisation (``benchmarks.synth``) of ``--days`` days at ``--scale``, fits
the baseline on all days but the last, then feeds the day before the last (the minting context a
live stream would have seen; not timed) and the last day, in time order, as EventBridge events in
micro-batches of ``--batch`` events, to a fresh state directory per batch size. For each size it
reports events/s over the day, the p50 / p99 / max latency of one ``process()`` call, the
findings at the end (checked equal to the daily job's), the state's size, and the load average.

Run::

    python benchmarks/bench_stream.py --scale 0.5 --days 8 --batch 50 500

Results: ``benchmarks/README.md``, "Streaming".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _records(events: pl.DataFrame) -> list[dict[str, Any]]:
    from benchmarks.synth._write import cloudtrail_records

    frame = cloudtrail_records(events.sort("event_time", "event_id")).collect()
    return [json.loads(r) for r in frame["record"]]


def _eventbridge(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"detail-type": "AWS API Call via CloudTrail", "detail": r} for r in records]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.5)
    parser.add_argument("--days", type=int, default=8)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--batch", type=int, nargs="+", default=[50, 500])
    args = parser.parse_args()

    from benchmarks.synth import generate_org, write_cloudtrail
    from ueba.baseline.profile import Baseline
    from ueba.enrichment import enrich
    from ueba.io.lake import ingest
    from ueba.pipeline import load_model, score_days
    from ueba.stream import Stream

    work = Path(tempfile.mkdtemp(prefix="bench-stream-"))
    org = generate_org(days=args.days, seed=args.seed, scale=args.scale, accounts=2, inject_days=1)
    last = org.events["event_time"].max().date()  # type: ignore[union-attr]
    midnight = dt.datetime(last.year, last.month, last.day, tzinfo=dt.UTC)
    history = org.events.filter(pl.col("event_time") < midnight)
    Baseline(window="30d", min_days=3).fit(enrich(history.lazy()), until=midnight).save(
        work / "model"
    )
    write_cloudtrail(
        org.events.filter(pl.col("event_time") >= midnight - dt.timedelta(days=1)), work / "trail"
    )
    ingest([str(work / "trail")], str(work / "lake"))
    batch = score_days(work / "lake", baseline=load_model(work / "model"), which=last).findings
    before = _records(
        org.events.filter(pl.col("event_time").dt.date() == last - dt.timedelta(days=1))
    )
    today = _records(org.events.filter(pl.col("event_time").dt.date() == last))
    print(
        f"day {last}: {len(today):,} events, context day {len(before):,}; batch job: "
        f"{batch.height} finding(s)",
        file=sys.stderr,
    )

    rows = []
    for size in args.batch:
        state = work / f"state-{size}"
        stream = Stream(work / "model", state_dir=state)
        for i in range(0, len(before), 2000):
            stream.process(_eventbridge(before[i : i + 2000]))
        latencies = []
        start = time.perf_counter()
        for i in range(0, len(today), size):
            t0 = time.perf_counter()
            stream.process(_eventbridge(today[i : i + size]))
            latencies.append(time.perf_counter() - t0)
        wall = time.perf_counter() - start
        final = stream.findings(last)
        same = sorted(final["finding_id"]) == sorted(batch["finding_id"]) and sorted(
            final["severity"]
        ) == sorted(batch["severity"])
        state_bytes = sum(p.stat().st_size for p in state.rglob("*") if p.is_file())
        rows.append(
            {
                "batch_events": size,
                "batches": len(latencies),
                "events": len(today),
                "events_per_s": round(len(today) / wall, 1),
                "p50_ms": round(1000 * statistics.median(latencies), 1),
                "p99_ms": round(1000 * _percentile(latencies, 0.99), 1),
                "max_ms": round(1000 * max(latencies), 1),
                "findings": final.height,
                "equal_to_batch": same,
                "state_mb": round(state_bytes / 1e6, 2),
                "loadavg": [round(x, 2) for x in os.getloadavg()],
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    print(
        "\n| batch | batches | events/s | p50 ms | p99 ms | max ms | = batch | state MB | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['batch_events']} | {r['batches']} | {r['events_per_s']:,} | {r['p50_ms']} | "
            f"{r['p99_ms']} | {r['max_ms']} | {r['equal_to_batch']} | {r['state_mb']} | "
            f"{' '.join(map(str, r['loadavg']))} |"
        )


if __name__ == "__main__":
    main()

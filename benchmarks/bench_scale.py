"""One day of ~1M events through the daily job: the local engine vs Spark local[1] and local[2].

Each configuration runs in its own subprocess on a fresh lake: ingest the corpus, then score the
day (baseline-free, so the day itself is the work). Reported per configuration: wall time of
ingest and of scoring, events/s, the fixed overhead (session start, and a one-file ingest through
the same path), peak RSS of the driver process, and the largest peak RSS among its children:
the Spark JVM (which holds the local executor) or one of ueba's parse helpers. Spark's Python
workers are the JVM's children, not counted there; their peak is bounded by the task's data.

    python benchmarks/bench_scale.py                  # ~1M events (~1.7 GB of JSON), 1 run each
    python benchmarks/bench_scale.py --gigabytes 0.1  # a quick look
    python benchmarks/bench_scale.py --configs local spark1

Needs ``pip install 'ueba[spark]'`` and Java 17+. Never run from the test suite; run it on an
idle machine (the script refuses when the 1-minute load average is above 4 unless --force).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_TINY = "aws.defense-evasion.cloudtrail-stop.json"  # one file: the fixed cost of a run
CONFIGS = {"local": None, "spark1": "local[1]", "spark2": "local[2]"}


def _child_peak_mb() -> float:
    """The largest peak RSS among this process's waited-for children (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(config: str, corpus: str, lake: Path) -> dict[str, Any]:
    """Ingest and score in this process with one engine; return the figures."""
    from ueba import pipeline
    from ueba.engines import get_engine

    master = CONFIGS[config]
    started = time.perf_counter()
    engine = get_engine("local") if master is None else get_engine("spark", master=master)
    session_s = time.perf_counter() - started
    tiny = Path(__file__).parents[1] / "data" / "samples" / "stratus" / _TINY
    shutil.rmtree(lake.parent / f"tiny-lake-{config}", ignore_errors=True)
    started = time.perf_counter()
    pipeline.ingest([str(tiny)], lake.parent / f"tiny-lake-{config}", engine=engine)
    tiny_s = time.perf_counter() - started
    started = time.perf_counter()
    report = pipeline.ingest([corpus], lake, engine=engine)
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    findings: int | str
    try:
        findings = pipeline.score_days(
            lake, which="all", update=False, engine=engine
        ).findings.height
    except BaseException as exc:  # a scorer crash must not hide the ingest figures
        findings = f"scoring failed: {type(exc).__name__}: {str(exc)[:120]}"
    score_s = time.perf_counter() - started
    engine.close()
    return {
        "config": config,
        "events": report.events,
        "files": report.files_read,
        "session_s": round(session_s, 2),
        "tiny_ingest_s": round(tiny_s, 2),
        "ingest_s": round(ingest_s, 2),
        "score_s": round(score_s, 2),
        "findings": findings,
        "driver_peak_mb": round(_self_peak_mb()),
        "largest_child_peak_mb": round(_child_peak_mb()),
    }


def _corpus(root: Path, gigabytes: float, seed: int) -> dict[str, Any]:
    path = root / f"scale-{gigabytes:g}gb-seed{seed}"
    marker = path / "corpus.json"
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        return info
    from benchmarks.corpus import write_s3_layout_corpus

    shutil.rmtree(path, ignore_errors=True)
    made = write_s3_layout_corpus(
        path / "data", target_bytes=int(gigabytes * 1e9), seed=seed, accounts=5
    )
    info = {"path": str(path / "data"), "files": made.files, "events": made.events}
    marker.write_text(json.dumps(info))
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gigabytes", type=float, default=1.7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--work", default=".bench/scale")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one config
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--lake", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, Path(args.lake))))
        return
    load = os.getloadavg()[0]
    if load > 4 and not args.force:
        raise SystemExit(f"load average {load:.1f} > 4: figures would measure the neighbours")
    work = Path(args.work)
    corpus = _corpus(work, args.gigabytes, args.seed)
    print(f"corpus: {corpus['events']:,} events in {corpus['files']:,} files", file=sys.stderr)
    rows = []
    for config in args.configs:
        lake = work / f"lake-{config}"
        shutil.rmtree(lake, ignore_errors=True)
        command = [
            sys.executable,
            __file__,
            "--one",
            config,
            "--corpus",
            corpus["path"],
            "--lake",
            str(lake),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{config} failed:\n{done.stderr[-3000:]}")
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["load_1m"] = round(os.getloadavg()[0], 2)
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(
        "| config | events | ingest s | events/s | score s | findings | session s | 1-file ingest s "
        "| driver MB | largest child MB | load |"
    )
    print("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in rows:
        rate = r["events"] / r["ingest_s"] if r["ingest_s"] else 0
        print(
            f"| {r['config']} | {r['events']:,} | {r['ingest_s']} | {rate:,.0f} | {r['score_s']} "
            f"| {r['findings']} | {r['session_s']} | {r['tiny_ingest_s']} | {r['driver_peak_mb']} "
            f"| {r['largest_child_peak_mb']} | {r['load_1m']} |"
        )


if __name__ == "__main__":
    main()

"""Where an ingest's CPU goes, per event and per stage, on one corpus, in one process.

Runs the real ``ueba.ingest(..., workers=1)`` with a CPU timer around each stage (exclusive
time: a stage called inside another is not counted twice), then measures on the same files
what the pipeline does inside one call (reading, gunzip and hashing inside ``load_source``;
redaction inside the scan) and what only a multi-process run pays (interpreter start-up, the
hand-off of each file's outcome through a queue).

    python benchmarks/profile_ingest.py /tmp/c1g/AWSLogs            # the whole corpus
    python benchmarks/profile_ingest.py DIR --files 300 --json     # a part, machine-readable

Figures are CPU microseconds per event (``time.process_time``), so they hold on a shared
machine better than wall time; the load average is printed beside them. Never run from tests.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


class Stages:
    """Exclusive CPU seconds per stage: time spent in a nested stage counts for it alone."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[float]] = []  # [start, time taken by nested stages]

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.process_time(), 0.0]
            self._stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                self._stack.pop()
                spent = time.process_time() - frame[0]
                self.seconds[name] = self.seconds.get(name, 0.0) + spent - frame[1]
                self.calls[name] = self.calls.get(name, 0) + 1
                if self._stack:
                    self._stack[-1][1] += spent

        return timed


def _instrument(stages: Stages) -> None:
    """Put a timer around each stage of the pipeline (in this process only)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ueba.io import _commit, _ingest, _native, _work, _writer

    def patch(owner: Any, attribute: str, name: str) -> None:
        setattr(owner, attribute, stages.wrap(name, getattr(owner, attribute)))

    patch(_ingest, "plan_ingest", "list sources + manifest (plan)")
    patch(_work, "load_source", "read + gunzip + hash (load_source)")
    patch(_native.ScanBatch, "scan", "scan (compiled, redaction included)")
    patch(_native.ScanBatch, "take", "Arrow hand-over (take)")
    patch(_writer, "partitions", "split by partition")
    if hasattr(_native.ScanBatch, "take_partitions"):  # the scanner splits its own batches
        patch(_native.ScanBatch, "take_partitions", "split by partition")
    patch(pa, "concat_tables", "concat buffered tables")
    patch(pq.ParquetWriter, "write_table", "Parquet encode + compress + write")
    patch(pq.ParquetWriter, "close", "Parquet encode + compress + write")
    patch(_work, "parse_loaded", "pure-path parse (refused files)")
    patch(_ingest, "quarantine_skewed", "clock-skew check")
    patch(_ingest._manifest, "write", "manifest")
    patch(_ingest, "_stage_quarantine", "quarantine file")
    patch(_ingest, "commit", "commit (dedupe, publish, log)")
    patch(_commit, "_dedupe", "  of which dedupe")


def _load_parts(files: list[Path]) -> dict[str, float]:
    """CPU seconds of what ``load_source`` does for every file, one step at a time."""
    from blake3 import blake3

    from ueba.io._decode import Inflater

    def best(step: Callable[[], Any]) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            step()
            times.append(time.process_time() - start)
        return min(times)

    blobs = [path.read_bytes() for path in files]

    def read() -> None:
        for path in files:
            with path.open("rb", buffering=0) as handle:
                while handle.read(1 << 20):
                    pass

    def gunzip() -> None:
        for blob in blobs:
            inflater = Inflater(1 << 30)
            inflater.feed(blob)
            inflater.finish()

    def digest() -> None:
        for blob in blobs:  # the manifest's content hash, as load_source computes it
            blake3(blob).hexdigest(16)

    return {"read": best(read), "gunzip": best(gunzip), "hash": best(digest)}


def _redaction(files: list[Path]) -> float:
    """CPU seconds of the scan's redaction: the scan with the rules minus without any."""
    from ueba.io._decode import gunzip
    from ueba.io._native import ScanBatch, load_scanner

    module = load_scanner()
    documents = [gunzip(path.read_bytes(), 1 << 30)[0] for path in files]

    def scan(batch: Any) -> float:
        times = []
        for _ in range(3):
            start = time.process_time()
            for path, document in zip(files, documents, strict=True):
                batch.scan(document, str(path))
            times.append(time.process_time() - start)
            batch.take()
        return min(times)

    with_rules = ScanBatch(module)
    without = ScanBatch(module)
    without._builder = module.Builder(lambda member: member, (), None)
    return scan(with_rules) - scan(without)


def _startup() -> float:
    """CPU seconds for a helper interpreter to import what a worker needs (best of 3)."""
    import ueba

    code = "import ueba.io._work, ueba.io._native; ueba.io._native.load_scanner()"
    tree = Path(ueba.__file__).parents[1]  # ``-c`` puts the working directory first on the path
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True, cwd=tree)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, spent)
    return best


def _handoff(outcomes: list[Any]) -> float:
    """CPU seconds to pickle and unpickle every file's outcome (what the queue carries)."""
    start = time.process_time()
    for outcome in outcomes:
        pickle.loads(pickle.dumps(("file", "w1", (0, outcome)), pickle.HIGHEST_PROTOCOL))
    return time.process_time() - start


def profile(corpus: Path, limit: int | None) -> dict[str, Any]:
    import ueba
    from ueba.io import _work

    files = sorted(corpus.rglob("*.json.gz"))
    if limit:
        files = files[:limit]
    stages = Stages()
    _instrument(stages)
    outcomes: list[Any] = []
    process = _work.Worker.process

    def keep(self: Any, source: Any) -> Any:
        outcome = process(self, source)
        outcomes.append(outcome)
        return outcome

    _work.Worker.process = keep  # type: ignore[method-assign]
    lake = Path(tempfile.mkdtemp(prefix="ueba-profile-"))
    try:
        start = time.process_time()
        report = ueba.ingest([str(path) for path in files], lake=str(lake / "lake"), workers=1)
        total = time.process_time() - start
    finally:
        shutil.rmtree(lake, ignore_errors=True)
        _work.Worker.process = process  # type: ignore[method-assign]
    events = report.events
    seconds = dict(stages.seconds)
    seconds["other (Python glue, outside the stages)"] = total - sum(seconds.values())
    loads = _load_parts(files)
    seconds_apart = {
        "  of which read": loads["read"],
        "  of which gunzip (isal)": loads["gunzip"],
        "  of which content hash (blake3)": loads["hash"],
        "  of which redaction (scan with rules - without)": _redaction(files),
        "hand-off per file through the queue (pickle, 2 processes only)": _handoff(outcomes),
        "interpreter start-up + imports (per helper process)": _startup(),
    }
    return {
        "corpus": str(corpus),
        "files": len(files),
        "events": events,
        "cpu_seconds": total,
        "load_average": os.getloadavg()[0],
        "stages": seconds,
        "measured_apart": seconds_apart,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a directory of .json.gz CloudTrail files")
    parser.add_argument("--files", type=int, help="only the first N files (sorted by path)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = profile(args.corpus, args.files)
    if args.json:
        print(json.dumps(result))
        return
    events = result["events"]
    per = 1e6 / events
    print(
        f"{result['files']:,} files, {events:,} events, {result['cpu_seconds']:.2f} CPU s "
        f"({result['cpu_seconds'] * per:.2f} us/event), load average {result['load_average']:.2f}"
    )
    print("in-pipeline stages (exclusive CPU, us/event):")
    for name, seconds in sorted(result["stages"].items(), key=lambda item: -item[1]):
        print(f"  {name:62s} {seconds * per:7.2f}")
    print("measured apart on the same files:")
    for name, seconds in result["measured_apart"].items():
        unit = "s" if "start-up" in name else "us/event"
        value = seconds if unit == "s" else seconds * per
        print(f"  {name:62s} {value:7.2f} {unit}")


if __name__ == "__main__":
    main()

"""The scorer's fixed cost per call: small days scored again and again, two trees side by side.

A CI suite module scores 7-8 small days (1,400-2,100 events each), and so does a pipeline that
scores every five-minute delivery: what such a call costs is mostly the scorer's own work (the
rules' plans built, optimised and collected), not the events. This measures it.

Two steps:

* ``--capture DIR``: run heldout16's CI-scale evaluation (the fixture of
  ``tests/evaluate/test_heldout16_suite.py``: seed 1, 8 days, scale 0.15) in this process and
  save what each ``Scorer.score`` call was given: the enriched day (Parquet), the baseline
  (``Baseline.save``), the fitted models (``save_models``) and the configuration's threat list
  (the only setting the suite changes). A capture is read by any tree, so every tree scores the same inputs.
* ``--trees A,B --inputs DIR``: for each round, for each tree, a fresh process with that tree
  first on ``sys.path`` (e.g. a ``git archive`` of main, with its compiled scanner, and this
  worktree) loads every captured day, scores each once to warm up, then ``--repeats`` more
  times, and reports per scoring the CPU seconds (``time.process_time``: every thread of the
  process), the ``LazyFrame.collect`` / ``pl.collect_all`` / ``collect_schema`` calls, and the
  sha256 of the findings (rows sorted, written as JSON), which must be equal between trees.
  The trees alternate within each round, and the load average is printed beside each figure.
  ``--profile N`` adds a cProfile of N more scorings of each day (the top functions by
  cumulative time).

Run::

    python benchmarks/bench_score_small.py --capture /tmp/x/inputs
    python benchmarks/bench_score_small.py --inputs /tmp/x/inputs --trees /tmp/old,. --rounds 3
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# run as a script, the repository root is not on the path; a child process (``--child``) takes
# the tree under test from PYTHONPATH alone
if __package__ in (None, "") and "--child" not in sys.argv:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
elif __package__ in (None, ""):
    sys.path.remove(str(Path(__file__).resolve().parent))


def load_average() -> str:
    """The 1-minute load average (``/proc/loadavg``), as text."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def capture(out: Path) -> None:
    """Save the inputs of every ``Scorer.score`` call of heldout16's CI-scale evaluation."""
    import polars as pl

    from ueba.config import Config
    from ueba.detect._model_store import save_models
    from ueba.detect.scorer import Scorer

    out.mkdir(parents=True, exist_ok=True)
    original = Scorer.score
    calls: list[int] = []

    def recording(self: Scorer, enriched_today: Any) -> Any:
        config = self.config if self.config is not None else Config()
        if dataclasses.replace(config, threat_networks=()) != Config():
            raise SystemExit("capture: the suite's Config sets more than its threat list")
        folder = out / f"day{len(calls):02d}"
        folder.mkdir()
        (folder / "threat.json").write_text(json.dumps(list(config.threat_networks)))
        frame = enriched_today
        if isinstance(frame, pl.LazyFrame):
            frame = frame.collect()
        frame.write_parquet(folder / "day.parquet")
        if self.baseline is not None:
            self.baseline.save(folder / "baseline")
        if self.models:
            save_models(list(self.models), folder / "models")
        calls.append(frame.height)
        return original(self, enriched_today)

    Scorer.score = recording  # type: ignore[method-assign]
    from benchmarks.eval_heldout16 import evaluate

    evaluate(1, out / "work", days=8, scale=0.15, quiet=True)
    Scorer.score = original  # type: ignore[method-assign]
    print(json.dumps({"days": len(calls), "events": calls}))


def child(inputs: Path, repeats: int, profile: int) -> None:
    """In a fresh process with the tree under test first on the path: score every captured day
    ``1 + repeats`` times and print one JSON line of figures."""
    import polars as pl

    import ueba
    from ueba.baseline.profile import Baseline
    from ueba.config import Config
    from ueba.detect._model_store import load_models
    from ueba.detect.scorer import Scorer

    counts = {"collect": 0, "collect_all": 0, "collect_schema": 0}
    originals: dict[str, Any] = {
        "collect": pl.LazyFrame.collect,
        "collect_schema": pl.LazyFrame.collect_schema,
        "collect_all": pl.collect_all,
    }

    def counting(name: str) -> Any:
        fn = originals[name]

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return fn(*args, **kwargs)

        return wrapped

    pl.LazyFrame.collect = counting("collect")  # type: ignore[method-assign]
    pl.LazyFrame.collect_schema = counting("collect_schema")  # type: ignore[method-assign]
    pl.collect_all = counting("collect_all")

    days = []
    for folder in sorted(p for p in inputs.iterdir() if p.name.startswith("day")):
        baseline = Baseline.load(folder / "baseline") if (folder / "baseline").exists() else None
        models = load_models(folder / "models")
        config = Config(threat_networks=tuple(json.loads((folder / "threat.json").read_text())))
        day = pl.read_parquet(folder / "day.parquet")
        days.append((folder.name, day, baseline, models, config))

    def score(day: pl.DataFrame, baseline: Any, models: list[Any], config: Any) -> pl.DataFrame:
        scorer = Scorer(baseline, config=config, models=models).fit()
        return scorer.score(day.lazy()).collect(engine=scorer.engine_)

    result: dict[str, Any] = {"ueba": str(Path(ueba.__file__).parent), "days": {}}
    for name, day, baseline, models, config in days:
        findings = score(day, baseline, models, config)  # warm-up (imports, first plans)
        digest = hashlib.sha256(
            findings.sort(pl.all().exclude(pl.List, pl.Struct, pl.Array)).write_json().encode()
        ).hexdigest()
        cpu, collects, schemas = [], [], []
        for _ in range(repeats):
            before = dict(counts)
            start = time.process_time()
            score(day, baseline, models, config)
            cpu.append(time.process_time() - start)
            collects.append(
                counts["collect"]
                + counts["collect_all"]
                - before["collect"]
                - before["collect_all"]
            )
            schemas.append(counts["collect_schema"] - before["collect_schema"])
        result["days"][name] = {
            "events": day.height,
            "findings": findings.height,
            "sha256": digest,
            "cpu": cpu,
            "collects": collects[-1],
            "collect_schema": schemas[-1],
        }
    if profile:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        for _ in range(profile):
            for _, day, baseline, models, config in days:
                score(day, baseline, models, config)
        prof.disable()
        text = io.StringIO()
        pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(40)
        result["profile"] = text.getvalue()
    print(json.dumps(result))


def compare(inputs: Path, trees: list[str], rounds: int, repeats: int, profile: int) -> int:
    """Alternate the trees' child processes for ``rounds`` rounds and print the figures."""
    figures: dict[str, list[dict[str, Any]]] = {t: [] for t in trees}
    for r in range(rounds):
        for tree in trees:
            load_before = load_average()
            env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
            command = [sys.executable, __file__, "--child", "--inputs", str(inputs)]
            command += ["--repeats", str(repeats), "--profile", str(profile if r == 0 else 0)]
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, check=False, cwd=tree
            )
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            run = json.loads(done.stdout.strip().splitlines()[-1])
            run["load"] = f"{load_before} -> {load_average()}"
            run["utc"] = time.strftime("%H:%M:%S", time.gmtime())
            figures[tree].append(run)
            per = [c for d in run["days"].values() for c in d["cpu"]]
            collects = statistics.mean(d["collects"] for d in run["days"].values())
            print(
                f"round {r + 1} {tree} ({run['ueba']}) {run['utc']} load {run['load']}: "
                f"median {statistics.median(per):.3f} CPU s a scoring, mean "
                f"{statistics.mean(per):.3f}; {collects:.1f} collects a scoring"
            )
            if run.get("profile"):
                print(run["profile"])
    # per day: medians over every round and repeat, per tree, and the findings' digests
    print(
        "| day | events | findings | "
        + " | ".join(f"{t} CPU s" for t in trees)
        + " | "
        + " | ".join(f"{t} collects / schemas" for t in trees)
        + " | same findings |"
    )
    print("|---" * (4 + 2 * len(trees)) + "|")
    same_everywhere = True
    first = figures[trees[0]][0]["days"]
    for name, day in first.items():
        meds = [
            statistics.median(c for run in figures[t] for c in run["days"][name]["cpu"])
            for t in trees
        ]
        cols = [
            f"{figures[t][0]['days'][name]['collects']} / "
            f"{figures[t][0]['days'][name]['collect_schema']}"
            for t in trees
        ]
        digests = {run["days"][name]["sha256"] for t in trees for run in figures[t]}
        same_everywhere &= len(digests) == 1
        print(
            f"| {name} | {day['events']:,} | {day['findings']} | "
            + " | ".join(f"{m:.3f}" for m in meds)
            + " | "
            + " | ".join(cols)
            + f" | {'yes ' + next(iter(digests))[:12] if len(digests) == 1 else 'NO'} |"
        )
    totals = [
        sum(
            statistics.median(c for run in figures[t] for c in run["days"][n]["cpu"]) for n in first
        )
        for t in trees
    ]
    print(
        "sum of the days' medians: "
        + ", ".join(f"{t} {s:.3f}" for t, s in zip(trees, totals, strict=True))
    )
    return 0 if same_everywhere else 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--capture", type=Path, help="save the CI run's scoring inputs here")
    parser.add_argument("--inputs", type=Path, help="a capture to score")
    parser.add_argument("--trees", default=".", help="comma-separated trees to compare")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.capture:
        capture(args.capture)
        return 0
    if args.inputs is None:
        parser.error("--inputs (or --capture) is needed")
    if args.child:
        child(args.inputs, args.repeats, args.profile)
        return 0
    return compare(args.inputs, args.trees.split(","), args.rounds, args.repeats, args.profile)


if __name__ == "__main__":
    sys.exit(main())

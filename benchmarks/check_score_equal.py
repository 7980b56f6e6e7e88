"""Check that two trees of ``ueba`` score a day identically: every rule's hits and the findings.

A speed change to the scorer must not change a single hit. This scores one built day (the
``--work`` directory of ``benchmarks/bench_score.py``: ``today-enriched.parquet`` and a saved
``model-<name>``) with the code of two source trees, each in a fresh process whose
``PYTHONPATH`` is that tree, and compares:

* the hits of every rule (``Scorer.hits``), sorted on every column, rule by rule;
* the final findings (``Scorer.score``), sorted on their identity and content.

Run::

    git archive main | tar -x -C /tmp/ueba-old     # the reference tree
    python benchmarks/check_score_equal.py --old /tmp/ueba-old --new . \\
        --work /tmp/bench-score-cold7

Exit status 0 when both trees agree; 1 (with the first differing rows) when they do not. It also
prints each tree's scoring wall time, measured in the same process as the collect, for a rough
comparison only (use paired runs of ``bench_score.py`` for figures).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

_ORDER_FINDINGS = ("finding_id", "rule", "severity", "score", "access_key_id", "first_seen")


def _sortable(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns polars cannot sort on (lists, structs) as their JSON text, for a total order."""
    out = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, (pl.List, pl.Struct, pl.Array)):
            out.append(
                pl.col(name).map_batches(
                    lambda s: pl.Series([json.dumps(v, default=str) for v in s.to_list()]),
                    return_dtype=pl.String,
                )
            )
        else:
            out.append(pl.col(name))
    return frame.select(out)


def canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` in a canonical row order: sorted on every column (nested ones as JSON)."""
    flat = _sortable(frame)
    return flat.sort(flat.columns, nulls_last=True)


def child(work: Path, model: str, out: Path) -> dict[str, Any]:
    """Score the day with the ``ueba`` importable here; write hits and findings to ``out``."""
    from ueba.baseline.profile import Baseline
    from ueba.config import Config
    from ueba.detect.scorer import Scorer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.synth import threat_ips

    today = pl.read_parquet(work / "today-enriched.parquet")
    baseline = Baseline.load(work / f"model-{model}")
    config = Config(threat_networks=tuple(f"{ip}/32" for ip in threat_ips()))
    scorer = Scorer(baseline, config=config).fit()
    t0 = time.perf_counter()
    findings = scorer.score(today.lazy()).collect(engine=scorer.engine_)
    seconds = time.perf_counter() - t0
    hits = scorer.hits(today.lazy()).collect(engine=scorer.engine_)
    canonical(hits).write_parquet(out / "hits.parquet")
    canonical(findings).write_parquet(out / "findings.parquet")
    import ueba

    return {
        "seconds": seconds,
        "hits": hits.height,
        "findings": findings.height,
        "ueba": ueba.__file__,
    }


def _score_with(tree: Path, work: Path, model: str, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    cmd = [sys.executable, __file__, "--child", "--work", str(work), "--model", model]
    cmd += ["--out", str(out)]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if run.returncode != 0:
        raise SystemExit(f"check_score_equal: scoring with {tree} failed:\n{run.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def compare(old: pl.DataFrame, new: pl.DataFrame, what: str) -> list[str]:
    """Human-readable differences between two canonical frames (empty when equal)."""
    if old.schema != new.schema:
        return [f"{what}: schemas differ: {old.schema} vs {new.schema}"]
    if old.equals(new):
        return []
    only_old = old.join(new, on=old.columns, how="anti", nulls_equal=True)
    only_new = new.join(old, on=old.columns, how="anti", nulls_equal=True)
    lines = [
        f"{what}: {old.height} rows old, {new.height} new; {only_old.height} only old, "
        f"{only_new.height} only new"
    ]
    if only_old.height:
        lines.append(f"only old:\n{only_old.head(5)}")
    if only_new.height:
        lines.append(f"only new:\n{only_new.head(5)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, help="the reference source tree")
    parser.add_argument("--new", type=Path, default=Path("."), help="the tree under test")
    parser.add_argument("--work", type=Path, required=True, help="a bench_score.py work dir")
    parser.add_argument("--model", default="7d", help="which saved model-<name> to score with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.work, args.model, args.out)))
        return 0
    if args.old is None:
        parser.error("--old is required")
    with tempfile.TemporaryDirectory(prefix="ueba-score-equal-") as tmp:
        runs = {}
        for name, tree in (("old", args.old), ("new", args.new)):
            runs[name] = _score_with(tree, args.work, args.model, Path(tmp) / name)
            print(f"{name}: {runs[name]}", file=sys.stderr)
        problems: list[str] = []
        hits = {n: pl.read_parquet(Path(tmp) / n / "hits.parquet") for n in runs}
        rules = sorted(set(hits["old"]["rule"]) | set(hits["new"]["rule"]))
        for rule in rules:
            per = {n: h.filter(pl.col("rule") == rule) for n, h in hits.items()}
            found = compare(per["old"], per["new"], f"rule {rule}")
            problems += found
            print(
                f"rule {rule}: {per['old'].height} hits old, {per['new'].height} new, "
                f"{'identical' if not found else 'DIFFERENT'}"
            )
        findings = {n: pl.read_parquet(Path(tmp) / n / "findings.parquet") for n in runs}
        found = compare(findings["old"], findings["new"], "findings")
        problems += found
        print(
            f"findings: {findings['old'].height} old, {findings['new'].height} new, "
            f"{'identical' if not found else 'DIFFERENT'}"
        )
    for line in problems:
        print(line, file=sys.stderr)
    print(
        f"score seconds (rough, one run each): old {runs['old']['seconds']:.2f}, "
        f"new {runs['new']['seconds']:.2f}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

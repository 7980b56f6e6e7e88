"""python -m benchmarks.heldout6 OUT --seed N: write the trail, truth.csv, threat.txt, geo/."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout6 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write heldout6 (Lakeshore University).")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    w = generate(args.out, args.seed, days=args.days, scale=args.scale)
    print(
        f"{w.events:,} events in {w.files:,} files, scored {w.scored[0]}..{w.scored[-1]}, truth {w.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

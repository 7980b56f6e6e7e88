"""``python -m benchmarks.heldout4 OUT --seed N [--days 24] [--scale 1.0]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout4 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout4", description=__doc__)
    parser.add_argument("out", help="directory for AWSLogs/, truth.csv, threat.txt and geo/")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="workload size (1.0: about 4k events a day)"
    )
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    written = generate(
        args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{written.events:,} events in {written.files:,} files, {written.days[0]}..{written.days[-1]}, "
        f"scored {written.scored[0]}..{written.scored[-1]}; truth: {written.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

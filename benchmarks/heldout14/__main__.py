"""``python -m benchmarks.heldout14 OUT --seed N [--days 24] [--scored-days 5] [--scale 1.0]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout14 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write Jabuti Market's CloudTrail, truth and GeoIP databases."
    )
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    w = generate(
        args.out, args.seed, days=args.days, scored_days=args.scored_days, scale=args.scale
    )
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

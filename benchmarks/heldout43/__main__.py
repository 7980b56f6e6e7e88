"""``python -m benchmarks.heldout43 OUT --seed 1 [--days 24 --scale 1 --scored-days 5]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout43 import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(write.__doc__ or "").split("\n")[0])
    parser.add_argument("out", help="Directory to write the trail, truth and feeds into.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, "
        f"{w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}: {w.trail}, {w.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

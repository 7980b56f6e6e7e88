"""``python -m benchmarks.heldout44 OUT --seed 1 [--days 24] [--scale 1.0] [--scored-days 5]``:
write the suite's trail, truth, GeoIP databases and threat list into OUT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.heldout44 import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
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

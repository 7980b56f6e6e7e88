"""``python -m benchmarks.heldout46 OUT --seed 1 [--days 24 --scale 1.0 --scored-days 5]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.heldout46 import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout46", description=__doc__)
    parser.add_argument(
        "out", type=Path, help="Folder to write the trail, truth and GeoIP files into."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, scored {w.scored[0]}..{w.scored[-1]}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m benchmarks.heldout3 OUT --seed N``: write the Halvard Freight trail and its truth."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.heldout3 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.heldout3", description=(__doc__ or "").strip()
    )
    parser.add_argument(
        "out", help="Directory to write AWSLogs/, truth.csv, threat.txt and geo/ into."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = generate(
        args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{w.events:,} events in {w.files:,} files, {w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}, "
        f"account vended {w.vended}; truth {w.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks.heldout12 OUT --seed N [--days 24] [--scale 1.0]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout12 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the twelfth held-out suite (Borealis Grid)."
    )
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    w = generate(args.out, args.seed, days=args.days, scale=args.scale)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}: {w.root}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m benchmarks.heldout29 OUT --seed 1``: write one seeded Frostvik trail."""

from __future__ import annotations

import argparse

from benchmarks.heldout29 import write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args()
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

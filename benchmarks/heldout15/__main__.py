"""``python -m benchmarks.heldout15 OUT --seed N [--days 24] [--scale 1.0]``."""

from __future__ import annotations

import argparse

from benchmarks.heldout15 import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=(generate.__doc__ or "").strip())
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    w = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, {w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

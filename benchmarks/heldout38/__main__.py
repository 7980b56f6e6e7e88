"""``python -m benchmarks.heldout38 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``"""

from __future__ import annotations

import argparse

from benchmarks.heldout38 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the thirty-eighth held-out suite's trail.")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = generate(
        args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{w.events:,} events in {w.files:,} files, scored {w.scored[0]}..{w.scored[-1]}: {w.root}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

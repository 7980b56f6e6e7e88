"""``python -m benchmarks.heldout19 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse

from benchmarks.heldout19 import generate


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write Kurenai Mobility's trail, truth and GeoIP stand-ins."
    )
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args()
    w = generate(
        args.out, seed=args.seed, days_=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, {w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

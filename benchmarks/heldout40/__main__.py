"""``python -m benchmarks.heldout40 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``."""

from __future__ import annotations

import argparse

from benchmarks.heldout40 import write


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Write Dalbit Webtoon's trail, truth and GeoIP files."
    )
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args()
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.days)} days, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

"""``python -m benchmarks.heldout35 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``."""

from __future__ import annotations

import argparse

from benchmarks.heldout35.generate import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = write(args.out, seed=args.seed, days=args.days, scale=args.scale,
              scored_days=args.scored_days)  # fmt: skip
    print(f"{w.events:,} events in {w.files:,} files, scored {w.scored[0]}..{w.scored[-1]}; "
          f"truth {w.truth}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

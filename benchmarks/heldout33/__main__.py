"""``python -m benchmarks.heldout33 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout33 import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the thirty-third held-out suite's trail (Tern Orbital)."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}; truth {w.truth}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks.heldout21 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout21 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the twenty-first held-out suite.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    w = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, "
        f"{w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

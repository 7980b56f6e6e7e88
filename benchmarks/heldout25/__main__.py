"""``python -m benchmarks.heldout25 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout25 import write


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip())
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args()
    w = write(args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, "
        f"scored {w.scored[0]}..{w.scored[-1]}: {w.out}"
    )


if __name__ == "__main__":
    main()

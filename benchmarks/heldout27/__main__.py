"""``python -m benchmarks.heldout27 OUT --seed 1``: write a seeded Tamarack trail."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout27 import generate


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("out", type=Path)
    args.add_argument("--seed", type=int, default=1)
    args.add_argument("--days", type=int, default=24)
    args.add_argument("--scale", type=float, default=1.0)
    args.add_argument("--scored-days", type=int, default=5)
    a = args.parse_args()
    w = generate(a.out, seed=a.seed, days=a.days, scale=a.scale, scored_days=a.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

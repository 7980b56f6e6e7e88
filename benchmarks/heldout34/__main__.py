"""``python -m benchmarks.heldout34 OUT --seed 1 [--days 24 --scale 1.0 --scored-days 5]``."""

from __future__ import annotations

import argparse

from benchmarks.heldout34 import write


def main() -> None:
    p = argparse.ArgumentParser(
        description="Write the thirty-fourth held-out suite's trail (Lumen Relief International)."
    )
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=24)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--scored-days", type=int, default=5)
    a = p.parse_args()
    w = write(a.out, seed=a.seed, days=a.days, scale=a.scale, scored_days=a.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}"
    )


if __name__ == "__main__":
    main()

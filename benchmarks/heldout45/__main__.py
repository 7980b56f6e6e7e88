"""``python -m benchmarks.heldout45 OUT --seed 1 [--days 24 --scale 1 --scored-days 5]``."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout45 import write


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="Write the forty-fifth held-out suite's trail, truth, threat list and GeoIP test databases."
    )
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=24)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--scored-days", type=int, default=5)
    a = p.parse_args(argv)
    w = write(a.out, a.seed, days=a.days, scale=a.scale, scored_days=a.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}",
        file=sys.stderr,
    )
    print(w.trail)
    return 0


if __name__ == "__main__":
    sys.exit(main())

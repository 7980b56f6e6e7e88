"""``python -m benchmarks.heldout37 OUT --seed 1``: write a seeded PMCT trail."""

from __future__ import annotations

import argparse

from benchmarks.heldout37 import DAYS, SCORED, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--scored-days", type=int, default=SCORED)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    written = write(
        args.out, args.seed, days=args.days, scored_days=args.scored_days, scale=args.scale
    )
    print(
        f"{written.events:,} events in {written.files:,} files, scored {written.scored[0]}..{written.scored[-1]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

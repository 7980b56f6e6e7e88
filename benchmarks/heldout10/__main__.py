"""``python -m benchmarks.heldout10 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse

from benchmarks.heldout10 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout10", description=__doc__)
    parser.add_argument("out", help="directory to write AWSLogs/, truth.csv and geo/ into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    suite = generate(args.out, args.seed, days=args.days, scale=args.scale)
    print(
        f"{suite.events:,} events in {suite.files:,} files, {suite.days[0]} to {suite.days[-1]}; "
        f"scored {suite.scored[0]} to {suite.scored[-1]}; truth {suite.truth}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

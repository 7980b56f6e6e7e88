"""``python -m benchmarks.heldout8 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse

from benchmarks.heldout8 import generate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout8", description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    suite = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
    print(
        f"{suite.events} events in {suite.files} files, {suite.days[0]} .. {suite.days[-1]}, "
        f"scored {suite.scored[0]} .. {suite.scored[-1]}; truth {suite.truth}"
    )


if __name__ == "__main__":
    main()

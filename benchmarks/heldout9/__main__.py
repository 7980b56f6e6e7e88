"""``python -m benchmarks.heldout9 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse
import json

from benchmarks.heldout9 import generate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout9", description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    summary = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
    print(json.dumps({k: v for k, v in summary.items() if k != "days"}))


if __name__ == "__main__":
    main()

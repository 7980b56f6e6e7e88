"""``python -m benchmarks.heldout OUT --seed 1``: write the held-out organisation."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=21)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    written = generate(
        args.out, seed=args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"wrote {written.events:,} events to {written.trail}, truth {written.truth}, scored days "
        f"{written.scored[0]}..{written.scored[-1]}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

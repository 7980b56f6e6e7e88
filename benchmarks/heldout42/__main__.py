"""``python -m benchmarks.heldout42 OUT --seed 1``: write the suite, say what was written."""

from __future__ import annotations

import argparse
import sys

from . import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__package__ or "heldout42") + ": Sendero Boletos' trail and truth."
    )
    parser.add_argument("out", help="Directory to write into.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        w = write(
            args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
        )
    except ValueError as exc:
        print(f"heldout42: {exc}", file=sys.stderr)
        return 2
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, "
        f"{w.days[0]}..{w.days[-1]}, scored {w.scored[0]}..{w.scored[-1]}; truth {w.truth}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

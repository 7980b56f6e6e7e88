"""``python -m benchmarks.heldout5 OUT --seed N``: write the fifth held-out organisation."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout5 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip())
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    args = parser.parse_args(argv)
    written = generate(
        args.out, args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{written.events:,} events in {written.files:,} files, {len(written.accounts)} accounts, "
        f"{written.days[0]}..{written.days[-1]}, scored {written.scored[0]}..{written.scored[-1]}; "
        f"truth {written.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

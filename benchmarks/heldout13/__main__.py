"""``python -m benchmarks.heldout13 OUT --seed N``: write the Ashgrove Institute's trail, truth
and GeoIP databases to OUT."""

from __future__ import annotations

import argparse

from benchmarks.heldout13 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    w = generate(
        args.out, seed=args.seed, days=args.days, scored_days=args.scored_days, scale=args.scale
    )
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}: {w.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks.heldout39 OUT --seed 1 [--days 24] [--scale 1] [--scored-days 5]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout39 import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write the thirty-ninth held-out suite's trail (Fjordlaks Havbruk)."
    )
    parser.add_argument("out", type=Path)
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
        f"scored {written.scored[0]}..{written.scored[-1]}: {written.root}"
    )


if __name__ == "__main__":
    main()

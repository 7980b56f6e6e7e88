"""``python -m benchmarks.heldout23 OUT --seed N [--days 24] [--scale 1.0]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout23 import generate


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip())
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    written = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
    print(
        f"{written.events:,} events in {written.files:,} files, {len(written.accounts)} accounts, "
        f"scored {written.scored[0]}..{written.scored[-1]}: {written.out}"
    )


if __name__ == "__main__":
    main()

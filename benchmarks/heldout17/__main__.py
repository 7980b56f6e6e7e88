"""``python -m benchmarks.heldout17 OUT --seed N [--days 24] [--scale 1.0]``"""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout17 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the Tessellate AI held-out suite (heldout17)."
    )
    parser.add_argument(
        "out", help="Directory to write AWSLogs/, truth.csv, threat.txt and geo/ into."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=24)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--scored-days", type=int, default=5)
    parser.add_argument(
        "--delivery", type=int, default=5, help="Minutes of trail per delivery file."
    )
    args = parser.parse_args(argv)
    written = generate(
        args.out,
        seed=args.seed,
        days=args.days,
        scale=args.scale,
        scored_days=args.scored_days,
        delivery=args.delivery,
    )
    print(
        f"{written.events:,} events in {written.files:,} files, {len(written.accounts)} accounts, "
        f"{written.days[0]}..{written.days[-1]} (scored {written.scored[0]}..{written.scored[-1]})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

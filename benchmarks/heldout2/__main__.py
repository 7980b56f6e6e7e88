"""``python -m benchmarks.heldout2 OUT --seed N``: write the second held-out suite's trail."""

from __future__ import annotations

import argparse
import sys

from benchmarks.heldout2 import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heldout2", description=__doc__)
    parser.add_argument(
        "out", help="Directory to write AWSLogs/, truth.csv, threat.txt and geo/ into."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--days", type=int, default=24, help="Days of trail (the last is 2025-11-29)."
    )
    parser.add_argument(
        "--scored-days", type=int, default=5, help="The last days, which carry the incidents."
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="Workload volume (people are not scaled)."
    )
    args = parser.parse_args(argv)
    written = generate(
        args.out, seed=args.seed, days=args.days, scale=args.scale, scored_days=args.scored_days
    )
    print(
        f"{written.events:,} events, {len(written.accounts)} accounts, {written.days[0]}..{written.days[-1]}, "
        f"scored {written.scored[0]}..{written.scored[-1]}; truth {written.truth}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``python -m benchmarks.heldout26 OUT --seed 1``: write a seeded trail, its truth and GeoIP."""

from __future__ import annotations

import argparse

from benchmarks.heldout26 import generate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=24)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--scored-days", type=int, default=5)
    a = p.parse_args(argv)
    w = generate(a.out, seed=a.seed, days=a.days, scale=a.scale, scored_days=a.scored_days)
    print(
        f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}; new account {w.new_account[1]} on {w.new_account[0]}"
    )
    return 0


raise SystemExit(main())

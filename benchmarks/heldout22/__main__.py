"""``python -m benchmarks.heldout22 OUT --seed N [--days 24] [--scale 1.0]``."""

from __future__ import annotations

import argparse

from benchmarks.heldout22 import generate

parser = argparse.ArgumentParser(description=(__doc__ or "").strip())
parser.add_argument("out")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--days", type=int, default=24)
parser.add_argument("--scale", type=float, default=1.0)
args = parser.parse_args()
written = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
print(
    f"{written.events:,} events in {written.files:,} files, {len(written.accounts)} accounts -> {written.root}"
)

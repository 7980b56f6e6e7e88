"""``python -m benchmarks.heldout20 OUT --seed N [--days D --scale X]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout20 import generate

parser = argparse.ArgumentParser(description="Write the law firm's held-out suite.")
parser.add_argument("out", type=Path)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--days", type=int, default=24)
parser.add_argument("--scale", type=float, default=1.0)
args = parser.parse_args()
w = generate(args.out, seed=args.seed, days=args.days, scale=args.scale)
print(
    f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}"
)

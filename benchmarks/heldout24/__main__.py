"""``python -m benchmarks.heldout24 OUT --seed N [--days D --scale S]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.heldout24 import write

parser = argparse.ArgumentParser(
    description="Meridian Harbour Hotels: a held-out CloudTrail suite."
)
parser.add_argument("out", type=Path)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--days", type=int, default=24)
parser.add_argument("--scale", type=float, default=1.0)
args = parser.parse_args()
w = write(args.out, args.seed, days=args.days, scale=args.scale)
print(
    f"{w.events:,} events in {w.files:,} files, {len(w.accounts)} accounts, scored {w.scored[0]}..{w.scored[-1]}"
)

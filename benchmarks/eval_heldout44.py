"""The forty-fourth held-out suite (Chao Phraya Cold Chain, written without reading the rules):
generate each seed with ``benchmarks.heldout44``, ingest it, run the daily job over its scored
days, grade the findings with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is
missed.

    python benchmarks/eval_heldout44.py --seeds 1,2,3 --quiet --work /tmp/suite46-eval

The organisation and its incidents: ``benchmarks/results/heldout44.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _blind_runner
from benchmarks import _suite_run as harness
from benchmarks.heldout44 import write

# cold starts: the Mekong account's first day; A9 its web instance's credentials from OVH
# Singapore on that day
RUNNER = _blind_runner.runner(__doc__, write, prefix="heldout44-")
evaluate = RUNNER.evaluate


def main(argv: list[str] | None = None) -> int:
    return harness.cli(RUNNER, argv)


if __name__ == "__main__":
    sys.exit(main())

"""The forty-sixth held-out suite (Kōwhai Herd Analytics, written without reading the rules):
generate each seed with ``benchmarks.heldout46``, ingest it, run the daily job over its scored
days, grade the findings with ``ueba.evaluate`` and check issue 8's targets; exit 1 when one is
missed.

    python benchmarks/eval_heldout46.py --seeds 1,2,3 --quiet --work /tmp/suite48-eval

The organisation and its incidents: ``benchmarks/results/heldout46.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _blind_runner
from benchmarks import _suite_run as harness
from benchmarks.heldout46 import write

# cold starts: the Tauranga laboratory account's first day; A9 its sample-ingest instance's
# credentials from Linode Singapore on that day
RUNNER = _blind_runner.runner(__doc__, write, prefix="heldout46-")
evaluate = RUNNER.evaluate


def main(argv: list[str] | None = None) -> int:
    return harness.cli(RUNNER, argv)


if __name__ == "__main__":
    sys.exit(main())

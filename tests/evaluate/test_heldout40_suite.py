"""The fortieth held-out suite (Dalbit Webtoon, benchmarks/heldout40) at CI scale: one graded run
of seed 1 over two days, the last scored (the five slots of scored incidents fold onto it), and
the checks of its trail, truth and GeoIP files read from that run. A target missed at this scale
is a strict expected failure quoting the figure measured here; the full-scale figures are in
benchmarks/results/heldout40.md."""

from __future__ import annotations

from typing import Any

from benchmarks import eval_heldout40 as runner  # noqa: F401 (the shared fixtures read it)
from benchmarks.heldout40 import write  # noqa: F401 (the shared fixtures read it)
from tests.evaluate._blind_suite import *  # noqa: F403 (the checks every blind suite shares)

CI: dict[str, Any] = {"days": 2, "scale": 0.1, "scored_days": 1}

# the targets missed at CI scale, with the figure measured there
MISSED_AT_CI: dict[int, str] = {
    0: "at CI scale (seed 1, two days, scale 0.1) 4/11 attacks medium+: A1, A2, A3, A5, A8, A10, "
    "A11 below medium (full scale: 10/11, A8 not found; tuned on by tune45)",
    8: "at CI scale: A1 nothing, A10 low, A11 nothing, A2 nothing, A3 low, A5 low, A7 medium "
    "(wants high), A8 nothing (full scale, tuned on by tune45: A8 nothing)",
}

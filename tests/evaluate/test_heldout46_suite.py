"""The forty-sixth held-out suite (Kōwhai Herd Analytics, benchmarks/heldout46) at CI scale: one
graded run of seed 1 over two days, the last scored (the five slots of scored incidents fold onto
it, and the Tauranga laboratory account joins on it), and the checks of its trail, truth and GeoIP
files read from that run. A target missed at this scale is a strict expected failure quoting the
figure measured here; the full-scale figures are in benchmarks/results/heldout46.md."""

from __future__ import annotations

from typing import Any

from benchmarks import eval_heldout46 as runner  # noqa: F401 (the shared fixtures read it)
from benchmarks.heldout46 import write  # noqa: F401 (the shared fixtures read it)
from tests.evaluate._blind_suite import *  # noqa: F403 (the checks every blind suite shares)

CI: dict[str, Any] = {"days": 2, "scale": 0.1, "scored_days": 1}

# the targets missed at CI scale, with the figure measured there
MISSED_AT_CI: dict[int, str] = {
    0: "at CI scale (seed 1, two days, scale 0.1) 9/12 attacks medium+: A3, A10 not found, A11 low",
    8: "at CI scale: A3, A10 nothing, A11 low (wants medium), A7 medium (wants high)",
}

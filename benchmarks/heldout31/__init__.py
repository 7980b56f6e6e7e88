"""The thirty-first held-out suite: Xlendi Gaming plc, a Malta-licensed sports-betting and
casino operator on EKS, written without reading ueba's rules (benchmarks/results/heldout31.md).

``python -m benchmarks.heldout31 OUT --seed 1`` writes a seeded trail; it imports nothing from
``ueba``."""

from benchmarks.heldout31.generate import Written, generate, places, slot_day

__all__ = ["Written", "generate", "places", "slot_day"]

"""The thirty-fifth held-out scenario suite: Caracará Linhas Aéreas, a Brazilian regional
airline, written blind (without reading ``ueba``'s rules). ``python -m benchmarks.heldout35 OUT
--seed 1`` writes a seeded trail; ``write`` does the same from Python."""

from benchmarks.heldout35.generate import SLOTS, Written, write

__all__ = ["SLOTS", "Written", "write"]

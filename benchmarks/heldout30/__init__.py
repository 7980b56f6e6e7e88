"""The thirtieth held-out suite: Gemeente Dommelvaart, a Dutch municipality on an AWS Control
Tower landing zone, written blind (without reading how ``ueba`` detects anything).
``python -m benchmarks.heldout30 OUT --seed 1`` writes a seeded trail; it imports nothing
from ``ueba``."""

from benchmarks.heldout30.generate import Written, generate

__all__ = ["Written", "generate"]

"""The eleventh held-out suite: Sitara Pay, an Indian payments company (Mumbai, Hyderabad, a
DR copy in Singapore), written without reading the rules. ``python -m benchmarks.heldout11 OUT
--seed N`` writes its trail, truth and GeoIP databases; ``benchmarks/eval_heldout11.py`` grades
``ueba`` on it. Nothing here imports ``ueba``."""

from __future__ import annotations

from benchmarks.heldout11._build import END, generate
from benchmarks.heldout11._write import Written, write

__all__ = ["END", "Written", "generate", "write"]

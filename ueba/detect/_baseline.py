"""The rules' baseline query surface, owned by :mod:`ueba.baseline` (``Baseline.view()``).

Kept here so that rules import it from their own package; it is defined once, in
:mod:`ueba.baseline._view`.
"""

from __future__ import annotations

from ueba.baseline._view import BaselineView, hourly_stats

__all__ = ["BaselineView", "hourly_stats"]

"""Moved to :mod:`ueba.pipeline` (the daily job sits above the stages); names kept for imports."""

from __future__ import annotations

from ueba.pipeline import (
    DailyResult,
    ScoredDay,
    build_baseline,
    enriched_between,
    lake_days,
    load_incidents,
    load_model,
    plan_days,
    score_days,
)

__all__ = [
    "DailyResult",
    "ScoredDay",
    "build_baseline",
    "enriched_between",
    "lake_days",
    "load_incidents",
    "load_model",
    "plan_days",
    "score_days",
]

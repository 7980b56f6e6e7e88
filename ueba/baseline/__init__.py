"""ueba.baseline: mergeable daily summaries and per-entity behaviour profiles.

See ``docs/baselines.md``. ``summarize`` / ``merge_summaries`` build the summaries;
``Baseline`` learns from them, answers the rules' questions and is saved under ``models/<name>/``.
"""

from ueba.baseline.profile import Baseline
from ueba.baseline.summaries import (
    ACCESS_DENIED_PATTERN,
    DIMENSIONS,
    SCOPED_DIMENSIONS,
    SCOPES,
    Summaries,
    dimension_expr,
    entity_expr,
    merge_summaries,
    summarize,
    summarize_volume,
)

__all__ = [
    "ACCESS_DENIED_PATTERN",
    "DIMENSIONS",
    "SCOPED_DIMENSIONS",
    "SCOPES",
    "Baseline",
    "Summaries",
    "dimension_expr",
    "entity_expr",
    "merge_summaries",
    "summarize",
    "summarize_volume",
]

"""A busy hour: ``error_spike``'s reading of failures that grew with the calls (issue 8; tuning on
the twentieth held-out suite's B1, eighteenth session).

A principal that is refused a steady share of its calls (a missing permission nobody fixed, an
object under a lock it cannot change) is refused ten times as often on a day it does ten times
its work: a litigation hold put on a new matter's objects by the e-discovery fleet, a backfill,
month-end. Counted against its worst hour the failures spike, but what changed is the work, and
``volume_spike`` already says so (low). Probing is the other way round: an intruder's calls fail
far more often than the owner's, because it does not know what the key may do.

What tells the busy hour apart, all of it in the hour itself and the principal's history:

- the calls spiked too: more than ``max_ratio`` times its busiest hour in the baseline (the
  volume rule's own test);
- the failures did not outgrow the calls: the hour's failed calls per call are no more than its
  worst hour's failures per call of its busiest hour (``errors / events <= max_errors /
  max_events``), so the error *rate* is the one the history already had;
- every call of the hour from a network the principal used (for a workload, inside AWS counts,
  as everywhere in the fleet view) with a client it used (:func:`._sensitive_calls._in_context`);
- no enumeration call among the refusals, and the hour no burst of denials over many APIs (the
  burst is its own signal and keeps its severity).

:func:`busy_hours` marks the hours whose every call is usual (``_usual_hour``) and
:func:`is_busy` reads the rest on the spike's rows; ``error_spike`` grades busy hours
``busy_severity`` (low) with the reason saying so. A new network or client, failures growing
faster than the calls, or a refused enumeration keep the spike's severity: a stolen key copying
data out arrives from elsewhere or with another tool, and its refusals are its own.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect._workload_load import USUAL_CALLS
from ueba.detect.rules._sensitive_calls import _in_context

BUSY_NOTE = (
    "; the calls rose with them ({} in the hour, {}x its busiest) and no more of them failed than "
    "in its worst hour, " + USUAL_CALLS + ": a busy day, not probing"
)


def busy_hours(hour_rows: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``principal``, ``hour``, ``_usual_hour``): whether every call of each (principal, hour)
    of ``hour_rows`` (the featured calls of the flagged hours) came from the principal's usual
    network with its usual client."""
    return (
        _in_context(hour_rows, baseline)
        .group_by("principal", "hour")
        .agg(pl.col("_usual").all().alias("_usual_hour"))
    )


def is_busy(max_ratio: float, errors: pl.Expr | None = None) -> pl.Expr:
    """Over an error spike's rows (with the hour's counts, the principal's volume statistics,
    ``denied_recon`` and ``_usual_hour``): the hour is a busy one (module docstring). ``errors``
    (default: the hour's failed calls) lets ``error_spike`` judge the failures other than
    throttling alone."""
    events = pl.col("hour_events")
    errors = pl.col("hour_errors") if errors is None else errors
    return (
        (events > max_ratio * pl.col("max_events"))
        & (errors * pl.col("max_events") <= events * pl.col("max_errors"))
        & (pl.col("denied_recon").fill_null(0) == 0)
        & pl.col("_usual_hour")
    ).fill_null(False)


def busy_note() -> pl.Expr:
    """The reason's tail for a busy hour."""
    return pl.format(
        BUSY_NOTE,
        pl.col("hour_events"),
        (pl.col("hour_events") / pl.col("max_events")).round(1),
    )


__all__ = ["BUSY_NOTE", "busy_hours", "busy_note", "is_busy"]

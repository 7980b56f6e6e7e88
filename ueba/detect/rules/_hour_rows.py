"""The day per principal and hour, shared by the two volume rules (:mod:`.volume`:
``volume_spike`` and ``error_spike``): the day's own calls with their hour and volume flags
(:func:`_rows`), one group-by of them per scoring (:func:`_hours`), the rows of the flagged hours
fetched back by position (:func:`_rows_of`), and those rows without the people who did not make
the spike (:func:`_carriers`). Split from :mod:`.volume`, which judges the hours.
"""

from __future__ import annotations

import polars as pl

from ueba._expr import hour_of, hourly_volume, volume_flags
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features, coded, decoded
from ueba.detect.rules._base import PERSON_WORKLOADS


def _numbered(today: pl.LazyFrame) -> pl.LazyFrame:
    """The featured day with ``_row``, each event's position in it (the key the flagged rows are
    fetched back by)."""
    return add_features(today).with_row_index("_row")


def hour_calls(today: pl.LazyFrame, hours: pl.LazyFrame) -> pl.LazyFrame:
    """Every own call (not AWS acting for someone) of the (``principal``, ``hour``) pairs of
    ``hours``, featured and with its ``hour``: the whole of a flagged hour, where the hits keep
    only its first rows (read by ``volume_spike``'s corroboration and :mod:`._job_run`)."""
    return (
        add_features(today)
        .filter(~pl.col("is_service_call"))
        .join(hours.select("principal").unique(), on="principal", how="semi")
        .with_columns(hour_of().alias("hour"))
        .join(hours, on=["principal", "hour"], how="semi")
    )


def _hourly(frame: pl.LazyFrame) -> pl.LazyFrame:
    return frame.with_columns(hour_of().alias("hour"), *volume_flags())


def _rows(today: pl.LazyFrame) -> pl.LazyFrame:
    """The day's own calls (not AWS acting for someone), with their hour, volume flags and
    ``_row``."""
    return _hourly(
        _numbered(today).filter(~pl.col("is_service_call") & pl.col("principal").is_not_null())
    )


def _hours(today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """Per (principal, hour): ``hour_events``, ``hour_errors``, ``hour_denied`` and
    ``hour_denied_apis`` (distinct APIs among the failed calls).

    One group-by of the day, shared by both volume rules of a scoring (kept in the view's memo,
    as the fleet tables are): the rules judge hours, and only the rows of the few hours they
    flag are read again, instead of five windows over every row of the day per rule."""
    key = ("volume_hours", id(today))
    kept = baseline.memo.get(key)
    if kept is not None and kept[0] is today:
        return kept[1]  # type: ignore[no-any-return]
    names = ("events", "errors", "denied")
    rows = _rows(today)
    # (on the day's codes when the Scorer made them: features.coded)
    hours = baseline.materialize(
        decoded(
            rows.group_by(*coded(rows, "principal"), "hour").agg(
                *(m.alias(f"hour_{n}") for n, m in zip(names, hourly_volume(), strict=True)),
                pl.col("event_name")
                .filter(pl.col("error_code").is_not_null())
                .n_unique()
                .alias("hour_denied_apis"),
            ),
            "principal",
        )
    )
    baseline.memo[key] = (today, hours)
    return hours


def _rows_of(rows: pl.LazyFrame, hours: pl.LazyFrame, today: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` of the flagged ``hours`` (with the hours' columns), in time order, with ``nth``:
    the row's rank by time within its principal's hour (ties by event id, so that the evidence
    kept does not depend on the order the day's files were read in)."""
    # chosen on their keys, then fetched whole from the day by position: joining ``rows``
    # itself gathered every column of the day's ~560k rows first, even for no flagged hour
    chosen = (
        rows.select("_row", "principal", "hour")
        .join(hours, on=["principal", "hour"], how="inner")
        .drop("principal", "hour")
    )
    return (
        _hourly(_numbered(today).join(chosen, on="_row", how="inner"))
        .sort("event_time", "event_id")
        .with_columns(pl.int_range(1, pl.len() + 1).over("principal", "hour").alias("nth"))
        .drop("_row")
    )


def _carriers(rows: pl.LazyFrame) -> pl.LazyFrame:
    """``rows`` of the spike hours without the people who did not make them: in a role people
    share (``PERSON_WORKLOADS``: SAML or Identity Center sessions, one person each), when one
    person made at least half of the hour's calls, the other people's rows of that hour are
    dropped (a colleague's ten calls are not their spike); when nobody did, every row stays.
    Machine workloads are untouched (a fleet's spread is the scale-out's question)."""
    person = pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False)
    hour = ("principal", "hour")
    carrier = person & (2 * pl.len().over(*hour, "workload_entity") >= pl.len().over(*hour))
    return (
        rows.with_columns(carrier.alias("_carrier"))
        .filter(~person | pl.col("_carrier") | ~pl.col("_carrier").any().over(*hour))
        .drop("_carrier")
    )

"""What a baseline learns from its window of summaries: profile, maturity and volume statistics.

Pure functions over collected summary frames, shared by ``Baseline.fit``, ``update`` and ``load``.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from ueba.schema import (
    MATURITY,
    PROFILE,
    UTC_US,
    VOLUME_MEASURES,
    VOLUME_STATISTICS,
    VOLUME_STATS,
)


def window_bounds(until: dt.datetime, days: int) -> tuple[dt.datetime, dt.datetime]:
    """``(start, end)``: ``days`` whole UTC days ending with the day that holds ``until``.

    ``end`` is ``until`` itself (exclusive); ``start`` is the midnight that opens the first day.
    """
    last_day = (until - dt.timedelta(microseconds=1)).date()
    first_day = last_day - dt.timedelta(days=days - 1)
    start = dt.datetime(first_day.year, first_day.month, first_day.day, tzinfo=dt.UTC)
    return start, until


def next_midnight(moment: dt.datetime) -> dt.datetime:
    day = moment.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def prune(
    summary: pl.DataFrame, volume: pl.DataFrame, start: dt.datetime, end: dt.datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep the summary days and volume hours inside ``[start, end)``."""
    summary = summary.filter(
        (pl.col("day") >= start.date()) & (pl.col("first_seen") < pl.lit(end, dtype=UTC_US))
    )
    volume = volume.filter(
        (pl.col("hour") >= pl.lit(start, dtype=UTC_US))
        & (pl.col("hour") < pl.lit(end, dtype=UTC_US))
    )
    return summary, volume


def prune_session_keys(
    summary: pl.DataFrame, volume: pl.DataFrame, end: dt.datetime, days: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Drop ``credential`` rows of session keys (``ASIA…``) older than the last ``days`` days."""
    first_day = (end - dt.timedelta(microseconds=1)).date() - dt.timedelta(days=days - 1)
    since = dt.datetime(first_day.year, first_day.month, first_day.day, tzinfo=dt.UTC)
    session = (pl.col("scope") == "credential") & pl.col("entity").str.starts_with("ASIA")
    summary = summary.filter(~(session & (pl.col("day") < first_day)))
    volume = volume.filter(~(session & (pl.col("hour") < pl.lit(since, dtype=UTC_US))))
    return summary, volume


def profile(summary: pl.DataFrame) -> pl.DataFrame:
    """Per scope, entity, account, dimension and value: count, days seen, first and last seen."""
    return (
        summary.group_by(["scope", "entity", "account_id", "dimension", "value"])
        .agg(
            count=pl.sum("count"),
            # merged summaries hold one row per day and key, so rows are days
            days_seen=pl.len().cast(pl.Int64),
            first_seen=pl.min("first_seen"),
            last_seen=pl.max("last_seen"),
        )
        .select(list(PROFILE))
    )


def maturity(
    summary: pl.DataFrame,
    *,
    min_days: int,
    min_events: int,
    window_end: dt.datetime,
    cycle_days: int = 7,
    cycle_active_days: int | None = 5,
) -> pl.DataFrame:
    """How long and how much each entity has been observed, and its maturity state.

    An entity is ``mature`` when it has at least ``min_events`` events, its history shows its
    routine, and - for every scope but ``account`` - its account is mature too (a new
    account's principals are all learning, whatever their own history); else ``learning``.
    Its history shows its routine when it was active on at least ``min_days`` distinct days,
    or when it went through one whole cycle at work: its history spans at least
    ``cycle_days`` calendar days (``age_days``) and some ``cycle_days`` consecutive days hold
    ``cycle_active_days`` of its active days (a person who works weekdays, after her first
    full week). ``cycle_active_days=None`` counts days alone. ``cold_start`` is
    ``maturity == "learning"``. Every event has exactly one ``hour_of_week`` value, so that
    dimension's rows count events.
    """
    keys = ["scope", "entity", "account_id"]
    last_day = (window_end - dt.timedelta(microseconds=1)).date()
    rows = summary.filter(pl.col("dimension") == "hour_of_week")
    own = (
        rows.group_by(keys)
        .agg(
            days_observed=pl.col("day").n_unique().cast(pl.Int64),
            events=pl.sum("count"),
            first_seen=pl.min("first_seen"),
            last_seen=pl.max("last_seen"),
        )
        .with_columns(
            age_days=((pl.lit(last_day) - pl.col("first_seen").dt.date()).dt.total_days() + 1).cast(
                pl.Int64
            ),
        )
    )
    routine = pl.col("days_observed") >= min_days
    if cycle_active_days is not None:
        # the most active days any cycle_days consecutive calendar days hold, per entity
        densest = (
            rows.select(*keys, "day")
            .unique()
            .sort(*keys, "day")
            .rolling(index_column="day", period=f"{cycle_days}d", group_by=keys)
            .agg(pl.len().alias("_in_cycle"))
            .group_by(keys)
            .agg(pl.col("_in_cycle").max())
        )
        own = own.join(densest, on=keys, how="left", nulls_equal=True)
        routine = routine | (
            (pl.col("age_days") >= cycle_days) & (pl.col("_in_cycle") >= cycle_active_days)
        )
    own = own.with_columns(_own=routine & (pl.col("events") >= min_events))
    accounts = own.filter(pl.col("scope") == "account").select(
        "account_id", pl.col("_own").alias("_account")
    )
    return (
        own.join(accounts, on="account_id", how="left", nulls_equal=True)
        .with_columns(
            pl.when(
                pl.col("_own")
                & ((pl.col("scope") == "account") | pl.col("_account").fill_null(False))
            )
            .then(pl.lit("mature"))
            .otherwise(pl.lit("learning"))
            .alias("maturity")
        )
        .with_columns(cold_start=pl.col("maturity") == "learning")
        .select(list(MATURITY))
    )


def volume_stats(volume: pl.DataFrame) -> pl.DataFrame:
    """Per entity, statistics of hourly counts over the hours it was active.

    ``mad`` is the raw median absolute deviation (multiply by 1.4826 for a normal-consistent
    sigma); ``p95`` interpolates linearly.
    """
    aggs: list[pl.Expr] = [pl.len().cast(pl.Int64).alias("hours_observed")]
    for measure in VOLUME_MEASURES:
        col = pl.col(measure).cast(pl.Float64)
        aggs += [
            col.median().alias(f"{measure}_median"),
            (col - col.median()).abs().median().alias(f"{measure}_mad"),
            col.mean().alias(f"{measure}_mean"),
            col.quantile(0.95, "linear").alias(f"{measure}_p95"),
            col.max().alias(f"{measure}_max"),
        ]
    return volume.group_by(["scope", "entity", "account_id"]).agg(aggs).select(list(VOLUME_STATS))


__all__ = [
    "MATURITY",
    "PROFILE",
    "VOLUME_MEASURES",
    "VOLUME_STATISTICS",
    "VOLUME_STATS",
    "maturity",
    "next_midnight",
    "profile",
    "prune",
    "prune_session_keys",
    "volume_stats",
    "window_bounds",
]

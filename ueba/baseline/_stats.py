"""What a baseline learns from its window of summaries: profile, maturity and volume statistics.

Pure functions over collected summary frames, shared by ``Baseline.fit``, ``update`` and ``load``.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

from ueba.exceptions import ConfigError
from ueba.schema import (
    MATURITY,
    PROFILE,
    UTC_US,
    VOLUME_MEASURES,
    VOLUME_STATISTICS,
    VOLUME_STATS,
)

_WINDOW = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")


def parse_window(window: str | int | dt.timedelta) -> int:
    """The window in whole days: ``"30d"``, ``"4w"``, ``30``, ``"30"`` or ``timedelta(days=30)``.

    A bare number means days, whether an int or text (a saved baseline stores it as text).
    """
    days: int | None = None
    if isinstance(window, bool):
        days = None
    elif isinstance(window, int):
        days = window
    elif isinstance(window, dt.timedelta):
        if window % dt.timedelta(days=1) == dt.timedelta(0):
            days = window.days
    elif isinstance(window, str):
        match = _WINDOW.match(window)
        if match:
            days = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
    if days is None or days < 1:
        raise ConfigError(
            f"window={window!r} is not a whole number of days",
            fix='use a positive number of days such as window="30d", "4w" or 30',
        )
    return days


def parse_time(value: str | dt.date | dt.datetime) -> dt.datetime:
    """A UTC datetime from an ISO date or time (a date means its midnight; naive means UTC)."""
    if isinstance(value, str):
        try:
            parsed: dt.date | dt.datetime = dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise ConfigError(
                f"until={value!r} is not an ISO date or time",
                fix='write it as "2024-07-31" or "2024-07-31T12:00:00Z"',
            ) from exc
    else:
        parsed = value
    if not isinstance(parsed, dt.datetime):
        parsed = dt.datetime(parsed.year, parsed.month, parsed.day)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


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
    summary: pl.DataFrame, *, min_days: int, min_events: int, window_end: dt.datetime
) -> pl.DataFrame:
    """How long and how much each entity has been observed, and its maturity state.

    An entity is ``mature`` when the window holds it on at least ``min_days`` distinct days
    with at least ``min_events`` events, and - for every scope but ``account`` - its account is
    mature too (a new account's principals are all learning, whatever their own history);
    else it is ``learning``. ``cold_start`` is ``maturity == "learning"``. Every event has
    exactly one ``hour_of_week`` value, so that dimension's rows count events.
    """
    last_day = (window_end - dt.timedelta(microseconds=1)).date()
    own = (
        summary.filter(pl.col("dimension") == "hour_of_week")
        .group_by(["scope", "entity", "account_id"])
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
            _own=(pl.col("days_observed") >= min_days) & (pl.col("events") >= min_events),
        )
    )
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
    "parse_time",
    "parse_window",
    "profile",
    "prune",
    "prune_session_keys",
    "volume_stats",
    "window_bounds",
]

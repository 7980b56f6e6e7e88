"""Where the investigation views read events from: a lake directory or a frame of EVENTS.

Every view takes either a lake path (read with :func:`ueba.io.lake.scan_lake`, which prunes
``event_date=`` partitions to the requested days) or a polars frame the caller already has. Only
the columns a view needs are selected, so Parquet reads just those column chunks and memory
follows the answer, not the size of the lake.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import polars as pl

from ueba._time import to_utc
from ueba.exceptions import UebaError

Source = str | os.PathLike[str] | pl.LazyFrame | pl.DataFrame
TimeLike = str | date | datetime | None  # read with ueba._time.to_utc

# The longest a temporary credential can live: GetSessionToken and GetFederationToken allow 36
# hours. A key minted longer ago than this before its use cannot be the one that was used.
MAX_SESSION = timedelta(hours=36)


def scan_events(
    source: Source,
    columns: Sequence[str],
    *,
    start: TimeLike = None,
    end: TimeLike = None,
    accounts: Sequence[str] | None = None,
) -> pl.LazyFrame:
    """The ``columns`` of the events in ``[start, end)`` from a lake path or a frame.

    ``end`` given as a bare date includes that whole day. Nothing is read until the caller
    collects.
    """
    lo = to_utc(start)
    hi = to_utc(end, end_of_day=True)
    if isinstance(source, pl.DataFrame):
        frame = source.lazy()
    elif isinstance(source, pl.LazyFrame):
        frame = source
    else:
        # Imported here: the lake module belongs to the io stage and pulls in the parser.
        from ueba.io.lake import scan_lake

        path = os.fspath(source)
        from ueba.io._fs import lake_exists

        if not lake_exists(path):
            raise UebaError(
                "no lake at this path",
                path=path,
                fix="create one with `ueba ingest SOURCE --lake DIR`, or check --lake",
            )
        frame = scan_lake(
            path,
            start=lo.date() if lo else None,
            end=(hi - timedelta(microseconds=1)).date() if hi else None,
            accounts=list(accounts) if accounts else None,
        )
        accounts = None  # the lake already pruned the account partitions
    if lo is not None:
        frame = frame.filter(pl.col("event_time") >= lo)
    if hi is not None:
        frame = frame.filter(pl.col("event_time") < hi)
    if accounts:
        frame = frame.filter(pl.col("recipient_account_id").is_in(list(accounts)))
    return frame.select(list(dict.fromkeys(columns)))


def succeeded() -> pl.Expr:
    """True when CloudTrail recorded no error for the call."""
    return pl.col("error_code").is_null() & pl.col("error_message").is_null()


def minted_key() -> pl.Expr:
    """The access key a call handed out, from its ``responseElements`` JSON text.

    STS calls return ``credentials.accessKeyId``; IAM CreateAccessKey returns
    ``accessKey.accessKeyId``.
    """
    return pl.coalesce(
        pl.col("response_elements").str.json_path_match("$.credentials.accessKeyId"),
        pl.col("response_elements").str.json_path_match("$.accessKey.accessKeyId"),
    )


__all__ = ["MAX_SESSION", "Source", "TimeLike", "minted_key", "scan_events", "succeeded", "to_utc"]

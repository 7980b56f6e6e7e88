"""The timeline of one access key: what it did, in order, and what it left behind.

This is the first question of every leaked-key investigation (AWS CIRT's "unauthorized IAM
credential use" workshop): when was the key first used and for what, every call it made and
whether it worked, which users and keys it created, and what *those* keys did in turn (one left
as a sleeper, never used; another used to delete a user).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from ueba._collect import ENGINE
from ueba._expr import hour_of
from ueba.investigate._source import Source, TimeLike, scan_events, succeeded

TIMELINE_COLUMNS = (
    "event_time",
    "event_source",
    "event_name",
    "aws_region",
    "source_ip_address",
    "user_agent",
    "error_code",
    "error_message",
    "read_only",
    "identity_type",
    "identity_arn",
    "recipient_account_id",
    "access_key_id",
    "event_id",
    "request_parameters",
    "response_elements",
)

# Calls whose responseElements name a user or key the caller just made (persistence).
CREATION_EVENTS = ("CreateUser", "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile")


@dataclass(frozen=True)
class KeyTimeline:
    """What one access key did. Every attribute is a polars DataFrame.

    Attributes
    ----------
    events
        Every call, oldest first: time, service, API, region, source IP, user agent,
        ``succeeded``, error code and message, the identity, request parameters, and the user
        or key the call created (``created_user``, ``created_access_key_id``).
    created
        One row per user or key the key created, with what the created key did afterwards:
        ``used``, ``events``, ``first_use``, ``last_use``, ``apis``, ``source_ips``.
    created_activity
        Every call made by the keys it created, oldest first.
    sources
        Source IP and user agent pairs over time: first and last seen, calls, failures.
    """

    access_key_id: str
    events: pl.DataFrame
    created: pl.DataFrame
    created_activity: pl.DataFrame
    sources: pl.DataFrame

    def _repr_html_(self) -> str:
        """The notebook view: first use, sources, what the key created, its calls."""
        from ueba._html import timeline_html

        return timeline_html(self)

    @property
    def first_use(self) -> dict[str, object] | None:
        """The first call: time, API, source IP and user agent (None if the key was not seen)."""
        if self.events.is_empty():
            return None
        cols = ["event_time", "event_name", "event_source", "source_ip_address", "user_agent"]
        return self.events.select(cols).row(0, named=True)

    @property
    def hourly(self) -> pl.DataFrame:
        """Calls and failures per hour, for charts."""
        return (
            self.events.group_by(hour_of().alias("hour"))
            .agg(
                events=pl.len().cast(pl.Int64),
                failed=(~pl.col("succeeded")).sum().cast(pl.Int64),
            )
            .sort("hour")
        )


def _calls(frame: pl.LazyFrame) -> pl.LazyFrame:
    response = pl.col("response_elements")
    request = pl.col("request_parameters")
    return (
        frame.with_columns(succeeded=succeeded())
        .with_columns(
            created_user=pl.when(pl.col("event_name").is_in(CREATION_EVENTS) & pl.col("succeeded"))
            .then(
                pl.coalesce(
                    response.str.json_path_match("$.user.userName"),
                    response.str.json_path_match("$.accessKey.userName"),
                    response.str.json_path_match("$.loginProfile.userName"),
                    request.str.json_path_match("$.userName"),
                )
            )
            .otherwise(None),
            created_access_key_id=pl.when(pl.col("event_name") == "CreateAccessKey")
            .then(response.str.json_path_match("$.accessKey.accessKeyId"))
            .otherwise(None),
        )
        .sort("event_time", "event_id", maintain_order=True)
    )


def key_timeline(
    source: Source,
    access_key_id: str,
    *,
    start: TimeLike = None,
    end: TimeLike = None,
    accounts: Sequence[str] | None = None,
) -> KeyTimeline:
    """Everything one access key did in ``[start, end]``, and what the keys it created did.

    Parameters
    ----------
    source
        A lake directory (only the days in range and the columns needed are read) or a polars
        frame of EVENTS.
    access_key_id
        The key, ``AKIA…`` or ``ASIA…``.
    start, end
        ISO dates or times; a bare ``end`` date includes that day. Default: everything.
    accounts
        Only these recipient accounts.

    Examples
    --------
    >>> tl = key_timeline("lake/", "AKIAIOSFODNN7EXAMPLE", start="2026-01-07")  # doctest: +SKIP
    >>> tl.first_use["event_name"]  # doctest: +SKIP
    'GetCallerIdentity'
    >>> tl.created.select("user_name", "access_key_id", "used", "apis")  # doctest: +SKIP
    """
    scan = scan_events(source, TIMELINE_COLUMNS, start=start, end=end, accounts=accounts)
    events = _calls(scan.filter(pl.col("access_key_id") == access_key_id)).collect(engine=ENGINE)

    created = events.filter(pl.col("created_user").is_not_null()).select(
        created_at="event_time",
        event_name="event_name",
        event_id="event_id",
        user_name="created_user",
        access_key_id="created_access_key_id",
        account_id="recipient_account_id",
    )
    new_keys = created.get_column("access_key_id").drop_nulls().unique().to_list()
    if new_keys:
        # A key cannot act before it exists: only calls after the earliest creation count.
        since = created.get_column("created_at").min()
        activity = _calls(
            scan.filter(pl.col("access_key_id").is_in(new_keys) & (pl.col("event_time") >= since))
        ).collect(engine=ENGINE)
    else:
        activity = _calls(scan.head(0)).collect(engine=ENGINE)

    done = activity.group_by("access_key_id").agg(
        events=pl.len(),
        first_use=pl.col("event_time").min(),
        last_use=pl.col("event_time").max(),
        apis=pl.col("event_name").unique(maintain_order=True),
        source_ips=pl.col("source_ip_address").drop_nulls().unique(maintain_order=True),
    )
    created = (
        created.join(done, on="access_key_id", how="left", nulls_equal=False)
        .with_columns(
            # A created user without a key has nothing to use: leave it null, not "unused".
            events=pl.when(pl.col("access_key_id").is_not_null())
            .then(pl.col("events").fill_null(0).cast(pl.Int64))
            .otherwise(None),
        )
        .with_columns(used=pl.col("events") > 0)
        .select(
            "created_at",
            "event_name",
            "user_name",
            "access_key_id",
            "used",
            "events",
            "first_use",
            "last_use",
            "apis",
            "source_ips",
            "account_id",
            "event_id",
        )
    )
    sources = (
        events.group_by("source_ip_address", "user_agent")
        .agg(
            first_seen=pl.col("event_time").min(),
            last_seen=pl.col("event_time").max(),
            events=pl.len().cast(pl.Int64),
            failed=(~pl.col("succeeded")).sum().cast(pl.Int64),
            apis=pl.col("event_name").unique(maintain_order=True),
        )
        .sort("first_seen")
    )
    keep = [c for c in events.columns if c != "response_elements"]
    return KeyTimeline(
        access_key_id=access_key_id,
        events=events.select(keep),
        created=created,
        created_activity=activity.select(keep),
        sources=sources,
    )


__all__ = ["CREATION_EVENTS", "KeyTimeline", "key_timeline"]

"""Mergeable daily summaries of enriched CloudTrail: the raw material of every baseline.

``summarize`` turns ENRICHED events into two long frames (schemas ``SUMMARY`` and ``VOLUME`` in
:mod:`ueba.schema`):

* ``summary``: per day, scope, entity and account, how often each value of each dimension was
  seen, and when first and last (``count``, ``first_seen``, ``last_seen``).
* ``volume``: per hour, scope, entity and account, the number of events, errors and AccessDenied
  errors.

Both are sums and min/max over a key, so summaries of any split of the data (by day, by file, by
row) merged with :func:`merge_summaries` equal the summary of the whole. That is what lets the
baseline add one day at a time, and lets Spark or a thread pool summarise parts independently.

Scopes (``SCOPES``) and the entity each one is learnt for:

==============  =============================================================================
``principal``   ``principal_arn`` (IAM user, role, root, federated user)
``credential``  ``access_key_id`` (one session key or one long-term key)
``workload``    ``"<workload_kind>:<workload_id>"`` (``ec2:i-0abc…``, ``lambda:level1``)
``account``     ``recipient_account_id``; events of anonymous callers and other accounts
                (``principal_type`` ``anonymous`` / ``aws_account``) are left out, so an
                outsider reading a public bucket does not make their network "known"
==============  =============================================================================

Dimensions (``DIMENSIONS``), all as text; nulls are not values and are skipped:

``network_key``, ``asn``, ``prefix24`` (the /24 or /48 of a *public* source IP), ``aws_prefix``,
``source_kind``, ``country``, ``ua_os_family``, ``ua_family``, ``ua_fingerprint``,
``api`` (``"<event_source>:<event_name>"``), ``region``, ``hour_of_week`` (0–167 UTC,
Monday 00h = 0), ``error_code``, ``source_ip``, ``console_mfa`` (``MFAUsed`` of a successful
``ConsoleLogin``, ``Yes`` or ``No``: whether the principal's console sign-ins use a second
factor, so a password-only sign-in can be told from the principal's routine), ``workload``
(``"<workload_kind>:<workload_id>"``, learnt for the ``principal`` scope only: which instances,
tasks and functions ran as the role, so a task new today can be judged against its role's known
tasks; ``SCOPED_DIMENSIONS``), ``s3_read`` and ``s3_write`` (the bucket of a successful S3
object read or write, for the ``principal`` and ``account`` scopes) and ``s3_person_write``
(the bucket of a person's write, ``account`` scope only: whether people write the bucket at
all); see :mod:`ueba.baseline._buckets`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import polars as pl

from ueba._collect import STREAMING
from ueba._expr import ACCESS_DENIED_PATTERN, hour_of, hourly_volume, volume_flags
from ueba._frame import FrameT, as_lazy, same_kind
from ueba.baseline._buckets import BUCKET_DIMENSIONS, bucket_expr
from ueba.exceptions import InputError
from ueba.schema import SUMMARY, SUMMARY_SCOPES, UTC_US, VOLUME, conform

SCOPES: tuple[str, ...] = SUMMARY_SCOPES

DIMENSIONS: tuple[str, ...] = (
    "network_key",
    "asn",
    "prefix24",
    "aws_prefix",
    "source_kind",
    "country",
    "ua_os_family",
    "ua_family",
    "ua_fingerprint",
    "api",
    "region",
    "hour_of_week",
    "error_code",
    "source_ip",
    "console_mfa",
    "workload",
    *BUCKET_DIMENSIONS,
)

# Dimensions learnt for some scopes only (every other dimension is learnt for every scope).
# why: the workload a principal ran as is the map from a role to its instances / tasks /
# functions; for the other scopes it is the entity itself (workload) or a copy of a principal's
# rows (credential, account), rows the baseline would carry for nothing.
# The buckets read and written (._buckets, twentieth session): a principal's own, and the
# account's, which every scoring can read whoever wrote (the bucket is known, and whether people
# write it at all); not per key or workload, whose rows would repeat their principal's.
SCOPED_DIMENSIONS: Mapping[str, tuple[str, ...]] = {
    "workload": ("principal",),
    "s3_read": ("principal", "account"),
    "s3_write": ("principal", "account"),
    "s3_person_write": ("account",),
}

# Principal types whose events are not the account's own behaviour (see the module docstring).
_OUTSIDE_PRINCIPAL_TYPES = ("anonymous", "aws_account")

# Columns summarize reads; every one must be present (ENRICHED provides them all).
REQUIRED_COLUMNS: tuple[str, ...] = (
    "event_time",
    "event_source",
    "event_name",
    "aws_region",
    "source_ip_address",
    "error_code",
    "error_message",
    "additional_event_data",
    "request_parameters",
    "recipient_account_id",
    "access_key_id",
    "source_kind",
    "ip_aws_prefix",
    "asn",
    "country",
    "network_key",
    "ua_family",
    "ua_os_family",
    "ua_fingerprint",
    "principal_arn",
    "principal_type",
    "workload_kind",
    "workload_id",
)

_SUMMARY_KEY = ["day", "scope", "entity", "account_id", "dimension", "value"]
_VOLUME_KEY = ["hour", "scope", "entity", "account_id"]
_ENTITY_COLS = {scope: f"__entity_{scope}" for scope in SCOPES}


class Summaries(NamedTuple):
    """The two summary frames: ``summary`` (schema SUMMARY) and ``volume`` (schema VOLUME).

    A NamedTuple, so ``summary, volume = summarize(events)`` works too.
    """

    summary: pl.LazyFrame
    volume: pl.LazyFrame

    def collect(self, *, engine: Any = STREAMING) -> Summaries:
        """Compute both frames in one pass (with ``engine``, see :func:`collect_summaries`)
        and return them as (cheap) LazyFrames over memory."""
        summary, volume = collect_summaries([self.summary, self.volume], engine=engine)
        return Summaries(summary.lazy(), volume.lazy())


def collect_summaries(
    frames: Iterable[pl.LazyFrame], *, engine: Any = STREAMING
) -> list[pl.DataFrame]:
    """Collect summary plans (``summarize``'s or ``merge_summaries``' frames) in one pass.

    The streaming engine runs the summary group-bys in bounded memory
    (measured on 1M events: about half the time and less peak memory than the in-memory
    engine). Expression simplification is off: the same frames, and the plan no longer costs
    more than the data. # why: over enrichment's plan, polars' `simplify_expression` pass took
    over half the CPU of a summary of a few thousand events (2.7 -> 1.2 CPU s for 18,516
    events of three days, identical frames); on a 593,600-event day it is neither faster nor
    slower (benchmarks/results/house.md, eleventh session).
    """
    return pl.collect_all(
        list(frames),
        engine=engine,
        optimizations=pl.QueryOptFlags(simplify_expression=False),
    )


def _prefix_text(address: str) -> str | None:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def _prefix_series(ips: pl.Series) -> pl.Series:
    # Python's ipaddress on the unique values only, then mapped back: IPv6 /48 needs the "::"
    # expansion that is awkward in pure expressions, and a day has far fewer IPs than events.
    uniques = ips.drop_nulls().unique().to_list()
    mapping = {address: _prefix_text(address) for address in uniques}
    return ips.replace_strict(mapping, default=None, return_dtype=pl.String)


def _workload_text() -> pl.Expr:
    """``"<workload_kind>:<workload_id>"``, null when the event ran in no known workload."""
    return pl.concat_str([pl.col("workload_kind"), pl.col("workload_id")], separator=":")


def dimension_expr(dimension: str) -> pl.Expr:
    """The expression computing ``dimension``'s value (text) from ENRICHED columns.

    Rules use it to compute today's value exactly as the baseline did.

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> df = pl.DataFrame({"event_source": ["s3.amazonaws.com"], "event_name": ["ListBuckets"],
    ...                    "event_time": [dt.datetime(2024, 7, 29, 5)]})
    >>> df.select(api=dimension_expr("api"), how=dimension_expr("hour_of_week")).row(0)
    ('s3.amazonaws.com:ListBuckets', '5')
    """
    time = pl.col("event_time").cast(UTC_US)  # hour of week in UTC whatever the zone
    exprs: Mapping[str, pl.Expr] = {
        "network_key": pl.col("network_key"),
        "asn": pl.col("asn").cast(pl.String),
        "prefix24": pl.when(pl.col("source_kind") == "public").then(
            pl.col("source_ip_address").map_batches(
                _prefix_series, return_dtype=pl.String, is_elementwise=True
            )
        ),
        "aws_prefix": pl.col("ip_aws_prefix"),
        "source_kind": pl.col("source_kind"),
        "country": pl.col("country"),
        "ua_os_family": pl.col("ua_os_family"),
        "ua_family": pl.col("ua_family"),
        "ua_fingerprint": pl.col("ua_fingerprint"),
        "api": pl.concat_str([pl.col("event_source"), pl.col("event_name")], separator=":"),
        "region": pl.col("aws_region"),
        "hour_of_week": ((time.dt.weekday().cast(pl.Int64) - 1) * 24 + time.dt.hour()).cast(
            pl.String
        ),
        "error_code": pl.col("error_code"),
        "source_ip": pl.col("source_ip_address"),
        # a failed sign-in logs errorMessage "Failed authentication" (no verdict worth
        # learning); a regex, not a JSON parse: most rows' additional data is not a sign-in's
        "workload": _workload_text(),
        "console_mfa": pl.when(
            (pl.col("event_name") == "ConsoleLogin") & pl.col("error_message").is_null()
        ).then(pl.col("additional_event_data").str.extract(r'"MFAUsed"\s*:\s*"(\w+)"', 1)),
    }
    if dimension in BUCKET_DIMENSIONS:
        return bucket_expr(dimension).cast(pl.String).alias(dimension)
    if dimension not in exprs:
        raise ValueError(f"unknown dimension {dimension!r}; expected one of {DIMENSIONS}")
    return exprs[dimension].cast(pl.String).alias(dimension)


def entity_expr(scope: str) -> pl.Expr:
    """The expression computing the entity a ``scope`` is learnt for, from ENRICHED columns.

    Examples
    --------
    >>> import polars as pl
    >>> df = pl.DataFrame({"workload_kind": ["ec2"], "workload_id": ["i-0abc"]})
    >>> df.select(entity_expr("workload")).item()
    'ec2:i-0abc'
    """
    if scope == "principal":
        expr = pl.col("principal_arn")
    elif scope == "credential":
        expr = pl.col("access_key_id")
    elif scope == "workload":
        expr = _workload_text()
    elif scope == "account":
        outsider = pl.col("principal_type").is_in(_OUTSIDE_PRINCIPAL_TYPES).fill_null(False)
        expr = pl.when(~outsider).then(pl.col("recipient_account_id"))
    else:
        raise ValueError(f"unknown scope {scope!r}; expected one of {SCOPES}")
    return expr.cast(pl.String).alias("entity")


def check_enriched(frame: pl.LazyFrame, *, what: str = "history") -> None:
    """Raise ``InputError`` naming the missing columns when ``frame`` is not ENRICHED."""
    missing = [name for name in REQUIRED_COLUMNS if name not in frame.collect_schema()]
    if missing:
        raise InputError(
            f"the {what} frame lacks the enriched columns {', '.join(missing)}",
            fix="pass events through ueba.enrich(events) (or ueba.schema.conform(frame, ENRICHED)) first",
        )


def _prepared(enriched: pl.LazyFrame, *, dimensions: bool = True) -> pl.LazyFrame:
    check_enriched(enriched, what="enriched")
    time = pl.col("event_time").cast(UTC_US)
    return enriched.filter(pl.col("event_time").is_not_null()).select(
        time.alias("event_time"),
        time.dt.date().alias("day"),
        hour_of(time).alias("hour"),
        pl.col("recipient_account_id").cast(pl.String).alias("account_id"),
        *[entity_expr(scope).alias(column) for scope, column in _ENTITY_COLS.items()],
        *volume_flags(),
        *([dimension_expr(name) for name in DIMENSIONS] if dimensions else []),
    )


def _volume_of(prepared: pl.LazyFrame) -> pl.LazyFrame:
    parts = [
        prepared.filter(pl.col(column).is_not_null())
        .group_by(["hour", column, "account_id"])
        .agg(*hourly_volume())
        .select(
            "hour",
            pl.lit(scope).alias("scope"),
            pl.col(column).alias("entity"),
            "account_id",
            "events",
            "errors",
            "access_denied",
        )
        for scope, column in _ENTITY_COLS.items()
    ]
    return conform(pl.concat(parts, how="vertical"), VOLUME)


def _summary_of(prepared: pl.LazyFrame) -> pl.LazyFrame:
    # One narrow group-by per (scope, dimension) over the cached input: measured several times
    # faster than unpivoting into one long frame or rolling scopes up from a wide fine
    # aggregate, because each hash key is three short strings and a date.
    parts = [
        prepared.filter(pl.col(column).is_not_null() & pl.col(name).is_not_null())
        .group_by(["day", column, "account_id", name])
        .agg(
            count=pl.len().cast(pl.Int64),
            first_seen=pl.min("event_time"),
            last_seen=pl.max("event_time"),
        )
        .select(
            "day",
            pl.lit(scope).alias("scope"),
            pl.col(column).alias("entity"),
            "account_id",
            pl.lit(name).alias("dimension"),
            pl.col(name).alias("value"),
            "count",
            "first_seen",
            "last_seen",
        )
        for scope, column in _ENTITY_COLS.items()
        for name in DIMENSIONS
        if scope in SCOPED_DIMENSIONS.get(name, SCOPES)
    ]
    return conform(pl.concat(parts, how="vertical"), SUMMARY)


def summarize_volume(enriched: FrameT) -> FrameT:
    """Hourly events, errors and AccessDenied errors per scope and entity (schema VOLUME), of
    the kind given (LazyFrame or DataFrame).

    Cheaper than :func:`summarize` when only volume is needed (a spike rule on today's events).

    Examples
    --------
    >>> volume = summarize_volume(enriched_today)  # doctest: +SKIP
    >>> volume.filter(pl.col("scope") == "principal").collect()  # doctest: +SKIP
    """
    return same_kind(enriched, _volume_of(_prepared(as_lazy(enriched), dimensions=False).cache()))


def summarize(enriched: pl.LazyFrame) -> Summaries:
    """Summarise ENRICHED events into mergeable daily ``summary`` and hourly ``volume`` frames.

    Lazy in, lazy out: nothing is computed until the result is collected; both frames share one
    cached pass over the input (collect them together with ``Summaries.collect()`` or
    ``pl.collect_all``). Events without an ``event_time`` are skipped.

    Examples
    --------
    >>> from ueba.schema import ENRICHED, conform
    >>> import datetime as dt, polars as pl
    >>> events = conform(pl.LazyFrame({
    ...     "event_time": [dt.datetime(2024, 7, 29, 5, tzinfo=dt.UTC)],
    ...     "event_source": ["s3.amazonaws.com"], "event_name": ["ListBuckets"],
    ...     "recipient_account_id": ["111122223333"],
    ...     "principal_arn": ["arn:aws:iam::111122223333:role/app"]}), ENRICHED)
    >>> summary, volume = summarize(events)
    >>> api = summary.filter(pl.col("dimension") == "api").select("scope", "value").sort("scope")
    >>> api.collect().rows()
    [('account', 's3.amazonaws.com:ListBuckets'), ('principal', 's3.amazonaws.com:ListBuckets')]
    """
    prepared = _prepared(enriched).cache()
    return Summaries(_summary_of(prepared), _volume_of(prepared))


def _lazy(frame: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    return frame.lazy() if isinstance(frame, pl.DataFrame) else frame


def merge_summaries(*parts: Summaries | Iterable[Summaries]) -> Summaries:
    """Merge summaries of parts of the data into the summary of the whole.

    Counts add up, ``first_seen`` takes the earliest and ``last_seen`` the latest, so the result
    does not depend on how the data was split or in which order parts come. Accepts
    ``Summaries`` or iterables of them; no parts gives empty frames.

    Examples
    --------
    >>> merged = merge_summaries(summarize(monday), summarize(tuesday))  # doctest: +SKIP
    >>> merged = merge_summaries([summarize(day) for day in days])  # doctest: +SKIP
    """
    flat: list[Summaries] = []
    for part in parts:
        if isinstance(part, Summaries):
            flat.append(part)
        else:
            flat.extend(part)
    summaries = [conform(_lazy(p.summary), SUMMARY) for p in flat]
    volumes = [conform(_lazy(p.volume), VOLUME) for p in flat]
    if not flat:
        return Summaries(pl.LazyFrame(schema=dict(SUMMARY)), pl.LazyFrame(schema=dict(VOLUME)))
    summary = (
        pl.concat(summaries, how="vertical")
        .group_by(_SUMMARY_KEY)
        .agg(pl.sum("count"), pl.min("first_seen"), pl.max("last_seen"))
    )
    volume = (
        pl.concat(volumes, how="vertical")
        .group_by(_VOLUME_KEY)
        .agg(pl.sum("events"), pl.sum("errors"), pl.sum("access_denied"))
    )
    return Summaries(conform(summary, SUMMARY), conform(volume, VOLUME))


__all__ = [
    "ACCESS_DENIED_PATTERN",
    "DIMENSIONS",
    "REQUIRED_COLUMNS",
    "SCOPED_DIMENSIONS",
    "SCOPES",
    "Summaries",
    "check_enriched",
    "dimension_expr",
    "entity_expr",
    "merge_summaries",
    "summarize",
    "summarize_volume",
]

"""Session summaries: what a key did, one row per API call, readable at a glance.

A console session makes thousands of events; an analyst needs a page. Following Hunters' method
("CloudTrail Logging Internals", RSAC 2022) the events are grouped by API call and each group
keeps: how many calls, how many worked and failed, a sample of ``resources`` where the service
fills it, a sample of ``requestParameters`` for calls that change something, the filter sets of
Describe/List calls (they show what the caller was looking for), and the targets of AccessDenied
errors, taken from ``errorMessage`` because a denied call has empty ``requestParameters``.
``readOnly`` hides dangerous reads (GetSecretValue, GetPasswordData), so those are marked.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ueba._collect import ENGINE
from ueba._expr import access_denied
from ueba._frame import FrameT, as_lazy, same_kind
from ueba.investigate._source import Source, TimeLike, scan_events, succeeded

# Read-only calls that hand over secrets, credentials or the map of the estate.
SENSITIVE_READ_ONLY: frozenset[str] = frozenset(
    {
        "ListBuckets",
        "GetSecretValue",
        "BatchGetSecretValue",
        "GetPasswordData",
        "GetParameter",
        "GetParameters",
        "GetParametersByPath",
        "GetObject",
        "GetCallerIdentity",
        "AssumeRole",
        "GetSessionToken",
        "GetFederationToken",
        "GetAccountAuthorizationDetails",
        "ListAccessKeys",
        "ListUsers",
        "ListRoles",
        "GetLoginProfile",
        "GetAuthorizationToken",
        "BatchGetImage",
        "GetDownloadUrlForLayer",
        "DescribeInstanceAttribute",
        "GetFunction",
        "Decrypt",
        "GetConsoleScreenshot",
        "GetConsoleOutput",
        "ListSecrets",
        "DescribeSecret",
        "GetCredentialReport",
    }
)

SESSION_COLUMNS = (
    "event_time",
    "event_id",
    "event_source",
    "event_name",
    "access_key_id",
    "identity_arn",
    "session_creation_date",
    "session_credential_from_console",
    "read_only",
    "error_code",
    "error_message",
    "request_parameters",
    "resources",
    "source_ip_address",
)

_READ_PREFIXES = r"^(Get|List|Describe|Head|Lookup|Search|Scan|Query|BatchGet|Check|Select|View)"
_SAMPLES = 5


def is_read_only() -> pl.Expr:
    """CloudTrail's ``readOnly``, or, where a service leaves it empty, the call's verb."""
    return pl.coalesce(pl.col("read_only"), pl.col("event_name").str.contains(_READ_PREFIXES))


def denied_target() -> pl.Expr:
    """What an AccessDenied call was after: the resource in ``errorMessage``, else the action.

    ``User: arn:… is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::1:role/``
    """
    message = pl.col("error_message")
    resource = message.str.extract(r"on resource:\s*(\S+?)[\s,;]*(?:because|with|$)", 1)
    action = message.str.extract(r"perform:\s*([\w\-]+:[\w\-*]+)", 1)
    return pl.when(access_denied()).then(pl.coalesce(resource, action)).otherwise(None)


def _filter_set() -> pl.Expr:
    request = pl.col("request_parameters")
    return pl.coalesce(
        request.str.json_path_match("$.filterSet.items"),
        request.str.json_path_match("$.filters"),
        request.str.json_path_match("$.Filters"),
        request.str.json_path_match("$.filter"),
    )


def session_events(
    source: Source,
    access_key_id: str | Sequence[str],
    *,
    start: TimeLike = None,
    end: TimeLike = None,
    accounts: Sequence[str] | None = None,
    console_siblings: bool = True,
) -> pl.LazyFrame:
    """The events of one session: the key(s), plus the console's sibling keys if asked.

    The console makes a separate key per region for one sign-in; they share the identity ARN
    and the session's creation time, so with ``console_siblings`` those keys come along.
    """
    keys = [access_key_id] if isinstance(access_key_id, str) else list(access_key_id)
    scan = scan_events(source, SESSION_COLUMNS, start=start, end=end, accounts=accounts)
    mine = pl.col("access_key_id").is_in(keys)
    if not console_siblings:
        return scan.filter(mine)
    sessions = (
        scan.filter(mine & pl.col("session_credential_from_console").fill_null(False))
        .select("identity_arn", "session_creation_date")
        .unique()
        .collect(engine=ENGINE)
    )
    if sessions.is_empty():
        return scan.filter(mine)
    siblings = scan.join(
        sessions.lazy(),
        on=["identity_arn", "session_creation_date"],
        how="semi",
    ).filter(pl.col("session_credential_from_console").fill_null(False))
    return pl.concat([scan.filter(mine), siblings]).unique("event_id", maintain_order=True)


def summarize_session(events: FrameT) -> FrameT:
    """Group one session's events by API call (the columns of :func:`session_summary`); a
    LazyFrame gives a LazyFrame, a DataFrame a DataFrame."""
    return same_kind(events, _by_api_call(as_lazy(events)))


def _by_api_call(events: pl.LazyFrame) -> pl.LazyFrame:
    ok = pl.col("succeeded")
    return (
        events.with_columns(
            succeeded=succeeded(),
            is_read_only=is_read_only(),
            denied=access_denied(),
            denied_target=denied_target(),
            filter_set=_filter_set(),
        )
        .group_by("event_source", "event_name")
        .agg(
            total=pl.len().cast(pl.Int64),
            succeeded=ok.sum().cast(pl.Int64),
            failed=(~ok).sum().cast(pl.Int64),
            access_denied=pl.col("denied").sum().cast(pl.Int64),
            first_seen=pl.col("event_time").min(),
            last_seen=pl.col("event_time").max(),
            read_only=pl.col("is_read_only").all(),
            access_keys=pl.col("access_key_id").unique(maintain_order=True),
            source_ips=pl.col("source_ip_address").drop_nulls().unique(maintain_order=True),
            sample_resources=pl.col("resources").drop_nulls().first(),
            sample_request_parameters=pl.col("request_parameters")
            .filter(~pl.col("is_read_only") & pl.col("request_parameters").is_not_null())
            .first(),
            filter_sets=pl.col("filter_set")
            .filter(pl.col("filter_set").is_not_null() & (pl.col("filter_set") != "[]"))
            .unique(maintain_order=True)
            .head(_SAMPLES),
            access_denied_targets=pl.col("denied_target")
            .drop_nulls()
            .unique(maintain_order=True)
            .head(_SAMPLES),
            error_codes=pl.col("error_code").drop_nulls().unique(maintain_order=True),
        )
        .with_columns(
            sensitive=pl.col("read_only") & pl.col("event_name").is_in(sorted(SENSITIVE_READ_ONLY)),
        )
        .sort("first_seen", "event_name")
    )


def session_summary(
    source: Source,
    access_key_id: str | Sequence[str],
    *,
    start: TimeLike = None,
    end: TimeLike = None,
    accounts: Sequence[str] | None = None,
    console_siblings: bool = True,
) -> pl.DataFrame:
    """One row per API call the key (or session) made: counts, samples, denials, sensitivity.

    Columns: ``event_source``, ``event_name``, ``total``, ``succeeded``, ``failed``,
    ``access_denied``, ``first_seen``, ``last_seen``, ``read_only``, ``sensitive`` (a
    read-only call that exposes secrets or the estate), ``access_keys``, ``source_ips``,
    ``sample_resources``, ``sample_request_parameters`` (write calls only), ``filter_sets``
    (Describe/List), ``access_denied_targets``, ``error_codes``. Ordered by first call.

    Examples
    --------
    >>> s = session_summary("lake/", "ASIAZQNB3KHGNXWXBSJS")  # doctest: +SKIP
    >>> s.select("event_name", "total", "sensitive", "source_ips").row(0)  # doctest: +SKIP
    ('ListBuckets', 1, True, ['104.102.221.250'])
    """
    events = session_events(
        source,
        access_key_id,
        start=start,
        end=end,
        accounts=accounts,
        console_siblings=console_siblings,
    )
    return summarize_session(events).collect(engine=ENGINE)


__all__ = [
    "SENSITIVE_READ_ONLY",
    "access_denied",
    "denied_target",
    "is_read_only",
    "session_events",
    "session_summary",
    "summarize_session",
]

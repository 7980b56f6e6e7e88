"""Expressions every stage shares, so that the baseline and today's scoring agree on meanings.

Low level on purpose (it imports only polars): ``ueba.baseline``, ``ueba.detect`` and
``ueba.investigate`` all read "was this call refused?" from here, so a denial counted in the
baseline's hourly volume is the same denial a rule counts today. Hourly volume is defined once
here too (:func:`hour_of`, :func:`volume_flags`, :func:`hourly_volume`): the baseline learns it,
the volume rules and the IsolationForest model compare against it.

>>> import polars as pl
>>> codes = ["AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException", None]
>>> ec2 = ["Client.RequestLimitExceeded", "Client.InvalidInstanceID.NotFound"]
>>> pl.DataFrame({"error_code": codes}).select(access_denied())["error_code"].to_list()
[True, True, False, False]
>>> pl.DataFrame({"error_code": codes + ec2}).select(throttled())["error_code"].to_list()
[False, False, True, False, True, False]
"""

from __future__ import annotations

import polars as pl

# CloudTrail spells a refused call differently per service: AccessDenied (S3, IAM),
# AccessDeniedException (most JSON APIs), Client.UnauthorizedOperation (EC2), Forbidden,
# NotAuthorizedException (Cognito), AuthorizationError (SNS). Case-insensitive search.
ACCESS_DENIED_PATTERN = r"(?i)accessdenied|unauthorized|forbidden|notauthorized|authorizationerror"


def access_denied(column: str = "error_code") -> pl.Expr:
    """True when ``column`` (an error code) says the call was refused; False when it was not or
    when there is no error."""
    return pl.col(column).str.contains(ACCESS_DENIED_PATTERN).fill_null(False)


# why: a throttled call was not refused; the service shed load ("the request rate is too high",
# retried with backoff). The codes are those the AWS SDKs retry as throttling (AWS SDKs and Tools
# Reference Guide, "Retry behavior"; botocore's standard retry mode lists the same names), among
# them DynamoDB's ThrottlingException, ProvisionedThroughputExceededException and
# RequestLimitExceeded ("Error handling with DynamoDB": the table's or the account's throughput
# exceeded), EC2's RequestLimitExceeded ("Request throttling for the Amazon EC2 API"), Lambda's
# and API Gateway's TooManyRequestsException, the Query APIs' Throttling and S3's SlowDown.
# LimitExceededException is left out: for IAM, Cognito and others it is a quota on what exists
# (too many keys, users, groups), a write's answer, not load.
THROTTLE_ERRORS = (
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottled",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "SlowDown",
    "EC2ThrottledException",
)


def throttled(column: str = "error_code") -> pl.Expr:
    """True when ``column`` (an error code) says the call was throttled: the service shed load,
    nothing was refused. False when there is no error. EC2's codes come as CloudTrail logs them,
    with their ``Client.`` / ``Server.`` prefix (``Client.RequestLimitExceeded``)."""
    code = pl.col(column).str.replace(r"^(?:Client|Server)\.", "")
    return code.is_in(list(THROTTLE_ERRORS)).fill_null(False)


def hour_of(time: str | pl.Expr = "event_time") -> pl.Expr:
    """The UTC hour an event falls in: the bucket of every hourly count."""
    return (pl.col(time) if isinstance(time, str) else time).dt.truncate("1h")


def volume_flags() -> list[pl.Expr]:
    """Per event, as 0/1 integers: ``errors`` (any error code) and ``access_denied``."""
    return [
        pl.col("error_code").is_not_null().cast(pl.Int64).alias("errors"),
        access_denied().cast(pl.Int64).alias("access_denied"),
    ]


def hourly_volume() -> list[pl.Expr]:
    """The VOLUME measures of a group of events that carry :func:`volume_flags`: ``events``,
    ``errors``, ``access_denied``. Aggregations, or windows with ``.over(entity, hour)``.

    >>> import datetime as dt
    >>> t = dt.datetime(2024, 7, 1, 9, 30)
    >>> events = pl.DataFrame({"event_time": [t, t], "error_code": [None, "AccessDenied"]})
    >>> events.with_columns(*volume_flags()).group_by(hour_of().alias("hour")).agg(
    ...     *hourly_volume()).rows()
    [(datetime.datetime(2024, 7, 1, 9, 0), 2, 1, 1)]
    """
    return [pl.len().cast(pl.Int64).alias("events"), pl.sum("errors"), pl.sum("access_denied")]


__all__ = [
    "ACCESS_DENIED_PATTERN",
    "THROTTLE_ERRORS",
    "access_denied",
    "hour_of",
    "hourly_volume",
    "throttled",
    "volume_flags",
]

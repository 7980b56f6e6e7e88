"""Expressions every stage shares, so that the baseline and today's scoring agree on meanings.

Low level on purpose (it imports only polars): ``ueba.baseline``, ``ueba.detect`` and
``ueba.investigate`` all read "was this call refused?" from here, so a denial counted in the
baseline's hourly volume is the same denial a rule counts today. Hourly volume is defined once
here too (:func:`hour_of`, :func:`volume_flags`, :func:`hourly_volume`): the baseline learns it,
the volume rules and the IsolationForest model compare against it.

>>> import polars as pl
>>> codes = ["AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException", None]
>>> pl.DataFrame({"error_code": codes}).select(access_denied())["error_code"].to_list()
[True, True, False, False]
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


__all__ = ["ACCESS_DENIED_PATTERN", "access_denied", "hour_of", "hourly_volume", "volume_flags"]

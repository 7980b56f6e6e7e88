"""Dates, times and windows given by people: one reading of ``"2024-07-31"`` and ``"30d"``.

Every ``start=``, ``end=``, ``until=``, ``--day`` and ``--start`` goes through these, so a bare
date, a naive time and a ``Z`` suffix mean the same thing to every reader and command:

- a naive time is UTC (CloudTrail's clock), an aware one is converted to UTC;
- a bare date as a start is that day's midnight; as an end it includes the whole day
  (``end="2024-07-31"`` keeps the 31st), while an end given as a time is exclusive.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import overload

from ueba.exceptions import ConfigError

TimeLike = str | date | datetime
WindowLike = str | int | timedelta

_WINDOW = re.compile(r"^\s*(\d+)\s*([dDwW]?)\s*$")


@overload
def to_utc(value: None, *, end_of_day: bool = False, what: str = "time") -> None: ...
@overload
def to_utc(value: TimeLike, *, end_of_day: bool = False, what: str = "time") -> datetime: ...
def to_utc(
    value: TimeLike | None, *, end_of_day: bool = False, what: str = "time"
) -> datetime | None:
    """``value`` as an aware UTC datetime; ``None`` stays ``None``.

    A bare date (``"2024-07-01"`` or a :class:`~datetime.date`) means the start of that day, or
    with ``end_of_day`` the start of the next one. ``what`` names the option in the error.

    >>> to_utc("2024-07-31", end_of_day=True)
    datetime.datetime(2024, 8, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> to_utc("2024-07-31T12:00:00+02:00")
    datetime.datetime(2024, 7, 31, 10, 0, tzinfo=datetime.timezone.utc)
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        day = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return day + timedelta(days=1) if end_of_day else day
    if not isinstance(value, str):
        raise ConfigError(
            f"{what}={value!r} is not a date or time",
            fix="give an ISO date (2024-07-01), a time (2024-07-01T13:00:00Z) or a datetime",
        )
    text = value.strip()
    try:
        if len(text) == 10:
            return to_utc(date.fromisoformat(text), end_of_day=end_of_day)
        return to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise ConfigError(
            f"{what}={value!r} is not a date or time",
            fix="give an ISO date (2024-07-01) or time (2024-07-01T13:00:00Z)",
        ) from None


def time_range(
    start: TimeLike | None,
    end: TimeLike | None,
    *,
    names: tuple[str, str] = ("start", "end"),
) -> tuple[datetime | None, datetime | None]:
    """``[since, until)`` in UTC for a reader's ``start`` and ``end`` (an end date is inclusive).

    >>> since, until = time_range("2024-07-01", "2024-07-01")
    >>> until - since
    datetime.timedelta(days=1)
    """
    return to_utc(start, what=names[0]), to_utc(end, end_of_day=True, what=names[1])


def day_span(since: datetime | None, until: datetime | None) -> tuple[date | None, date | None]:
    """The first and last UTC days that ``[since, until)`` touches, to prune day partitions.

    >>> day_span(*time_range("2024-07-01", "2024-07-02"))
    (datetime.date(2024, 7, 1), datetime.date(2024, 7, 2))
    """
    first = since.date() if since is not None else None
    last = (until - timedelta(microseconds=1)).date() if until is not None else None
    return first, last


def parse_day(value: str | date, *, what: str = "day") -> date:
    """A calendar day from ``"2024-07-31"`` (or a date; a datetime gives its UTC day).

    >>> parse_day("2024-07-31")
    datetime.date(2024, 7, 31)
    """
    if isinstance(value, datetime):
        return value.astimezone(UTC).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError(
            f"{what} {value!r} is not a date", fix=f"give e.g. {what} 2024-07-31"
        ) from None


def parse_window(window: WindowLike, *, what: str = "window") -> int:
    """A window in whole days: ``"30d"``, ``"4w"``, ``30``, ``"30"`` or ``timedelta(days=30)``.

    The one reading of every ``window=`` and ``--window`` (baselines, rules, the daily job). A
    bare number means days, whether an int or text (a saved baseline stores it as text).

    >>> parse_window("4w"), parse_window(30), parse_window(" 7D ")
    (28, 30, 7)
    """
    days: int | None = None
    if isinstance(window, bool):
        days = None
    elif isinstance(window, int):
        days = window
    elif isinstance(window, timedelta):
        if window % timedelta(days=1) == timedelta(0):
            days = window.days
    elif isinstance(window, str):
        match = _WINDOW.match(window)
        if match:
            days = int(match.group(1)) * (7 if match.group(2).lower() == "w" else 1)
    if days is None or days < 1:
        raise ConfigError(
            f"{what}: {window!r} is not a window (a whole number of days)",
            fix='write days or weeks, e.g. "30d", "4w" or 30',
        )
    return days


def midnight(day: date) -> datetime:
    """The first instant of ``day``, UTC: where a scored day starts and a baseline ends."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


__all__ = [
    "TimeLike",
    "WindowLike",
    "day_span",
    "midnight",
    "parse_day",
    "parse_window",
    "time_range",
    "to_utc",
]

"""Small ENRICHED frames built by hand, so the baseline tests need no parser or enrichment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl
import pytest

from ueba.schema import ENRICHED, conform

ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/app"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"


def event(
    when: dt.datetime,
    *,
    api: str = "s3.amazonaws.com:GetObject",
    principal: str | None = ROLE,
    key: str | None = "ASIAAPP0000000000001",
    workload: tuple[str, str] | None = ("ec2", "i-0abc"),
    **columns: Any,
) -> dict[str, Any]:
    """One ENRICHED row; keyword arguments set any other column."""
    source, name = api.split(":")
    row: dict[str, Any] = {
        "event_time": when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when,
        "event_source": source,
        "event_name": name,
        "aws_region": "us-east-1",
        "recipient_account_id": ACCOUNT,
        "principal_arn": principal,
        "principal_type": "role" if principal else None,
        "access_key_id": key,
        "workload_kind": workload[0] if workload else None,
        "workload_id": workload[1] if workload else None,
        "source_ip_address": "52.95.255.121",
        "source_kind": "aws",
        "ip_aws_prefix": "52.95.255.0/24",
        "network_key": "52.95.255.0/24",
        "asn": 16509,
        "ua_family": "boto3",
        "ua_os_family": "linux",
        "ua_fingerprint": "Boto3/1.34 Python/3.12 Linux",
        "event_id": f"{when.isoformat()}-{api}",
    }
    row.update(columns)
    return row


def frame(rows: Iterable[Mapping[str, Any]]) -> pl.LazyFrame:
    rows = list(rows)
    if not rows:
        return conform(pl.LazyFrame(schema={"event_time": pl.Datetime("us", "UTC")}), ENRICHED)
    return conform(pl.LazyFrame(rows, infer_schema_length=None), ENRICHED)


def daily_history(
    days: int, *, start: dt.date = dt.date(2024, 7, 1), hours: Iterable[int] = (9, 10)
) -> pl.LazyFrame:
    """The app role calling GetObject every day at the given hours from its AWS network."""
    rows = [
        event(dt.datetime(start.year, start.month, start.day, hour) + dt.timedelta(days=offset))
        for offset in range(days)
        for hour in hours
    ]
    return frame(rows)


@pytest.fixture
def make_event() -> Callable[..., dict[str, Any]]:
    return event


@pytest.fixture
def make_frame() -> Callable[[Iterable[Mapping[str, Any]]], pl.LazyFrame]:
    return frame


@pytest.fixture
def history() -> Callable[..., pl.LazyFrame]:
    return daily_history


def weekday_history(weeks: int, *, days: Iterable[int] = range(5)) -> pl.LazyFrame:
    """IAM user alice at work on the given weekdays (0 = Monday; default Monday to Friday) of
    ``weeks`` weeks from Monday 1 July 2024, five calls a day from the office; she is the
    account's only actor, so the account keeps her rhythm too."""
    start = dt.datetime(2024, 7, 1, 9)
    rows = [
        event(
            start + dt.timedelta(days=7 * week + day, minutes=10 * call),
            principal=USER,
            key="AKIAALICE00000000001",
            workload=None,
            principal_type="iam_user",
        )
        for week in range(weeks)
        for day in days
        for call in range(5)
    ]
    return frame(rows)


@pytest.fixture
def weekday() -> Callable[..., pl.LazyFrame]:
    return weekday_history

"""Hand-built ENRICHED frames for rule tests (no dependency on ingest or enrichment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest

from ueba.schema import ENRICHED, conform

T0 = dt.datetime(2018, 11, 28, 22, 0, tzinfo=dt.UTC)

DEFAULTS: dict[str, Any] = {
    "event_source": "s3.amazonaws.com",
    "event_name": "ListObjects",
    "aws_region": "us-east-1",
    "recipient_account_id": "653711331788",
    "identity_account_id": "653711331788",
    "identity_type": "AssumedRole",
    "principal_type": "role",
    "credential_kind": "session_key",
}

AWS_IP = {
    "source_ip_address": "34.234.236.212",
    "source_kind": "aws",
    "network_key": "34.224.0.0/12",
    "aws_service": "EC2",
    "ip_aws_region": "us-east-1",
    "asn": 14618,
    "as_org": "AMAZON-AES",
}
ATTACKER_IP = {
    "source_ip_address": "104.102.221.250",
    "source_kind": "public",
    "network_key": "AS20940",
    "asn": 20940,
    "as_org": "Akamai",
    "country": "US",
}
MAC_CLI = {
    "user_agent": "aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9",
    "ua_family": "aws-cli",
    "ua_version": "1.16.19",
    "ua_os_family": "macos",
    "ua_fingerprint": "aws-cli/1 Python Darwin",
}
BOTO = {
    "user_agent": "Boto3/1.9.0 Python/3.7 Linux/4.14 exec-env/AWS_Lambda_python3.7",
    "ua_family": "boto3",
    "ua_version": "1.9.0",
    "ua_os_family": "linux",
    "ua_exec_env": "Lambda",
    "ua_fingerprint": "Boto3 Python Linux",
}


def role(
    name: str, session: str, key: str, kind: str | None, workload: str | None
) -> dict[str, Any]:
    return {
        "identity_arn": f"arn:aws:sts::653711331788:assumed-role/{name}/{session}",
        "principal_arn": f"arn:aws:iam::653711331788:role/{name}",
        "session_name": session,
        "access_key_id": key,
        "workload_kind": kind,
        "workload_id": workload,
    }


def build(rows: list[dict[str, Any]]) -> pl.LazyFrame:
    """ENRICHED LazyFrame from partial rows; event_id/event_time filled in order."""
    full = []
    for i, row in enumerate(rows):
        r = {**DEFAULTS, "event_id": f"ev-{i:04d}", "event_time": T0 + dt.timedelta(minutes=i)}
        r.update(row)
        full.append(r)
    cols = sorted({k for r in full for k in r})
    data = {c: [r.get(c) for r in full] for c in cols}
    schema = {c: ENRICHED[c] for c in cols}
    return conform(pl.DataFrame(data, schema=schema).lazy(), ENRICHED)


@pytest.fixture
def enriched() -> Callable[[list[dict[str, Any]]], pl.LazyFrame]:
    return build

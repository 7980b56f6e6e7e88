"""A small FINDINGS frame built by the real Scorer on a hand-made day."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ueba.detect.scorer import Scorer
from ueba.schema import ENRICHED, conform

T0 = dt.datetime(2018, 11, 28, 23, 0, tzinfo=dt.UTC)


@pytest.fixture
def findings() -> pl.DataFrame:
    base = {
        "recipient_account_id": "653711331788",
        "event_source": "s3.amazonaws.com",
        "principal_arn": "arn:aws:iam::653711331788:role/level3",
        "principal_type": "role",
        "access_key_id": "ASIAZQNB3KHGNXWXBSJS",
        "workload_kind": "ecs",
        "workload_id": "d190",
        "source_ip_address": "104.102.221.250",
        "source_kind": "public",
        "network_key": "AS20940",
        "user_agent": "aws-cli/1.16.19 Python/2.7.10 Darwin/17.7.0 botocore/1.12.9",
        "ua_family": "aws-cli",
        "ua_os_family": "macos",
    }
    rows = [
        {**base, "event_id": "e1", "event_name": "ListBuckets", "event_time": T0},
        {
            **base,
            "event_id": "e2",
            "event_name": "StopLogging",
            "event_time": T0,
            "event_source": "cloudtrail.amazonaws.com",
            "access_key_id": "ASIAOTHER",
            # another task: keys of one task would fold into one incident
            "workload_id": "e7f1",
        },
    ]
    cols = sorted({k for r in rows for k in r})
    frame = pl.DataFrame(
        {c: [r.get(c) for r in rows] for c in cols}, schema={c: ENRICHED[c] for c in cols}
    )
    out = Scorer(None).score(conform(frame.lazy(), ENRICHED)).collect()
    assert out.height == 2
    return out

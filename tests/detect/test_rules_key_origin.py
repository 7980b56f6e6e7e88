"""key_origin: a minted session key compared with the call that minted it (no history)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from ueba.detect.rules import KeyOrigin

ACCOUNT = "653711331788"
USER = {
    "type": "IAMUser",
    "principalId": "AIDAEXAMPLE",
    "arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
    "accountId": ACCOUNT,
    "accessKeyId": "AKIACIEXAMPLE0000001",
    "userName": "ci",
}
MINTED = "ASIAMINTEDEXAMPLE001"


def _session() -> dict[str, Any]:
    return {
        "type": "AssumedRole",
        "principalId": "AROAEXAMPLE:deploy",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/deploy",
        "accountId": ACCOUNT,
        "accessKeyId": MINTED,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "arn": f"arn:aws:iam::{ACCOUNT}:role/deployer",
                "accountId": ACCOUNT,
                "userName": "deployer",
            }
        },
    }


def _record(i: int, identity: dict[str, Any], ip: str, ua: str, name: str, **extra: Any) -> dict:
    return {
        "eventVersion": "1.08",
        "userIdentity": identity,
        "eventTime": f"2025-03-03T10:{i:02d}:00Z",
        "eventSource": "sts.amazonaws.com" if name == "AssumeRole" else "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": None,
        "responseElements": None,
        "eventID": f"key-origin-{i}",
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
        **extra,
    }


def _score(tmp_path: Path, use_ip: str, use_ua: str) -> pl.DataFrame:
    from ueba.enrichment import enrich
    from ueba.io.cloudtrail import read_cloudtrail

    cli = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu"
    records = [
        _record(
            0,
            USER,
            "81.2.69.142",
            cli,
            "AssumeRole",
            requestParameters={
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/deployer",
                "roleSessionName": "deploy",
            },
            responseElements={
                "credentials": {"accessKeyId": MINTED, "expiration": "Mar 3, 2025 11:00:00 AM"}
            },
        ),
        _record(1, _session(), "81.2.69.142", cli, "ListBuckets"),
        _record(2, _session(), use_ip, use_ua, "ListBuckets"),
    ]
    path = tmp_path / "trail.json"
    path.write_text(json.dumps({"Records": records}))
    # collected first, as the scorer hands every rule its day (Scorer._day)
    enriched = enrich(read_cloudtrail([str(path)]).lazy()).collect().lazy()
    return KeyOrigin().evaluate(enriched, None).collect()


def test_key_replayed_from_another_network_and_client_is_medium(tmp_path: Path) -> None:
    hits = _score(tmp_path, "104.102.221.250", "Boto3/1.34.0 Python/3.12 Darwin/23.1.0")
    assert hits["event_id"].to_list() == ["key-origin-2"]
    assert hits["severity"].to_list() == ["medium"] and hits["basis"].to_list() == ["self"]
    assert "AssumeRole (event key-origin-0)" in hits["reason"][0]


def test_key_used_from_another_network_with_the_same_client_is_low(tmp_path: Path) -> None:
    cli = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu"
    hits = _score(tmp_path, "104.102.221.250", cli)
    assert hits["severity"].to_list() == ["low"]


def test_key_used_where_it_was_minted_is_not_a_hit(tmp_path: Path) -> None:
    cli = "aws-cli/2.15.0 Python/3.11.6 Linux/6.5.0 exe/x86_64.ubuntu"
    assert _score(tmp_path, "81.2.69.142", cli).is_empty()

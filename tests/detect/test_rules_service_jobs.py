"""Keys AWS services mint for the jobs they run (SageMaker, Glue, CodeBuild, Step Functions),
bound from the trail itself and judged like an instance profile's, with no history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba.detect.rules import CredentialOutsideWorkload

ACCOUNT = "507243981106"
KEY = "ASIACIN2TFGDENPICOPS"
VPS = "104.102.221.250"  # a public, non-AWS address
INSIDE = "34.234.236.212"  # an EC2 address of us-east-1
SDK = "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.227 lang/python#3.10.14"
CLI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64"


def _record(i: int, identity: dict[str, Any], ip: str, ua: str, name: str, **extra: Any) -> dict:
    return {
        "eventVersion": "1.10",
        "userIdentity": identity,
        "eventTime": f"2025-11-28T12:{i:02d}:00Z",
        "eventSource": "sts.amazonaws.com" if name == "AssumeRole" else "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": None,
        "responseElements": None,
        "eventID": f"job-{i}",
        "eventType": "AwsApiCall",
        "recipientAccountId": ACCOUNT,
        **extra,
    }


def _trail(tmp_path: Path, service: str, role: str, session: str, use_ip: str) -> pl.LazyFrame:
    from ueba.enrichment import enrich
    from ueba.io.cloudtrail import read_cloudtrail

    role_arn = f"arn:aws:iam::{ACCOUNT}:role/service-role/{role}"
    session_identity = {
        "type": "AssumedRole",
        "principalId": f"AROAEXAMPLE:{session}",
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}",
        "accountId": ACCOUNT,
        "accessKeyId": KEY,
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "arn": role_arn, "accountId": ACCOUNT}
        },
    }
    records = [
        _record(
            0,
            {"type": "AWSService", "invokedBy": service},
            service,
            service,
            "AssumeRole",
            requestParameters={"roleArn": role_arn, "roleSessionName": session},
            responseElements={"credentials": {"accessKeyId": KEY, "expiration": "later"}},
        ),
        _record(5, session_identity, INSIDE, SDK, "ListBuckets"),
        _record(9, session_identity, use_ip, CLI, "ListBuckets"),
    ]
    path = tmp_path / "trail.json"
    path.write_text(json.dumps({"Records": records}))
    # collected, as the scorer hands every rule its day (Scorer._day): the rule's plan on top of
    # enrichment's un-collected plan costs ~15 CPU s of polars plan optimisation for 3 rows
    return enrich(read_cloudtrail([str(path)]).lazy()).collect().lazy()


JOBS = [
    ("sagemaker.amazonaws.com", "AmazonSageMaker-ExecutionRole-20240611T101532", "SageMaker"),
    ("glue.amazonaws.com", "glue-etl", "GlueJobRunnerSession"),
    ("codebuild.amazonaws.com", "codebuild-web-service-role", "AWSCodeBuild-7f3c1e2a"),
]


@pytest.mark.parametrize(("service", "role", "session"), JOBS)
def test_service_job_key_used_from_outside_aws_is_high_with_no_history(
    tmp_path: Path, service: str, role: str, session: str
) -> None:
    hits = (
        CredentialOutsideWorkload()
        .evaluate(_trail(tmp_path, service, role, session, VPS), None)
        .collect()
    )
    assert hits["event_id"].to_list() == ["job-9"]
    assert hits["signal"].to_list() == ["outside_aws"]
    assert hits["severity"].to_list() == ["high"] and hits["basis"].to_list() == ["self"]
    assert role in hits["reason"][0] and VPS in hits["reason"][0]


def test_service_job_key_used_inside_aws_is_not_a_hit(tmp_path: Path) -> None:
    service, role, session = JOBS[0]
    trail = _trail(tmp_path, service, role, session, INSIDE)
    assert CredentialOutsideWorkload().evaluate(trail, None).collect().is_empty()


def test_stolen_sagemaker_key_is_a_medium_or_above_finding_on_day_one(tmp_path: Path) -> None:
    from ueba.detect import Scorer

    service, role, session = JOBS[0]
    findings = Scorer().score(_trail(tmp_path, service, role, session, VPS)).collect()
    stolen = findings.filter(pl.col("access_key_ids").list.contains(KEY))
    assert stolen.height == 1
    assert stolen["severity"][0] in ("medium", "high", "critical")
    assert stolen["rule"][0] == "credential_outside_workload"

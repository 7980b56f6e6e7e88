"""Small CloudTrail records built in code, so each test shows exactly what it feeds in."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

BASE_RECORD: dict[str, Any] = {
    "eventVersion": "1.08",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "AROAEXAMPLE:i-0abc",
        "arn": "arn:aws:sts::111122223333:assumed-role/app/i-0abc",
        "accountId": "111122223333",
        "accessKeyId": "ASIAEXAMPLEKEY000001",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROAEXAMPLE",
                "arn": "arn:aws:iam::111122223333:role/app",
                "accountId": "111122223333",
                "userName": "app",
            },
            "attributes": {"creationDate": "2024-07-01T09:00:00Z", "mfaAuthenticated": "false"},
            "ec2RoleDelivery": "2.0",
        },
    },
    "eventTime": "2024-07-01T10:00:00Z",
    "eventSource": "s3.amazonaws.com",
    "eventName": "ListBuckets",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "203.0.113.7",
    "userAgent": "aws-cli/2.15.0",
    "requestParameters": {"Host": "s3.amazonaws.com"},
    "responseElements": None,
    "requestID": "REQ1",
    "eventID": "00000000-0000-0000-0000-000000000001",
    "readOnly": True,
    "eventType": "AwsApiCall",
    "managementEvent": True,
    "recipientAccountId": "111122223333",
    "eventCategory": "Management",
    "tlsDetails": {
        "tlsVersion": "TLSv1.3",
        "cipherSuite": "TLS_AES_128_GCM_SHA256",
        "clientProvidedHostHeader": "s3.amazonaws.com",
    },
}

MakeRecord = Callable[..., dict[str, Any]]


@pytest.fixture
def make_record() -> MakeRecord:
    """``make_record(n, eventName="GetObject")``: the base record, the n-th eventID, overrides."""

    def make(n: int = 1, **overrides: Any) -> dict[str, Any]:
        record = copy.deepcopy(BASE_RECORD)
        record["eventID"] = f"00000000-0000-0000-0000-{n:012d}"
        record.update(overrides)
        return record

    return make

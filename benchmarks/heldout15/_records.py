"""CloudTrail records as AWS writes them (``userIdentity`` per caller type, the service
endpoints, request IDs), and the ``Trail`` that collects them with deterministic identifiers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import numpy as np

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "Search",
    "Batch Get",
    "Discover",
    "Query",
)
SOURCES = {
    "sts": "sts",
    "kms": "kms",
    "secretsmanager": "secretsmanager",
    "ssm": "ssm",
    "ec2": "ec2",
    "s3": "s3",
    "iam": "iam",
    "lambda": "lambda",
    "states": "states",
    "events": "events",
    "guardduty": "guardduty",
    "securityhub": "securityhub",
    "cloudtrail": "cloudtrail",
    "autoscaling": "autoscaling",
    "elb": "elasticloadbalancing",
    "logs": "logs",
    "monitoring": "monitoring",
    "cloudhsm": "cloudhsm",
    "signin": "signin",
    "sso": "sso",
    "ecr": "ecr",
    "athena": "athena",
    "glue": "glue",
    "config": "config",
    "organizations": "organizations",
    "ec2messages": "ec2messages",
    "rds": "rds",
    "dynamodb": "dynamodb",
    "access-analyzer": "access-analyzer",
    "apigateway": "apigateway",
}
GLOBAL = ("iam", "organizations", "signin")  # recorded in us-east-1
WORKLOAD_ERRORS = (
    ("AccessDenied", "User is not authorized to perform this operation"),
    ("ThrottlingException", "Rate exceeded"),
)


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(int(t), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    """Every record of the organisation, with an RNG for identifiers."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.records: list[dict[str, Any]] = []
        self.keys: set[str] = set()

    def uid(self) -> str:
        return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        while True:
            k = prefix + "".join(B32[i] for i in self.rng.integers(0, 32, 16))
            if k not in self.keys:
                self.keys.add(k)
                return k

    def ident(self, prefix: str) -> str:
        return prefix + "".join(B32[i] for i in self.rng.integers(0, 26, 17))

    def add(
        self,
        t: float,
        who: dict[str, Any],
        api: str,
        *,
        account: str,
        region: str,
        ip: str,
        ua: str,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        event_type: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
        data_event: bool = False,
    ) -> str:
        """One record; ``api`` is ``service:Action``. Returns its event ID."""
        service, name = api.split(":", 1)
        source = SOURCES.get(service, service)
        event_id = self.uid()
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if event_type == "AwsApiCall" else "1.09",
            "userIdentity": who,
            "eventTime": iso(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1" if service in GLOBAL else region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uid(),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": event_type,
            "managementEvent": not data_event,
            "recipientAccountId": account,
            "eventCategory": "Data" if data_event else "Management",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
            rec["responseElements"] = None
        if not ip.endswith(".amazonaws.com") and event_type == "AwsApiCall":
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{rec['awsRegion']}.amazonaws.com",
            }
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return event_id


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def assumed(
    account: str,
    role: str,
    role_id: str,
    session: str,
    key: str,
    created: float,
    *,
    mfa: bool = False,
    ec2: bool = False,
    source_identity: str | None = None,
) -> dict[str, Any]:
    """A role session's ``userIdentity``; an instance profile's carries ``ec2RoleDelivery``."""
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn(account, role),
            "accountId": account,
            "userName": role,
        },
        "attributes": {
            "creationDate": iso(created),
            "mfaAuthenticated": "true" if mfa else "false",
        },
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    if source_identity:
        context["sourceIdentity"] = source_identity
    return {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }


def iam_user(
    account: str,
    name: str,
    user_id: str,
    key: str | None,
    *,
    mfa: bool = False,
    created: float | None = None,
) -> dict[str, Any]:
    who: dict[str, Any] = {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "userName": name,
    }
    if key:
        who["accessKeyId"] = key
    if created is not None:
        who["sessionContext"] = {
            "attributes": {
                "creationDate": iso(created),
                "mfaAuthenticated": "true" if mfa else "false",
            }
        }
    return who


def root(account: str) -> dict[str, Any]:
    return {
        "type": "Root",
        "principalId": account,
        "arn": f"arn:aws:iam::{account}:root",
        "accountId": account,
    }


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": name}


def other_account(account: str, principal_id: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}


def credentials(
    key: str, expires: float, session_arn: str, role_id: str, session: str
) -> dict[str, Any]:
    """``responseElements`` of an STS call that issued ``key``."""
    return {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + key[4:],
            "expiration": dt.datetime.fromtimestamp(int(expires), dt.UTC).strftime(
                "%b %d, %Y, %I:%M:%S %p"
            ),
        },
        "assumedRoleUser": {"assumedRoleId": f"{role_id}:{session}", "arn": session_arn},
    }

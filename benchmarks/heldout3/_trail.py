"""CloudTrail records as an organisation trail writes them, and the files it delivers.

One builder (``Trail.call``) makes every record so that all carry the same fields real ones
do: ``eventVersion``, ``readOnly``, ``managementEvent``, ``eventCategory``,
``recipientAccountId``, ``tlsDetails`` for calls made over TLS by a client (not by a service
on the account's behalf), ``vpcEndpointId`` through an endpoint, ``sessionCredentialFromConsole``
for the console, and the per-service spellings of denials and throttling.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

READ_PREFIXES: tuple[str, ...] = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "BatchGet",
    "Search",
    "Scan",
)
READ_PREFIXES += ("Query", "Select", "Check", "View", "Filter", "Generate", "Test", "Preview")
GLOBAL = {"iam", "organizations", "sso", "identitystore", "signin", "controltower"}
DATA_EVENTS = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:HeadObject"}
DENIED = {
    "ec2": ("Client.UnauthorizedOperation", "You are not authorized to perform this operation."),
    "s3": ("AccessDenied", "Access Denied"),
    "iam": ("AccessDenied", "User is not authorized to perform this action"),
    "sts": ("AccessDenied", "User is not authorized to perform: sts:AssumeRole"),
}
THROTTLED = {
    "ec2": ("Client.RequestLimitExceeded", "Request limit exceeded."),
    "iam": ("Throttling", "Rate exceeded"),
    "sts": ("Throttling", "Rate exceeded"),
    "s3": ("SlowDown", "Please reduce your request rate."),
}
SOURCES = {"cloudwatch": "monitoring", "elb": "elasticloadbalancing", "tag": "tagging"}
TLS = ("TLSv1.3", "TLS_AES_128_GCM_SHA256")
TLS12 = ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")
B32 = string.ascii_uppercase + "234567"


class Trail:
    """Collects records per (account, region, delivery hour) with seeded identifiers."""

    def __init__(self, seed: int, org_id: str) -> None:
        self.rng = random.Random(seed * 7919 + 11)
        self.org_id = org_id
        self.files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
        self.count = 0
        self.last_id = ""

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(16))

    def role_id(self) -> str:
        return "AROA" + "".join(self.rng.choice(B32) for _ in range(17))

    def call(
        self,
        when: dt.datetime,
        account: str,
        region: str,
        api: str,
        identity: dict[str, Any],
        ip: str,
        agent: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        endpoint: str | None = None,
        console: bool = False,
        event_type: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
        shared: str | None = None,
    ) -> str:
        """Record one call of ``api`` (``service:Name``); returns its eventID.

        ``error`` is ``"denied"`` or ``"throttled"`` (spelt as the service spells it) or a
        literal ``errorCode``."""
        service, name = api.split(":", 1)
        source = f"{SOURCES.get(service, service)}.amazonaws.com"
        event_id = self.uid()
        record: dict[str, Any] = {
            "eventVersion": "1.11" if service in ("sts", "signin", "sso") else "1.10",
            "userIdentity": identity,
            "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
        }
        if error:
            code, message = _error(service, error)
            record["errorCode"], record["errorMessage"] = code, message
        record["requestParameters"] = params
        record["responseElements"] = None if error else response
        if extra:
            record["additionalEventData"] = extra
        record["requestID"] = self.uid()
        record["eventID"] = event_id
        record["readOnly"] = name.startswith(READ_PREFIXES)
        record["eventType"] = event_type
        data = api in DATA_EVENTS
        record["managementEvent"] = not data
        record["recipientAccountId"] = account
        if shared:
            record["sharedEventID"] = shared
        if endpoint:
            record["vpcEndpointId"] = endpoint
            record["vpcEndpointAccountId"] = account
        record["eventCategory"] = "Data" if data else "Management"
        if not ip.endswith(".amazonaws.com") and ip != "AWS Internal":
            version, cipher = TLS if self.rng.random() < 0.8 else TLS12
            host = (
                f"{service}.amazonaws.com"
                if service in GLOBAL
                else f"{SOURCES.get(service, service)}.{region}.amazonaws.com"
            )
            record["tlsDetails"] = {
                "tlsVersion": version,
                "cipherSuite": cipher,
                "clientProvidedHostHeader": host,
            }
        if console:
            record["sessionCredentialFromConsole"] = "true"
        hour = when.replace(minute=0, second=0, microsecond=0)
        self.files[(account, region, hour)].append(record)
        self.count += 1
        self.last_id = event_id
        return event_id

    def write(self, out: Path) -> list[Path]:
        """``AWSLogs/o-<org>/<account>/CloudTrail/<region>/YYYY/MM/DD/`` files, gzip, one per
        account, region and hour, delivered a few minutes after the hour they cover."""
        written = []
        for (account, region, hour), records in sorted(self.files.items()):
            records.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            delivered = hour + dt.timedelta(minutes=60 + self.rng.randrange(2, 12))
            suffix = "".join(
                self.rng.choice(string.ascii_letters + string.digits) for _ in range(16)
            )
            folder = (
                out
                / "AWSLogs"
                / self.org_id
                / account
                / "CloudTrail"
                / region
                / f"{delivered:%Y/%m/%d}"
            )
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{account}_CloudTrail_{region}_{delivered:%Y%m%dT%H%MZ}_{suffix}.json.gz"
            buffer = io.BytesIO()
            with gzip.GzipFile(
                fileobj=buffer, mode="wb", mtime=0, compresslevel=_gz.LEVEL
            ) as handle:
                handle.write(json.dumps({"Records": records}, separators=(",", ":")).encode())
            (folder / name).write_bytes(buffer.getvalue())
            written.append(folder / name)
        return written


def _error(service: str, kind: str) -> tuple[str, str]:
    if kind == "denied":
        return DENIED.get(
            service, ("AccessDenied", "User is not authorized to perform this action")
        )
    if kind == "throttled":
        return THROTTLED.get(service, ("ThrottlingException", "Rate exceeded"))
    return kind, f"{kind} error"


# userIdentity shapes (CloudTrail userIdentity element reference)
def assumed_role(
    account: str,
    role: str,
    role_id: str,
    session: str,
    key: str,
    issued: dt.datetime,
    *,
    path: str = "/",
    mfa: bool = False,
    ec2: bool = False,
    source_identity: str | None = None,
) -> dict[str, Any]:
    attributes = {
        "creationDate": issued.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mfaAuthenticated": str(mfa).lower(),
    }
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role{path}{role}",
            "accountId": account,
            "userName": role,
        },
        "attributes": attributes,
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


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": name}


def iam_user(
    account: str, user: str, user_id: str, key: str, *, console_mfa: bool | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }
    if console_mfa is not None:
        out["sessionContext"] = {
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {"creationDate": "", "mfaAuthenticated": str(console_mfa).lower()},
        }
    return out


def other_account(account: str, principal_id: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}


def web_identity(provider_arn: str, subject: str, audience: str) -> dict[str, Any]:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider_arn.split('/', 1)[1]}:{audience}:{subject}",
        "userName": subject,
        "identityProvider": provider_arn.split("oidc-provider/", 1)[1],
    }


def saml_user(account: str, user: str, provider: str, name_id: str) -> dict[str, Any]:
    return {
        "type": "SAMLUser",
        "principalId": f"{name_id}:{user}",
        "userName": user,
        "identityProvider": f"arn:aws:iam::{account}:saml-provider/{provider}",
    }


def credentials(key: str, expires: dt.datetime) -> dict[str, Any]:
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2VjE...(redacted)",
        "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
    }

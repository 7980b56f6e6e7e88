"""CloudTrail records as AWS writes them: the userIdentity of each credential kind, the event
envelope (readOnly, eventCategory, tlsDetails, errors), and the trail they are collected into
with each record's delivery time."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "BatchGet",
    "Search",
    "Select",
    "Query",
)
# management calls whose names do not say they read (their readOnly is true)
READ_NAMES = frozenset(
    {"ConsoleLogin", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"}
)
DATA_SOURCES = frozenset({"s3.amazonaws.com"})
DATA_NAMES = frozenset(
    {
        "GetObject",
        "PutObject",
        "HeadObject",
        "ListObjects",
        "ListObjectsV2",
        "DeleteObject",
        "CopyObject",
        "CreateMultipartUpload",
        "UploadPart",
        "CompleteMultipartUpload",
    }
)
TLS = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256"}


def ident(prefix: str, name: str, salt: str = "") -> str:
    """A stable IAM unique ID (AIDA..., AROA...) or key (AKIA...) for ``name``."""
    digest = hashlib.sha256(f"{salt}|{name}".encode()).digest()
    return prefix + base64.b32encode(digest).decode()[:16]


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def iam_user(account: str, user: str, key: str, salt: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": ident("AIDA", f"{account}/{user}", salt),
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def assumed_role(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    salt: str,
    *,
    path: str = "/",
    mfa: bool = False,
    web_identity: dict[str, Any] | None = None,
    invoked_by: str | None = None,
    source_identity: str | None = None,
) -> dict[str, Any]:
    role_id = ident("AROA", f"{account}/{role}", salt)
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn(account, role, path),
            "accountId": account,
            "userName": role,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if web_identity is not None:
        context["webIdFederationData"] = web_identity
    if source_identity is not None:
        context["sourceIdentity"] = source_identity
    out: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    if invoked_by is not None:
        out["invokedBy"] = invoked_by
    return out


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": name}


@dataclass
class Trail:
    """Every record written, with its delivery time; the ids drawn from one generator."""

    rng: random.Random
    salt: str
    records: list[tuple[str, str, dt.datetime, Record]] = field(default_factory=list)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def request_id(self) -> str:
        return f"{self.rng.getrandbits(64):016X}"

    def session_key(self) -> str:
        return "ASIA" + "".join(
            self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)
        )

    def event(
        self,
        when: dt.datetime,
        account: str,
        region: str,
        identity: dict[str, Any],
        source: str,
        name: str,
        address: str,
        agent: str,
        *,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        resources: list[dict[str, Any]] | None = None,
        event_type: str = "AwsApiCall",
        read_only: bool | None = None,
        endpoint: str | None = None,
        console: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> Record:
        """One record, kept with the time CloudTrail delivers it (usually 2-12 minutes later,
        about 1% a quarter of an hour later still)."""
        data = source in DATA_SOURCES and name in DATA_NAMES
        if read_only is None:
            read_only = name.startswith(READ_PREFIXES) or name in READ_NAMES
        host = (
            source
            if region == "us-east-1" or source.startswith(("iam.", "organizations.", "signin."))
            else source.replace(".amazonaws.com", f".{region}.amazonaws.com")
        )
        record: Record = {
            "eventVersion": "1.11" if data else "1.10",
            "userIdentity": identity,
            "eventTime": iso(when),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": address,
            "userAgent": agent,
        }
        if error is not None:
            record["errorCode"], record["errorMessage"] = error
        record["requestParameters"] = request
        record["responseElements"] = None if error is not None else response
        if event_type == "AwsApiCall":
            record["requestID"] = self.uuid() if source != "s3.amazonaws.com" else self.request_id()
        record["eventID"] = self.uuid()
        record["readOnly"] = read_only
        if resources is not None:
            record["resources"] = resources
        record["eventType"] = event_type
        record["managementEvent"] = not data
        record["recipientAccountId"] = account
        if endpoint is not None:
            record["vpcEndpointId"] = endpoint
            record["vpcEndpointAccountId"] = account
        record["eventCategory"] = "Data" if data else "Management"
        if not address.endswith(".amazonaws.com") and event_type == "AwsApiCall":
            record["tlsDetails"] = {**TLS, "clientProvidedHostHeader": host}
        if console:
            record["sessionCredentialFromConsole"] = "true"
        if extra:
            record.update(extra)
        late = self.rng.random() < 0.01
        delay = dt.timedelta(seconds=self.rng.randint(100, 720) + (900 if late else 0))
        self.records.append((account, region, when + delay, record))
        return record

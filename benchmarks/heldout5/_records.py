"""CloudTrail records as AWS writes them: the envelope, ``userIdentity`` of each kind, minting
events whose ``responseElements`` carry the new key, per-service error spellings, and the
org trail's file layout."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

ORG = "o-7hq2m4xk9d"
IDENTITY_STORE = "d-93670b2a1c"

# services whose endpoint is global: CloudTrail delivers them to us-east-1
GLOBAL = {
    "iam.amazonaws.com",
    "signin.amazonaws.com",
    "organizations.amazonaws.com",
    "billingconsole.amazonaws.com",
    "ce.amazonaws.com",
    "cloudfront.amazonaws.com",
}
DENIED = {
    "ec2.amazonaws.com": (
        "Client.UnauthorizedOperation",
        "You are not authorized to perform this operation.",
    ),
    "s3.amazonaws.com": ("AccessDenied", "Access Denied"),
    "iam.amazonaws.com": ("AccessDenied", "User is not authorized to perform this action"),
    "sts.amazonaws.com": ("AccessDenied", "is not authorized to perform: sts:AssumeRole"),
    "sns.amazonaws.com": ("AuthorizationError", "is not authorized to perform this action"),
    "lambda.amazonaws.com": ("AccessDenied", "is not authorized to perform this action"),
}
THROTTLED = {
    "ec2.amazonaws.com": ("Client.RequestLimitExceeded", "Request limit exceeded."),
    "s3.amazonaws.com": ("SlowDown", "Please reduce your request rate."),
    "dynamodb.amazonaws.com": (
        "ThrottlingException",
        "Rate of requests exceeds the allowed throughput.",
    ),
}
DATA = (
    {
        ("s3.amazonaws.com", n)
        for n in (
            "GetObject",
            "PutObject",
            "ListObjects",
            "ListObjectsV2",
            "HeadObject",
            "DeleteObject",
        )
    }
    | {
        ("dynamodb.amazonaws.com", n)
        for n in ("GetItem", "PutItem", "Query", "UpdateItem", "BatchWriteItem", "BatchGetItem")
    }
    | {
        ("kinesis.amazonaws.com", "PutRecords"),
        ("kinesis.amazonaws.com", "GetRecords"),
        ("lambda.amazonaws.com", "Invoke"),
        ("sns.amazonaws.com", "Publish"),
    }
)
READ_PREFIX = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "BatchGet",
    "Query",
    "Scan",
    "Search",
    "Filter",
)


def read_only(name: str) -> bool:
    return name.startswith(READ_PREFIX) and name not in ("GetRoleCredentials", "GetSessionToken")


def ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Ids:
    """Every random identifier, drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choices(string.ascii_uppercase + "234567", k=16))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choices("0123456789abcdef", k=n))

    def instance(self) -> str:
        return "i-0" + self.hexid(16)


# --- identities ------------------------------------------------------------------------------


def role_arn(account: str, role: str) -> str:
    if role.startswith("AWSReservedSSO_"):
        return f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/{role}"
    return f"arn:aws:iam::{account}:role/{role}"


def assumed(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    ec2: bool = False,
    source_identity: str | None = None,
) -> dict[str, Any]:
    rid = "AROA" + hashlib.sha1(f"{account}/{role}".encode()).hexdigest()[:17].upper()
    ctx: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": rid,
            "arn": role_arn(account, role),
            "accountId": account,
            "userName": role,
        },
        "attributes": {"creationDate": ts(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        ctx["ec2RoleDelivery"] = "2.0"
    if source_identity:
        ctx["sourceIdentity"] = source_identity
    return {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": ctx,
    }


def iam_user(account: str, name: str, key: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + name.upper().replace("-", "")[:12].ljust(12, "X"),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def root(account: str, key: str = "") -> dict[str, Any]:
    ident: dict[str, Any] = {
        "type": "Root",
        "principalId": account,
        "arn": f"arn:aws:iam::{account}:root",
        "accountId": account,
        "accessKeyId": key,
    }
    if key.startswith("ASIA"):
        ident["sessionContext"] = {"attributes": {"mfaAuthenticated": "true", "creationDate": ""}}
    return ident


def service(host: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": host}


def identity_center_user(mgmt: str, user_id: str) -> dict[str, Any]:
    return {
        "type": "IdentityCenterUser",
        "accountId": mgmt,
        "onBehalfOf": {
            "userId": user_id,
            "identityStoreArn": f"arn:aws:identitystore::{mgmt}:identitystore/{IDENTITY_STORE}",
        },
        "credentialId": user_id[:8] + "-cred",
    }


def other_account(account: str, principal: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal, "accountId": account}


# --- the trail ---------------------------------------------------------------------------------


class Trail:
    """The organisation trail: records and the truth's event ids, written per account, region and hour."""

    def __init__(self, ids: Ids) -> None:
        self.ids = ids
        self.records: list[dict[str, Any]] = []

    def call(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        source: str,
        name: str,
        identity: dict[str, Any],
        ip: str,
        ua: str,
        *,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        invoked_by: str | None = None,
        vpce: str | None = None,
        console: bool = False,
        shared: str | None = None,
        extra: dict[str, Any] | None = None,
        event_type: str = "AwsApiCall",
    ) -> str:
        """Append one record; ``error`` is ``denied`` or ``throttled`` (spelt per service) or a code."""
        eid = self.ids.uuid()
        region = "us-east-1" if source in GLOBAL else region
        data = (source, name) in DATA
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if not data else "1.09",
            "userIdentity": identity,
            "eventTime": ts(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": request,
            "responseElements": response,
            "requestID": self.ids.uuid(),
            "eventID": eid,
            "readOnly": read_only(name),
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error == "denied":
            code, msg = DENIED.get(
                source, ("AccessDeniedException", "User is not authorized to perform this action")
            )
            rec["errorCode"], rec["errorMessage"], rec["responseElements"] = code, msg, None
        elif error == "throttled":
            code, msg = THROTTLED.get(source, ("ThrottlingException", "Rate exceeded"))
            rec["errorCode"], rec["errorMessage"], rec["responseElements"] = code, msg, None
        elif error:
            rec["errorCode"], rec["errorMessage"], rec["responseElements"] = error, error, None
        if invoked_by:
            rec["userIdentity"] = {**identity, "invokedBy": invoked_by}
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if shared:
            rec["sharedEventID"] = shared
        if "." in ip and not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            host = (
                source.split(".")[0] + ("" if source in GLOBAL else f".{region}") + ".amazonaws.com"
            )
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3" if self.ids.rng.random() < 0.8 else "TLSv1.2",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return eid

    def write(self, root_dir: Path) -> tuple[int, int]:
        """Gzipped ``{"Records": [...]}`` files, one per account, region and hour (mtime 0)."""
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for rec in self.records:
            groups[(rec["recipientAccountId"], rec["awsRegion"], rec["eventTime"][:13])].append(rec)
        rng = random.Random(7)
        files = 0
        for (account, region, hour), recs in sorted(groups.items()):
            recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            y, m, d = hour[:4], hour[5:7], hour[8:10]
            folder = root_dir / "AWSLogs" / ORG / account / "CloudTrail" / region / y / m / d
            folder.mkdir(parents=True, exist_ok=True)
            stamp = f"{y}{m}{d}T{hour[11:13]}{rng.choice(['05', '20', '35', '50'])}Z"
            rand = "".join(rng.choices(string.ascii_letters + string.digits, k=16))
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            path = folder / f"{account}_CloudTrail_{region}_{stamp}_{rand}.json.gz"
            path.write_bytes(_gz.compress(body))
            files += 1
        return len(self.records), files

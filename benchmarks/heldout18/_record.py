"""CloudTrail records as AWS writes them (the `userIdentity` element reference and the record
contents page of the CloudTrail user guide): identities, one record, deterministic ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid
from typing import Any

Record = dict[str, Any]

# S3 object-level calls are data events (logged only for the buckets the trail selects)
S3_DATA = {
    "GetObject",
    "PutObject",
    "CopyObject",
    "DeleteObject",
    "DeleteObjects",
    "HeadObject",
    "ListObjects",
}
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Query", "Scan")


def ident(*parts: object, n: int = 16) -> str:
    """A deterministic upper-case identifier of ``n`` <= 32 characters (access keys, role ids):
    the base32 of the first 20 bytes of a SHA-256, as ``base64.b32encode`` spells it."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    value = int.from_bytes(digest[:20], "big")
    return "".join(B32[(value >> (155 - 5 * i)) & 31] for i in range(n))


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def role_identity(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    path: str = "/",
    ec2: bool = False,
    mfa: bool = False,
) -> dict[str, Any]:
    """An assumed-role session (a workload's, a person's Identity Center session, a vendor's)."""
    role_id = "AROA" + ident("role", account, role)
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role{path}{role}",
            "accountId": account,
            "userName": role,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    return {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }


def user_identity(account: str, name: str, key: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + ident("user", account, name),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


def saml_identity(account: str, email: str, provider: str) -> dict[str, Any]:
    return {
        "type": "SAMLUser",
        "principalId": f"{ident('saml', provider, n=20)}:{email}",
        "userName": email,
        "identityProvider": f"arn:aws:iam::{account}:saml-provider/{provider}",
    }


def account_identity(account: str, caller: str) -> dict[str, Any]:
    """A principal of another account (a vendor's) calling into ours."""
    return {
        "type": "AWSAccount",
        "principalId": "AIDA" + ident("ext", account, caller),
        "accountId": account,
    }


def is_read(name: str) -> bool:
    return name.startswith(READ_PREFIXES)


def record(
    rng: random.Random,
    t: dt.datetime,
    account: str,
    region: str,
    source: str,
    name: str,
    identity: dict[str, Any],
    ip: str,
    agent: str,
    *,
    params: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    error: str | None = None,
    vpce: str | None = None,
    bucket: str | None = None,
) -> Record:
    """One CloudTrail record; ``source`` is the service prefix (``s3``, ``textract``...)."""
    data = source == "s3" and name in S3_DATA
    out: Record = {
        "eventVersion": "1.09" if not data else "1.10",
        "userIdentity": identity,
        "eventTime": iso(t),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": agent,
        "requestParameters": params,
        "responseElements": response,
        "requestID": ident("req", rng.getrandbits(64), n=20),
        "eventID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "readOnly": is_read(name),
        "eventType": "AwsApiCall" if name != "ConsoleLogin" else "AwsConsoleSignIn",
        "managementEvent": not data,
        "recipientAccountId": account,
        "eventCategory": "Data" if data else "Management",
    }
    if data and bucket:
        out["resources"] = [
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/"},
            {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
        ]
    if error:
        out["errorCode"] = error
        out["errorMessage"] = (
            "User is not authorized to perform this operation"
            if error == "AccessDenied"
            else "Rate exceeded"
        )
        out["responseElements"] = None
    if vpce:
        out["vpcEndpointId"] = vpce
        out["vpcEndpointAccountId"] = account
    if not ip.endswith("amazonaws.com"):
        out["tlsDetails"] = {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
        }
    return out


def credentials(key: str, t: dt.datetime, hours: float) -> dict[str, Any]:
    """The ``credentials`` element of an STS response (the secret and token are not logged)."""
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2VjE" + ident("tok", key, n=24),
        "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
    }


def assume_role(
    rng: random.Random,
    t: dt.datetime,
    account: str,
    region: str,
    role: str,
    session: str,
    key: str,
    *,
    by: str,
    ip: str | None = None,
    agent: str | None = None,
    caller: dict[str, Any] | None = None,
    hours: float = 1.0,
    path: str = "/",
    extra: dict[str, Any] | None = None,
) -> Record:
    """``sts:AssumeRole`` minting ``key``: by an AWS service (``by`` = its host name) for a
    workload, or by ``caller`` (another account, a CI session) from ``ip``."""
    params = {"roleArn": f"arn:aws:iam::{account}:role{path}{role}", "roleSessionName": session}
    params.update(extra or {})
    role_id = "AROA" + ident("role", account, role)
    response = {
        "credentials": credentials(key, t, hours),
        "assumedRoleUser": {
            "assumedRoleId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        },
    }
    return record(
        rng,
        t,
        account,
        region,
        "sts",
        "AssumeRole",
        caller or service_identity(by),
        ip or by,
        agent or by,
        params=params,
        response=response,
    )

"""CloudTrail records as AWS writes them (``eventVersion`` 1.09/1.10): identities, per-service
spellings of errors, ``readOnly``, data events, ``tlsDetails``, ``sessionCredentialFromConsole``,
service calls with ``invokedBy`` and ``sharedEventID`` on calls that reach two accounts."""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

_B32 = string.ascii_uppercase + "234567"

# eventSource host per service short name
HOSTS = {
    s: f"{s}.amazonaws.com"
    for s in [
        "s3",
        "ec2",
        "iam",
        "sts",
        "sagemaker",
        "kms",
        "logs",
        "ecr",
        "eks",
        "cloudformation",
        "lightsail",
        "servicequotas",
        "budgets",
        "ce",
        "access-analyzer",
        "dynamodb",
        "route53",
        "autoscaling",
        "elasticfilesystem",
        "fsx",
        "cloudwatch",
        "monitoring",
        "secretsmanager",
        "ssm",
        "batch",
        "athena",
        "glue",
        "signin",
        "health",
    ]
}
HOSTS["cloudwatch"] = "monitoring.amazonaws.com"
GLOBAL = {"iam", "signin", "ce", "budgets", "route53", "health"}  # logged in us-east-1

# how each service spells a denial and throttling in errorCode
DENIED = {
    "ec2": "Client.UnauthorizedOperation",
    "s3": "AccessDenied",
    "iam": "AccessDenied",
    "sts": "AccessDenied",
    "signin": "AccessDenied",
    "lightsail": "AccessDeniedException",
}
THROTTLED = {
    "ec2": "Client.RequestLimitExceeded",
    "s3": "SlowDown",
    "dynamodb": "ThrottlingException",
}
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Validate", "Check")
DATA_EVENTS = {
    "GetObject",
    "PutObject",
    "HeadObject",
    "ListObjects",
    "ListObjectsV2",
    "DeleteObject",
    "CreateMultipartUpload",
    "UploadPart",
    "CompleteMultipartUpload",
    "GetObjectTagging",
}
TLS = [
    ("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
    ("TLSv1.3", "TLS_AES_256_GCM_SHA384"),
    ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"),
]


def key_id(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_B32) for _ in range(16))


def uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Who:
    """A caller: ``kind`` is user, role, service, anonymous, account or web."""

    kind: str
    account: str
    arn: str = ""
    principal_id: str = ""
    key: str | None = None
    name: str | None = None  # user name, or role name for a role session
    session: str | None = None
    mfa: bool = False
    created: dt.datetime | None = None
    console: bool = False
    ec2: bool = False  # instance-profile credentials (ec2RoleDelivery)
    web: dict[str, Any] | None = None  # webIdFederationData
    service: str | None = None  # the service host for kind "service"
    role_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def with_key(self, key: str, created: dt.datetime, **kw: Any) -> Who:
        return replace(self, key=key, created=created, **kw)


def user(account: str, name: str, rng: random.Random) -> Who:
    return Who(
        "user",
        account,
        f"arn:aws:iam::{account}:user/{name}",
        "AIDA" + "".join(rng.choice(_B32) for _ in range(17)),
        name=name,
    )


def role(account: str, name: str, rng: random.Random, path: str = "/") -> Who:
    """A role, before a session: ``session(...)`` gives its callers."""
    return Who(
        "role",
        account,
        f"arn:aws:iam::{account}:role{path}{name}",
        role_id="AROA" + "".join(rng.choice(_B32) for _ in range(17)),
        name=name,
    )


def session(r: Who, name: str, key: str, created: dt.datetime, **kw: Any) -> Who:
    return replace(
        r,
        session=name,
        key=key,
        created=created,
        principal_id=f"{r.role_id}:{name}",
        **kw,
    )


def role_session_arn(r: Who) -> str:
    return f"arn:aws:sts::{r.account}:assumed-role/{r.name}/{r.session}"


def identity(w: Who) -> dict[str, Any]:
    if w.kind == "service":
        return {"type": "AWSService", "invokedBy": w.service}
    if w.kind == "anonymous":
        return {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}
    if w.kind == "account":
        return {"type": "AWSAccount", "principalId": w.principal_id, "accountId": w.account}
    if w.kind == "web":
        return {
            "type": "WebIdentityUser",
            "principalId": w.principal_id,
            "userName": w.name,
            "identityProvider": w.arn,
        }
    out: dict[str, Any]
    if w.kind == "user":
        out = {
            "type": "IAMUser",
            "principalId": w.principal_id,
            "arn": w.arn,
            "accountId": w.account,
        }
        if w.key:
            out["accessKeyId"] = w.key
        out["userName"] = w.name
    else:
        out = {
            "type": "AssumedRole",
            "principalId": w.principal_id,
            "arn": role_session_arn(w),
            "accountId": w.account,
            "accessKeyId": w.key,
        }
    if w.created is not None and (w.kind == "role" or (w.key or "").startswith("ASIA")):
        ctx: dict[str, Any] = {
            "attributes": {"creationDate": stamp(w.created), "mfaAuthenticated": str(w.mfa).lower()}
        }
        if w.kind == "role":
            ctx["sessionIssuer"] = {
                "type": "Role",
                "principalId": w.role_id,
                "arn": w.arn,
                "accountId": w.account,
                "userName": w.name,
            }
        if w.web:
            ctx["webIdFederationData"] = w.web
        if w.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        out["sessionContext"] = ctx
    out.update(w.extra)
    return out


def record(
    rng: random.Random,
    t: dt.datetime,
    w: Who,
    service: str,
    name: str,
    region: str,
    ip: str,
    ua: str,
    *,
    recipient: str | None = None,
    params: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    error: str | None = None,
    message: str | None = None,
    read_only: bool | None = None,
    resources: list[dict[str, Any]] | None = None,
    additional: dict[str, Any] | None = None,
    vpce: str | None = None,
    shared: str | None = None,
    event_type: str = "AwsApiCall",
) -> dict[str, Any]:
    data = service == "s3" and name in DATA_EVENTS
    if service in GLOBAL:
        region = "us-east-1"
    rec: dict[str, Any] = {
        "eventVersion": "1.10" if data or service in ("s3", "ec2") else "1.09",
        "userIdentity": identity(w),
        "eventTime": stamp(t),
        "eventSource": HOSTS[service],
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
    }
    if error:
        rec["errorCode"] = error
        if message:
            rec["errorMessage"] = message
    rec["requestParameters"] = params
    rec["responseElements"] = None if error else response
    if additional is not None:
        rec["additionalEventData"] = additional
    rec["requestID"] = uid(rng).replace("-", "").upper()[:16] if service == "s3" else uid(rng)
    rec["eventID"] = uid(rng)
    rec["readOnly"] = name.startswith(READ_PREFIXES) if read_only is None else read_only
    if resources is not None:
        rec["resources"] = resources
    rec["eventType"] = event_type
    rec["managementEvent"] = not data
    rec["recipientAccountId"] = recipient or w.account
    if shared:
        rec["sharedEventID"] = shared
    if vpce:
        rec["vpcEndpointId"] = vpce
        rec["vpcEndpointAccountId"] = recipient or w.account
    rec["eventCategory"] = "Data" if data else "Management"
    if ip.count(".") == 3 and not ip.endswith("amazonaws.com"):
        version, suite = TLS[int(rng.random() * 10) % 3 if rng.random() < 0.2 else 0]
        host = HOSTS[service] if service in GLOBAL else f"{service}.{region}.amazonaws.com"
        rec["tlsDetails"] = {
            "tlsVersion": version,
            "cipherSuite": suite,
            "clientProvidedHostHeader": host,
        }
    if w.console and w.kind != "service":
        rec["sessionCredentialFromConsole"] = "true"
    return rec


def denied(service: str) -> str:
    return DENIED.get(service, "AccessDeniedException")


def throttled(service: str) -> str:
    return THROTTLED.get(service, "ThrottlingException")

"""CloudTrail records as AWS writes them (record format of eventVersion 1.09).

Shapes follow the CloudTrail userIdentity reference: ``AWSService`` callers for keys AWS mints
for EC2, Lambda and ECS (``sourceIPAddress`` = the service host), ``AssumedRole`` with a
``sessionContext.sessionIssuer``, ``IAMUser`` with ``AKIA`` keys, ``SAMLUser`` for IAM Identity
Center sign-ins, ``WebIdentityUser`` for GitHub OIDC, and ``invokedBy`` when a service calls
with a principal's credentials.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_HEX = "0123456789abcdef"
CONSOLE_UA = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0.0.0 Safari/537.36"
)
TLS = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256"}


class Ids:
    """Seeded identifiers: access keys, role and user IDs, instance and task IDs, event IDs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEY_CHARS) for _ in range(16))

    def unique_id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(_KEY_CHARS) for _ in range(17))

    def instance(self) -> str:
        return "i-0" + "".join(self.rng.choice(_HEX) for _ in range(16))

    def task(self) -> str:
        return "".join(self.rng.choice(_HEX) for _ in range(32))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, prefix: str, n: int = 17) -> str:
        return prefix + "".join(self.rng.choice(_HEX) for _ in range(n))


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Role:
    account: str
    name: str
    role_id: str  # AROA...
    path: str = "/"

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"


def role_session(
    role: Role,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    invoked_by: str | None = None,
    ec2: bool = False,
) -> dict[str, Any]:
    """``userIdentity`` of a call made with a role session's key."""
    out: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role.role_id}:{session}",
        "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}",
        "accountId": role.account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role.role_id,
                "arn": role.arn,
                "accountId": role.account,
                "userName": role.name,
            },
            "attributes": {
                "creationDate": iso(created),
                "mfaAuthenticated": "true" if mfa else "false",
            },
        },
    }
    if ec2:
        out["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if invoked_by:
        out["invokedBy"] = invoked_by
    return out


def iam_user(
    account: str,
    user: str,
    user_id: str,
    key: str,
    *,
    console_since: dt.datetime | None = None,
    mfa: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }
    if console_since is not None:
        out["sessionContext"] = {
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {
                "creationDate": iso(console_since),
                "mfaAuthenticated": "true" if mfa else "false",
            },
        }
    return out


def aws_service(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


def record(
    ids: Ids,
    t: dt.datetime,
    *,
    account: str,
    region: str,
    source: str,
    name: str,
    identity: dict[str, Any],
    ip: str,
    ua: str,
    read_only: bool = True,
    data: bool = False,
    params: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    event_type: str = "AwsApiCall",
    vpce: str | None = None,
    error: tuple[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    console: bool = False,
) -> dict[str, Any]:
    """One CloudTrail record."""
    out: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": iso(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": params,
        "responseElements": response,
        "requestID": ids.uuid(),
        "eventID": ids.uuid(),
        "readOnly": read_only,
        "eventType": event_type,
        "managementEvent": not data,
        "recipientAccountId": account,
        "eventCategory": "Data" if data else "Management",
    }
    if error is not None:
        out["errorCode"], out["errorMessage"] = error
    if not ip.endswith(".amazonaws.com") and ip != "AWS Internal":
        out["tlsDetails"] = {
            **TLS,
            "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
        }
    if vpce is not None:
        out["vpcEndpointId"] = vpce
        out["vpcEndpointAccountId"] = account
    if console:
        out["sessionCredentialFromConsole"] = "true"
    if extra:
        out.update(extra)
    return out


def mint_by_service(
    ids: Ids, t: dt.datetime, role: Role, session: str, service: str, region: str, hours: int = 6
) -> tuple[dict[str, Any], str]:
    """The ``AssumeRole`` by an AWS service (EC2, Lambda, ECS tasks) that mints a session key."""
    key = ids.key()
    response = {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "<redacted>",
            "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{role.role_id}:{session}",
            "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}",
        },
    }
    rec = record(
        ids,
        t,
        account=role.account,
        region=region,
        source="sts.amazonaws.com",
        name="AssumeRole",
        identity=aws_service(service),
        ip=service,
        ua=service,
        params={"roleArn": role.arn, "roleSessionName": session, "durationSeconds": hours * 3600},
        response=response,
        extra={
            "resources": [{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}],
            "sharedEventID": ids.uuid(),
        },
    )
    return rec, key


def mint_response(
    role: Role, session: str, key: str, t: dt.datetime, hours: int = 1
) -> dict[str, Any]:
    return {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "<redacted>",
            "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{role.role_id}:{session}",
            "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}",
        },
    }

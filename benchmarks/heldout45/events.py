"""CloudTrail records as AWS writes them: identities (role sessions, IAM users, SAML and web
identity federation, AWS services), the record itself, and the sessions each actor holds so that
an incident can use the very key a workload had at that hour."""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Query")
READ_PREFIXES += ("Scan", "Check", "Filter", "Test", "Select", "Preview")
UPPER = string.ascii_uppercase + "234567"


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """Credentials an actor holds: the identity its calls carry, from where and with what."""

    actor: str
    identity: dict[str, Any]
    key: str
    account: str
    start: dt.datetime
    end: dt.datetime
    ip: str
    agent: str
    vpce: str | None = None


@dataclass
class Trail:
    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[str, list[Session]] = field(default_factory=dict)

    # identifiers ----------------------------------------------------------------------------
    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(UPPER) for _ in range(16))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    # the record ---------------------------------------------------------------------------
    def emit(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        call: str,
        identity: dict[str, Any],
        ip: str,
        agent: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        event_type: str = "AwsApiCall",
        vpce: str | None = None,
        extra: dict[str, Any] | None = None,
        data: bool = False,
    ) -> str:
        """One record of ``call`` (``service:EventName``); returns its event ID."""
        service, name = call.split(":")
        source = f"{service}.amazonaws.com"
        event_id = self.uuid()
        r: dict[str, Any] = {
            "eventVersion": "1.10" if event_type != "AwsConsoleSignIn" else "1.09",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uuid(),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            r["errorCode"] = error
            r["errorMessage"] = ERRORS.get(error, error)
            r["responseElements"] = None
        if vpce:
            r["vpcEndpointId"] = vpce
            r["vpcEndpointAccountId"] = account
        if not ip.endswith(".amazonaws.com") and event_type == "AwsApiCall":
            r["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{service}.{region}.amazonaws.com",
            }
        if extra:
            r.update(extra)
        self.records.append(r)
        return event_id

    def call(self, s: Session, t: dt.datetime, call: str, region: str, **kw: Any) -> str:
        """A call made with session ``s``'s key, from its address, with its client."""
        ip = kw.pop("ip", s.ip)
        agent = kw.pop("agent", s.agent)
        vpce = kw.pop("vpce", s.vpce)
        return self.emit(t, s.account, region, call, s.identity, ip, agent, vpce=vpce, **kw)

    def remember(self, s: Session) -> Session:
        self.sessions.setdefault(s.actor, []).append(s)
        return s

    def held(self, actor: str, t: dt.datetime) -> Session:
        """The session ``actor`` held at ``t`` (the last one opened before it)."""
        live = [s for s in self.sessions[actor] if s.start <= t]
        return live[-1]


ERRORS = {
    "AccessDenied": "User is not authorized to perform this operation because no identity-based policy allows it",
    "Client.UnauthorizedOperation": "You are not authorized to perform this operation.",
    "AccessDeniedException": "User is not authorized to perform this action",
    "ThrottlingException": "Rate exceeded",
    "Client.RequestLimitExceeded": "Request limit exceeded.",
    "ResourceNotFoundException": "Secrets Manager can't find the specified secret.",
    "NoSuchEntityException": "The role with name cannot be found.",
    "InvalidClientTokenId": "The security token included in the request is invalid.",
}


# identities ---------------------------------------------------------------------------------
def role_identity(
    account: str,
    role_arn: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    console: bool = False,
    invoked_by: str | None = None,
    ec2: bool = False,
) -> dict[str, Any]:
    name = role_arn.rsplit("/", 1)[-1]
    role_id = "AROA" + _stable(role_arn)
    ident: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": role_arn,
                "accountId": account,
                "userName": name,
            },
            "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
        },
    }
    if ec2:
        ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if console:
        ident["sessionCredentialFromConsole"] = "true"
    if invoked_by:
        ident["invokedBy"] = invoked_by
    return ident


def user_identity(
    account: str,
    name: str,
    key: str,
    *,
    mfa: bool | None = None,
    console: bool = False,
    created: dt.datetime | None = None,
) -> dict[str, Any]:
    ident: dict[str, Any] = {
        "type": "IAMUser",
        "principalId": "AIDA" + _stable(account + name),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }
    if mfa is not None:
        ident["sessionContext"] = {
            "sessionIssuer": {},
            "attributes": {
                "creationDate": iso(created) if created else "",
                "mfaAuthenticated": str(mfa).lower(),
            },
        }
    if console:
        ident["sessionCredentialFromConsole"] = "true"
    return ident


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


def _stable(text: str) -> str:
    """A principal ID's 17 characters derived from the ARN (the same every run)."""
    out, h = [], 0
    for ch in text:
        h = (h * 131 + ord(ch)) % (2**61 - 1)
    for _ in range(17):
        h, r = divmod(h * 7919 + 17, len(UPPER))
        out.append(UPPER[r])
    return "".join(out)

"""CloudTrail records as AWS writes them for Dalbit Webtoon: the identities of every credential
kind (IAM users, Identity Center SAML sessions, role sessions minted by EC2, Lambda, ECS and
Cognito, web identities from GitHub Actions, cross-account partners, AWS services) and the one
place a record is made (``Trail.emit``). Everything random comes from the seeded ``rng``."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_HEX = "0123456789abcdef"
NEVER = dt.datetime.max.replace(tzinfo=dt.UTC)
TLS = {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256"}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A credential: its access key and the ``userIdentity`` its calls carry."""

    key: str
    identity: dict[str, Any]
    arn: str  # the principal as ueba names it: a role session's role ARN, a user's ARN
    expires: dt.datetime = NEVER
    signed_in: str = ""  # the eventID of the sign-in or AssumeRole* that opened it


@dataclass
class Trail:
    """Every record of a seed, with when it happened and where it is delivered."""

    rng: random.Random
    records: list[tuple[dt.datetime, str, str, dict[str, Any]]] = field(default_factory=list)

    def token(self, n: int, alphabet: str = _KEY) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + self.token(16)

    def hexid(self, n: int) -> str:
        return self.token(n, _HEX)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def emit(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        identity: dict[str, Any],
        source_ip: str,
        user_agent: str,
        service: str,
        name: str,
        *,
        read_only: bool,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        resources: list[dict[str, Any]] | None = None,
        data: bool = False,
        console: bool = False,
        extra: dict[str, Any] | None = None,
        event_type: str = "AwsApiCall",
        host: str | None = None,
    ) -> str:
        """One record; returns its eventID."""
        event_id = self.uuid()
        rec: dict[str, Any] = {
            "eventVersion": "1.11" if not data else "1.10",
            "userIdentity": identity,
            "eventTime": stamp(t),
            "eventSource": f"{service}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": source_ip,
            "userAgent": user_agent,
            "requestParameters": params,
            "responseElements": None if error else response,
            "requestID": self.uuid() if not data else self.token(16, "0123456789ABCDEF"),
            "eventID": event_id,
            "readOnly": read_only,
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"], rec["errorMessage"] = error
        if resources:
            rec["resources"] = resources
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if extra:
            rec.update(extra)
        if not source_ip.endswith(".amazonaws.com") and source_ip != "AWS Internal":
            rec["tlsDetails"] = {
                **TLS,
                "clientProvidedHostHeader": host or f"{service}.{region}.amazonaws.com",
            }
        self.records.append((t, account, region, rec))
        return event_id


def user(account: str, name: str, key: str, principal: str) -> Session:
    arn = f"arn:aws:iam::{account}:user/{name}"
    ident = {
        "type": "IAMUser",
        "principalId": principal,
        "arn": arn,
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }
    return Session(key, ident, arn)


def console_user(base: Session, key: str, signed_in: dt.datetime, *, mfa: bool) -> Session:
    """An IAM user's console session: its own ASIA key, the sign-in time and MFA."""
    ident = dict(base.identity)
    ident["accessKeyId"] = key
    ident["sessionContext"] = {
        "sessionIssuer": {},
        "webIdFederationData": {},
        "attributes": {"creationDate": stamp(signed_in), "mfaAuthenticated": str(mfa).lower()},
    }
    return Session(key, ident, base.arn)


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def role_session(
    account: str,
    role: str,
    role_id: str,
    name: str,
    key: str,
    created: dt.datetime,
    *,
    path: str = "/",
    hours: float = 1.0,
    mfa: bool = False,
    ec2: bool = False,
    federated: str | None = None,
    source_identity: str | None = None,
) -> Session:
    arn = role_arn(account, role, path)
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": arn,
            "accountId": account,
            "userName": role,
        },
        "webIdFederationData": {"federatedProvider": federated, "attributes": {}}
        if federated
        else {},
        "attributes": {"creationDate": stamp(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    if source_identity:
        context["sourceIdentity"] = source_identity
    ident = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{name}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    return Session(key, ident, arn, created + dt.timedelta(hours=hours))


def service(host: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": host}


def invoked_by(session: Session, host: str) -> dict[str, Any]:
    """The identity of a call an AWS service makes with a caller's own credentials."""
    return {**session.identity, "invokedBy": host}


def credentials(session: Session, trail: Trail) -> dict[str, Any]:
    ident = session.identity
    return {
        "credentials": {
            "accessKeyId": session.key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + trail.token(24),
            "expiration": session.expires.strftime("%b %d, %Y, %I:%M:%S %p"),
        },
        "assumedRoleUser": {"assumedRoleId": ident["principalId"], "arn": ident["arn"]},
    }


@dataclass(frozen=True)
class Role:
    """A role of one account, and how its sessions come to be."""

    account: str
    name: str
    role_id: str
    path: str = "/"

    @property
    def arn(self) -> str:
        return role_arn(self.account, self.name, self.path)


def minted(
    trail: Trail,
    t: dt.datetime,
    role: Role,
    name: str,
    region: str,
    *,
    by: str,
    hours: float = 6.0,
    ec2: bool = False,
) -> Session:
    """A session an AWS service mints for a workload (``by``: ec2, lambda, ecs-tasks, ...)."""
    s = role_session(
        role.account,
        role.name,
        role.role_id,
        name,
        trail.key(),
        t,
        path=role.path,
        hours=hours,
        ec2=ec2,
    )
    host = f"{by}.amazonaws.com"
    trail.emit(
        t,
        role.account,
        region,
        service(host),
        host,
        host,
        "sts",
        "AssumeRole",
        read_only=True,
        params={"roleArn": role.arn, "roleSessionName": name, "durationSeconds": int(hours * 3600)},
        response=credentials(s, trail),
        extra={"sharedEventID": trail.uuid()},
    )
    return s

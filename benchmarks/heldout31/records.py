"""CloudTrail records as AWS writes them: identities for each credential kind, the minting calls
(a service's AssumeRole, web identity, SAML, a cross-account AssumeRole) and the API calls made
with the minted keys. Everything random comes from the generator's seeded ``random.Random``."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
SERVICE_HOSTS = ("amazonaws.com", "amazon.com")


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Gen:
    """The generation's state: the seeded random source and every record written so far, each
    with its account and region (the file it is delivered in)."""

    rng: random.Random
    scale: float
    records: list[tuple[dt.datetime, str, str, Record]] = field(default_factory=list)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(16))

    def n(self, base: float, floor: int = 1) -> int:
        """``base`` scaled, at least ``floor``."""
        return max(floor, round(base * self.scale))

    def at(self, day: dt.date, hour: float, spread: float = 0.0) -> dt.datetime:
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        offset = hour * 3600 + (self.rng.uniform(0, spread * 3600) if spread else 0.0)
        return start + dt.timedelta(seconds=int(offset))

    def call(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        api: str,
        identity: Record,
        ip: str,
        agent: str,
        *,
        read_only: bool | None = None,
        request: Record | None = None,
        response: Record | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        console: bool = False,
        vpce: str | None = None,
        resources: list[Record] | None = None,
        event_type: str = "AwsApiCall",
        extra: Record | None = None,
    ) -> Record:
        """One record of ``api`` (``service:EventName``), appended and returned."""
        service, name = api.split(":")
        if read_only is None:
            read_only = name.startswith(("Describe", "List", "Get", "Lookup", "Head", "Search"))
        rec: Record = {
            "eventVersion": "1.11",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": f"{service}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": request,
            "responseElements": response,
            "requestID": self.uid(),
            "eventID": self.uid(),
            "readOnly": read_only,
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
            rec["responseElements"] = None
        if resources:
            rec["resources"] = resources
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if vpce is not None:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if not ip.endswith(SERVICE_HOSTS) and ip != "AWS Internal":
            host = f"{service}.{region}.amazonaws.com"
            if service in ("iam", "route53", "organizations", "cloudfront"):
                host = f"{service}.amazonaws.com"
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        if extra:
            rec.update(extra)
        self.records.append((t, account, region, rec))
        return rec


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


@dataclass(frozen=True)
class Role:
    account: str
    name: str
    role_id: str

    @property
    def arn(self) -> str:
        return role_arn(self.account, self.name)


def session(
    role: Role,
    name: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    ec2: bool = False,
    web: str | None = None,
    source_identity: str | None = None,
) -> Record:
    """The ``AssumedRole`` identity of a role session."""
    context: Record = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role.role_id,
            "arn": role.arn,
            "accountId": role.account,
            "userName": role.name,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if web is not None:
        context["webIdFederationData"] = {"federatedProvider": web, "attributes": {}}
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    if source_identity is not None:
        context["sourceIdentity"] = source_identity
    return {
        "type": "AssumedRole",
        "principalId": f"{role.role_id}:{name}",
        "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{name}",
        "accountId": role.account,
        "accessKeyId": key,
        "sessionContext": context,
    }


def iam_user(account: str, user: str, user_id: str, key: str) -> Record:
    return {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }


def service(host: str) -> Record:
    return {"type": "AWSService", "invokedBy": host}


def _credentials(key: str, t: dt.datetime, hours: float) -> Record:
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2VjE" + key[4:] + "...",
        "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
    }


def _minted(role: Role, name: str, key: str, t: dt.datetime, hours: float) -> Record:
    return {
        "credentials": _credentials(key, t, hours),
        "assumedRoleUser": {
            "assumedRoleId": f"{role.role_id}:{name}",
            "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{name}",
        },
    }


def _role_resource(role: Role) -> list[Record]:
    return [{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}]


def mint_by_service(
    g: Gen,
    t: dt.datetime,
    region: str,
    host: str,
    role: Role,
    name: str,
    *,
    hours: float = 6,
    tags: list[Record] | None = None,
) -> str:
    """``host`` (ec2, lambda, ecs-tasks, pods.eks) assumes ``role`` for its workload ``name``:
    the minted session key."""
    key = g.key()
    request: Record = {
        "roleArn": role.arn,
        "roleSessionName": name,
        "durationSeconds": 3600 * hours,
    }
    if tags:
        request["tags"] = tags
        request["transitiveTagKeys"] = [t["key"] for t in tags]
    g.call(
        t, role.account, region, "sts:AssumeRole", service(host), host, host,
        read_only=True, request=request, response=_minted(role, name, key, t, hours),
        resources=_role_resource(role), extra={"sharedEventID": g.uid()},
    )  # fmt: skip
    return key


def mint_web_identity(
    g: Gen,
    t: dt.datetime,
    region: str,
    role: Role,
    provider: str,
    subject: str,
    name: str,
    ip: str,
    agent: str,
    *,
    audience: str = "sts.amazonaws.com",
    hours: float = 1,
) -> tuple[str, Record]:
    """A web identity token (an EKS service account's, GitHub's) exchanged for a key of
    ``role`` from ``ip``: (the key, the record)."""
    key = g.key()
    arn = f"arn:aws:iam::{role.account}:oidc-provider/{provider}"
    identity = {
        "type": "WebIdentityUser",
        "principalId": f"{arn}:{audience}:{subject}",
        "userName": subject,
        "identityProvider": arn,
    }
    response = _minted(role, name, key, t, hours)
    response.update({"subjectFromWebIdentityToken": subject, "provider": arn, "audience": audience})
    rec = g.call(
        t, role.account, region, "sts:AssumeRoleWithWebIdentity", identity, ip, agent,
        read_only=True, request={"roleArn": role.arn, "roleSessionName": name,
                                 "durationSeconds": int(3600 * hours)},
        response=response, resources=_role_resource(role),
    )  # fmt: skip
    return key, rec


def mint_saml(
    g: Gen,
    t: dt.datetime,
    region: str,
    role: Role,
    provider: str,
    issuer: str,
    email: str,
    ip: str,
    agent: str,
    *,
    hours: float = 12,
) -> tuple[str, Record]:
    """A SAML assertion (Okta's, Identity Center's) exchanged for a key of ``role``."""
    key = g.key()
    provider_arn = f"arn:aws:iam::{role.account}:saml-provider/{provider}"
    qualifier = "".join(g.rng.choice(B32) for _ in range(27)) + "="
    identity = {
        "type": "SAMLUser",
        "principalId": f"{_stable(provider_arn + issuer)}:{email}",
        "userName": email,
        "identityProvider": _stable(provider_arn + issuer),
    }
    response = _minted(role, email, key, t, hours)
    response.update(
        {
            "subject": email,
            "subjectType": "persistent",
            "issuer": issuer,
            "audience": "https://signin.aws.amazon.com/saml",
            "nameQualifier": qualifier,
        }
    )
    rec = g.call(
        t, role.account, region, "sts:AssumeRoleWithSAML", identity, ip, agent,
        read_only=True, request={"roleArn": role.arn, "principalArn": provider_arn,
                                 "durationSeconds": int(3600 * hours)},
        response=response, resources=_role_resource(role),
    )  # fmt: skip
    return key, rec


def _stable(text: str) -> str:
    """The base64-like hash AWS derives from the provider and issuer (stable per pair)."""
    h = uuid.uuid5(uuid.NAMESPACE_URL, text).hex
    return "".join(B32[int(h[i : i + 2], 16) % 32] for i in range(0, 32, 2)) + "Q8nL0="


def mint_cross_account(
    g: Gen,
    t: dt.datetime,
    region: str,
    role: Role,
    caller: str,
    caller_role_id: str,
    name: str,
    ip: str,
    agent: str,
    *,
    external_id: str | None,
    error: tuple[str, str] | None = None,
) -> tuple[str, Record]:
    """Another account's principal assumes ``role`` (with its external ID)."""
    key = g.key()
    identity = {
        "type": "AWSAccount",
        "principalId": f"{caller_role_id}:{name}",
        "accountId": caller,
    }
    request: Record = {"roleArn": role.arn, "roleSessionName": name}
    if external_id is not None:
        request["externalId"] = external_id
    rec = g.call(
        t, role.account, region, "sts:AssumeRole", identity, ip, agent, read_only=True,
        request=request, response=_minted(role, name, key, t, 1), error=error,
        resources=_role_resource(role),
    )  # fmt: skip
    return key, rec

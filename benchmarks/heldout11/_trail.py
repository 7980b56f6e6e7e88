"""CloudTrail records as AWS writes them: the ``userIdentity`` shapes (IAM user, role session,
web identity, SAML, AWS service, another account), the STS calls that mint session keys, and
one ``Trail`` that collects every record with deterministic ids."""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

_READ = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "Query",
    "Scan",
    "BatchGet",
    "Search",
    "Filter",
)
_KEYCHARS = string.ascii_uppercase + "234567"


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A credential and the ``userIdentity`` its calls carry."""

    ident: dict[str, Any]
    key: str
    arn: str  # the principal: the role's or the user's ARN
    expires: dt.datetime | None = None
    from_console: bool = False


@dataclass
class Trail:
    rng: random.Random
    records: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def token(self, prefix: str, n: int = 16) -> str:
        return prefix + "".join(self.rng.choice(_KEYCHARS) for _ in range(n))

    def hexid(self, prefix: str, n: int = 17) -> str:
        return prefix + "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def add(
        self,
        t: dt.datetime,
        who: Session | dict[str, Any],
        source: str,
        name: str,
        *,
        acct: str,
        region: str,
        ip: str,
        ua: str,
        params: dict[str, Any] | None = None,
        resp: dict[str, Any] | None = None,
        error: str | None = None,
        read_only: bool | None = None,
        data: bool = False,
        vpce: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; returns its event id."""
        ident = who.ident if isinstance(who, Session) else who
        eid = self.uid()
        rec: dict[str, Any] = {
            "eventVersion": "1.09" if not data else "1.10",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": None if error else resp,
            "requestID": self.uid(),
            "eventID": eid,
            "readOnly": name.startswith(_READ) if read_only is None else read_only,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": acct,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = (
                f"User: {ident.get('arn', 'unknown')} is not authorized to perform: {source}:{name}"
                if error == "AccessDenied"
                else "Rate exceeded"
            )
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = acct
        if not ip.endswith("amazonaws.com"):
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if isinstance(who, Session) and who.from_console:
            rec["sessionCredentialFromConsole"] = "true"
        if extra:
            rec.update(extra)
        self.records.append((acct, region, rec))
        return eid


def iam_user(acct: str, name: str, key: str) -> Session:
    pid = "AIDA" + name.upper().replace("-", "")[:8].ljust(8, "X") + acct[-8:]
    arn = f"arn:aws:iam::{acct}:user/{name}"
    ident = {
        "type": "IAMUser",
        "principalId": pid,
        "arn": arn,
        "accountId": acct,
        "accessKeyId": key,
        "userName": name,
    }
    return Session(ident, key, arn)


def role_id(acct: str, role: str) -> str:
    return "AROA" + "".join(c for c in role.upper() if c.isalnum())[:9].ljust(9, "Q") + acct[-8:]


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": f"{name}.amazonaws.com"}


def other_account(acct: str, session: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": f"AROA{acct}VEND:{session}", "accountId": acct}


@dataclass(frozen=True)
class Mint:
    """How a role session comes to be: the STS call, who makes it, from where."""

    how: str  # AssumeRole | AssumeRoleWithWebIdentity | AssumeRoleWithSAML
    caller: dict[str, Any]
    ip: str
    ua: str
    params: dict[str, Any] = field(default_factory=dict)
    ec2: bool = False  # an instance profile's key (ec2RoleDelivery)
    web: tuple[str, str] | None = None  # (provider, subject)
    hours: float = 1.0


def mint(
    trail: Trail,
    t: dt.datetime,
    how: Mint,
    *,
    acct: str,
    region: str,
    role: str,
    session: str,
    role_path: str = "",
) -> Session:
    """The STS record that mints a role session's key, and the session."""
    key = trail.token("ASIA")
    role_arn = f"arn:aws:iam::{acct}:role/{role_path}{role}"
    sess_arn = f"arn:aws:sts::{acct}:assumed-role/{role}/{session}"
    rid = role_id(acct, role)
    expires = t + dt.timedelta(hours=how.hours)
    params = {"roleArn": role_arn, "roleSessionName": session, **how.params}
    if how.how == "AssumeRoleWithSAML":
        params = {
            "roleArn": role_arn,
            "principalArn": f"arn:aws:iam::{acct}:saml-provider/AWSSSO_sitara",
            "durationSeconds": int(how.hours * 3600),
        }
    resp = {
        "credentials": {
            "accessKeyId": key,
            "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
            "sessionToken": "<redacted>",
        },
        "assumedRoleUser": {"assumedRoleId": f"{rid}:{session}", "arn": sess_arn},
    }
    if how.web:
        resp.update(
            {
                "subjectFromWebIdentityToken": how.web[1],
                "provider": how.web[0],
                "audience": "sts.amazonaws.com",
            }
        )
    trail.add(
        t,
        how.caller,
        "sts",
        how.how,
        acct=acct,
        region=region,
        ip=how.ip,
        ua=how.ua,
        params=params,
        resp=resp,
        read_only=True,
    )
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": rid,
            "arn": role_arn,
            "accountId": acct,
            "userName": role,
        },
        "attributes": {"creationDate": stamp(t), "mfaAuthenticated": "false"},
    }
    if how.web:
        context["webIdFederationData"] = {"federatedProvider": how.web[0], "attributes": {}}
    if how.ec2:
        context["ec2RoleDelivery"] = "2.0"
    ident = {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": sess_arn,
        "accountId": acct,
        "accessKeyId": key,
        "sessionContext": context,
    }
    return Session(ident, key, role_arn, expires)


def console_login(trail: Trail, t: dt.datetime, s: Session, *, acct: str, ip: str, ua: str) -> str:
    """A federated console sign-in through Identity Center (MFA happened at the IdP, so AWS
    writes ``MFAUsed: No``)."""
    ident = {k: v for k, v in s.ident.items() if k != "accessKeyId"}
    rec_id = trail.add(
        t,
        ident,
        "signin",
        "ConsoleLogin",
        acct=acct,
        region="ap-south-1",
        ip=ip,
        ua=ua,
        resp={"ConsoleLogin": "Success"},
        read_only=False,
        extra={
            "eventType": "AwsConsoleSignIn",
            "additionalEventData": {
                "MobileVersion": "No",
                "MFAUsed": "No",
                "LoginTo": "https://console.aws.amazon.com/console/home",
            },
        },
    )
    return rec_id


def console(s: Session, trail: Trail) -> Session:
    """The console's own session key for the same sign-in (``sessionCredentialFromConsole``)."""
    key = trail.token("ASIA")
    ident = {**s.ident, "accessKeyId": key}
    return Session(ident, key, s.arn, s.expires, from_console=True)

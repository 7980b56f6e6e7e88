"""CloudTrail records as AWS writes them: the ``userIdentity`` shapes the suite uses, the events
that mint session keys, and the writer of S3-layout delivery files and GeoIP stand-ins."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from benchmarks.heldout19._plan import TOKYO

SERVICE_REGION_FREE = {"iam.amazonaws.com", "signin.amazonaws.com"}


def _b32(text: str, n: int) -> str:
    return base64.b32encode(hashlib.sha256(text.encode()).digest()).decode()[:n]


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def role_id(account: str, role: str) -> str:
    return "AROA" + _b32(f"role/{account}/{role}", 17)


def user_id(account: str, user: str) -> str:
    return "AIDA" + _b32(f"user/{account}/{user}", 17)


def user_key(seed: int, account: str, user: str) -> str:
    """An IAM user's long-lived key: fixed per seed."""
    return "AKIA" + _b32(f"{seed}/key/{account}/{user}", 16)


@dataclass(frozen=True)
class Caller:
    """Who calls, from where, with what: enough to write a record's caller fields."""

    identity: dict[str, Any]
    ip: str
    ua: str
    account: str  # the recipient account
    console: bool = False
    vpce: str | None = None

    @property
    def key(self) -> str | None:
        return self.identity.get("accessKeyId")

    @property
    def arn(self) -> str:
        issuer = self.identity.get("sessionContext", {}).get("sessionIssuer")
        return issuer["arn"] if issuer else self.identity.get("arn", "")

    def at(self, ip: str, ua: str | None = None) -> Caller:
        return replace(self, ip=ip, ua=ua or self.ua)


def role_identity(
    account: str, role: str, session: str, key: str, minted: dt.datetime, *, mfa: bool = False
) -> dict[str, Any]:
    rid = role_id(account, role)
    return {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{account}:role/{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": iso(minted), "mfaAuthenticated": str(mfa).lower()},
        },
    }


def user_identity(account: str, user: str, key: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": user_id(account, user),
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }


def federated_identity(
    account: str, user: str, name: str, key: str, minted: dt.datetime
) -> dict[str, Any]:
    return {
        "type": "FederatedUser",
        "principalId": f"{account}:{name}",
        "arn": f"arn:aws:sts::{account}:federated-user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "IAMUser",
                "principalId": user_id(account, user),
                "arn": f"arn:aws:iam::{account}:user/{user}",
                "accountId": account,
                "userName": user,
            },
            "attributes": {"creationDate": iso(minted), "mfaAuthenticated": "false"},
        },
    }


@dataclass
class Day:
    """One day's records of the whole organisation, drawn from generators seeded by
    (seed, day, actor) so that adding an actor never moves another's draws."""

    seed: int
    day: dt.date
    scale: float
    records: list[dict[str, Any]] = field(default_factory=list)
    # callers the background minted, by actor, for the incidents to pick up: (from, caller)
    live: dict[str, list[tuple[dt.datetime, Caller]]] = field(default_factory=dict)

    def register(self, actor: str, t: dt.datetime, caller: Caller) -> None:
        self.live.setdefault(actor, []).append((t, caller))

    def current(self, actor: str, t: dt.datetime) -> Caller:
        """The caller of ``actor`` minted last before ``t``."""
        before = [c for s, c in self.live[actor] if s <= t]
        return before[-1] if before else self.live[actor][0][1]

    def rng(self, who: str) -> random.Random:
        return random.Random(f"{self.seed}/{self.day}/{who}")

    def n(self, base: float, rng: random.Random, floor: int = 1) -> int:
        """A count of ``base`` events at scale 1, scaled, with +-25% noise."""
        return max(floor, round(base * self.scale * rng.uniform(0.75, 1.25)))

    def session_key(self, rng: random.Random) -> str:
        return "ASIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))

    def emit(
        self,
        t: dt.datetime,
        caller: Caller,
        source: str,
        name: str,
        region: str = TOKYO,
        *,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        read_only: bool | None = None,
        data: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record; returns its event ID."""
        eid = str(
            uuid.UUID(
                bytes=hashlib.md5(f"{self.seed}/{self.day}/{len(self.records)}".encode()).digest(),
                version=4,
            )
        )
        if source in SERVICE_REGION_FREE:
            region = "us-east-1"
        rec: dict[str, Any] = {
            "eventVersion": "1.09" if not data else "1.10",
            "userIdentity": caller.identity,
            "eventTime": iso(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": caller.ip,
            "userAgent": caller.ua,
            "requestParameters": request,
            "responseElements": response,
            "requestID": eid.replace("-", "")[:20].upper(),
            "eventID": eid,
            "readOnly": read_only
            if read_only is not None
            else name.startswith(("Get", "List", "Describe", "Head")),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": caller.account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = (
                f"User: {caller.identity.get('arn')} is not authorized to perform: {source.split('.')[0]}:{name}"
            )
        if caller.console:
            rec["sessionCredentialFromConsole"] = "true"
        if caller.vpce:
            rec["vpcEndpointId"] = caller.vpce
        if not caller.ip.endswith("amazonaws.com") and caller.ip != "AWS Internal":
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
            }
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return eid

    # --- minting -----------------------------------------------------------------------
    def _credentials(
        self, rng: random.Random, t: dt.datetime, hours: float
    ) -> tuple[str, dict[str, Any]]:
        key = self.session_key(rng)
        return key, {
            "accessKeyId": key,
            "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
        }

    def service_role(
        self,
        rng: random.Random,
        t: dt.datetime,
        account: str,
        role: str,
        session: str,
        service: str,
        *,
        ip: str,
        ua: str,
        region: str = TOKYO,
        hours: float = 6,
        vpce: str | None = None,
    ) -> Caller:
        """A service (EC2, Lambda, ECS, CodeBuild) assumes a workload's role: the AssumeRole
        record that binds the new key to the workload, and the workload as caller."""
        key, creds = self._credentials(rng, t, hours)
        arn = f"arn:aws:iam::{account}:role/{role}"
        minter = Caller({"type": "AWSService", "invokedBy": service}, service, service, account)
        self.emit(
            t,
            minter,
            "sts.amazonaws.com",
            "AssumeRole",
            region,
            request={
                "roleArn": arn,
                "roleSessionName": session,
                "durationSeconds": int(hours * 3600),
            },
            response={
                "credentials": creds,
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id(account, role)}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            read_only=True,
            extra={"sharedEventID": str(uuid.UUID(int=rng.getrandbits(128), version=4))},
        )
        return Caller(role_identity(account, role, session, key, t), ip, ua, account, vpce=vpce)

    def assume_role(
        self,
        rng: random.Random,
        t: dt.datetime,
        by: Caller,
        account: str,
        role: str,
        session: str,
        *,
        ip: str | None = None,
        ua: str | None = None,
        external_id: str | None = None,
        hours: float = 1,
    ) -> Caller:
        """``by`` assumes ``role`` in ``account`` (role chaining, cross-account)."""
        key, creds = self._credentials(rng, t, hours)
        request: dict[str, Any] = {
            "roleArn": f"arn:aws:iam::{account}:role/{role}",
            "roleSessionName": session,
        }
        if external_id:
            request["externalId"] = external_id
        # a caller from another account shows as AWSAccount in the role's account
        if by.identity.get("accountId") not in (account, None) and by.account != account:
            ident = {
                "type": "AWSAccount",
                "principalId": by.identity["principalId"],
                "accountId": by.identity["accountId"],
            }
            by = Caller(ident, by.ip, by.ua, account)
        self.emit(
            t,
            replace(by, account=account),
            "sts.amazonaws.com",
            "AssumeRole",
            TOKYO,
            request=request,
            response={
                "credentials": creds,
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id(account, role)}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            read_only=True,
        )
        return Caller(
            role_identity(account, role, session, key, t), ip or by.ip, ua or by.ua, account
        )

    def saml(
        self,
        rng: random.Random,
        t: dt.datetime,
        account: str,
        role: str,
        person: str,
        *,
        ip: str,
        ua: str,
        console: bool,
        hours: float = 8,
    ) -> Caller:
        """Entra ID SAML into ``role``: AssumeRoleWithSAML, and a ConsoleLogin for a console
        session (MFA happened at Entra ID, so ``MFAUsed`` is No)."""
        key, creds = self._credentials(rng, t, hours)
        provider = f"arn:aws:iam::{account}:saml-provider/EntraID"
        saml_user = {
            "type": "SAMLUser",
            "principalId": f"{_b32('idp' + account, 20)}:{person}",
            "userName": person,
            "identityProvider": _b32("issuer" + account, 24),
        }
        self.emit(
            t,
            Caller(saml_user, ip, ua if not console else "AWS Signin", account),
            "sts.amazonaws.com",
            "AssumeRoleWithSAML",
            request={
                "roleArn": f"arn:aws:iam::{account}:role/{role}",
                "principalArn": provider,
                "durationSeconds": int(hours * 3600),
            },
            response={
                "credentials": creds,
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id(account, role)}:{person}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{person}",
                },
                "subjectType": "persistent",
                "audience": "https://signin.aws.amazon.com/saml",
            },
            read_only=True,
        )
        caller = Caller(
            role_identity(account, role, person, key, t), ip, ua, account, console=console
        )
        if console:
            self.emit(
                t + dt.timedelta(seconds=2),
                caller,
                "signin.amazonaws.com",
                "ConsoleLogin",
                response={"ConsoleLogin": "Success"},
                read_only=False,
                extra={
                    "eventType": "AwsConsoleSignIn",
                    "additionalEventData": {
                        "MobileVersion": "No",
                        "MFAUsed": "No",
                        "SamlProviderArn": provider,
                        "LoginTo": "https://ap-northeast-1.console.aws.amazon.com/console/home?region=ap-northeast-1",
                    },
                },
            )
        return caller

    def web_identity(
        self,
        rng: random.Random,
        t: dt.datetime,
        account: str,
        role: str,
        repo: str,
        *,
        ip: str,
        ua: str,
    ) -> Caller:
        """GitHub Actions' OIDC token exchanged for ``role``."""
        key, creds = self._credentials(rng, t, 1)
        provider = f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"
        sub = f"repo:kurenai-mobility/{repo}:ref:refs/heads/main"
        who = {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{sub}",
            "userName": sub,
            "identityProvider": provider,
        }
        session = f"GitHubActions-{rng.randrange(10**9, 10**10)}"
        self.emit(
            t,
            Caller(who, ip, ua, account),
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            request={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": session},
            response={
                "credentials": creds,
                "subjectFromWebIdentityToken": sub,
                "provider": provider,
                "audience": "sts.amazonaws.com",
            },
            read_only=True,
        )
        return Caller(role_identity(account, role, session, key, t), ip, ua, account)

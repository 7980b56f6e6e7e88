"""CloudTrail records as AWS writes them (``eventVersion`` 1.09/1.10 fields), one at a time.

Per-actor Python, not per-event vectors: a held-out suite is small and its value is in getting
every field right (``userIdentity`` shapes, ``invokedBy``, ``vpcEndpointId``, ``tlsDetails``,
``sessionCredentialFromConsole``, error spellings), not in speed.
"""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]
_KEY_CHARS = string.ascii_uppercase + "234567"
_READ = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Check", "Query")
# global services log in us-east-1 and are called on a global endpoint
_GLOBAL = {"iam", "sts-global", "signin", "ce", "organizations", "health", "budgets"}


def new_key(rng: random.Random, prefix: str) -> str:
    """An access key id (``AKIA`` user key, ``ASIA`` temporary) or a unique id (``AIDA``)."""
    return prefix + "".join(rng.choice(_KEY_CHARS) for _ in range(16))


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Actor:
    """Who calls: the ``userIdentity`` minus the key (keys change, the identity does not)."""

    kind: str  # IAMUser | AssumedRole | FederatedUser | AWSService | AWSAccount | WebIdentityUser | Root
    account: str
    name: str  # user name, role name, service, federated name
    unique: str = ""  # AIDA.../AROA... of the user or role
    path: str = "/"
    session: str = ""  # role session name

    def identity(
        self, key: str | None, created: dt.datetime | None = None, *, mfa: bool = False
    ) -> Record:
        if self.kind == "AWSService":
            return {"type": "AWSService", "invokedBy": self.name}
        if self.kind == "AWSAccount":
            return {"type": "AWSAccount", "principalId": self.unique, "accountId": self.account}
        if self.kind == "WebIdentityUser":
            return {
                "type": "WebIdentityUser",
                "principalId": f"{self.unique}:{self.session}",
                "userName": self.session,
                "identityProvider": self.unique,
            }
        attrs = {
            "creationDate": stamp(created) if created else None,
            "mfaAuthenticated": str(mfa).lower(),
        }
        if self.kind == "Root":
            ident: Record = {
                "type": "Root",
                "principalId": self.account,
                "arn": f"arn:aws:iam::{self.account}:root",
                "accountId": self.account,
            }
        elif self.kind == "IAMUser":
            ident = {
                "type": "IAMUser",
                "principalId": self.unique,
                "arn": f"arn:aws:iam::{self.account}:user{self.path}{self.name}",
                "accountId": self.account,
                "userName": self.name,
            }
        elif self.kind == "FederatedUser":
            user, issuer = self.session, self.unique
            ident = {
                "type": "FederatedUser",
                "principalId": f"{self.account}:{self.name}",
                "arn": f"arn:aws:sts::{self.account}:federated-user/{self.name}",
                "accountId": self.account,
                "sessionContext": {
                    "sessionIssuer": {
                        "type": "IAMUser",
                        "principalId": issuer,
                        "arn": f"arn:aws:iam::{self.account}:user/{user}",
                        "accountId": self.account,
                        "userName": user,
                    },
                    "attributes": attrs,
                },
            }
        else:
            ident = {
                "type": "AssumedRole",
                "principalId": f"{self.unique}:{self.session}",
                "arn": f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{self.session}",
                "accountId": self.account,
                "sessionContext": {
                    "sessionIssuer": {
                        "type": "Role",
                        "principalId": self.unique,
                        "arn": f"arn:aws:iam::{self.account}:role{self.path}{self.name}",
                        "accountId": self.account,
                        "userName": self.name,
                    },
                    "webIdFederationData": {},
                    "attributes": attrs,
                },
            }
        if key:
            ident["accessKeyId"] = key
            if self.kind == "IAMUser" and created is not None:
                ident["sessionContext"] = {
                    "sessionIssuer": {},
                    "webIdFederationData": {},
                    "attributes": attrs,
                }
        return ident

    def as_session(self, session: str) -> Actor:
        return Actor(self.kind, self.account, self.name, self.unique, self.path, session)

    @property
    def role_arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"

    @property
    def user_arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user{self.path}{self.name}"


@dataclass
class Call:
    """How one key calls: identity, key, session start, address, client, and where it lands."""

    actor: Actor
    key: str | None
    ip: str
    ua: str
    account: str = ""  # the recipient (defaults to the actor's account)
    created: dt.datetime | None = None
    mfa: bool = False
    console: bool = False
    vpce: str | None = None
    invoked_by: str | None = None


@dataclass
class Trail:
    """Every record of the organisation; ``emit`` appends one and returns its event id."""

    seed: int
    records: list[Record] = field(default_factory=list)

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def emit(
        self,
        rng: random.Random,
        call: Call,
        t: dt.datetime,
        service: str,
        name: str,
        region: str,
        *,
        req: Record | None = None,
        resp: Record | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        resources: list[Record] | None = None,
        extra: Record | None = None,
    ) -> str:
        host_service = "sts" if service == "sts-global" else service
        global_call = service in _GLOBAL
        where = "us-east-1" if global_call else region
        event_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        rec: Record = {
            "eventVersion": "1.10" if data or service in {"iam", "sts", "sts-global"} else "1.09",
            "userIdentity": call.actor.identity(call.key, call.created, mfa=call.mfa),
            "eventTime": stamp(t),
            "eventSource": f"{host_service}.amazonaws.com",
            "eventName": name,
            "awsRegion": where,
            "sourceIPAddress": call.ip,
            "userAgent": call.ua,
            "requestParameters": req,
            "responseElements": resp,
            "requestID": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "eventID": event_id,
            "readOnly": name.startswith(_READ),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": call.account or call.actor.account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"], rec["errorMessage"] = error
            if error[0].endswith("AccessDenied") or error[0] == "AccessDeniedException":
                rec["responseElements"] = None
        if resources:
            rec["resources"] = resources
        if call.invoked_by:
            rec["userIdentity"]["invokedBy"] = call.invoked_by
        if call.vpce:
            rec["vpcEndpointId"] = call.vpce
            rec["vpcEndpointAccountId"] = call.account or call.actor.account
        if call.console:
            rec["sessionCredentialFromConsole"] = "true"
        if (
            not call.invoked_by
            and call.actor.kind != "AWSService"
            and "." in call.ip
            and not call.ip.endswith(".com")
        ):
            host = (
                f"{host_service}.amazonaws.com"
                if global_call
                else f"{host_service}.{where}.amazonaws.com"
            )
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3" if rng.random() < 0.8 else "TLSv1.2",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
            if rec["tlsDetails"]["tlsVersion"] == "TLSv1.2":
                rec["tlsDetails"]["cipherSuite"] = "ECDHE-RSA-AES128-GCM-SHA256"
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return event_id

    def assume(
        self,
        rng: random.Random,
        t: dt.datetime,
        caller: Call,
        role: Actor,
        session: str,
        region: str,
        *,
        name: str = "AssumeRole",
        hours: int = 1,
        source_identity: str | None = None,
    ) -> tuple[str, str]:
        """``AssumeRole`` (or ``...WithWebIdentity``) in the role's account; the new ASIA key."""
        key = new_key(rng, "ASIA")
        expires = t + dt.timedelta(hours=hours)
        req: Record = {"roleArn": role.role_arn, "roleSessionName": session}
        if hours != 1:
            req["durationSeconds"] = hours * 3600
        if source_identity:
            req["sourceIdentity"] = source_identity
        resp = {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + new_key(rng, "")[:12] + "...",
                "expiration": expires.strftime("%b %d, %Y, %-I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role.unique}:{session}",
                "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}",
            },
        }
        call = Call(
            caller.actor,
            caller.key,
            caller.ip,
            caller.ua,
            account=role.account,
            created=caller.created,
            mfa=caller.mfa,
            invoked_by=caller.invoked_by,
        )
        res = [{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.role_arn}]
        crossing = caller.actor.account not in ("", role.account)
        shared = (
            {"sharedEventID": str(uuid.UUID(int=rng.getrandbits(128), version=4))}
            if crossing
            else None
        )
        self.emit(
            rng, call, t, "sts", name, region, req=req, resp=resp, resources=res, extra=shared
        )
        return key, session

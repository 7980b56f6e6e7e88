"""CloudTrail records as AWS writes them: a seeded ``Trail`` that mints identifiers and keys,
the ``userIdentity`` of each credential kind, and one method per way a call is made (a
session's own call, an AWS service minting a workload's key, a call a service makes for its
caller)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout30.org import GLOBAL, HOME

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
READ_PREFIXES = ("Describe", "List", "Get", "Head", "Lookup", "Search", "Batch" + "Get", "Check")
TLS = (
    ("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
    ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256"),
)


@dataclass
class Session:
    """Credentials in use: the ``userIdentity`` CloudTrail writes for them (without the
    per-call fields) and the account they belong to."""

    identity: dict[str, Any]
    account: str
    key: str | None = None
    console: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    """Every record of a seed, appended in any order (``write`` sorts and files them)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[dict[str, Any]] = []
        self._role_ids: dict[str, str] = {}
        self._user_keys: dict[str, str] = {}

    # identifiers ---------------------------------------------------------------------------
    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _b32(self, n: int) -> str:
        return "".join(self.rng.choice(B32) for _ in range(n))

    def new_key(self, prefix: str = "ASIA") -> str:
        return prefix + self._b32(16)

    def unique_id(self, prefix: str, name: str) -> str:
        """A role's (AROA) or user's (AIDA) unique id, stable per ARN for the seed."""
        if name not in self._role_ids:
            self._role_ids[name] = prefix + self._b32(17)
        return self._role_ids[name]

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    # identities ----------------------------------------------------------------------------
    def user(self, account: str, name: str, *, path: str = "/") -> Session:
        """An IAM user's long-term access key (one per user for the seed)."""
        arn = f"arn:aws:iam::{account}:user{path}{name}"
        if arn not in self._user_keys:
            self._user_keys[arn] = self.new_key("AKIA")
        identity = {
            "type": "IAMUser",
            "principalId": self.unique_id("AIDA", arn),
            "arn": arn,
            "accountId": account,
            "accessKeyId": self._user_keys[arn],
            "userName": name,
        }
        return Session(identity, account, self._user_keys[arn])

    def role_session(
        self,
        account: str,
        role: str,
        session_name: str,
        t: dt.datetime,
        *,
        path: str = "/",
        mfa: bool = False,
        ec2: bool = False,
        key: str | None = None,
        console: bool = False,
        source_identity: str | None = None,
    ) -> Session:
        """An assumed-role session (its key minted elsewhere or here)."""
        role_arn = f"arn:aws:iam::{account}:role{path}{role}"
        role_id = self.unique_id("AROA", role_arn)
        key = key or self.new_key()
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": role_arn,
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": stamp(t), "mfaAuthenticated": str(mfa).lower()},
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        else:
            context["webIdFederationData"] = {}
        if source_identity:
            context["sourceIdentity"] = source_identity
        identity = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session_name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session_name}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        return Session(identity, account, key, console=console)

    # calls ---------------------------------------------------------------------------------
    def call(
        self,
        s: Session,
        t: dt.datetime,
        source: str,
        name: str,
        ip: str,
        ua: str,
        *,
        region: str = HOME,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        error_message: str | None = None,
        read_only: bool | None = None,
        invoked_by: str | None = None,
        endpoint: str | None = None,
        additional: dict[str, Any] | None = None,
        recipient: str | None = None,
        event_type: str = "AwsApiCall",
        identity: dict[str, Any] | None = None,
    ) -> str:
        """One record of ``s`` calling ``source``'s ``name``; returns its event ID."""
        who = dict(identity if identity is not None else s.identity)
        if invoked_by:
            who["invokedBy"] = invoked_by
        if read_only is None:
            read_only = name.startswith(READ_PREFIXES)
        event_id = self.uuid()
        rec: dict[str, Any] = {
            "eventVersion": "1.09" if event_type == "AwsApiCall" else "1.08",
            "userIdentity": who,
            "eventTime": stamp(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = error_message or self._message(who, source, name, error)
        rec["requestParameters"] = request
        rec["responseElements"] = None if error else response
        if additional:
            rec["additionalEventData"] = additional
        rec["requestID"] = self.uuid()
        rec["eventID"] = event_id
        rec["readOnly"] = read_only
        rec["eventType"] = event_type
        rec["managementEvent"] = True
        rec["recipientAccountId"] = recipient or s.account
        if endpoint:
            rec["vpcEndpointId"] = endpoint
            rec["vpcEndpointAccountId"] = s.account
        rec["eventCategory"] = "Management"
        if s.console and not invoked_by:
            rec["sessionCredentialFromConsole"] = "true"
        if not invoked_by and not ip.endswith(".amazonaws.com") and event_type == "AwsApiCall":
            version, suite = TLS[0] if self.rng.random() < 0.85 else TLS[1]
            service = source.split(".")[0]
            host = (
                f"{service}.amazonaws.com"
                if region == GLOBAL
                else f"{service}.{region}.amazonaws.com"
            )
            rec["tlsDetails"] = {
                "tlsVersion": version,
                "cipherSuite": suite,
                "clientProvidedHostHeader": host,
            }
        self.records.append(rec)
        return event_id

    @staticmethod
    def _message(who: dict[str, Any], source: str, name: str, error: str) -> str:
        if error in ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation"):
            arn = who.get("arn", "")
            service = source.split(".")[0]
            return f"User: {arn} is not authorized to perform: {service}:{name} because no identity-based policy allows the {service}:{name} action"
        return {
            "ResourceNotFoundException": "Secrets Manager can't find the specified secret.",
            "NoSuchEntity": "The role cannot be found.",
            "ThrottlingException": "Rate exceeded",
            "DBSnapshotNotFound": "DBSnapshot not found.",
        }.get(error, error)

    def mint(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        session_name: str,
        service: str,
        *,
        region: str = HOME,
        path: str = "/",
        ec2: bool = False,
        hours: int = 6,
    ) -> Session:
        """An AWS service (``ec2``, ``lambda``, ``ecs-tasks``, ...) assuming a workload's role:
        the ``AssumeRole`` record it writes and the session it minted."""
        s = self.role_session(account, role, session_name, t, path=path, ec2=ec2)
        role_arn = f"arn:aws:iam::{account}:role{path}{role}"
        host = f"{service}.amazonaws.com"
        self.call(
            Session({"type": "AWSService", "invokedBy": host}, account),
            t,
            "sts.amazonaws.com",
            "AssumeRole",
            host,
            host,
            region=region,
            request={
                "roleArn": role_arn,
                "roleSessionName": session_name,
                "durationSeconds": hours * 3600,
            },
            response={
                "credentials": {
                    "accessKeyId": s.key,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + self._b32(40),
                    "expiration": (t + dt.timedelta(hours=hours)).strftime(
                        "%b %d, %Y, %I:%M:%S %p"
                    ),
                },
                "assumedRoleUser": {
                    "assumedRoleId": s.identity["principalId"],
                    "arn": s.identity["arn"],
                },
            },
            read_only=True,
        )
        return s

    def assume(
        self,
        caller: Session,
        t: dt.datetime,
        account: str,
        role: str,
        session_name: str,
        ip: str,
        ua: str,
        *,
        external_id: str | None = None,
        path: str = "/",
        error: str | None = None,
        caller_identity: dict[str, Any] | None = None,
        caller_arn: str | None = None,
        hours: int = 1,
    ) -> tuple[Session, str]:
        """``caller`` assuming a role in ``account`` (another account's principal: the record
        is in the role's account, its caller an ``AWSAccount``); (the session, event ID)."""
        s = self.role_session(account, role, session_name, t, path=path)
        role_arn = f"arn:aws:iam::{account}:role{path}{role}"
        request: dict[str, Any] = {"roleArn": role_arn, "roleSessionName": session_name}
        if external_id is not None:
            request["externalId"] = external_id
        request["durationSeconds"] = hours * 3600
        event = self.call(
            Session(caller.identity, account),
            t,
            "sts.amazonaws.com",
            "AssumeRole",
            ip,
            ua,
            request=request,
            response={
                "credentials": {
                    "accessKeyId": s.key,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + self._b32(40),
                    "expiration": (t + dt.timedelta(hours=hours)).strftime(
                        "%b %d, %Y, %I:%M:%S %p"
                    ),
                },
                "assumedRoleUser": {
                    "assumedRoleId": s.identity["principalId"],
                    "arn": s.identity["arn"],
                },
            },
            error=error,
            # a caller of another account has no ARN in the record, but the message names it
            error_message=(
                f"User: {caller_arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
                if error and caller_arn
                else None
            ),
            read_only=True,
            identity=caller_identity,
            recipient=account,
        )
        return s, event


def other_account(account: str, principal_id: str) -> dict[str, Any]:
    """The ``userIdentity`` of a principal of another account as the role's account sees it."""
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}

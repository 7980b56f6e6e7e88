"""CloudTrail records as AWS writes them, for every credential kind PMCT has: the minting
events (EC2, Lambda, ECS, Transfer Family and IoT minting role keys; IRSA and GitHub Actions
through web identity; Identity Center through SAML; partners' cross-account AssumeRole with an
external ID) and the calls made with the keys minted."""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout37._org import (
    PERMISSION_SETS,
    PLACES,
    SSO_PROVIDER,
    SSO_REGION,
)

Record = dict[str, Any]
READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Head",
    "Lookup",
    "BatchGet",
    "Query",
    "Scan",
    "Search",
    "Select",
    "Detect",
    "Filter",
)
DATA_EVENTS = {
    "GetObject",
    "PutObject",
    "HeadObject",
    "DeleteObject",
    "GetObjectTagging",
    "CopyObject",
    "ListObjects",
    "ListObjectsV2",
    "GetItem",
    "PutItem",
    "Query",
    "Scan",
    "UpdateItem",
    "BatchWriteItem",
    "PutRecords",
    "PutRecord",
    "GetRecords",
}
SERVICE_HOSTS = {
    "transfer.amazonaws.com",
    "s3.amazonaws.com",
    "config.amazonaws.com",
    "autoscaling.amazonaws.com",
    "eks.amazonaws.com",
    "cloudformation.amazonaws.com",
    "ec2.amazonaws.com",
}
GLOBAL_HOSTS = {"iam", "organizations", "route53", "signin", "ce", "budgets", "billingconsole"}
_ALNUM = string.ascii_uppercase + string.digits


@dataclass
class Key:
    """A credential: the identity its calls carry and the key id."""

    key: str
    identity: dict[str, Any]
    console: bool = False


class Trail:
    """The records of one seed, built in any order (written sorted by time)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.records: list[Record] = []

    # identifiers -----------------------------------------------------------------------------
    def _pick(self, alphabet: str, n: int) -> str:
        """``n`` of ``rng.choice(alphabet)``: the same draws (CPython's rejection sampling on
        ``getrandbits``), without a method call per character."""
        size, bits, bits_of = len(alphabet), len(alphabet).bit_length(), self.rng.getrandbits
        out = []
        for _ in range(n):
            r = bits_of(bits)
            while r >= size:
                r = bits_of(bits)
            out.append(alphabet[r])
        return "".join(out)

    def hexid(self, n: int) -> str:
        return self._pick("0123456789abcdef", n)

    def alnum(self, n: int) -> str:
        return self._pick(_ALNUM, n)

    def key_id(self, prefix: str = "ASIA") -> str:
        return prefix + self.alnum(16)

    def event_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def instance_id(self) -> str:
        return "i-0" + self.hexid(16)

    # the record --------------------------------------------------------------------------------
    def call(
        self,
        who: Key | dict[str, Any],
        when: dt.datetime,
        source: str,
        name: str,
        *,
        region: str,
        account: str,
        ip: str,
        agent: str,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        resources: list[dict[str, Any]] | None = None,
        endpoint: str | None = None,
        kind: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
    ) -> Record:
        identity = who.identity if isinstance(who, Key) else who
        host = source if "." in source else f"{source}.amazonaws.com"
        data = name in DATA_EVENTS and host in (
            "s3.amazonaws.com",
            "dynamodb.amazonaws.com",
            "kinesis.amazonaws.com",
        )
        record: Record = {
            "eventVersion": "1.11" if kind == "AwsApiCall" else "1.09",
            "userIdentity": identity,
            "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": host,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": None if error else response,
            "requestID": self.alnum(16)
            if host == "s3.amazonaws.com"
            else str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "eventID": self.event_id(),
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": kind,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"], record["errorMessage"] = error
        if resources:
            record["resources"] = resources
        if endpoint:
            record["vpcEndpointId"] = endpoint
            record["vpcEndpointAccountId"] = account
        if ip not in SERVICE_HOSTS and kind == "AwsApiCall":
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host
                if host.split(".")[0] in GLOBAL_HOSTS
                else f"{host.split('.')[0]}.{region}.amazonaws.com",
            }
        if isinstance(who, Key) and who.console:
            record["sessionCredentialFromConsole"] = "true"
        if extra:
            record.update(extra)
        self.records.append(record)
        return record

    # identities --------------------------------------------------------------------------------
    @staticmethod
    def service(host: str) -> dict[str, Any]:
        return {"type": "AWSService", "invokedBy": host}

    def role_session(
        self,
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        *,
        path: str = "/",
        mfa: bool = False,
        source_identity: str | None = None,
        ec2: bool = False,
        key: str | None = None,
    ) -> Key:
        role_id = "AROA" + _stable(account + role)
        key = key or self.key_id()
        attrs = {
            "creationDate": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "mfaAuthenticated": str(mfa).lower(),
        }
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": f"arn:aws:iam::{account}:role{path}{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": attrs,
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        if source_identity:
            context["sourceIdentity"] = source_identity
        identity = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        return Key(key, identity)

    def mint(
        self,
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        *,
        by: str,
        region: str,
        path: str = "/",
        ec2: bool = False,
        params: dict[str, Any] | None = None,
    ) -> Key:
        """An AWS service (``by``) assumes ``role`` for its workload; the key it minted."""
        session_key = self.role_session(account, role, session, when, path=path, ec2=ec2)
        arn = f"arn:aws:iam::{account}:role{path}{role}"
        self.call(
            self.service(by),
            when,
            "sts",
            "AssumeRole",
            region=region,
            account=account,
            ip=by,
            agent=by,
            params={"roleArn": arn, "roleSessionName": session, **(params or {})},
            response=_credentials(session_key, when, 6 if ec2 else 1, account, role, session),
            resources=[{"accountId": account, "type": "AWS::IAM::Role", "ARN": arn}],
            extra={"sharedEventID": self.event_id()},
        )
        return session_key

    def assume(
        self,
        caller: Key | dict[str, Any],
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        *,
        region: str,
        ip: str,
        agent: str,
        external_id: str | None = None,
        error: str | None = None,
    ) -> Key | None:
        """``caller`` (a key, or another account's identity) assumes ``role``."""
        session_key = self.role_session(account, role, session, when)
        arn = f"arn:aws:iam::{account}:role/{role}"
        params: dict[str, Any] = {"roleArn": arn, "roleSessionName": session}
        if external_id:
            params["externalId"] = external_id
        self.call(
            caller,
            when,
            "sts",
            "AssumeRole",
            region=region,
            account=account,
            ip=ip,
            agent=agent,
            params=params,
            response=_credentials(session_key, when, 1, account, role, session),
            error=(
                "AccessDenied",
                f"User: {_caller_arn(caller)} is not authorized to perform: sts:AssumeRole on resource: {arn}",
            )
            if error
            else None,
            resources=[{"accountId": account, "type": "AWS::IAM::Role", "ARN": arn}],
        )
        return None if error else session_key

    def web_identity(
        self,
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        *,
        provider: str,
        subject: str,
        audience: str,
        region: str,
        ip: str,
        agent: str,
        endpoint: str | None = None,
    ) -> Key:
        session_key = self.role_session(account, role, session, when)
        provider_arn = f"arn:aws:iam::{account}:oidc-provider/{provider}"
        identity = {
            "type": "WebIdentityUser",
            "principalId": f"{provider_arn}:{audience}:{subject}",
            "userName": subject,
            "identityProvider": provider_arn,
        }
        self.call(
            identity,
            when,
            "sts",
            "AssumeRoleWithWebIdentity",
            region=region,
            account=account,
            ip=ip,
            agent=agent,
            params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": session},
            response={
                **_credentials(session_key, when, 1, account, role, session),
                "provider": provider_arn,
                "audience": audience,
                "subjectFromWebIdentityToken": subject,
            },
            endpoint=endpoint,
        )
        return session_key

    def sso(
        self,
        account: str,
        user: str,
        permission_set: str,
        when: dt.datetime,
        *,
        ip: str,
        agent: str,
        console: bool,
    ) -> Key:
        """An Identity Center sign-in to ``account``: AssumeRoleWithSAML through the
        ``AWSSSO_..._DO_NOT_DELETE`` provider, then the session's key."""
        role = f"AWSReservedSSO_{permission_set}_{PERMISSION_SETS[permission_set]}"
        path = f"/aws-reserved/sso.amazonaws.com/{SSO_REGION}/"
        session_key = self.role_session(account, role, user, when, path=path)
        session_key.console = console
        provider = f"arn:aws:iam::{account}:saml-provider/{SSO_PROVIDER}"
        identity = {
            "type": "SAMLUser",
            "principalId": f"{_stable(provider, 27)}=:{user}",
            "userName": user,
            "identityProvider": _stable(user + provider, 27) + "=",
        }
        self.call(
            identity,
            when,
            "sts",
            "AssumeRoleWithSAML",
            region=SSO_REGION,
            account=account,
            ip=ip,
            agent=agent,
            params={
                "sAMLAssertionID": "_" + self.hexid(32),
                "roleSessionName": user,
                "roleArn": f"arn:aws:iam::{account}:role{path}{role}",
                "principalArn": provider,
                "durationSeconds": 43200,
            },
            response={
                **_credentials(session_key, when, 12, account, role, user),
                "subjectType": "persistent",
                "issuer": f"https://portal.sso.{SSO_REGION}.amazonaws.com/saml/assertion/{_stable(account, 20)}",
            },
        )
        return session_key

    def iam_user(self, account: str, user: str, key: str) -> Key:
        identity = {
            "type": "IAMUser",
            "principalId": "AIDA" + _stable(account + user),
            "arn": f"arn:aws:iam::{account}:user/{user}",
            "accountId": account,
            "accessKeyId": key,
            "userName": user,
        }
        return Key(key, identity)

    @staticmethod
    def other_account(account: str, principal: str) -> dict[str, Any]:
        """A caller in another account, as the account that owns the role sees it."""
        return {"type": "AWSAccount", "principalId": principal, "accountId": account}


def _stable(text: str, n: int = 17) -> str:
    """An identifier derived from a name: the same role has the same id on every day."""
    import hashlib

    digest = hashlib.sha256(text.encode()).digest()
    return "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:n])


def _credentials(
    key: Key, when: dt.datetime, hours: int, account: str, role: str, session: str
) -> dict[str, Any]:
    expires = when + dt.timedelta(hours=hours)
    return {
        "credentials": {
            "accessKeyId": key.key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + _stable(key.key, 24),
            "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{key.identity['principalId']}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        },
    }


def _caller_arn(caller: Key | dict[str, Any]) -> str:
    identity = caller.identity if isinstance(caller, Key) else caller
    return str(identity.get("arn") or f"arn:aws:iam::{identity.get('accountId')}:root")


def place(name: str) -> str:
    return PLACES[name].ip

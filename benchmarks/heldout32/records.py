"""CloudTrail records as AWS writes them, for the studio of this suite: who called (each kind of
credential's ``userIdentity``), the record's envelope, the minting calls AWS services make for
instances, functions and tasks, S3 data events, and the identifiers (keys, principal ids, event
ids) drawn from the seeded generator so that a seed writes the same bytes every time.

Nothing here imports ``ueba``: the suite is written without reading how it detects anything.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
Record = tuple[str, str, dt.datetime, dict[str, Any]]  # account, region, event time, record


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Ctx:
    """The seeded state of one generation: its random stream and the records written so far."""

    rng: random.Random
    records: list[Record] = field(default_factory=list)

    def ident(self, prefix: str, n: int = 16) -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(n))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def request_id(self) -> str:
        return self.hexid(8).upper() + self.hexid(8).upper()


@dataclass(frozen=True)
class Role:
    account: str
    name: str
    role_id: str  # AROA...
    path: str = "/"

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"

    def session_arn(self, session: str) -> str:
        return f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{session}"


@dataclass(frozen=True)
class Session:
    """A role session: the key it was minted with and how it is written in ``userIdentity``."""

    role: Role
    name: str
    key: str
    created: dt.datetime
    mfa: bool = False
    ec2: bool = False
    console: bool = False

    def identity(self, invoked_by: str | None = None) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": self.role.role_id,
                "arn": self.role.arn,
                "accountId": self.role.account,
                "userName": self.role.name,
            },
            "attributes": {
                "creationDate": stamp(self.created),
                "mfaAuthenticated": "true" if self.mfa else "false",
            },
        }
        if self.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        out: dict[str, Any] = {
            "type": "AssumedRole",
            "principalId": f"{self.role.role_id}:{self.name}",
            "arn": self.role.session_arn(self.name),
            "accountId": self.role.account,
            "accessKeyId": self.key,
            "sessionContext": ctx,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        return out


@dataclass(frozen=True)
class User:
    """An IAM user with a long-term access key."""

    account: str
    name: str
    user_id: str  # AIDA...
    key: str  # AKIA...

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user/{self.name}"

    def identity(self, invoked_by: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "IAMUser",
            "principalId": self.user_id,
            "arn": self.arn,
            "accountId": self.account,
            "accessKeyId": self.key,
            "userName": self.name,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        return out


Caller = Session | User | dict[str, Any]

TLS = {
    "tlsVersion": "TLSv1.3",
    "cipherSuite": "TLS_AES_128_GCM_SHA256",
}


def host(source: str, region: str) -> str:
    service = source.split(".")[0]
    if service in ("iam", "organizations", "cloudfront", "route53"):
        return f"{service}.amazonaws.com"
    return f"{service}.{region}.amazonaws.com"


def call(
    ctx: Ctx,
    *,
    t: dt.datetime,
    who: Caller,
    account: str,
    region: str,
    source: str,
    name: str,
    ip: str,
    ua: str,
    read_only: bool,
    params: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
    resources: list[dict[str, Any]] | None = None,
    data: bool = False,
    invoked_by: str | None = None,
    event_type: str = "AwsApiCall",
    vpce: str | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One record, appended to ``ctx.records`` (and returned)."""
    # listing a bucket's objects is a data event, from the console as from any client
    data = data or (source == "s3.amazonaws.com" and name in ("ListObjects", "ListObjectsV2"))
    identity = who if isinstance(who, dict) else who.identity(invoked_by)
    rec: dict[str, Any] = {
        "eventVersion": "1.11" if data else "1.10",
        "userIdentity": identity,
        "eventTime": stamp(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": params,
        "responseElements": response,
        "requestID": ctx.request_id() if data else ctx.uuid(),
        "eventID": ctx.uuid(),
        "readOnly": read_only,
        "eventType": event_type,
        "managementEvent": not data,
        "recipientAccountId": account,
        "eventCategory": "Data" if data else "Management",
    }
    if error is not None:
        rec["errorCode"], rec["errorMessage"] = error
        rec["responseElements"] = None
    if resources is not None:
        rec["resources"] = resources
    if isinstance(who, Session) and who.console:
        rec["sessionCredentialFromConsole"] = "true"
    if vpce is not None:
        rec["vpcEndpointId"] = vpce
        rec["vpcEndpointAccountId"] = account
    if "." not in ip or ip[0].isdigit():  # a call over the network, not one a service made
        rec["tlsDetails"] = {**TLS, "clientProvidedHostHeader": host(source, region)}
    if extra:
        rec.update(extra)
    ctx.records.append((account, region, t, rec))
    return rec


def s3_object(
    ctx: Ctx,
    *,
    t: dt.datetime,
    who: Caller,
    account: str,
    region: str,
    name: str,
    bucket: str,
    key: str,
    ip: str,
    ua: str,
    size: int = 0,
    owner: str | None = None,
    error: tuple[str, str] | None = None,
    invoked_by: str | None = None,
) -> dict[str, Any]:
    """An S3 object-level data event (the trails log data events of every bucket)."""
    read = name in ("GetObject", "HeadObject")
    moved = {"bytesTransferredIn": 0.0 if read else float(size)}
    moved["bytesTransferredOut"] = float(size) if read else 0.0
    params: dict[str, Any] = {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com"}
    params["key"] = key
    if name == "PutObject" and owner and owner != account:
        params["x-amz-acl"] = "bucket-owner-full-control"
    return call(
        ctx,
        t=t,
        who=who,
        account=account,
        region=region,
        source="s3.amazonaws.com",
        name=name,
        ip=ip,
        ua=ua,
        read_only=read,
        params=params,
        error=error,
        data=True,
        invoked_by=invoked_by,
        resources=[
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
            {
                "accountId": owner or account,
                "type": "AWS::S3::Bucket",
                "ARN": f"arn:aws:s3:::{bucket}",
            },
        ],
        extra={
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                **moved,
                "AuthenticationMethod": "AuthHeader",
                "x-amz-id-2": ctx.hexid(32),
            }
        },
    )


def service_mint(
    ctx: Ctx,
    *,
    t: dt.datetime,
    role: Role,
    session: str,
    service: str,
    region: str,
    hours: int,
    ec2: bool = False,
) -> Session:
    """The ``AssumeRole`` an AWS service (``ec2``, ``lambda``, ``ecs-tasks``) makes to give an
    instance, function or task its credentials; the session it minted."""
    key = ctx.ident("ASIA")
    host_name = f"{service}.amazonaws.com"
    call(
        ctx,
        t=t,
        who={"type": "AWSService", "invokedBy": host_name},
        account=role.account,
        region=region,
        source="sts.amazonaws.com",
        name="AssumeRole",
        ip=host_name,
        ua=host_name,
        read_only=True,
        params={"roleArn": role.arn, "roleSessionName": session},
        response={
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + ctx.ident("", 24),
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role.role_id}:{session}",
                "arn": role.session_arn(session),
            },
        },
        resources=[{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}],
        extra={"sharedEventID": ctx.uuid()},
    )
    return Session(role, session, key, t, ec2=ec2)


def saml_mint(
    ctx: Ctx,
    *,
    t: dt.datetime,
    role: Role,
    user: str,
    region: str,
    provider: str,
) -> Session:
    """Identity Center handing a person a permission set's role: ``AssumeRoleWithSAML`` in the
    member account, made by the SSO service; the session it minted (named for the person)."""
    key = ctx.ident("ASIA")
    call(
        ctx,
        t=t,
        who={
            "type": "SAMLUser",
            "principalId": f"{provider[-24:]}:{user}",
            "userName": user,
            "identityProvider": provider,
        },
        account=role.account,
        region=region,
        source="sts.amazonaws.com",
        name="AssumeRoleWithSAML",
        ip="sso.amazonaws.com",
        ua="sso.amazonaws.com",
        read_only=True,
        params={
            "roleArn": role.arn,
            "principalArn": provider,
            "durationSeconds": 43200,
        },
        response={
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + ctx.ident("", 24),
                "expiration": (t + dt.timedelta(hours=12)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role.role_id}:{user}",
                "arn": role.session_arn(user),
            },
            "subject": user,
            "subjectType": "persistent",
            "audience": "https://signin.aws.amazon.com/saml",
        },
        resources=[{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}],
    )
    return Session(role, user, key, t)

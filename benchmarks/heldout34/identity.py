"""Lumen Relief's credentials as CloudTrail names them: IAM users with long-lived keys, role
sessions minted by AWS services (EC2, Lambda, ECS, AWS Config), Identity Center sessions
(``AssumeRoleWithSAML`` through the ``AWSSSO_..._DO_NOT_DELETE`` provider), Cognito web
identities and another account's role sessions (``AssumeRole`` with an external ID)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout34.cloudtrail import GLOBAL, Record, Trail

SSO_PATH = "/aws-reserved/sso.amazonaws.com/eu-central-1/"


def when(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Role:
    account: str
    name: str
    role_id: str
    path: str = "/"

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"

    def principal(self) -> str:
        """The principal ``ueba`` learns for a session of this role (not an SSO one)."""
        return self.arn


@dataclass
class Session:
    role: Role
    name: str
    key: str
    created: dt.datetime
    ec2: str | None = None  # ec2RoleDelivery
    console: bool = False
    web_identity: str | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:sts::{self.role.account}:assumed-role/{self.role.name}/{self.name}"

    def ident(self, invoked_by: str | None = None) -> Record:
        attributes = {"creationDate": when(self.created), "mfaAuthenticated": "false"}
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": self.role.role_id,
                "arn": self.role.arn,
                "accountId": self.role.account,
                "userName": self.role.name,
            },
            "attributes": attributes,
        }
        if self.web_identity:
            context["webIdFederationData"] = {
                "federatedProvider": "cognito-identity.amazonaws.com",
                "attributes": {"cognito-identity.amazonaws.com:amr": f'["{self.web_identity}"]'},
            }
        if self.ec2:
            context["ec2RoleDelivery"] = self.ec2
        out: Record = {
            "type": "AssumedRole",
            "principalId": f"{self.role.role_id}:{self.name}",
            "arn": self.arn,
            "accountId": self.role.account,
            "accessKeyId": self.key,
            "sessionContext": context,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        if self.console:
            out["sessionContext"]["sessionCredentialFromConsole"] = "true"
        return out

    def sso_principal(self) -> str:
        return self.arn


@dataclass
class User:
    account: str
    name: str
    uid: str
    keys: list[str] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user/{self.name}"

    def ident(
        self, key: str, console_since: dt.datetime | None = None, mfa: bool = False
    ) -> Record:
        out: Record = {
            "type": "IAMUser",
            "principalId": self.uid,
            "arn": self.arn,
            "accountId": self.account,
            "accessKeyId": key,
            "userName": self.name,
        }
        if console_since is not None:
            out["sessionContext"] = {
                "attributes": {
                    "creationDate": when(console_since),
                    "mfaAuthenticated": "true" if mfa else "false",
                }
            }
            out["sessionCredentialFromConsole"] = "true"
        return out


def credentials(trail: Trail, t: dt.datetime, hours: int, session: Session) -> Record:
    return {
        "credentials": {
            "accessKeyId": session.key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + trail.ident("", 40),
            "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{session.role.role_id}:{session.name}",
            "arn": session.arn,
        },
    }


def service_mint(
    trail: Trail,
    t: dt.datetime,
    role: Role,
    name: str,
    service: str,
    region: str,
    *,
    ec2: str | None = None,
) -> Session:
    """An AWS service assuming the role of the code it runs (session name = instance id,
    function name or task id)."""
    session = Session(role, name, trail.ident("ASIA"), t, ec2=ec2)
    trail.call(
        t,
        role.account,
        {"type": "AWSService", "invokedBy": service},
        "sts.amazonaws.com",
        "AssumeRole",
        region,
        service,
        service,
        read=True,
        req={"roleArn": role.arn, "roleSessionName": name},
        resp=credentials(trail, t, 6 if ec2 else 12, session),
        resources=[{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}],
    )
    return session


def sso_mint(
    trail: Trail,
    t: dt.datetime,
    role: Role,
    email: str,
    ip: str,
    ua: str,
    provider: str,
    *,
    console: bool,
) -> Session:
    """Identity Center signing a person into a permission set's role in a member account."""
    session = Session(role, email, trail.ident("ASIA"), t, console=console)
    resp = credentials(trail, t, 8, session)
    resp.update(
        {
            "subjectType": "persistent",
            "issuer": "https://portal.sso.eu-central-1.amazonaws.com/saml/assertion/NDE4Mjc2NTMwMTk0X2lucy0wYjFkOGFjZjU2ZTA4Y2Rh",
            "audience": "https://signin.aws.amazon.com/saml",
            "nameQualifier": "kN5qK0JjKxV3Y2xv9rUdPq1iO7A=",
            "subject": email,
        }
    )
    trail.call(
        t,
        role.account,
        {
            "type": "SAMLUser",
            "principalId": f"kN5qK0JjKxV3Y2xv9rUdPq1iO7A=:{email}",
            "userName": email,
            "identityProvider": f"arn:aws:iam::{role.account}:saml-provider/{provider}",
        },
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        GLOBAL,
        ip,
        ua,
        read=True,
        req={
            "sAMLAssertionID": "_" + trail.hexid(32),
            "roleSessionName": email,
            "principalTags": {},
            "durationSeconds": 28800,
            "roleArn": role.arn,
            "principalArn": f"arn:aws:iam::{role.account}:saml-provider/{provider}",
        },
        resp=resp,
    )
    if console:
        trail.call(
            t + dt.timedelta(seconds=2),
            role.account,
            session.ident(),
            "signin.amazonaws.com",
            "ConsoleLogin",
            GLOBAL,
            ip,
            ua,
            read=False,
            resp={"ConsoleLogin": "Success"},
            extra={
                "LoginTo": "https://eu-central-1.console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "No",
            },
            etype="AwsConsoleSignIn",
        )
    return session


def cross_assume(
    trail: Trail,
    t: dt.datetime,
    role: Role,
    caller: str,
    caller_role_id: str,
    name: str,
    ip: str,
    ua: str,
    *,
    external_id: str | None,
    denied: bool = False,
) -> Session | None:
    """Another account's principal assuming ``role`` (logged in the role's account)."""
    session = Session(role, name, trail.ident("ASIA"), t)
    req: Record = {"roleArn": role.arn, "roleSessionName": name, "durationSeconds": 3600}
    if external_id is not None:
        req["externalId"] = external_id
    trail.call(
        t,
        role.account,
        {"type": "AWSAccount", "principalId": f"{caller_role_id}:{name}", "accountId": caller},
        "sts.amazonaws.com",
        "AssumeRole",
        GLOBAL,
        ip,
        ua,
        read=True,
        req=req,
        resp=None if denied else credentials(trail, t, 1, session),
        error=(
            (
                "AccessDenied",
                f"User: arn:aws:sts::{caller}:assumed-role/{name} is not authorized to perform: sts:AssumeRole on resource: {role.arn}",
            )
            if denied
            else None
        ),
        resources=[{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}],
    )
    return None if denied else session

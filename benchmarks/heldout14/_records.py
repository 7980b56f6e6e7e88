"""CloudTrail records: identities as AWS writes them (``userIdentity`` reference) and a trail
that collects records and mints credentials."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from typing import Any

from benchmarks.heldout14._plan import HOME, event_id, hexid, key, principal_id

_SOURCES = {
    "sts": "sts.amazonaws.com",
    "iam": "iam.amazonaws.com",
    "s3": "s3.amazonaws.com",
    "kms": "kms.amazonaws.com",
    "secretsmanager": "secretsmanager.amazonaws.com",
    "ssm": "ssm.amazonaws.com",
    "sqs": "sqs.amazonaws.com",
    "sns": "sns.amazonaws.com",
    "events": "events.amazonaws.com",
    "states": "states.amazonaws.com",
    "lambda": "lambda.amazonaws.com",
    "ecs": "ecs.amazonaws.com",
    "ecr": "ecr.amazonaws.com",
    "rds": "rds.amazonaws.com",
    "elasticache": "elasticache.amazonaws.com",
    "route53": "route53.amazonaws.com",
    "cloudfront": "cloudfront.amazonaws.com",
    "apigateway": "apigateway.amazonaws.com",
    "logs": "logs.amazonaws.com",
    "monitoring": "monitoring.amazonaws.com",
    "cloudwatch": "monitoring.amazonaws.com",
    "guardduty": "guardduty.amazonaws.com",
    "securityhub": "securityhub.amazonaws.com",
    "config": "config.amazonaws.com",
    "organizations": "organizations.amazonaws.com",
    "controltower": "controltower.amazonaws.com",
    "cloudformation": "cloudformation.amazonaws.com",
    "ec2": "ec2.amazonaws.com",
    "ses": "ses.amazonaws.com",
    "connect": "connect.amazonaws.com",
    "application-autoscaling": "application-autoscaling.amazonaws.com",
    "signin": "signin.amazonaws.com",
}
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Receive", "Batch Get")
DATA_EVENTS = {
    "GetObject",
    "PutObject",
    "CopyObject",
    "DeleteObject",
    "HeadObject",
    "SendMessage",
    "ReceiveMessage",
    "DeleteMessage",
    "Publish",
    "Invoke",
}


@dataclass(frozen=True)
class Cred:
    """One credential: an IAM user's long-term key or a role session's key."""

    account: str
    name: str  # user name or role name
    access_key: str
    pid: str  # AIDA... or AROA...
    session: str | None = None  # role session name; None for an IAM user
    issued: dt.datetime | None = None
    mfa: bool = False
    ec2: bool = False  # ec2RoleDelivery on an instance profile's key
    console: bool = False
    source_identity: str | None = None
    invoked_by: str | None = None  # a service calling with the role's session

    @property
    def arn(self) -> str:
        if self.session is None:
            return f"arn:aws:iam::{self.account}:user/{self.name}"
        return f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{self.session}"

    @property
    def role_arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role/{self.name}"

    def identity(self) -> dict[str, Any]:
        if self.session is None:
            return {
                "type": "IAMUser",
                "principalId": self.pid,
                "arn": self.arn,
                "accountId": self.account,
                "accessKeyId": self.access_key,
                "userName": self.name,
            }
        issued = (self.issued or dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": self.pid,
                "arn": self.role_arn,
                "accountId": self.account,
                "userName": self.name,
            },
            "attributes": {
                "creationDate": issued,
                "mfaAuthenticated": "true" if self.mfa else "false",
            },
        }
        if self.ec2:
            context["ec2RoleDelivery"] = "2.0"
        if self.source_identity:
            context["sourceIdentity"] = self.source_identity
        out = {
            "type": "AssumedRole",
            "principalId": f"{self.pid}:{self.session}",
            "arn": self.arn,
            "accountId": self.account,
            "accessKeyId": self.access_key,
            "sessionContext": context,
        }
        if self.invoked_by:
            out["invokedBy"] = self.invoked_by
        return out


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


@dataclass
class Trail:
    """The records of one generated trail, and the keys and role ids it has handed out."""

    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)
    role_ids: dict[tuple[str, str], str] = field(default_factory=dict)

    def role_pid(self, account: str, role: str) -> str:
        return self.role_ids.setdefault((account, role), principal_id(self.rng))

    def event(
        self,
        who: Cred | dict[str, Any],
        when: dt.datetime,
        service: str,
        name: str,
        ip: str,
        agent: str,
        *,
        region: str = HOME,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        account: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record; its event ID."""
        identity = who.identity() if isinstance(who, Cred) else who
        owner = account or (who.account if isinstance(who, Cred) else identity.get("accountId"))
        eid = event_id(self.rng)
        record: dict[str, Any] = {
            "eventVersion": "1.10" if name not in DATA_EVENTS else "1.09",
            "userIdentity": identity,
            "eventTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": _SOURCES.get(service, f"{service}.amazonaws.com"),
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": request,
            "responseElements": response,
            "requestID": hexid(self.rng, 8)
            + "-"
            + hexid(self.rng, 4)
            + "-"
            + hexid(self.rng, 4)
            + "-"
            + hexid(self.rng, 12),
            "eventID": eid,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": "AwsApiCall",
            "managementEvent": name not in DATA_EVENTS,
            "recipientAccountId": owner,
            "eventCategory": "Data" if name in DATA_EVENTS else "Management",
        }
        if isinstance(who, Cred) and who.console:
            record["sessionCredentialFromConsole"] = "true"
        if error is not None:
            record["errorCode"] = error
            record["errorMessage"] = (
                f"User: {identity.get('arn', 'unknown')} is not authorized to perform this operation"
                if error == "AccessDenied"
                else "Rate exceeded"
            )
            record["responseElements"] = None
        if extra:
            record.update(extra)
        self.records.append(record)
        return eid

    def mint(
        self,
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        *,
        by: Cred | dict[str, Any],
        ip: str,
        agent: str,
        api: str = "AssumeRole",
        region: str = HOME,
        request: dict[str, Any] | None = None,
        hours: float = 1.0,
        **flags: Any,
    ) -> tuple[Cred, str]:
        """An STS call that hands out a role session's key: (the new credential, event ID)."""
        cred = Cred(
            account, role, key(self.rng), self.role_pid(account, role), session, when, **flags
        )
        expires = (when + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p")
        params = {
            "roleArn": cred.role_arn,
            "roleSessionName": session,
            "durationSeconds": int(hours * 3600),
        }
        params.update(request or {})
        response = {
            "credentials": {
                "accessKeyId": cred.access_key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + hexid(self.rng, 24),
                "expiration": expires,
            },
            "assumedRoleUser": {"assumedRoleId": f"{cred.pid}:{session}", "arn": cred.arn},
        }
        eid = self.event(
            by,
            when,
            "sts",
            api,
            ip,
            agent,
            region=region,
            request=params,
            response=response,
            account=account,
        )
        return cred, eid

    def as_console(self, cred: Cred) -> Cred:
        return replace(cred, console=True)

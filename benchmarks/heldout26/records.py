"""CloudTrail records as AWS writes them, for each kind of credential Skellig's trails hold."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

# the calls CloudTrail marks readOnly (the rest of the names used here are writes)
_READ_PREFIXES = (
    "Describe",
    "List",
    "Get",
    "Lookup",
    "Search",
    "Head",
    "BatchGet",
    "Scan",
    "Query",
    "Select",
)
_READ_NAMES = {
    "ConsoleLogin": False,
    "AssumeRole": False,
    "AssumeRoleWithSAML": False,
    "Decrypt": True,
    "GenerateDataKey": True,
    "GetRoleCredentials": True,
}

TLS = ("TLSv1.3", "TLS_AES_128_GCM_SHA256")


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_only(name: str) -> bool:
    if name in _READ_NAMES:
        return _READ_NAMES[name]
    return name.startswith(_READ_PREFIXES)


def endpoint(source: str, region: str) -> str:
    service = source.split(".")[0]
    if service in ("iam", "organizations", "cloudfront", "health", "ce"):
        return f"{service}.amazonaws.com"
    return f"{service}.{region}.amazonaws.com"


@dataclass
class Identity:
    """A caller as ``userIdentity`` describes it."""

    body: dict[str, Any]
    key: str | None = None

    @property
    def account(self) -> str:
        return str(self.body.get("accountId", ""))


def iam_user(account: str, name: str, access_key: str, user_id: str) -> Identity:
    body = {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": access_key,
        "userName": name,
    }
    return Identity(body, access_key)


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def assumed(
    account: str,
    role: str,
    session: str,
    access_key: str,
    role_id: str,
    issued: dt.datetime,
    *,
    path: str = "/",
    mfa: bool = False,
    instance: bool = False,
    source_identity: str | None = None,
) -> Identity:
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn(account, role, path),
            "accountId": account,
            "userName": role,
        },
        "attributes": {
            "creationDate": stamp(issued),
            "mfaAuthenticated": "true" if mfa else "false",
        },
    }
    if instance:
        context["ec2RoleDelivery"] = "2.0"
    if source_identity:
        context["sourceIdentity"] = source_identity
    body = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": access_key,
        "sessionContext": context,
    }
    return Identity(body, access_key)


def service(name: str) -> Identity:
    return Identity({"type": "AWSService", "invokedBy": name})


@dataclass
class Trail:
    """Every record written, with the account whose trail holds it and its region."""

    rng: random.Random
    records: list[tuple[str, str, Record]] = field(default_factory=list)
    ips: set[str] = field(default_factory=set)

    def event_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def call(
        self,
        t: dt.datetime,
        recipient: str,
        region: str,
        who: Identity,
        source: str,
        name: str,
        ip: str,
        agent: str,
        *,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        message: str | None = None,
        console: bool = False,
        invoked_by: str | None = None,
        resources: list[dict[str, str]] | None = None,
        shared: str | None = None,
        category: str = "Management",
    ) -> Record:
        identity = dict(who.body)
        if invoked_by:
            identity["invokedBy"] = invoked_by
        rec: Record = {
            "eventVersion": "1.10" if source != "signin.amazonaws.com" else "1.09",
            "userIdentity": identity,
            "eventTime": stamp(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = (
                message
                or f"User: {identity.get('arn', 'anonymous')} is not authorized to perform: {source.split('.')[0]}:{name}"
            )
        rec["requestParameters"] = request
        rec["responseElements"] = None if error else response
        rec["requestID"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        rec["eventID"] = self.event_id()
        rec["readOnly"] = read_only(name)
        if resources:
            rec["resources"] = resources
        rec["eventType"] = "AwsApiCall" if name != "ConsoleLogin" else "AwsConsoleSignIn"
        rec["managementEvent"] = category == "Management"
        rec["recipientAccountId"] = recipient
        if shared:
            rec["sharedEventID"] = shared
        rec["eventCategory"] = category
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            self.ips.add(ip)
            rec["tlsDetails"] = {
                "tlsVersion": TLS[0],
                "cipherSuite": TLS[1],
                "clientProvidedHostHeader": endpoint(source, region),
            }
        self.records.append((recipient, region, rec))
        return rec

    def mint(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        by: str,
        role: str,
        role_id: str,
        session: str,
        new_key: str,
        *,
        hours: int = 6,
        path: str = "/",
    ) -> Record:
        """A service (``ec2.amazonaws.com``, ``lambda.amazonaws.com``, ``ecs-tasks.amazonaws.com``)
        assuming a workload's role: the event that binds the session key to its workload."""
        return self.call(
            t,
            account,
            region,
            service(by),
            "sts.amazonaws.com",
            "AssumeRole",
            by,
            by,
            request={"roleArn": role_arn(account, role, path), "roleSessionName": session},
            response={
                "credentials": {
                    "accessKeyId": new_key,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + new_key,
                    "expiration": stamp(t + dt.timedelta(hours=hours)),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": role_arn(account, role, path),
                }
            ],
        )

    def assume(
        self,
        t: dt.datetime,
        caller: Identity,
        ip: str,
        agent: str,
        target: str,
        region: str,
        role: str,
        role_id: str,
        session: str,
        new_key: str,
        *,
        external_id: str | None,
        error: str | None = None,
        caller_region: str | None = None,
        invoked_by: str | None = None,
        log_caller: bool = True,
    ) -> Record:
        """A cross-account ``AssumeRole``: logged in the role's account and, with the same
        ``sharedEventID`` and region (the STS endpoint called, ``caller_region`` when given),
        in the caller's."""
        region = caller_region or region
        request: dict[str, Any] = {
            "roleArn": role_arn(target, role),
            "roleSessionName": session,
            "durationSeconds": 3600,
        }
        if external_id is not None:
            request["externalId"] = external_id
        response = {
            "credentials": {
                "accessKeyId": new_key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + new_key,
                "expiration": stamp(t + dt.timedelta(hours=1)),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{session}",
                "arn": f"arn:aws:sts::{target}:assumed-role/{role}/{session}",
            },
        }
        shared = self.event_id()
        res = [{"accountId": target, "type": "AWS::IAM::Role", "ARN": role_arn(target, role)}]
        message = f"User: {caller.body.get('arn')} is not authorized to perform: sts:AssumeRole on resource: {role_arn(target, role)}"
        if caller.account != target and log_caller:  # a vendor's own trail is not Skellig's
            self.call(
                t,
                caller.account,
                region,
                caller,
                "sts.amazonaws.com",
                "AssumeRole",
                ip,
                agent,
                request=request,
                response=response,
                error=error,
                message=message,
                resources=res,
                shared=shared,
                invoked_by=invoked_by,
            )
        return self.call(
            t,
            target,
            region,
            caller,
            "sts.amazonaws.com",
            "AssumeRole",
            ip,
            agent,
            request=request,
            response=response,
            error=error,
            message=message,
            resources=res,
            shared=shared,
            invoked_by=invoked_by,
        )

"""CloudTrail records as AWS writes them for Frostvik's credential kinds: IAM users' keys,
Identity Center sessions (SAML in the member account, GetRoleCredentials in the management
account), instance profiles, Lambda and ECS tasks, service-linked roles, AWS services acting for
a user, web identity (Cognito) sessions and cross-account roles. One ``Trail`` per seed holds
the seeded random source and every record written so far."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import random
import string
import uuid
from typing import Any

from benchmarks.heldout29._org import AWS_NETS, MGMT, NETS, SSO_SETS

Record = dict[str, Any]
KEYCHARS = string.ascii_uppercase + "234567"
TLS = {
    "tlsVersion": "TLSv1.3",
    "cipherSuite": "TLS_AES_128_GCM_SHA256",
}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_id(prefix: str, text: str, n: int = 17) -> str:
    """An IAM unique id (AROA..., AIDA...) that depends only on the name, not the seed."""
    digest = hashlib.sha256(text.encode()).digest()
    return prefix + "".join(KEYCHARS[b % len(KEYCHARS)] for b in digest[:n])


def sso_role(pset: str) -> str:
    return f"AWSReservedSSO_{pset}_{SSO_SETS[pset]}"


def role_arn(account: str, role: str, path: str = "") -> str:
    return f"arn:aws:iam::{account}:role/{path}{role}"


SSO_PATH = "aws-reserved/sso.amazonaws.com/eu-north-1/"


class Trail:
    """The seeded source of ids, keys and addresses, and the records written."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 29)
        self.records: list[Record] = []

    # ids -------------------------------------------------------------------------------
    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(KEYCHARS) for _ in range(16))

    def request_id(self) -> str:
        return self.uuid()

    def ip(self, net: str) -> str:
        """A host address in one of ``NETS`` (by name) or an AWS range (("ec2", region))."""
        cidr = NETS[net].cidr if net in NETS else net
        network = ipaddress.ip_network(cidr)
        span = network.num_addresses
        offset = self.rng.randrange(2, span - 1) if span > 4 else self.rng.randrange(1, span)
        return str(network.network_address + offset)

    def aws_ip(self, kind: str, region: str) -> str:
        return self.ip(AWS_NETS[(kind, region)])

    # identities ------------------------------------------------------------------------
    @staticmethod
    def user(account: str, name: str, key: str) -> Record:
        return {
            "type": "IAMUser",
            "principalId": stable_id("AIDA", f"{account}/{name}"),
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }

    @staticmethod
    def role(
        account: str,
        role: str,
        session: str,
        key: str,
        created: dt.datetime,
        *,
        path: str = "",
        mfa: bool = False,
        ec2: bool = False,
        web: dict[str, Any] | None = None,
        invoked_by: str | None = None,
        source_identity: str | None = None,
    ) -> Record:
        rid = stable_id("AROA", f"{account}/{path}{role}")
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": role_arn(account, role, path),
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": stamp(created), "mfaAuthenticated": str(mfa).lower()},
        }
        if web is not None:
            context["webIdFederationData"] = web
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        if source_identity:
            context["sourceIdentity"] = source_identity
        out: Record = {
            "type": "AssumedRole",
            "principalId": f"{rid}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        return out

    def sso(self, account: str, pset: str, user: str, key: str, created: dt.datetime) -> Record:
        return self.role(account, sso_role(pset), user, key, created, path=SSO_PATH)

    # records ---------------------------------------------------------------------------
    def event(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        source: str,
        name: str,
        identity: Record,
        ip: str,
        ua: str,
        *,
        req: Any = None,
        resp: Any = None,
        error: str | None = None,
        read_only: bool | None = None,
        data: bool = False,
        resources: list[Record] | None = None,
        console: bool = False,
        event_type: str = "AwsApiCall",
        additional: Record | None = None,
        shared: bool = False,
    ) -> Record:
        if read_only is None:
            read_only = name.startswith(
                ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet")
            )
        rec: Record = {
            "eventVersion": "1.10" if not data else "1.09",
            "userIdentity": identity,
            "eventTime": stamp(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": req,
            "responseElements": resp,
            "requestID": self.request_id(),
            "eventID": self.uuid(),
            "readOnly": read_only,
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = ERRORS.get(error, error).format(
                arn=identity.get("arn", ""), action=f"{source}:{name}"
            )
            rec["responseElements"] = None
        if resources:
            rec["resources"] = resources
        if additional:
            rec["additionalEventData"] = additional
        if shared:
            rec["sharedEventID"] = self.uuid()
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            rec["tlsDetails"] = {
                **TLS,
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        self.records.append(rec)
        return rec

    def mint(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        service: str,
        role: str,
        session: str,
        *,
        path: str = "",
        hours: int = 1,
        source_arn: str | None = None,
    ) -> str:
        """An AWS service (``ec2``, ``lambda``, ``ecs-tasks``, ``codebuild``, ``iot``) assuming
        ``role`` for its workload: the AssumeRole record, and the key it minted."""
        key = self.key()
        host = f"{service}.amazonaws.com"
        req: Record = {"roleArn": role_arn(account, role, path), "roleSessionName": session}
        if source_arn:
            req["sourceArn"] = source_arn
        self.event(
            t,
            account,
            region,
            "sts",
            "AssumeRole",
            {"type": "AWSService", "invokedBy": host},
            host,
            host,
            req=req,
            resp={
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                    "expiration": (t + dt.timedelta(hours=hours)).strftime(
                        "%b %d, %Y, %I:%M:%S %p"
                    ),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{stable_id('AROA', f'{account}/{path}{role}')}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            read_only=True,
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": role_arn(account, role, path),
                }
            ],
            shared=True,
        )
        return key

    def assume(
        self,
        t: dt.datetime,
        caller: Record,
        ip: str,
        ua: str,
        account: str,
        role: str,
        session: str,
        *,
        region: str = "us-east-1",
        external_id: str | None = None,
        error: str | None = None,
    ) -> str:
        """A principal calling AssumeRole (cross-account: recorded in the role's account)."""
        key = self.key()
        if caller.get("accountId") != account:  # cross-account: the role's account sees an account
            caller = {
                "type": "AWSAccount",
                "principalId": caller["principalId"],
                "accountId": caller["accountId"],
            }
        req: Record = {"roleArn": role_arn(account, role), "roleSessionName": session}
        if external_id:
            req["externalId"] = external_id
        self.event(
            t,
            account,
            region,
            "sts",
            "AssumeRole",
            caller,
            ip,
            ua,
            req=req,
            resp={
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                    "expiration": (t + dt.timedelta(hours=1)).strftime("%b %d, %Y, %I:%M:%S %p"),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{stable_id('AROA', f'{account}/{role}')}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            error=error,
            read_only=True,
            resources=[
                {"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn(account, role)}
            ],
            shared=caller["type"] == "AWSAccount",
        )
        return key

    def sso_signin(
        self, t: dt.datetime, account: str, pset: str, user: str, ip: str, ua: str, *, console: bool
    ) -> str:
        """An Identity Center session: AssumeRoleWithSAML in the member account for the console,
        GetRoleCredentials in the management account for the CLI; the key it gives."""
        key = self.key()
        if console:
            provider = (
                f"arn:aws:iam::{account}:saml-provider/AWSSSO_{SSO_SETS[pset][:16]}_DO_NOT_DELETE"
            )
            self.event(
                t,
                account,
                "us-east-1" if account != MGMT else "eu-north-1",
                "sts",
                "AssumeRoleWithSAML",
                {
                    "type": "SAMLUser",
                    "principalId": f"Zt8XkQe2rV1t0mYpS9fOqg==:{user}",
                    "userName": user,
                    "identityProvider": "Zt8XkQe2rV1t0mYpS9fOqg==",
                },
                ip,
                ua,
                req={
                    "roleArn": role_arn(account, sso_role(pset), SSO_PATH),
                    "principalArn": provider,
                    "durationSeconds": 43200,
                },
                resp={
                    "credentials": {
                        "accessKeyId": key,
                        "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                        "expiration": (t + dt.timedelta(hours=12)).strftime(
                            "%b %d, %Y, %I:%M:%S %p"
                        ),
                    },
                    "assumedRoleUser": {
                        "assumedRoleId": f"{stable_id('AROA', f'{account}/{SSO_PATH}{sso_role(pset)}')}:{user}",
                        "arn": f"arn:aws:sts::{account}:assumed-role/{sso_role(pset)}/{user}",
                    },
                    "subject": user,
                    "subjectType": "persistent",
                    "issuer": "https://portal.sso.eu-north-1.amazonaws.com/saml/assertion/MjEwOTg3NjU0MzIx",
                    "audience": "https://signin.aws.amazon.com/saml",
                },
                read_only=True,
            )
        else:
            self.event(
                t,
                MGMT,
                "eu-north-1",
                "sso",
                "GetRoleCredentials",
                {"type": "Unknown", "principalId": user, "accountId": MGMT, "userName": user},
                ip,
                ua,
                req={"roleName": pset, "accountId": account},
                resp=None,
                read_only=True,
            )
        return key


ERRORS = {
    "AccessDenied": "User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
    "AccessDeniedException": "User: {arn} is not authorized to perform: {action}",
    "NoSuchKey": "The specified key does not exist.",
    "ResourceNotFoundException": "Resource not found",
    "ThrottlingException": "Rate exceeded",
    "NotAuthorizedException": "Unauthenticated access is not supported for this identity pool.",
}

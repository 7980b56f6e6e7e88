"""CloudTrail records as AWS writes them: the identity blocks of each credential kind, the
common fields, the minting calls AWS services make, and identifiers drawn from the seed."""

from __future__ import annotations

import datetime as dt
import random
import string
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout36 import _org as org

Record = dict[str, Any]
_KEY = string.ascii_uppercase + "234567"
_HEX = "0123456789abcdef"

# services whose calls from a client carry tlsDetails with this host
_GLOBAL = {"iam.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com"}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Trail:
    """Every record written, with the account it is delivered to; ids drawn from ``rng``."""

    rng: random.Random
    records: list[tuple[str, Record]] = field(default_factory=list)

    # identifiers ---------------------------------------------------------------------------
    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEY) for _ in range(16))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice(_HEX) for _ in range(n))

    def uuid(self) -> str:
        h = self.hexid(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"

    def instance(self) -> str:
        return "i-0" + self.hexid(16)

    # records -------------------------------------------------------------------------------
    def add(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        ident: Record,
        source: str,
        agent: str,
        service: str,
        name: str,
        *,
        read_only: bool,
        request: Record | None = None,
        response: Record | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        resources: list[Record] | None = None,
        vpce: str | None = None,
        event_type: str = "AwsApiCall",
        extra: Record | None = None,
    ) -> Record:
        """One record in ``account``'s trail; ``service`` is the short name (``s3``)."""
        source_host = f"{service}.amazonaws.com"
        rec: Record = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": source_host,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": source,
            "userAgent": agent,
            "requestParameters": request,
            "responseElements": None if error else response,
            "requestID": self.uuid() if service != "s3" else self.hexid(16).upper(),
            "eventID": self.uuid(),
            "readOnly": read_only,
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
        if resources is not None:
            rec["resources"] = resources
        if vpce is not None:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if not source.endswith(".amazonaws.com") and source != "AWS Internal":
            host = source_host if source_host in _GLOBAL else f"{service}.{region}.amazonaws.com"
            if service == "s3" and request and "bucketName" in request:
                host = f"{request['bucketName']}.s3.{region}.amazonaws.com"
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        if extra:
            rec.update(extra)
        self.records.append((account, rec))
        return rec

    # credential kinds ----------------------------------------------------------------------
    def role(
        self,
        account: str,
        role: str,
        session: str,
        key: str,
        created: dt.datetime,
        *,
        ec2: bool = False,
        mfa: bool = False,
        path: str = "/",
        invoked_by: str | None = None,
    ) -> Record:
        """An assumed-role session (EC2 instance profile, Lambda, ECS task, cross-account...)."""
        rid = _role_id(account, role)
        ctx: Record = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{account}:role{path}{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {
                "creationDate": stamp(created),
                "mfaAuthenticated": "true" if mfa else "false",
            },
        }
        if ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        out: Record = {
            "type": "AssumedRole",
            "principalId": f"{rid}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": ctx,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        return out

    def sso(
        self, account: str, pset: tuple[str, str], user: str, key: str, created: dt.datetime
    ) -> Record:
        role = f"AWSReservedSSO_{pset[0]}_{pset[1]}"
        return self.role(
            account,
            role,
            user,
            key,
            created,
            path=f"/aws-reserved/sso.amazonaws.com/{org.SSO_REGION}/",
        )

    @staticmethod
    def user(account: str, name: str, key: str) -> Record:
        return {
            "type": "IAMUser",
            "principalId": _user_id(account, name),
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }

    @staticmethod
    def service(host: str) -> Record:
        return {"type": "AWSService", "invokedBy": host}

    def mint(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        service_host: str,
        role: str,
        session: str,
        key: str,
        *,
        hours: int = 6,
    ) -> Record:
        """An AWS service assuming a role for the code it runs (instance, function, task)."""
        rid = _role_id(account, role)
        return self.add(
            t,
            account,
            region,
            self.service(service_host),
            service_host,
            service_host,
            "sts",
            "AssumeRole",
            read_only=True,
            request={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": session},
            response={
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + self.hexid(24),
                    "expiration": (t + dt.timedelta(hours=hours)).strftime(
                        "%b %-d, %Y, %-I:%M:%S %p"
                    ),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{rid}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": f"arn:aws:iam::{account}:role/{role}",
                }
            ],
        )


def _role_id(account: str, role: str) -> str:
    return "AROA" + _stable(account + role, 17)


def _user_id(account: str, name: str) -> str:
    return "AIDA" + _stable(account + name, 17)


def _stable(text: str, n: int) -> str:
    """An identifier that depends on the name only (the same in every seed)."""
    import hashlib

    digest = hashlib.sha256(text.encode()).digest()
    return "".join(_KEY[b % len(_KEY)] for b in digest[:n])

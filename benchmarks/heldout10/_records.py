"""CloudTrail records as AWS writes them (``userIdentity`` forms, management and data events,
STS minting calls), built from the CloudTrail record-contents and userIdentity references.

Everything random comes from the ``random.Random`` the caller passes, so a suite is a pure
function of its seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
GLOBAL = {"iam": "us-east-1", "cloudfront": "us-east-1", "route53": "us-east-1"}
DATA_EVENTS = {
    ("s3", name)
    for name in (
        "GetObject",
        "PutObject",
        "HeadObject",
        "ListObjects",
        "DeleteObject",
        "CreateMultipartUpload",
        "UploadPart",
        "CompleteMultipartUpload",
    )
}
_READ = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet")


def uid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def key_id(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(_B32) for _ in range(16))


def principal_id(rng: random.Random, prefix: str = "AROA") -> str:
    return prefix + "".join(rng.choice(_B32) for _ in range(17))


def ts(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A caller: its userIdentity and the key it signs with."""

    identity: dict[str, Any]
    key: str | None
    account: str

    @property
    def arn(self) -> str:
        return str(self.identity.get("arn", ""))


def iam_user(account: str, name: str, key: str, pid: str) -> Session:
    ident = {
        "type": "IAMUser",
        "principalId": pid,
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }
    return Session(ident, key, account)


def role_session(
    account: str,
    role: str,
    session: str,
    key: str,
    role_pid: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    console: bool = False,
    path: str = "/",
    extra: dict[str, Any] | None = None,
) -> Session:
    ident: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role_pid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_pid,
                "arn": f"arn:aws:iam::{account}:role{path}{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": ts(created), "mfaAuthenticated": str(mfa).lower()},
        },
    }
    ident["sessionContext"].update(extra or {})
    if console:
        ident["sessionCredentialFromConsole"] = "true"
    return Session(ident, key, account)


def federated(
    account: str, name: str, key: str, user: str, user_pid: str, created: dt.datetime
) -> Session:
    ident = {
        "type": "FederatedUser",
        "principalId": f"{account}:{name}",
        "arn": f"arn:aws:sts::{account}:federated-user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "IAMUser",
                "principalId": user_pid,
                "arn": f"arn:aws:iam::{account}:user/{user}",
                "accountId": account,
                "userName": user,
            },
            "attributes": {"creationDate": ts(created), "mfaAuthenticated": "false"},
        },
    }
    return Session(ident, key, account)


def service(name: str, account: str) -> Session:
    return Session({"type": "AWSService", "invokedBy": name}, None, account)


@dataclass
class Trail:
    """The records of one generated day (or more), with the rng that writes their ids."""

    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)

    def call(
        self,
        who: Session,
        t: dt.datetime,
        api: str,
        ip: str,
        ua: str,
        *,
        region: str = "eu-central-1",
        req: dict[str, Any] | None = None,
        resp: dict[str, Any] | None = None,
        error: str | None = None,
        resources: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        account: str | None = None,
    ) -> dict[str, Any]:
        """One API call ``api`` (``"svc:EventName"``) by ``who`` at ``t``; returns the record."""
        svc, name = api.split(":")
        data = (svc, name) in DATA_EVENTS
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": who.identity,
            "eventTime": ts(t),
            "eventSource": f"{svc}.amazonaws.com",
            "eventName": name,
            "awsRegion": GLOBAL.get(svc, region),
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": req,
            "responseElements": resp,
            "requestID": uid(self.rng).replace("-", "").upper()[:20]
            if svc == "s3"
            else uid(self.rng),
            "eventID": uid(self.rng),
            "readOnly": name.startswith(_READ),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account or who.account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = _MESSAGES.get(error, error)
            rec["responseElements"] = None
        if resources:
            rec["resources"] = resources
        if who.identity.get("type") == "AWSService":
            rec["sharedEventID"] = uid(self.rng)
        elif not ip.endswith("amazonaws.com"):
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{svc}.{GLOBAL.get(svc, region)}.amazonaws.com",
            }
        if who.identity.get("sessionCredentialFromConsole"):
            rec["sessionCredentialFromConsole"] = "true"
        rec.update(extra or {})
        self.records.append(rec)
        return rec

    def s3(
        self,
        who: Session,
        t: dt.datetime,
        api: str,
        ip: str,
        ua: str,
        bucket: str,
        key: str,
        owner: str,
        region: str = "eu-central-1",
        **kw: Any,
    ) -> dict[str, Any]:
        """An S3 data event on ``bucket/key`` (the trail logs data events on the media buckets)."""
        res = [
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
            {"accountId": owner, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
        ]
        req = {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com", "key": key}
        return self.call(
            who,
            t,
            api,
            ip,
            ua,
            region=region,
            req=req,
            resources=res,
            account=owner,
            extra={
                "additionalEventData": {
                    "bytesTransferredIn": 0 if "Get" in api else 8388608,
                    "bytesTransferredOut": 8388608 if "Get" in api else 0,
                }
            },
            **kw,
        )

    def assume_role(
        self,
        caller: Session,
        t: dt.datetime,
        ip: str,
        ua: str,
        account: str,
        role: str,
        session: str,
        role_pid: str,
        *,
        region: str = "eu-central-1",
        api: str = "AssumeRole",
        hours: int = 1,
        extra_req: dict[str, Any] | None = None,
        event_extra: dict[str, Any] | None = None,
        mfa: bool = False,
        console: bool = False,
        path: str = "/",
    ) -> tuple[Session, dict[str, Any]]:
        """An STS minting call that succeeds, and the session it mints."""
        key = key_id(self.rng, "ASIA")
        arn = f"arn:aws:sts::{account}:assumed-role/{role}/{session}"
        req = {
            "roleArn": f"arn:aws:iam::{account}:role{path}{role}",
            "roleSessionName": session,
            "durationSeconds": 3600 * hours,
        }
        req.update(extra_req or {})
        resp = {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + key,
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {"assumedRoleId": f"{role_pid}:{session}", "arn": arn},
        }
        rec = self.call(
            caller,
            t,
            f"sts:{api}",
            ip,
            ua,
            region=region,
            req=req,
            resp=resp,
            account=account,
            extra=event_extra,
        )
        rec["resources"] = [
            {
                "accountId": account,
                "type": "AWS::IAM::Role",
                "ARN": f"arn:aws:iam::{account}:role{path}{role}",
            }
        ]
        minted = role_session(
            account, role, session, key, role_pid, t, mfa=mfa, console=console, path=path
        )
        return minted, rec


_MESSAGES = {
    "AccessDenied": "User is not authorized to perform this operation",
    "Client.UnauthorizedOperation": "You are not authorized to perform this operation.",
    "ThrottlingException": "Rate exceeded",
    "NoSuchKey": "The specified key does not exist.",
    "ResourceNotFoundException": "Resource not found",
}


def at(day: dt.date, hour: float) -> dt.datetime:
    """``day`` at ``hour`` (fractional, UTC)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


def local_hour(day: dt.date, hour: float, zone: str) -> dt.datetime:
    """``day`` at a local wall-clock ``hour`` in ``zone`` (Europe/Berlin ...), in UTC."""
    from zoneinfo import ZoneInfo

    base = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return (base + dt.timedelta(hours=hour)).astimezone(dt.UTC)


def spread(rng: random.Random, start: dt.datetime, minutes: float, n: int) -> list[dt.datetime]:
    """``n`` sorted times in ``[start, start + minutes)``, to the second."""
    return sorted(start + dt.timedelta(seconds=int(rng.random() * minutes * 60)) for _ in range(n))

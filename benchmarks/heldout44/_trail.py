"""CloudTrail records as the organisation trail delivers them: identities (IAM users, role
sessions, AWS services, other accounts), one record per call, and the S3 layout of one gzip file
per account, region and five-minute delivery, about 1% of records a delivery or more late."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ORG_ID = "o-c7pq4kx2vd"
BKK = dt.timezone(dt.timedelta(hours=7))  # Asia/Bangkok, no daylight saving
KEY_CHARS = string.ascii_uppercase + "234567"
Identity = dict[str, Any]


def local(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` (fractional) of ``day`` in Bangkok, as UTC."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=BKK)
    return (start + dt.timedelta(hours=hour)).astimezone(dt.UTC)


def stamp(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Ids:
    """Keys, principal IDs and event IDs drawn from the seed's generator, in call order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(KEY_CHARS) for _ in range(16))

    def principal(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(KEY_CHARS) for _ in range(17))

    def event(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hex(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))


def user(account: str, name: str, principal_id: str, key: str, *, path: str = "/") -> Identity:
    return {
        "type": "IAMUser",
        "principalId": principal_id,
        "arn": f"arn:aws:iam::{account}:user{path}{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def session(
    account: str,
    role: str,
    role_id: str,
    name: str,
    key: str,
    created: dt.datetime,
    *,
    path: str = "/",
    mfa: bool = False,
    ec2: bool = False,
    console: bool = False,
) -> Identity:
    """A role session's identity: ``assumed-role/<role>/<name>`` with its issuer."""
    out: Identity = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{name}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": role_arn(account, role, path),
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": stamp(created), "mfaAuthenticated": str(mfa).lower()},
        },
    }
    if ec2:
        out["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if console:
        out["sessionCredentialFromConsole"] = "true"
    return out


def service(name: str) -> Identity:
    return {"type": "AWSService", "invokedBy": name}


def other_account(account: str, principal_id: str) -> Identity:
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}


def saml(provider_arn: str, subject: str) -> Identity:
    return {"type": "SAMLUser", "principalId": f"{provider_arn}:{subject}", "userName": subject}


def web_identity(provider: str, subject: str) -> Identity:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:sts.amazonaws.com:{subject}",
        "userName": subject,
        "identityProvider": provider,
    }


# eventSource of a call: its service's endpoint name
SOURCE = {"monitoring": "monitoring.amazonaws.com", "signin": "signin.amazonaws.com"}
READ = ("Get", "List", "Describe", "Lookup", "Search", "Head", "BatchGet", "Scan", "Query")


class Trail:
    """The records of the trail, then its files."""

    def __init__(self, rng: random.Random, ids: Ids) -> None:
        self.rng, self.ids = rng, ids
        self.records: list[tuple[dt.datetime, str, str, dict[str, Any]]] = []

    def call(
        self,
        t: dt.datetime,
        who: Identity,
        account: str,
        action: str,
        region: str,
        ip: str,
        agent: str,
        *,
        error: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        vpce: str | None = None,
        kind: str = "AwsApiCall",
        invoked_by: str | None = None,
        late: float | None = None,
    ) -> str:
        """One record of ``action`` (``service:Name``) recorded in ``account``; its event ID."""
        svc, name = action.split(":")
        event_id = self.ids.event()
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if kind == "AwsApiCall" else "1.09",
            "userIdentity": dict(who, invokedBy=invoked_by) if invoked_by else who,
            "eventTime": stamp(t),
            "eventSource": SOURCE.get(svc, f"{svc}.amazonaws.com"),
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.event(),
            "eventID": event_id,
            "readOnly": name.startswith(READ),
            "eventType": kind,
            "managementEvent": True,
            "recipientAccountId": account,
            "eventCategory": "Management",
        }
        if error:
            code, _, message = error.partition("|")
            rec["errorCode"] = code
            rec["errorMessage"] = message or {
                "AccessDenied": f"User is not authorized to perform: {svc}:{name}",
                "ThrottlingException": "Rate exceeded",
            }.get(code, code)
            rec["responseElements"] = None
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if kind == "AwsApiCall" and not ip.endswith("amazonaws.com"):
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{svc}.{region}.amazonaws.com",
            }
        # delivery: five to twelve minutes after the call, about 1% an hour or more late
        delay = late if late is not None else 5 + self.rng.random() * 7
        if late is None and self.rng.random() < 0.012:
            delay = 35 + self.rng.random() * 150
        self.records.append((t + dt.timedelta(minutes=delay), account, region, rec))
        return event_id

    def write(self, root: Path) -> tuple[int, int]:
        """The S3 layout below ``root``: (files, records)."""
        files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
        for delivered, account, region, rec in self.records:
            slot = delivered.replace(minute=delivered.minute - delivered.minute % 5, second=0)
            files[(account, region, slot.replace(microsecond=0))].append(rec)
        names = random.Random(len(self.records))
        for account, region, slot in sorted(files):
            recs = sorted(
                files[(account, region, slot)], key=lambda r: (r["eventTime"], r["eventID"])
            )
            folder = (
                root
                / "AWSLogs"
                / ORG_ID
                / account
                / "CloudTrail"
                / region
                / slot.strftime("%Y/%m/%d")
            )
            folder.mkdir(parents=True, exist_ok=True)
            tag = "".join(names.choice(string.ascii_letters + string.digits) for _ in range(16))
            name = f"{account}_CloudTrail_{region}_{slot.strftime('%Y%m%dT%H%MZ')}_{tag}.json.gz"
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(gzip.compress(body, mtime=0))
            tmp.rename(folder / name)
        return len(files), len(self.records)

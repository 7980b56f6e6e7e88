"""CloudTrail records as Kawah Lestari Energi's organisation trail delivers them: the record
shapes (identities, minting calls, sign-ins), one seeded random stream for every identifier, and
the S3 layout of an organisation trail, one gzip file per account, region and five-minute
delivery, about one record in a hundred delivered an hour or more late."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import random
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

ORG_ID = "o-k4wl3s7e9q"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
UTC = dt.UTC


def stamp(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_id(prefix: str, name: str) -> str:
    """An IAM unique id (``AROA...``, ``AIDA...``) that depends on the name only."""
    digest = hashlib.sha256(name.encode()).digest()
    return prefix + "".join(ALNUM[b % 32] for b in digest[:17])


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def user_ident(account: str, user: str, key: str | None) -> dict[str, Any]:
    out = {
        "type": "IAMUser",
        "principalId": stable_id("AIDA", account + user),
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "userName": user,
    }
    if key:
        out["accessKeyId"] = key
    return out


def role_ident(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    ec2: bool = False,
    invoked_by: str | None = None,
) -> dict[str, Any]:
    """An assumed role's session; ``role`` may carry a path (``aws-reserved/...``)."""
    name = role.rsplit("/", 1)[-1]
    rid = stable_id("AROA", account + role)
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": rid,
            "arn": role_arn(account, role),
            "accountId": account,
            "userName": name,
        },
        "attributes": {"creationDate": stamp(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    out = {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    if invoked_by:
        out["invokedBy"] = invoked_by
    return out


class Trail:
    """Every record of the trail, built with one seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[tuple[dt.datetime, dt.datetime, dict[str, Any]]] = []

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(ALNUM) for _ in range(16))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def add(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        ident: dict[str, Any],
        source: str,
        name: str,
        ip: str,
        ua: str,
        *,
        error: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        read_only: bool | None = None,
        event_type: str = "AwsApiCall",
        data: bool = False,
        vpce: str | None = None,
        console: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; its event ID."""
        event_id = self.uuid()
        if read_only is None:
            read_only = name.startswith(("Get", "List", "Describe", "Head", "Lookup", "Search"))
        rec: dict[str, Any] = {
            "eventVersion": "1.10" if not data else "1.09",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uuid() if source != "s3" else self.hexid(16).upper(),
            "eventID": event_id,
            "readOnly": read_only,
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = (
                "Rate exceeded"
                if "Throttl" in error or "LimitExceeded" in error
                else f"User: {ident.get('arn', 'unknown')} is not authorized to perform: "
                f"{source}:{name}"
            )
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if ip[0].isdigit():
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if extra:
            rec.update(extra)
        # delivered in the next five-minute file, one record in a hundred an hour or more late
        late = 60 + self.rng.randint(0, 150) if self.rng.random() < 0.01 else 0
        due = t + dt.timedelta(minutes=5 - t.minute % 5 + late, seconds=-t.second)
        self.records.append((due, t, rec))
        return event_id

    def mint(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        caller: dict[str, Any],
        ip: str,
        ua: str,
        role: str,
        session: str,
        key: str,
        *,
        name: str = "AssumeRole",
        hours: int = 1,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
    ) -> str:
        """An ``AssumeRole*`` call that minted ``key`` for ``role``/``session``; its event ID."""
        short = role.rsplit("/", 1)[-1]
        rid = stable_id("AROA", account + role)
        req = {"roleArn": role_arn(account, role), "roleSessionName": session}
        req.update(params or {})
        resp: dict[str, Any] = {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + self.hexid(24),
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{rid}:{session}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{short}/{session}",
            },
        }
        resp.update(response or {})
        return self.add(
            t,
            account,
            region,
            caller,
            "sts",
            name,
            ip,
            ua,
            params=req,
            response=resp,
            read_only=True,
        )

    def write(self, root: Path) -> tuple[int, int]:
        """The S3 layout under ``root/AWSLogs``: (files, records)."""
        files: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, str, dict[str, Any]]]] = (
            defaultdict(list)
        )
        for due, t, rec in self.records:
            files[(rec["recipientAccountId"], rec["awsRegion"], due)].append(
                (t, rec["eventID"], rec)
            )
        names = random.Random(len(self.records))
        for account, region, due in sorted(files):
            batch = sorted(files[(account, region, due)], key=lambda x: (x[0], x[1]))
            folder = (
                root
                / "AWSLogs"
                / ORG_ID
                / account
                / "CloudTrail"
                / region
                / due.strftime("%Y/%m/%d")
            )
            folder.mkdir(parents=True, exist_ok=True)
            suffix = "".join(
                names.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16)
            )
            name = f"{account}_CloudTrail_{region}_{due.strftime('%Y%m%dT%H%MZ')}_{suffix}.json.gz"
            body = json.dumps({"Records": [r for _, _, r in batch]}, separators=(",", ":"))
            (folder / name).write_bytes(gzip.compress(body.encode(), mtime=0))
        return len(files), len(self.records)


TRUTH_COLUMNS = [
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "start",
    "end",
    "event_ids",
    "expected_min_severity",
    "expected_max_severity",
]


def truth_row(
    id: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: str = "",
    severity: str = "low",
) -> dict[str, str]:
    """One row of ``truth.csv``: an attack's ``severity`` is the least it must reach, a benign
    change's the most it may."""
    attack = label == "attack"
    return {
        "id": id,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ips,
        "start": stamp(start),
        "end": stamp(end),
        "event_ids": events,
        "expected_min_severity": severity if attack else "",
        "expected_max_severity": "" if attack else severity,
    }

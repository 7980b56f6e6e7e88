"""CloudTrail records as the service writes them, and the S3 layout they are delivered in: one
gzipped ``{"Records": [...]}`` file per account, region and delivery interval (five minutes in
the home region, fifteen elsewhere)."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import string
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _gz

READ_PREFIXES = ("Get", "List", "Describe", "Head", "Query", "Scan", "BatchGet", "Lookup", "Search")
DATA_EVENTS = {
    "s3.amazonaws.com": {"GetObject", "PutObject", "DeleteObject", "HeadObject", "CopyObject"},
    "dynamodb.amazonaws.com": {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchWriteItem",
        "BatchGetItem",
        "TransactWriteItems",
    },
    "lambda.amazonaws.com": {"Invoke"},
}
UPPER = string.ascii_uppercase + "234567"


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Trail:
    """Every record written so far, and the seeded generator of ids."""

    rng: random.Random
    records: list[dict[str, Any]] = field(default_factory=list)

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(UPPER) for _ in range(16))

    def uid(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(UPPER) for _ in range(17))

    def eid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def call(
        self,
        who: dict[str, Any],
        t: dt.datetime,
        service: str,
        name: str,
        region: str,
        ip: str,
        ua: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        account: str | None = None,
        vpce: str | None = None,
        kind: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; returns its event id."""
        source = service if "." in service else f"{service}.amazonaws.com"
        event_id = self.eid()
        data = name in DATA_EVENTS.get(source, ())
        record: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": who,
            "eventTime": iso(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": kind,
            "managementEvent": not data,
            "recipientAccountId": account or who.get("accountId"),
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = f"User is not authorized to perform: {name}"
            record["responseElements"] = None
        if vpce:
            record["vpcEndpointId"] = vpce
        if not ip.endswith(".amazonaws.com"):
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
            }
        if extra:
            record.update(extra)
        self.records.append(record)
        return event_id


def user(account: str, name: str, key: str, principal_id: str, path: str = "/") -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": principal_id,
        "arn": f"arn:aws:iam::{account}:user{path}{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def role_session(
    account: str,
    role: str,
    session: str,
    key: str,
    role_id: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    path: str = "/",
    ec2: bool = False,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role{path}{role}",
            "accountId": account,
            "userName": role,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    return {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }


def service(host: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": host}


def other_account(account: str, principal_id: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}


def write(records: list[dict[str, Any]], out: Path) -> tuple[int, int]:
    """The S3 layout below ``out``; returns (events, files)."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        step = 5 if r["awsRegion"] == "us-east-1" else 15
        # delivered a few minutes after the interval closes
        bucket = t.replace(minute=t.minute - t.minute % step, second=0) + dt.timedelta(minutes=step)
        groups.setdefault(
            (r["recipientAccountId"], r["awsRegion"], bucket.strftime("%Y%m%dT%H%MZ")), []
        ).append(r)
    for (account, region, stamp), rows in sorted(groups.items()):
        day = f"{stamp[:4]}/{stamp[4:6]}/{stamp[6:8]}"
        folder = out / "AWSLogs" / account / "CloudTrail" / region / day
        folder.mkdir(parents=True, exist_ok=True)
        digest = uuid.uuid5(
            uuid.NAMESPACE_OID, f"{account}{region}{stamp}{rows[0]['eventID']}"
        ).hex[:16]
        name = f"{account}_CloudTrail_{region}_{stamp}_{digest}.json.gz"
        body = json.dumps({"Records": rows}, separators=(",", ":")).encode()
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(_gz.compress(body))
        tmp.replace(folder / name)
        # delivered when the interval closed: the file's time, as S3's Last-Modified would be
        delivered = dt.datetime.strptime(stamp, "%Y%m%dT%H%MZ").replace(tzinfo=dt.UTC).timestamp()
        os.utime(folder / name, (delivered, delivered))
    return len(records), len(groups)

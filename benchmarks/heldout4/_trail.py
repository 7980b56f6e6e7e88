"""CloudTrail records as AWS writes them, and the trail layout of one trail per account:
``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<ts>_<id>.json.gz``.

Every record is built here, so the fields real trails carry (``tlsDetails``, ``readOnly``,
``managementEvent``, ``eventCategory``, ``recipientAccountId``, ``vpcEndpointId``,
``sessionCredentialFromConsole``, ``sharedEventID``, per-service error spellings) are the same
for background, benign changes and attacks."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import string
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Check")
DATA_EVENTS = {
    ("s3", "GetObject"),
    ("s3", "PutObject"),
    ("s3", "CopyObject"),
    ("s3", "DeleteObject"),
    ("s3", "ListObjects"),
    ("s3", "ListObjectsV2"),
    ("s3", "HeadObject"),
}
# how each service spells "denied" and "slow down" (CloudTrail copies the service's code)
DENIED = {
    "ec2": "Client.UnauthorizedOperation",
    "s3": "AccessDenied",
    "iam": "AccessDenied",
    "sts": "AccessDenied",
    "elasticmapreduce": "AccessDeniedException",
}
THROTTLED = {
    "ec2": "Client.RequestLimitExceeded",
    "s3": "SlowDown",
    "iam": "Throttling",
    "sts": "Throttling",
    "cloudformation": "Throttling",
    "autoscaling": "Throttling",
}
GLOBAL = {"iam", "sts-global", "signin", "organizations", "cloudfront", "route53"}


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Incident:
    id: str
    name: str
    label: str
    expected: str  # min severity for an attack, max severity for a benign change
    principals: set[str] = field(default_factory=set)  # principal ARNs wholly in the incident
    events: list[dict[str, Any]] = field(default_factory=list)


class Trail:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[dict[str, Any]] = []
        self.incidents: dict[str, Incident] = {}

    # identifiers --------------------------------------------------------------------------
    def uuid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def ident(self, prefix: str, n: int = 16) -> str:
        chars = string.ascii_uppercase + "234567"
        return prefix + "".join(self.rng.choice(chars) for _ in range(n))

    def key(self, temporary: bool = True) -> str:
        return self.ident("ASIA" if temporary else "AKIA")

    def hexid(self, prefix: str, n: int = 17) -> str:
        return prefix + "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def incident(self, id_: str, name: str, label: str, expected: str) -> Incident:
        self.incidents[id_] = Incident(id_, name, label, expected)
        return self.incidents[id_]

    # the record ----------------------------------------------------------------------------
    def event(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        service: str,
        name: str,
        identity: dict[str, Any],
        source: str,
        agent: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        message: str | None = None,
        vpce: str | None = None,
        vpce_account: str | None = None,
        console: bool = False,
        shared: str | None = None,
        recipient: str | None = None,
        additional: dict[str, Any] | None = None,
        resources: list[dict[str, Any]] | None = None,
        event_type: str = "AwsApiCall",
        incident: Incident | None = None,
        read_only: bool | None = None,
    ) -> dict[str, Any]:
        host = "sts" if service == "sts-global" else service
        data = (host, name) in DATA_EVENTS
        rec: dict[str, Any] = {
            "eventVersion": "1.11" if event_type == "AwsApiCall" else "1.09",
            "userIdentity": identity,
            "eventTime": _iso(t),
            "eventSource": f"{host}.amazonaws.com" if host != "signin" else "signin.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1" if service in GLOBAL else region,
            "sourceIPAddress": source,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
        }
        if error == "denied":
            error = DENIED.get(host, "AccessDeniedException")
            message = message or f"User is not authorized to perform: {host}:{name}"
        elif error == "throttled":
            error = THROTTLED.get(host, "ThrottlingException")
            message = message or "Rate exceeded"
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = message or error
            rec["responseElements"] = None
        if additional:
            rec["additionalEventData"] = additional
        rec["requestID"] = self.uuid()
        rec["eventID"] = self.uuid()
        rec["readOnly"] = name.startswith(READ_PREFIXES) if read_only is None else read_only
        if resources:
            rec["resources"] = resources
        rec["eventType"] = event_type
        rec["managementEvent"] = not data
        rec["recipientAccountId"] = recipient or account
        if shared:
            rec["sharedEventID"] = shared
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = vpce_account or recipient or account
        rec["eventCategory"] = "Data" if data else "Management"
        if not source.endswith(".amazonaws.com") and source != "AWS Internal":
            region_host = rec["awsRegion"]
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3" if self.rng.random() < 0.8 else "TLSv1.2",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{host}.{region_host}.amazonaws.com"
                if host not in ("iam", "signin")
                else f"{host}.amazonaws.com",
            }
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        self.records.append(rec)
        if incident is not None:
            incident.events.append(rec)
        return rec

    # writing -------------------------------------------------------------------------------
    def write(self, root: Path) -> tuple[int, int]:
        """Every record into its account/region/5-minute file; returns (events, files)."""
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for rec in self.records:
            t = rec["eventTime"]
            minute = int(t[14:16]) // 5 * 5
            stamp = f"{t[0:4]}{t[5:7]}{t[8:10]}T{t[11:13]}{minute:02d}Z"
            groups[(rec["recipientAccountId"], rec["awsRegion"], stamp)].append(rec)
        for (account, region, stamp), recs in sorted(groups.items()):
            # CloudTrail batches a few files per 5 minutes; one is enough here
            recs.sort(key=lambda r: r["eventTime"])
            folder = root / "AWSLogs" / account / "CloudTrail" / region / stamp[0:4]
            folder = folder / stamp[4:6] / stamp[6:8]
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{account}_CloudTrail_{region}_{stamp}_{self.ident('', 16)}.json.gz"
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(gzip.compress(body, compresslevel=1, mtime=0))
            tmp.replace(folder / name)
        return len(self.records), len(groups)


def user(account: str, name: str, key: str | None, uid: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "IAMUser",
        "principalId": uid,
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "userName": name,
    }
    if key:
        out["accessKeyId"] = key
    return out


def session(
    account: str,
    role: str,
    role_id: str,
    name: str,
    key: str | None,
    created: dt.datetime,
    *,
    mfa: bool = False,
    ec2: bool = False,
    invoked_by: str | None = None,
    path: str = "",
) -> dict[str, Any]:
    """An ``AssumedRole`` identity (a role session)."""
    out: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{name}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        "accountId": account,
    }
    if key:
        out["accessKeyId"] = key
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role/{path}{role}",
            "accountId": account,
            "userName": role,
        },
        "attributes": {
            "creationDate": _iso(created),
            "mfaAuthenticated": "true" if mfa else "false",
        },
    }
    if ec2:
        context["ec2RoleDelivery"] = "2.0"
    out["sessionContext"] = context
    if invoked_by:
        out["invokedBy"] = invoked_by
    return out


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": name}


def iso(t: dt.datetime) -> str:
    return _iso(t)


def vpce(account: str, svc: str) -> str:
    """The interface endpoint id of ``svc`` in ``account`` (stable across runs)."""
    return (
        f"vpce-0{zlib.crc32(f'{account}:{svc}'.encode()):08x}{zlib.crc32(svc.encode()) % 16**9:09x}"
    )

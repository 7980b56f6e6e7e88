"""CloudTrail records as AWS writes them (the ``userIdentity`` shapes of the CloudTrail
reference), collected per account and written as S3 delivery files: one gzipped
``{"Records": [...]}`` per account, region and five-minute window, named the way CloudTrail
names them."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _gz

GLOBAL = {"iam", "sts-global", "signin", "ce", "organizations", "sso", "support"}
READ_PREFIXES = ("Get", "List", "Describe", "Search", "BatchGet", "Lookup", "Head")


def key_id(prefix: str, *parts: object) -> str:
    """A stable access key id (``ASIA``/``AKIA`` + 16 base32 characters) for ``parts``."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return prefix + base64.b32encode(digest).decode()[:16]


def unique_id(prefix: str, *parts: object) -> str:
    """``AROA``/``AIDA`` style unique ids of roles and users."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return prefix + base64.b32encode(digest).decode()[:17]


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- who is calling: the userIdentity element -----------------------------------------------


@dataclass(frozen=True)
class Role:
    """A role (``path`` without slashes at the ends, or empty) of an account."""

    account: str
    name: str
    path: str = ""

    @property
    def arn(self) -> str:
        path = f"{self.path}/" if self.path else ""
        return f"arn:aws:iam::{self.account}:role/{path}{self.name}"

    @property
    def role_id(self) -> str:
        return unique_id("AROA", self.account, self.name)

    def session_arn(self, session: str) -> str:
        return f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{session}"

    def identity(
        self, session: str, key: str, start: dt.datetime, *, mfa: bool = False, **extra: Any
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "AssumedRole",
            "principalId": f"{self.role_id}:{session}",
            "arn": self.session_arn(session),
            "accountId": self.account,
            "accessKeyId": key,
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": self.role_id,
                    "arn": self.arn,
                    "accountId": self.account,
                    "userName": self.name,
                },
                "attributes": {"creationDate": iso(start), "mfaAuthenticated": str(mfa).lower()},
            },
        }
        out.update(extra)
        return out


@dataclass(frozen=True)
class User:
    account: str
    name: str

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:user/{self.name}"

    def identity(self, key: str) -> dict[str, Any]:
        return {
            "type": "IAMUser",
            "principalId": unique_id("AIDA", self.account, self.name),
            "arn": self.arn,
            "accountId": self.account,
            "accessKeyId": key,
            "userName": self.name,
        }


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


# --- the record ------------------------------------------------------------------------------


@dataclass
class Trail:
    """Every record of the organisation, by account; event ids drawn from one seeded stream."""

    seed: int
    records: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"heldout17-ids-{self.seed}")

    def call(
        self,
        t: dt.datetime,
        identity: dict[str, Any],
        ip: str,
        agent: str,
        region: str,
        api: str,
        *,
        account: str,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Record ``api`` (``service:Name``) and return its event id."""
        service, name = api.split(":")
        host = "sts" if service == "sts-global" else service
        event_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        record: dict[str, Any] = {
            "eventVersion": "1.10" if identity.get("type") != "AWSService" else "1.08",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": f"{host}.amazonaws.com",
            "eventName": name,
            "awsRegion": "us-east-1" if service in GLOBAL else region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": "AwsApiCall" if service != "signin" else "AwsConsoleSignIn",
            "managementEvent": True,
            "recipientAccountId": account,
            "eventCategory": "Management",
        }
        if error is not None:
            record["errorCode"] = error
            record["errorMessage"] = _MESSAGES.get(error, error)
            record["responseElements"] = None
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{host}.{record['awsRegion']}.amazonaws.com",
            }
        if extra:
            record.update(extra)
        self.records[account].append(record)
        return event_id

    @property
    def events(self) -> int:
        return sum(len(v) for v in self.records.values())


_MESSAGES = {
    "AccessDenied": "User is not authorized to perform this operation",
    "ThrottlingException": "Rate exceeded",
    "ValidationException": "Malformed input request, please reformat your input and try again.",
    "ResourceNotFoundException": "The requested resource was not found",
    "InsufficientInstanceCapacity": "We currently do not have sufficient capacity in the Availability Zone you requested.",
    "VcpuLimitExceeded": "You have requested more vCPU capacity than your current vCPU limit allows.",
    "NoSuchEntity": "The user with name cannot be found.",
}


def write_s3_layout(trail: Trail, out: Path, *, minutes: int = 5) -> int:
    """``out/AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<ts>_<id>.json.gz``,
    one file per account, region and ``minutes`` window (delivered a few minutes after it).
    Files are written whole (temporary name, then rename) and byte-identical per seed."""
    rng = random.Random(f"heldout17-files-{trail.seed}")
    files = 0
    for account in sorted(trail.records):
        groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for r in trail.records[account]:
            minute = int(r["eventTime"][14:16]) // minutes * minutes
            groups[(r["awsRegion"], r["eventTime"][:14] + f"{minute:02d}")].append(r)
        for region, window in sorted(groups):
            records = sorted(groups[(region, window)], key=lambda r: (r["eventTime"], r["eventID"]))
            start = dt.datetime.strptime(window, "%Y-%m-%dT%H:%M")
            delivered = start + dt.timedelta(minutes=minutes + rng.randrange(0, 6))
            folder = out / "AWSLogs" / account / "CloudTrail" / region / start.strftime("%Y/%m/%d")
            folder.mkdir(parents=True, exist_ok=True)
            tag = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16))
            name = (
                f"{account}_CloudTrail_{region}_{delivered.strftime('%Y%m%dT%H%MZ')}_{tag}.json.gz"
            )
            body = json.dumps({"Records": records}, separators=(",", ":")).encode()
            tmp = folder / (name + ".tmp")
            with (
                open(tmp, "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as gz,
            ):
                gz.write(body)
            tmp.replace(folder / name)
            files += 1
    return files

"""CloudTrail records as the law firm's trails deliver them: identities of each kind, the minting
events that bind session keys to their workloads or people, and the S3 layout with one
gzipped ``{"Records": [...]}`` file per account, region and five minutes."""

from __future__ import annotations

import datetime as dt
import json
import random
import string
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _gz

ALNUM = string.ascii_uppercase + string.digits
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Detect", "Batch")
DATA_EVENTS = {"GetObject", "PutObject", "DeleteObject", "DeleteObjectVersion", "HeadObject"}
DATA_EVENTS |= {"PutObjectLegalHold", "PutObjectRetention", "GetObjectRetention", "Invoke"}
DATA_EVENTS |= {"GetItem", "PutItem", "Query", "UpdateItem", "ListObjects", "ListObjectsV2"}


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Ids:
    """Deterministic identifiers: keys, principal ids, event and request ids."""

    rng: random.Random

    def token(self, n: int) -> str:
        return "".join(self.rng.choice(ALNUM) for _ in range(n))

    def key(self, long_lived: bool = False) -> str:
        return ("AKIA" if long_lived else "ASIA") + self.token(16)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


@dataclass(frozen=True)
class Who:
    """Who calls: an identity template; ``identity(key, created)`` is the record's
    ``userIdentity``."""

    kind: str  # role | user | root | service | saml | account
    account: str
    name: str  # role name, user name, service host, SAML subject or the caller's account
    session: str = ""
    principal_id: str = ""
    mfa: bool = False
    ec2: bool = False

    @property
    def arn(self) -> str:
        if self.kind == "role":
            return f"arn:aws:iam::{self.account}:role/{self.name}"
        if self.kind == "user":
            return f"arn:aws:iam::{self.account}:user/{self.name}"
        if self.kind == "root":
            return f"arn:aws:iam::{self.account}:root"
        return self.name

    def identity(self, key: str | None, created: dt.datetime | None = None) -> dict[str, Any]:
        if self.kind == "service":
            return {"type": "AWSService", "invokedBy": self.name}
        if self.kind == "account":
            return {"type": "AWSAccount", "principalId": self.principal_id, "accountId": self.name}
        if self.kind == "saml":
            return {
                "type": "SAMLUser",
                "principalId": f"{self.principal_id}:{self.name}",
                "userName": self.name,
                "identityProvider": self.principal_id,
            }
        out: dict[str, Any] = {"principalId": self.principal_id, "accountId": self.account}
        if self.kind == "role":
            out |= {
                "type": "AssumedRole",
                "principalId": f"{self.principal_id}:{self.session}",
                "arn": f"arn:aws:sts::{self.account}:assumed-role/{self.name}/{self.session}",
            }
        elif self.kind == "user":
            out |= {"type": "IAMUser", "arn": self.arn, "userName": self.name}
        else:
            out |= {"type": "Root", "arn": self.arn}
        if key:
            out["accessKeyId"] = key
        if self.kind == "role" or (key or "").startswith("ASIA"):
            context: dict[str, Any] = {
                "attributes": {
                    "creationDate": iso(created or dt.datetime(2026, 1, 1)),
                    "mfaAuthenticated": "true" if self.mfa else "false",
                }
            }
            if self.kind == "role":
                context["sessionIssuer"] = {
                    "type": "Role",
                    "principalId": self.principal_id,
                    "arn": self.arn,
                    "accountId": self.account,
                    "userName": self.name,
                }
            if self.ec2:
                context["ec2RoleDelivery"] = "2.0"
            out["sessionContext"] = context
        return out


@dataclass
class Trail:
    """Every record of the trail, and where each goes."""

    ids: Ids
    records: list[tuple[dt.datetime, str, str, dict[str, Any]]] = field(default_factory=list)

    def emit(
        self,
        who: Who,
        when: dt.datetime,
        source: str,
        name: str,
        *,
        ip: str,
        ua: str,
        key: str | None = None,
        created: dt.datetime | None = None,
        region: str = "eu-west-2",
        account: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        kind: str = "AwsApiCall",
    ) -> str:
        """Append one record; its eventID."""
        event_id = self.ids.uuid()
        record: dict[str, Any] = {
            "eventVersion": "1.09" if kind != "AwsConsoleSignIn" else "1.08",
            "userIdentity": who.identity(key, created),
            "eventTime": iso(when),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.uuid(),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": kind,
            "managementEvent": name not in DATA_EVENTS,
            "recipientAccountId": account or who.account,
            "eventCategory": "Data" if name in DATA_EVENTS else "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = f"User is not authorized to perform {source}:{name}"
        if who.kind in ("service",):
            record["sharedEventID"] = self.ids.uuid()
        if ip.endswith(".amazonaws.com"):
            record["userIdentity"].setdefault("invokedBy", ip)
        self.records.append((when, record["recipientAccountId"], region, record))
        return event_id

    def mint(
        self,
        issuer: Who,
        role: Who,
        when: dt.datetime,
        *,
        ip: str,
        ua: str,
        key: str | None = None,
        via: str = "AssumeRole",
        params: dict[str, Any] | None = None,
        region: str = "eu-west-2",
    ) -> str:
        """A session key for ``role`` (its session name) minted by ``issuer``; the new key."""
        new = self.ids.key()
        expires = when + dt.timedelta(hours=6)
        self.emit(
            issuer,
            when,
            "sts",
            via,
            ip=ip,
            ua=ua,
            key=key,
            account=role.account,
            # the global endpoint for SAML; a workload's regional STS endpoint otherwise
            region="us-east-1" if via == "AssumeRoleWithSAML" else region,
            params={
                "roleArn": role.arn,
                "roleSessionName": role.session,
                "durationSeconds": 3600,
                **(params or {}),
            },
            response={
                "credentials": {
                    "accessKeyId": new,
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + self.ids.token(24),
                    "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{role.principal_id}:{role.session}",
                    "arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{role.session}",
                },
            },
        )
        return new

    def write(self, root: Path) -> tuple[int, int]:
        """The S3 layout below ``root``; (events, files)."""
        groups: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = {}
        for when, account, region, record in sorted(self.records, key=lambda r: r[0]):
            bucket = when.replace(minute=when.minute - when.minute % 5, second=0)
            groups.setdefault((account, region, bucket), []).append(record)
        for (account, region, bucket), records in sorted(groups.items()):
            delivered = bucket + dt.timedelta(minutes=5)
            folder = (
                root / "AWSLogs" / account / "CloudTrail" / region / delivered.strftime("%Y/%m/%d")
            )
            folder.mkdir(parents=True, exist_ok=True)
            name = (
                f"{account}_CloudTrail_{region}_{delivered.strftime('%Y%m%dT%H%MZ')}_"
                f"{self.ids.token(16)}.json.gz"
            )
            body = json.dumps({"Records": records}, separators=(",", ":")).encode()
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(_gz.compress(body))
            tmp.replace(folder / name)
        return len(self.records), len(groups)

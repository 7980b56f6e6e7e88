"""CloudTrail records as AWS writes them (``userIdentity`` per the CloudTrail reference) and the
S3 delivery layout: one gzipped ``{"Records": [...]}`` file per account, region and five-minute
delivery slot."""

from __future__ import annotations

import datetime as dt
import json
import random
import string
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import _gz

Record = dict[str, Any]
_KEY_CHARS = string.ascii_uppercase + "234567"
# calls that change something (readOnly false); everything else a read
_WRITE_PREFIXES = (
    "Create",
    "Put",
    "Update",
    "Delete",
    "Attach",
    "Associate",
    "Modify",
    "Start",
    "Send",
    "Schedule",
    "Claim",
    "Run",
    "Terminate",
    "Authorize",
    "Generate",
    "Rotate",
    "Enable",
    "Disable",
    "Tag",
    "Set",
    "Register",
    "Restore",
    "Copy",
    "Disassociate",
    "Stop",
    "Invoke",
)
_READ_EXCEPTIONS = ("GenerateCredentialReport",)


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Ids:
    """Deterministic identifiers from the seed's generator."""

    rng: random.Random

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEY_CHARS) for _ in range(16))

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def instance(self) -> str:
        return "i-0" + "".join(self.rng.choice("0123456789abcdef") for _ in range(16))

    def principal_id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(_KEY_CHARS) for _ in range(17))


@dataclass
class Session:
    """Who calls: an assumed-role session, an IAM user, or an AWS service."""

    identity: dict[str, Any]
    key: str | None

    @property
    def account(self) -> str:
        return str(self.identity.get("accountId", ""))


def role_session(
    ids: Ids,
    account: str,
    role: str,
    name: str,
    start: dt.datetime,
    *,
    path: str = "",
    instance: bool = False,
    mfa: bool = False,
) -> Session:
    """A session of ``role`` (an ``ASIA`` key), as an instance profile writes it when
    ``instance``."""
    role_id = ids.principal_id("AROA")
    key = ids.key()
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role/{path}{role}",
            "accountId": account,
            "userName": role,
        },
        "attributes": {"creationDate": iso(start), "mfaAuthenticated": str(mfa).lower()},
    }
    if instance:
        context["ec2RoleDelivery"] = "2.0"
    identity = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{name}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    return Session(identity, key)


def iam_user(ids: Ids, account: str, name: str, key: str | None = None) -> Session:
    key = key or ids.key("AKIA")
    identity = {
        "type": "IAMUser",
        "principalId": ids.principal_id("AIDA"),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }
    return Session(identity, key)


def service(name: str) -> Session:
    return Session({"type": "AWSService", "invokedBy": name}, None)


@dataclass
class Trail:
    """The records of every account, written in the S3 layout at the end."""

    ids: Ids
    records: list[Record] = field(default_factory=list)

    def call(
        self,
        who: Session,
        t: dt.datetime,
        source: str,
        name: str,
        ip: str,
        agent: str,
        *,
        region: str = "af-south-1",
        account: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; its event ID."""
        event_id = self.ids.uid()
        record: Record = {
            "eventVersion": "1.09",
            "userIdentity": who.identity,
            "eventTime": iso(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.uid(),
            "eventID": event_id,
            "readOnly": not name.startswith(_WRITE_PREFIXES) or name in _READ_EXCEPTIONS,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": account or who.account,
            "eventCategory": "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = f"User is not authorized to perform: {source}:{name}"
        if extra:
            record.update(extra)
        self.records.append(record)
        return event_id

    def mint(
        self,
        t: dt.datetime,
        by: str,
        session: Session,
        *,
        region: str = "af-south-1",
        hours: int = 6,
    ) -> str:
        """The ``AssumeRole`` an AWS service (``ec2``, ``lambda``, ``sagemaker``) makes for a
        workload's session: the event that binds the key to its workload."""
        arn = session.identity["sessionContext"]["sessionIssuer"]["arn"]
        name = session.identity["arn"].rsplit("/", 1)[1]
        return self.call(
            service(f"{by}.amazonaws.com"),
            t,
            "sts",
            "AssumeRole",
            f"{by}.amazonaws.com",
            f"{by}.amazonaws.com",
            region=region,
            account=session.account,
            params={"roleArn": arn, "roleSessionName": name},
            response={
                "credentials": {
                    "accessKeyId": session.key,
                    "expiration": iso(t + dt.timedelta(hours=hours)),
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + (session.key or "")[4:],
                },
                "assumedRoleUser": {
                    "assumedRoleId": session.identity["principalId"],
                    "arn": session.identity["arn"],
                },
            },
            extra={"sharedEventID": self.ids.uid()},
        )

    def write(self, out: Path) -> int:
        """Every record into ``out/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD``, one file
        per account, region and five-minute slot, named as CloudTrail names them; the file
        count."""
        slots: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
        for record in self.records:
            t = record["eventTime"]
            minute = int(t[14:16]) // 5 * 5
            slot = f"{t[:4]}{t[5:7]}{t[8:10]}T{t[11:13]}{minute:02d}Z"
            slots[(record["recipientAccountId"], record["awsRegion"], slot)].append(record)
        for (account, region, slot), records in sorted(slots.items()):
            records.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            folder = (
                out / "AWSLogs" / account / "CloudTrail" / region / slot[:4] / slot[4:6] / slot[6:8]
            )
            folder.mkdir(parents=True, exist_ok=True)
            suffix = uuid.uuid5(uuid.NAMESPACE_OID, f"{account}{region}{slot}").hex[:16].upper()
            path = folder / f"{account}_CloudTrail_{region}_{slot}_{suffix}.json.gz"
            body = json.dumps({"Records": records}, separators=(",", ":")).encode()
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(_gz.compress(body))
            tmp.replace(path)
        return len(slots)

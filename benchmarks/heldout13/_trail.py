"""CloudTrail records as AWS writes them (userIdentity per caller type, the fields of the
CloudTrail record contents reference), collected per account and region and delivered as
S3-layout ``.json.gz`` files of about five minutes each."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
Ident = dict[str, Any]


def key(rng: random.Random, prefix: str = "ASIA") -> str:
    return prefix + "".join(rng.choice(KEY_CHARS) for _ in range(16))


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def role_id(account: str, role: str) -> str:
    """A stable AROA id for a role (the same in every seed: IAM ids do not change)."""
    return "AROA" + "".join(random.Random(f"{account}/{role}").choice(KEY_CHARS) for _ in range(17))


def assumed(
    account: str,
    role: str,
    session: str,
    access_key: str,
    *,
    path: str = "/",
    created: dt.datetime | None = None,
    mfa: bool = False,
    console: bool = False,
    ec2: bool = False,
    source_identity: str | None = None,
) -> Ident:
    """An ``AssumedRole`` caller with its session context."""
    ident: Ident = {
        "type": "AssumedRole",
        "principalId": f"{role_id(account, role)}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": access_key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id(account, role),
                "arn": role_arn(account, role, path),
                "accountId": account,
                "userName": role,
            },
            "attributes": {
                "creationDate": stamp(created) if created else None,
                "mfaAuthenticated": str(mfa).lower(),
            },
        },
    }
    if ec2:
        ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if console:
        ident["sessionCredentialFromConsole"] = "true"
    if source_identity:
        ident["sessionContext"]["sourceIdentity"] = source_identity
    return ident


def iam_user(account: str, user: str, access_key: str) -> Ident:
    uid = "AIDA" + "".join(random.Random(f"{account}/{user}").choice(KEY_CHARS) for _ in range(17))
    return {
        "type": "IAMUser",
        "principalId": uid,
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": access_key,
        "userName": user,
    }


def service(name: str) -> Ident:
    return {"type": "AWSService", "invokedBy": name}


def other_account(account: str, principal: str) -> Ident:
    return {"type": "AWSAccount", "principalId": principal, "accountId": account}


class Trail:
    """Every record of a run, kept as (account, region, time, record) until written."""

    def __init__(self, seed: int) -> None:
        self._ids = random.Random(f"heldout13/{seed}/ids")
        self.records: list[tuple[str, str, dt.datetime, dict[str, Any]]] = []

    def event_id(self) -> str:
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def emit(
        self,
        account: str,
        region: str,
        t: dt.datetime,
        source: str,
        name: str,
        ident: Ident,
        ip: str,
        agent: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        read_only: bool | None = None,
        extra: dict[str, Any] | None = None,
        event_type: str = "AwsApiCall",
        data: bool = False,
    ) -> str:
        """One record; returns its event id."""
        eid = self.event_id()
        record: dict[str, Any] = {
            "eventVersion": "1.09" if not data else "1.10",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.event_id().replace("-", "").upper()[:20]
            if source.startswith("s3")
            else self.event_id(),
            "eventID": eid,
            "readOnly": read_only
            if read_only is not None
            else name.startswith(("Get", "List", "Describe", "Head", "Lookup", "Search")),
            "eventType": event_type,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"], record["errorMessage"] = error
        if extra:
            record.update(extra)
        if ident.get("type") == "AWSService":
            record["sharedEventID"] = self.event_id()
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
            }
        self.records.append((account, region, t, record))
        return eid

    def mint(
        self,
        account: str,
        region: str,
        t: dt.datetime,
        svc: str,
        role: str,
        session: str,
        rng: random.Random,
        *,
        hours: float = 1.0,
        path: str = "/",
    ) -> tuple[str, str]:
        """A service assuming a role for the code it runs (EC2, ECS tasks, Lambda, SageMaker,
        Glue, ...): ``AssumeRole`` by ``svc``; returns (the minted key, the event id)."""
        minted = key(rng)
        ident = service(svc)
        eid = self.emit(
            account,
            region,
            t,
            "sts.amazonaws.com",
            "AssumeRole",
            ident,
            svc,
            svc,
            params={
                "roleArn": role_arn(account, role, path),
                "roleSessionName": session,
                "durationSeconds": int(hours * 3600),
            },
            response={
                "credentials": {
                    "accessKeyId": minted,
                    "sessionToken": "<redacted>",
                    "expiration": (t + dt.timedelta(hours=hours)).strftime(
                        "%b %d, %Y, %I:%M:%S %p"
                    ),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id(account, role)}:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            read_only=True,
            extra={
                "resources": [
                    {
                        "accountId": account,
                        "type": "AWS::IAM::Role",
                        "ARN": role_arn(account, role, path),
                    }
                ]
            },
        )
        return minted, eid

    def write(self, out: Path) -> tuple[int, int, list[str]]:
        """S3 layout, one file per account, region and five-minute slot (records in time order);
        returns (events, files, accounts)."""
        slots: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
        for account, region, t, record in self.records:
            slot = t.replace(minute=t.minute - t.minute % 5, second=0, microsecond=0)
            slots[(account, region, slot)].append(record)
        names = random.Random(len(self.records))
        for (account, region, slot), records in sorted(slots.items()):
            records.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            delivered = slot + dt.timedelta(minutes=5 + names.randrange(0, 6))
            folder = out / "AWSLogs" / account / "CloudTrail" / region / slot.strftime("%Y/%m/%d")
            folder.mkdir(parents=True, exist_ok=True)
            tag = "".join(
                names.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                for _ in range(16)
            )
            path = (
                folder
                / f"{account}_CloudTrail_{region}_{delivered.strftime('%Y%m%dT%H%MZ')}_{tag}.json.gz"
            )
            body = json.dumps({"Records": records}, separators=(",", ":")).encode()
            tmp = path.with_suffix(".tmp")
            # gzip level 1 as benchmarks/_gz.py has it (not imported: this suite's code imports nothing
            # from benchmarks outside its own package)
            tmp.write_bytes(gzip.compress(body, compresslevel=1, mtime=0))
            tmp.replace(path)
        return len(self.records), len(slots), sorted({a for a, *_ in self.records})

"""CloudTrail records as AWS writes them (``userIdentity`` per AWS's reference: IAM users,
assumed roles with their ``sessionContext``, AWS services minting keys, SAML and web-identity
federation), and the S3 delivery layout: one gzipped ``{"Records": [...]}`` per account, region
and five minutes, ``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/``."""

from __future__ import annotations

import datetime as dt
import json
import random
import string
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import _gz

UTC = dt.UTC
_KEY = string.ascii_uppercase + "234567"


def stamp(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A credential: who it belongs to (its ``userIdentity``) and its key."""

    identity: dict[str, Any]
    key: str
    account: str

    @property
    def arn(self) -> str:
        return str(self.identity["arn"])


class Trail:
    """Every record of the organisation, collected then written in delivery files."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"heldout21:{seed}:trail")
        self.records: list[dict[str, Any]] = []
        self._ids: dict[str, str] = {}  # IAM ids by name: derived once per trail

    def stable_id(self, text: str) -> str:
        if text not in self._ids:
            self._ids[text] = _stable(text)
        return self._ids[text]

    # -- identifiers -----------------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEY) for _ in range(16))

    def principal_id(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(_KEY) for _ in range(17))

    # -- records ---------------------------------------------------------------------------------
    def call(
        self,
        who: Session | dict[str, Any],
        t: dt.datetime,
        source: str,
        name: str,
        *,
        ip: str,
        ua: str,
        region: str = "ap-southeast-2",
        account: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        data: bool = False,
        read_only: bool | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record; its event ID."""
        identity = who.identity if isinstance(who, Session) else who
        recipient = account or (who.account if isinstance(who, Session) else identity["accountId"])
        event_id = self.uid()
        record: dict[str, Any] = {
            "eventVersion": "1.09" if not data else "1.08",
            "userIdentity": identity,
            "eventTime": stamp(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uid(),
            "eventID": event_id,
            "readOnly": _read_only(name) if read_only is None else read_only,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": recipient,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = f"User is not authorized to perform: {source}:{name}"
            record["responseElements"] = None
        if not ip.endswith("amazonaws.com"):
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if extra:
            record.update(extra)
        self.records.append(record)
        return event_id

    # -- credentials -----------------------------------------------------------------------------
    def role_session(
        self,
        account: str,
        role: str,
        name: str,
        t: dt.datetime,
        *,
        key: str | None = None,
        ec2: bool = False,
        mfa: bool = False,
    ) -> Session:
        rid = "AROA" + self.stable_id(f"{account}/{role}")
        key = key or self.key()
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{account}:role/{role}",
                "accountId": account,
                "userName": role.split("/")[-1],
            },
            "attributes": {"creationDate": stamp(t), "mfaAuthenticated": str(mfa).lower()},
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        identity = {
            "type": "AssumedRole",
            "principalId": f"{rid}:{name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role.split('/')[-1]}/{name}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        return Session(identity, key, account)

    def mint(
        self,
        service: str,
        account: str,
        role: str,
        name: str,
        t: dt.datetime,
        *,
        region: str = "ap-southeast-2",
        hours: int = 6,
        ec2: bool = False,
    ) -> tuple[Session, str]:
        """An AWS service (``ec2``, ``lambda``, ``credentials.iot``...) assumes ``role`` for
        its workload: the ``AssumeRole`` record and the session it mints."""
        session = self.role_session(account, role, name, t, ec2=ec2)
        host = f"{service}.amazonaws.com"
        event = self.call(
            {"type": "AWSService", "invokedBy": host},
            t,
            "sts",
            "AssumeRole",
            ip=host,
            ua=host,
            region=region,
            account=account,
            params={
                "roleArn": f"arn:aws:iam::{account}:role/{role}",
                "roleSessionName": name,
                "durationSeconds": hours * 3600,
            },
            response=_credentials(session, t, hours),
            extra={"sharedEventID": self.uid()},
        )
        return session, event

    def user(self, account: str, name: str, key: str) -> Session:
        identity = {
            "type": "IAMUser",
            "principalId": "AIDA" + self.stable_id(f"{account}/{name}"),
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }
        return Session(identity, key, account)

    # -- delivery --------------------------------------------------------------------------------
    def write(self, root: Path, bounds: tuple[dt.datetime, dt.datetime]) -> tuple[int, int]:
        """Delivery files under ``root/AWSLogs`` of the records within ``bounds``: (events,
        files)."""
        buckets: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        lo, hi = (stamp(b) for b in bounds)
        kept = [r for r in self.records if lo <= r["eventTime"] < hi]
        for r in kept:
            t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
            # delivered at the end of its five minutes, named by the delivery time
            t += dt.timedelta(minutes=5 - t.minute % 5)
            slot = t.strftime("%Y%m%dT%H%MZ")
            buckets[(r["recipientAccountId"], r["awsRegion"], slot)].append(r)
        files = 0
        for (account, region, slot), records in sorted(buckets.items()):
            records.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            day = f"{slot[0:4]}/{slot[4:6]}/{slot[6:8]}"
            folder = root / "AWSLogs" / account / "CloudTrail" / region / day
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{account}_CloudTrail_{region}_{slot}_{_stable(account + region + slot)[:16]}.json.gz"
            body = json.dumps({"Records": records}, separators=(",", ":")).encode()
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(_gz.compress(body))
            tmp.replace(folder / name)
            files += 1
        return len(kept), files


def _credentials(session: Session, t: dt.datetime, hours: int) -> dict[str, Any]:
    return {
        "credentials": {
            "accessKeyId": session.key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + session.key[4:],
            "expiration": (t + dt.timedelta(hours=hours))
            .astimezone(UTC)
            .strftime("%b %d, %Y, %I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": session.identity["principalId"],
            "arn": session.arn,
        },
    }


credentials = _credentials

_READ = ("Describe", "List", "Get", "Head", "Lookup", "Search", "Select", "BatchGet", "Query")


def _read_only(name: str) -> bool:
    return name.startswith(_READ)


def _stable(text: str) -> str:
    """17 key characters derived from ``text`` (identical across seeds: IAM ids are stable)."""
    rng = random.Random(text)
    return "".join(rng.choice(_KEY) for _ in range(17))

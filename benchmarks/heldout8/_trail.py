"""CloudTrail records as AWS writes them, and the S3 layout they are delivered in.

``Trail`` collects records (plain dicts in the CloudTrail ``Records`` format); identities are
built by the helpers below from the ``userIdentity`` reference. Deterministic: every random
value comes from the trail's numpy generator.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

_KEYCHARS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))


def stable_id(prefix: str, name: str) -> str:
    """An IAM unique id (AROA..., AIDA...) that is the same for a name in every run."""
    digest = hashlib.sha256(name.encode()).digest()
    return prefix + "".join(_KEYCHARS[b % 32] for b in digest[:17])


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.records: list[dict[str, Any]] = []

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEYCHARS, 16))

    def uuid(self) -> str:
        h = self.rng.bytes(16).hex()
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def event(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        source: str,
        name: str,
        identity: dict[str, Any],
        ip: str,
        agent: str,
        *,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        read_only: bool | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record; returns its eventID."""
        event_id = self.uuid()
        rec: dict[str, Any] = {
            "eventVersion": "1.09",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": request,
            "responseElements": response,
            "requestID": self.uuid(),
            "eventID": event_id,
            "readOnly": read_only
            if read_only is not None
            else name.startswith(("Describe", "Get", "List", "Lookup")),
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": account,
            "eventCategory": "Management",
        }
        if error:
            rec["errorCode"] = error
            rec["errorMessage"] = f"{error} when calling {name}"
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if extra:
            rec.update(extra)
        self.records.append(rec)
        return event_id

    def write(self, out: Path) -> int:
        """S3 layout, one file per account, region and five-minute delivery; returns files."""
        groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for rec in self.records:
            t = rec["eventTime"]
            minute = int(t[14:16]) // 5 * 5
            stamp = f"{t[0:4]}{t[5:7]}{t[8:10]}T{t[11:13]}{minute:02d}Z"
            groups[(rec["recipientAccountId"], rec["awsRegion"], stamp)].append(rec)
        for (account, region, stamp), recs in sorted(groups.items()):
            recs.sort(key=lambda r: r["eventTime"])
            folder = (
                out
                / "AWSLogs"
                / account
                / "CloudTrail"
                / region
                / stamp[:4]
                / stamp[4:6]
                / stamp[6:8]
            )
            folder.mkdir(parents=True, exist_ok=True)
            tag = "".join(self.rng.choice(_KEYCHARS, 16))
            path = folder / f"{account}_CloudTrail_{region}_{stamp}_{tag}.json.gz"
            data = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            tmp = path.with_suffix(".tmp")
            # gzip level 1 as benchmarks/_gz.py has it (not imported: this suite's code imports nothing
            # from benchmarks outside its own package)
            with (
                open(tmp, "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=1) as fh,
            ):
                fh.write(data)
            os.replace(tmp, path)
        return len(groups)


# --- userIdentity ----------------------------------------------------------------------------


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def role_session(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    ec2: bool = False,
    source_identity: str | None = None,
) -> dict[str, Any]:
    rid = stable_id("AROA", f"{account}/{role}")
    name = role.rsplit("/", 1)[-1]
    ctx: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": rid,
            "arn": role_arn(account, role),
            "accountId": account,
            "userName": name,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        ctx["ec2RoleDelivery"] = "2.0"
    if source_identity:
        ctx["sourceIdentity"] = source_identity
    return {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": ctx,
    }


def iam_user(account: str, name: str, key: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": stable_id("AIDA", f"{account}/{name}"),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def service(host: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": host}


def root(account: str, key: str = "") -> dict[str, Any]:
    ident = {
        "type": "Root",
        "principalId": account,
        "arn": f"arn:aws:iam::{account}:root",
        "accountId": account,
    }
    if key:
        ident["accessKeyId"] = key
    return ident


def saml_user(account: str, email: str) -> dict[str, Any]:
    provider = stable_id("", f"{account}/adfs")[:24]
    return {
        "type": "SAMLUser",
        "principalId": f"{provider}:{email}",
        "userName": email,
        "identityProvider": provider,
    }


def credentials(key: str, t: dt.datetime, hours: float) -> dict[str, Any]:
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2VjE" + key[4:],
        "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
    }

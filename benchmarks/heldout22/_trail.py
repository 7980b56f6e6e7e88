"""CloudTrail records as AWS writes them, and the S3 delivery layout they are written in.

Nothing here knows about the organisation: identities (``userIdentity`` blocks), one record,
the ``AssumeRole`` family that mints session keys, and the writer that lays the records out as
``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz``
in five-minute delivery files, gzip without a timestamp so that a seed writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

Record = dict[str, Any]
UTC = dt.UTC
_KEY_CHARS = string.ascii_uppercase + "234567"


def iso(when: dt.datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    """Every record of the generated organisation, and the identifiers a seed draws."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[Record] = []

    # -- identifiers ---------------------------------------------------------------------------
    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_KEY_CHARS) for _ in range(16))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    # -- records -------------------------------------------------------------------------------
    def add(
        self,
        identity: dict[str, Any],
        when: dt.datetime,
        source: str,
        name: str,
        region: str,
        ip: str,
        agent: str,
        *,
        account: str,
        request: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        read_only: bool | None = None,
        data: bool = False,
        invoked_by: str | None = None,
        console: bool = False,
        resources: list[dict[str, str]] | None = None,
    ) -> str:
        """One record; returns its event id."""
        event_id = self.uuid()
        if read_only is None:
            read_only = name.startswith(("Get", "List", "Describe", "Query", "Scan", "Lookup"))
        rec: Record = {
            "eventVersion": "1.11" if data else "1.10",
            "userIdentity": identity,
            "eventTime": iso(when),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": request,
            "responseElements": response,
            "requestID": self.uuid(),
            "eventID": event_id,
            "readOnly": read_only,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
            rec["responseElements"] = None
        if invoked_by:
            rec["invokedBy"] = invoked_by
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if resources:
            rec["resources"] = resources
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        self.records.append(rec)
        return event_id

    def mint(
        self,
        caller: dict[str, Any],
        when: dt.datetime,
        *,
        account: str,
        role_arn: str,
        session: str,
        ip: str,
        agent: str,
        region: str = "us-east-1",
        api: str = "AssumeRole",
        extra: dict[str, Any] | None = None,
        hours: int = 1,
    ) -> tuple[str, str]:
        """An STS call that mints a session key for ``role_arn``/``session``: (key, event id)."""
        key = self.key()
        role_id = _role_id(role_arn)
        request: dict[str, Any] = {
            "roleArn": role_arn,
            "roleSessionName": session,
            "durationSeconds": 3600 * hours,
        }
        request.update(extra or {})
        response = {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "<redacted>",
                "expiration": (when + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{session}",
                "arn": assumed(role_arn, session),
            },
        }
        invoked = caller.get("invokedBy")
        event = self.add(
            caller,
            when,
            "sts",
            api,
            region,
            ip,
            agent,
            account=account,
            request=request,
            response=response,
            read_only=True,
            invoked_by=invoked,
        )
        return key, event

    # -- writing -------------------------------------------------------------------------------
    def write(self, out: Path) -> tuple[list[Path], int]:
        """The records as S3 delivery files under ``out/AWSLogs``: (files, records)."""
        batches: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
        for rec in self.records:
            when = rec["eventTime"]
            minute = int(when[14:16]) // 5 * 5
            stamp = f"{when[0:4]}{when[5:7]}{when[8:10]}T{when[11:13]}{minute:02d}Z"
            batches[(rec["recipientAccountId"], rec["awsRegion"], stamp)].append(rec)
        files = []
        for (account, region, stamp), recs in sorted(batches.items()):
            recs.sort(key=lambda r: (r["eventTime"], r["eventID"]))
            day = f"{stamp[0:4]}/{stamp[4:6]}/{stamp[6:8]}"
            folder = out / "AWSLogs" / account / "CloudTrail" / region / day
            folder.mkdir(parents=True, exist_ok=True)
            # the delivery lands a few minutes after the window it covers
            delivered = stamp[:-3] + f"{(int(stamp[-3:-1]) + 5) % 60:02d}Z"
            tag = self.hexid(16).upper()
            path = folder / f"{account}_CloudTrail_{region}_{delivered}_{tag}.json.gz"
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            path.write_bytes(_gz.compress(body))
            files.append(path)
        return files, len(self.records)


# -- identities -----------------------------------------------------------------------------------
def _role_id(arn: str) -> str:
    """A role's unique id, stable for its ARN (IAM's are random; only stability matters)."""
    digest = hashlib.sha256(arn.encode()).digest()
    return "AROA" + "".join(_KEY_CHARS[b % 32] for b in digest[:17])


def assumed(role_arn: str, session: str) -> str:
    account = role_arn.split(":")[4]
    return f"arn:aws:sts::{account}:assumed-role/{role_arn.rsplit('/', 1)[-1]}/{session}"


def role_identity(
    role_arn: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    account = role_arn.split(":")[4]
    name = role_arn.rsplit("/", 1)[-1]
    role_id = _role_id(role_arn)
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn,
            "accountId": account,
            "userName": name,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    context.update(extra or {})
    return {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": assumed(role_arn, session),
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }


def user_identity(account: str, user: str, key: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + user.upper().replace("-", "").replace(".", "")[:16].ljust(16, "Q"),
        "arn": f"arn:aws:iam::{account}:user/{user}",
        "accountId": account,
        "accessKeyId": key,
        "userName": user,
    }


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


def anonymous_identity() -> dict[str, Any]:
    # Cognito user pools' unauthenticated calls (SignUp, InitiateAuth)
    return {"type": "Unknown", "principalId": "Anonymous"}


def web_identity(subject: str, provider: str, audience: str) -> dict[str, Any]:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:{audience}:{subject}",
        "userName": subject,
        "identityProvider": provider,
    }


def saml_identity(account: str, provider: str, user: str) -> dict[str, Any]:
    return {
        "type": "SAMLUser",
        "principalId": f"{provider}:{user}",
        "userName": user,
        "identityProvider": f"arn:aws:iam::{account}:saml-provider/{provider}",
    }

"""CloudTrail records as AWS writes them (userIdentity per credential kind, data and management
events, errors, console sessions, service calls) and their delivery to S3: one gzip file per
account, region and delivery interval, named and foldered by the time it was delivered."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

Record = dict[str, Any]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Poll")
INTERVAL = dt.timedelta(hours=1)
GLOBAL = {"iam.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com"}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    """The records of a seed, kept per (account, region), and the identities they carry."""

    def __init__(self, rng: random.Random, scale: float = 1.0) -> None:
        self.rng = rng
        self.scale = scale
        self.records: dict[tuple[str, str], list[tuple[dt.datetime, Record]]] = defaultdict(list)
        self.count = 0

    # ids ------------------------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def token(self, prefix: str, n: int = 16) -> str:
        return prefix + "".join(self.rng.choice(ALNUM) for _ in range(n))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    # identities -----------------------------------------------------------------------------
    @staticmethod
    def user(acct: str, name: str, uid: str, key: str) -> Record:
        return {
            "type": "IAMUser",
            "principalId": uid,
            "arn": f"arn:aws:iam::{acct}:user/{name}",
            "accountId": acct,
            "accessKeyId": key,
            "userName": name,
        }

    @staticmethod
    def role(
        acct: str,
        role: str,
        rid: str,
        session: str,
        key: str,
        issued: dt.datetime,
        *,
        path: str = "/",
        mfa: bool = False,
        ec2: bool = False,
        invoked_by: str | None = None,
    ) -> Record:
        context: Record = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{acct}:role{path}{role}",
                "accountId": acct,
                "userName": role,
            },
            "attributes": {"creationDate": stamp(issued), "mfaAuthenticated": str(mfa).lower()},
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        else:
            context["webIdFederationData"] = {}
        out: Record = {
            "type": "AssumedRole",
            "principalId": f"{rid}:{session}",
            "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{session}",
            "accountId": acct,
            "accessKeyId": key,
            "sessionContext": context,
        }
        if invoked_by:
            out["invokedBy"] = invoked_by
        return out

    @staticmethod
    def service(name: str) -> Record:
        return {"type": "AWSService", "invokedBy": name}

    @staticmethod
    def account(acct: str, principal: str) -> Record:
        return {"type": "AWSAccount", "principalId": principal, "accountId": acct}

    @staticmethod
    def root(acct: str) -> Record:
        return {
            "type": "Root",
            "principalId": acct,
            "arn": f"arn:aws:iam::{acct}:root",
            "accountId": acct,
            "accessKeyId": "",
        }

    # records --------------------------------------------------------------------------------
    def ev(
        self,
        t: dt.datetime,
        acct: str,
        region: str,
        source: str,
        name: str,
        ident: Record,
        ip: str,
        ua: str,
        *,
        params: Record | None = None,
        resp: Record | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        resources: list[Record] | None = None,
        vpce: str | None = None,
        console: bool = False,
        kind: str = "AwsApiCall",
        readonly: bool | None = None,
        extra: Record | None = None,
    ) -> str:
        """Add one record; its eventID."""
        eid = self.uid()
        region = "us-east-1" if source in GLOBAL else region
        rec: Record = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": resp,
        }
        if error:
            rec["errorCode"], rec["errorMessage"] = error
        if kind == "AwsApiCall":
            rec["requestID"] = self.uid() if not data else self.token("", 16)
        rec["eventID"] = eid
        if readonly is None:
            readonly = name.startswith(READ_PREFIXES)
        rec["readOnly"] = readonly
        if resources:
            rec["resources"] = resources
        rec["eventType"] = kind
        rec["managementEvent"] = not data
        rec["recipientAccountId"] = acct
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = acct
        rec["eventCategory"] = "Data" if data else "Management"
        if kind == "AwsApiCall" and not ip.endswith("amazonaws.com"):
            host = source.replace(".amazonaws.com", f".{region}.amazonaws.com")
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if extra:
            rec.update(extra)
        self.records[(acct, region)].append((t, rec))
        self.count += 1
        return eid

    def s3(
        self,
        t: dt.datetime,
        acct: str,
        region: str,
        name: str,
        ident: Record,
        ip: str,
        ua: str,
        bucket: str,
        key: str,
        *,
        owner: str | None = None,
        vpce: str | None = None,
        error: tuple[str, str] | None = None,
        access_point: str | None = None,
        presigned: bool = False,
    ) -> str:
        """An S3 object-level (data) event on ``bucket``/``key``."""
        params: Record = {
            "bucketName": bucket,
            "key": key,
            "Host": f"{bucket}.s3.{region}.amazonaws.com",
        }
        resources: list[Record] = [
            {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
            {
                "accountId": owner or acct,
                "type": "AWS::S3::Bucket",
                "ARN": f"arn:aws:s3:::{bucket}",
            },
        ]
        if access_point:
            resources.append(
                {"accountId": owner or acct, "type": "AWS::S3::AccessPoint", "ARN": access_point}
            )
        extra: Record = {
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": 0,
                "AuthenticationMethod": "QueryString" if presigned else "AuthHeader",
                "x-amz-id-2": self.token("", 40),
                "bytesTransferredOut": self.rng.randrange(10**5, 10**9)
                if name == "GetObject"
                else 0,
            }
        }
        return self.ev(
            t,
            owner or acct,
            region,
            "s3.amazonaws.com",
            name,
            ident,
            ip,
            ua,
            params=params,
            data=True,
            resources=resources,
            vpce=vpce,
            error=error,
            extra=extra,
        )

    # delivery -------------------------------------------------------------------------------
    def write(self, root: Path) -> int:
        """The records in S3 layout below ``root``, one file per account, region and interval,
        named for when it was delivered; the number of files."""
        files: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, Record]]] = defaultdict(
            list
        )
        for (acct, region), recs in sorted(self.records.items()):
            for t, rec in recs:
                delivered = t + dt.timedelta(seconds=self.rng.randrange(150, 900))
                slot = delivered.replace(minute=0, second=0, microsecond=0)
                files[(acct, region, slot)].append((t, rec))
        for (acct, region, slot), recs in sorted(files.items(), key=lambda kv: kv[0]):
            at = slot + INTERVAL + dt.timedelta(minutes=self.rng.randrange(0, 5))
            folder = root / "AWSLogs" / acct / "CloudTrail" / region / at.strftime("%Y/%m/%d")
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{acct}_CloudTrail_{region}_{at:%Y%m%dT%H%MZ}_{self.token('', 16)}.json.gz"
            recs.sort(key=lambda r: r[0])
            body = json.dumps({"Records": [r for _, r in recs]}, separators=(",", ":"))
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(_gz.compress(body.encode()))
            tmp.replace(folder / name)
        return len(files)

"""CloudTrail records and identities as AWS writes them, a seeded clock, and the writer of the
S3 layout (five-minute delivery files per account and region), ``truth.csv``, ``threat.txt``
and the GeoIP stand-ins."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout12 import _org

Record = dict[str, Any]
GLOBAL = {"iam", "organizations", "sts-global"}
READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "Lookup",
    "Head",
    "BatchGet",
    "Query",
    "Search",
    "Select",
)
DATA_EVENTS = {
    ("s3", "GetObject"),
    ("s3", "PutObject"),
    ("s3", "DeleteObject"),
    ("s3", "ListObjectsV2"),
    ("s3", "ListObjects"),
    ("kinesis", "PutRecords"),
    ("kinesis", "GetRecords"),
    ("kinesis", "PutRecord"),
    ("lambda", "Invoke"),
}
BUILD_EPOCH = 1782864000  # 2026-07-01T00:00:00Z, the databases' build time
SOURCES = {"cloudwatch": "monitoring", "timestream": "timestream", "ec2ic": "ec2-instance-connect"}


def rng(*parts: object) -> random.Random:
    """A generator seeded by the parts (stable across runs and Python versions)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def uid(r: random.Random) -> str:
    return str(uuid.UUID(int=r.getrandbits(128), version=4))


def key(r: random.Random, prefix: str = "ASIA") -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return prefix + "".join(r.choice(alphabet) for _ in range(16))


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- identities ------------------------------------------------------------------------------
def user(account: str, name: str, access_key: str) -> Record:
    return {
        "type": "IAMUser",
        "principalId": "AIDA" + hashlib.md5(name.encode()).hexdigest()[:17].upper(),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": access_key,
        "userName": name,
    }


def role_id(account: str, role: str) -> str:
    return "AROA" + hashlib.md5(f"{account}/{role}".encode()).hexdigest()[:17].upper()


def assumed(
    account: str,
    role: str,
    session: str,
    access_key: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    source_identity: str | None = None,
    ec2: bool = False,
    invoked_by: str | None = None,
) -> Record:
    rid, short = role_id(account, role), role.rsplit("/", 1)[-1]
    ctx: Record = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": rid,
            "arn": _org.role_arn(account, role),
            "accountId": account,
            "userName": short,
        },
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if source_identity:
        ctx["sourceIdentity"] = source_identity
    if ec2:
        ctx["ec2RoleDelivery"] = "2.0"
    out: Record = {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{short}/{session}",
        "accountId": account,
        "accessKeyId": access_key,
        "sessionContext": ctx,
    }
    if invoked_by:
        out["invokedBy"] = invoked_by
    return out


def service(name: str) -> Record:
    return {"type": "AWSService", "invokedBy": name}


def other_account(account: str, role: str, session: str, access_key: str) -> Record:
    """A caller in an account outside the trail (cross-account AssumeRole)."""
    return {
        "type": "AWSAccount",
        "principalId": f"{role_id(account, role)}:{session}",
        "accountId": account,
        "accessKeyId": access_key,
    }


def saml(account: str, upn: str) -> Record:
    return {
        "type": "SAMLUser",
        "principalId": f"{hashlib.md5(upn.encode()).hexdigest()[:22]}:{upn}",
        "userName": upn,
        "identityProvider": _org.saml_provider(account),
    }


# ---- records -----------------------------------------------------------------------------------
def record(
    r: random.Random,
    when: dt.datetime,
    api: str,
    ident: Record,
    *,
    account: str,
    region: str,
    ip: str,
    ua: str,
    request: Record | None = None,
    response: Record | None = None,
    error: tuple[str, str] | None = None,
    console: bool = False,
    event_type: str = "AwsApiCall",
    resources: list[Record] | None = None,
    extra: Record | None = None,
) -> Record:
    """One CloudTrail record; ``api`` is ``service:Action`` (``s3:GetObject``)."""
    svc, name = api.split(":", 1)
    host = SOURCES.get(svc, svc)
    data = (svc, name) in DATA_EVENTS
    rec: Record = {
        "eventVersion": "1.10" if data else "1.09",
        "userIdentity": ident,
        "eventTime": iso(when),
        "eventSource": f"{host}.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1" if svc in GLOBAL else region,
        "sourceIPAddress": ip,
        "userAgent": ua,
        "requestParameters": request,
        "responseElements": response,
        "requestID": uid(r),
        "eventID": uid(r),
        "readOnly": name.startswith(READ_PREFIXES),
        "eventType": event_type,
        "managementEvent": not data,
        "recipientAccountId": account,
        "eventCategory": "Data" if data else "Management",
    }
    if error:
        rec["errorCode"], rec["errorMessage"] = error
    if console:
        rec["sessionCredentialFromConsole"] = "true"
    if resources:
        rec["resources"] = resources
    if ip[0].isdigit() and not ip.startswith("10."):
        rec["tlsDetails"] = {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{host}.{region}.amazonaws.com",
        }
    if extra:
        rec.update(extra)
    return rec


def minted(
    r: random.Random,
    when: dt.datetime,
    by: str,
    account: str,
    region: str,
    role: str,
    session: str,
    access_key: str,
    *,
    hours: int = 1,
    source_identity: str | None = None,
) -> Record:
    """``sts:AssumeRole`` made by an AWS service (``by``) for the code it runs."""
    request: Record = {"roleArn": _org.role_arn(account, role), "roleSessionName": session}
    if source_identity:
        request["sourceIdentity"] = source_identity
    response = {
        "credentials": {
            "accessKeyId": access_key,
            "sessionToken": "<redacted>",
            "expiration": iso(when + dt.timedelta(hours=hours)),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{role_id(account, role)}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role.rsplit('/', 1)[-1]}/{session}",
        },
    }
    return record(
        r, when, "sts:AssumeRole", service(by), account=account, region=region, ip=by, ua=by,
        request=request, response=response,
        resources=[{"accountId": account, "type": "AWS::IAM::Role", "ARN": _org.role_arn(account, role)}],
        extra={"sharedEventID": uid(r)},
    )  # fmt: skip


def s3_resources(account: str, bucket: str, obj: str | None = None) -> list[Record]:
    out = [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}", "accountId": account}]
    if obj:
        out.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"})
    return out


# ---- the writer ----------------------------------------------------------------------------------
def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_trail(records: Iterable[Record], out: Path, seed: int) -> int:
    """``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<ts>_<id>.json.gz``,
    one file per account, region and five minutes (delivered a few minutes later). Returns
    the number of files."""
    files: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    for rec in records:
        t = rec["eventTime"]
        bucket = t[:14] + f"{int(t[14:16]) // 5 * 5:02d}"
        files[(rec["recipientAccountId"], rec["awsRegion"], bucket)].append(rec)
    for (account, region, bucket), recs in sorted(files.items()):
        recs.sort(key=lambda x: x["eventTime"])
        r = rng(seed, "file", account, region, bucket)
        stamp = dt.datetime.strptime(bucket, "%Y-%m-%dT%H:%M") + dt.timedelta(
            minutes=5 + r.randrange(5)
        )
        day = out / "AWSLogs" / account / "CloudTrail" / region / stamp.strftime("%Y/%m/%d")
        day.mkdir(parents=True, exist_ok=True)
        name = (
            f"{account}_CloudTrail_{region}_{stamp:%Y%m%dT%H%MZ}_{r.getrandbits(64):016X}.json.gz"
        )
        body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
        _atomic(day / name, _gz.compress(body))
    return len(files)


TRUTH_COLUMNS = (
    "id", "name", "label", "access_key_id", "principal_arn", "source_ip", "event_ids",
    "start", "end", "expected_min_severity", "expected_max_severity",
)  # fmt: skip


def write_truth(rows: list[Record], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c) or "" for c in TRUTH_COLUMNS})
    os.replace(tmp, path)


def write_geo(out: Path) -> tuple[Path, Path]:
    """``geo/heldout12-ASN.mmdb`` and ``geo/heldout12-City.mmdb``: every network of the plan
    and the EC2 prefixes AWS addresses come from."""
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet

    class Writer(MMDBWriter):  # type: ignore[misc]
        """A fixed build time (mmdb-writer stamps the clock), so the same seed gives the same bytes."""

        def _build_meta(self) -> dict[str, Any]:
            return {**super()._build_meta(), "build_epoch": BUILD_EPOCH}

    out.mkdir(parents=True, exist_ok=True)
    asn = Writer(ip_version=4, database_type="GeoLite2-ASN")
    city = Writer(ip_version=4, database_type="GeoLite2-City")
    entries = [(n.block, n.asn, n.org, n.country, n.city, n.lat, n.lon) for n in _org.NETS.values()]
    for region, blocks in _org.AWS_BLOCKS.items():
        country, town, lat, lon = _org.AWS_GEO[region]
        entries += [(b, 16509, "AMAZON-02", country, town, lat, lon) for b in blocks]
    for block, number, org, country, town, lat, lon in entries:
        nets = IPSet([block])
        asn.insert_network(
            nets, {"autonomous_system_number": number, "autonomous_system_organization": org}
        )
        city.insert_network(
            nets,
            {
                "country": {"iso_code": country, "names": {"en": country}},
                "city": {"names": {"en": town}},
                "location": {"latitude": lat, "longitude": lon},
            },
        )
    paths = out / "heldout12-ASN.mmdb", out / "heldout12-City.mmdb"
    for writer, path in zip((asn, city), paths, strict=True):
        tmp = path.with_name(path.name + ".tmp")
        writer.to_db_file(str(tmp))
        os.replace(tmp, path)
    return paths

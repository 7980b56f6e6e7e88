"""S3 object calls on the two buckets whose data events are logged, and console sign-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout6._org import IRB, PUBLIC, Org
from benchmarks.heldout6._records import TLS, Who, uid

PREFIXES = {
    PUBLIC: ("era5/2023/", "cmip6/ssp245/", "noaa-gfs/2024/", "landsat-l2/"),
    IRB: ("cohort-2019/visits/", "cohort-2019/imaging/", "cohort-2022/surveys/"),
}


def object_key(org: Org, bucket: str) -> str:
    rng = org.rng
    return f"{rng.choice(PREFIXES[bucket])}part-{rng.randrange(100000):05d}.{'nc' if bucket == PUBLIC else 'parquet'}"


def data_event(
    org: Org,
    t: dt.datetime,
    who: Who,
    name: str,
    bucket: str,
    ip: str,
    ua: str,
    *,
    vpce: str | None = None,
    error: str | None = None,
    size: int | None = None,
    key: str | None = None,
) -> dict[str, Any]:
    rng = org.rng
    research = org.accounts["research"]
    key = key or object_key(org, bucket)
    host = f"{bucket}.s3.us-east-1.amazonaws.com"
    params: dict[str, Any] = {"bucketName": bucket, "Host": host}
    resources: list[dict[str, Any]] = [
        {"accountId": research, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}
    ]
    if name.startswith("ListObjects"):
        params.update({"list-type": "2", "prefix": key.rsplit("/", 1)[0] + "/", "delimiter": "/"})
    else:
        params["key"] = key
        resources.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"})
    size = size if size is not None else rng.randrange(40_000, 90_000_000)
    out_bytes = size if name == "GetObject" else 0
    in_bytes = size if name in ("PutObject", "UploadPart") else 0
    additional = {
        "SignatureVersion": "SigV4" if who.kind != "anonymous" else None,
        "CipherSuite": TLS[0][1] if not vpce else "ECDHE-RSA-AES128-GCM-SHA256",
        "bytesTransferredIn": in_bytes,
        "bytesTransferredOut": out_bytes,
        "AuthenticationMethod": "AuthHeader" if who.kind != "anonymous" else None,
        "x-amz-id-2": uid(rng).replace("-", "") + "=",
    }
    additional = {k: v for k, v in additional.items() if v is not None}
    return org.emit(
        t,
        who,
        "s3",
        name,
        "us-east-1",
        ip,
        ua,
        recipient=research,
        params=params,
        response=None,
        error=error,
        resources=resources,
        additional=additional,
        vpce=vpce,
        read_only=name in ("GetObject", "HeadObject", "ListObjects", "ListObjectsV2"),
    )


def console_login(
    org: Org, t: dt.datetime, who: Who, ip: str, ua: str, *, mfa: bool, ok: bool = True
) -> dict[str, Any]:
    signer = Who("user", who.account, who.arn, who.principal_id, name=who.name)
    additional: dict[str, Any] = {
        "LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1",
        "MobileVersion": "No",
        "MFAUsed": "Yes" if mfa else "No",
    }
    if mfa:
        additional["MFAIdentifier"] = f"arn:aws:iam::{who.account}:mfa/{who.name}"
    return org.emit(
        t,
        signer,
        "signin",
        "ConsoleLogin",
        "us-east-1",
        ip,
        ua,
        params=None,
        response={"ConsoleLogin": "Success" if ok else "Failure"},
        error=None if ok else "Failed authentication",
        additional=additional,
        read_only=False,
        event_type="AwsConsoleSignIn",
    )

"""The attacks A1...A4 of the scored days (each drawn from a public incident pattern) and the
helpers the others share; A5...A11 are in ``thefts``."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout34.background import at
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail, s3_extra, s3_resources
from benchmarks.heldout34.identity import cross_assume, sso_mint
from benchmarks.heldout34.org import (
    DATA,
    EXTERNAL_ID,
    OPS,
    PROVIDER,
    REG,
    VENDOR,
    VENDOR_ROLE_ID,
    Org,
    Person,
)
from benchmarks.heldout34.truth import Truth

ATTACKER_ACCOUNT, KMS_ACCOUNT, PROBE_ACCOUNT = "208875431190", "571234098765", "613458792201"


def s3get(
    trail: Trail,
    t: dt.datetime,
    account: str,
    ident: dict[str, Any],
    region: str,
    ip: str,
    ua: str,
    bucket: str,
    key: str,
    name: str = "GetObject",
    read: bool = True,
    req: dict[str, Any] | None = None,
    error: tuple[str, str] | None = None,
) -> None:
    trail.call(
        t,
        account,
        ident,
        "s3.amazonaws.com",
        name,
        region,
        ip,
        ua,
        read=read,
        data=True,
        req={"bucketName": bucket, "key": key, **(req or {})},
        resources=s3_resources(account, bucket, key),
        extra=s3_extra(trail, out_bytes=random.Random(key).randrange(10**5, 10**7) if read else 0),
        error=error,
    )


DENIED = (
    "AccessDenied",
    "User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
)


def denied(arn: str, action: str) -> tuple[str, str]:
    return DENIED[0], DENIED[1].format(arn=arn, action=action)


def a1_miner(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The volunteers' Athena key, committed in a public notebook, picked up by a cryptomining
    bot within hours: identity check, then GPU instances tried in every region it can."""
    user = org.users["volunteer-athena"]
    key, ip, ua = user.keys[0], org.addr.pick("do_sgp"), UA["miner"]
    t0 = t = at(day, 3 + rng.random())
    ident = user.ident(key)
    trail.call(t, DATA, ident, "sts.amazonaws.com", "GetCallerIdentity", GLOBAL, ip, ua, read=True)
    trail.call(
        t + dt.timedelta(seconds=4),
        DATA,
        ident,
        "iam.amazonaws.com",
        "ListAttachedUserPolicies",
        GLOBAL,
        ip,
        ua,
        read=True,
        req={"userName": user.name},
        error=denied(user.arn, "iam:ListAttachedUserPolicies"),
    )
    for i, region in enumerate(
        ["eu-central-1", "af-south-1", "me-south-1", "us-east-1", "eu-west-1", "ap-southeast-1"]
    ):
        t = t0 + dt.timedelta(seconds=10 + 9 * i)
        trail.call(
            t,
            DATA,
            ident,
            "ec2.amazonaws.com",
            "DescribeRegions",
            region,
            ip,
            ua,
            read=True,
            error=(
                "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation.",
            ),
        )
        trail.call(
            t + dt.timedelta(seconds=3),
            DATA,
            ident,
            "ec2.amazonaws.com",
            "RunInstances",
            region,
            ip,
            ua,
            read=False,
            req={
                "instanceType": "g4dn.12xlarge",
                "instancesSet": {
                    "items": [{"imageId": "ami-0" + trail.hexid(16), "minCount": 1, "maxCount": 8}]
                },
            },
            error=(
                "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation. User: "
                + user.arn
                + " is not authorized to perform: ec2:RunInstances",
            ),
        )
    t = t0 + dt.timedelta(seconds=80)
    trail.call(
        t,
        DATA,
        ident,
        "iam.amazonaws.com",
        "CreateUser",
        GLOBAL,
        ip,
        ua,
        read=False,
        req={"userName": "aws-mining-svc"},
        error=denied(user.arn, "iam:CreateUser"),
    )
    trail.call(
        t + dt.timedelta(seconds=5),
        DATA,
        ident,
        "servicequotas.amazonaws.com",
        "GetServiceQuota",
        "eu-central-1",
        ip,
        ua,
        read=True,
        req={"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
        error=denied(user.arn, "servicequotas:GetServiceQuota"),
    )
    truth.add(
        "A1",
        "volunteers' Athena key from a public notebook used by a cryptomining bot",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=1),
        key=key,
        principal=user.arn,
        ips=(ip,),
    )


def a2_phished_export(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, victim: Person
) -> None:
    """An AiTM phishing kit relays a developer's Google sign-in; the attacker enters Identity
    Center from a VPN exit and exports the beneficiaries table to a bucket it owns."""
    ip, ua = org.addr.pick("m247_nl"), UA["chrome"]
    t0 = at(day, 18.5 + rng.random())
    role = org.sso(REG, victim.pset)
    s = sso_mint(trail, t0, role, victim.email, ip, ua, PROVIDER, console=True)
    t = t0
    for name, req in (
        ("ListTables", None),
        ("DescribeTable", {"tableName": "beneficiaries"}),
        ("DescribeContinuousBackups", {"tableName": "beneficiaries"}),
    ):
        t += dt.timedelta(seconds=rng.randint(20, 90))
        trail.call(
            t,
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            name,
            "af-south-1",
            ip,
            ua,
            read=True,
            req=req,
        )
    t += dt.timedelta(seconds=70)
    export = f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries/export/01733{trail.hexid(8)}"
    trail.call(
        t,
        REG,
        s.ident(),
        "dynamodb.amazonaws.com",
        "ExportTableToPointInTime",
        "af-south-1",
        ip,
        ua,
        read=False,
        req={
            "tableArn": f"arn:aws:dynamodb:af-south-1:{REG}:table/beneficiaries",
            "s3Bucket": "reg-archive-sync-0930",
            "s3BucketOwner": ATTACKER_ACCOUNT,
            "exportFormat": "DYNAMODB_JSON",
        },
        resp={"exportDescription": {"exportArn": export, "exportStatus": "IN_PROGRESS"}},
    )
    for k in range(3):
        trail.call(
            t + dt.timedelta(minutes=3 + 4 * k),
            REG,
            s.ident(),
            "dynamodb.amazonaws.com",
            "DescribeExport",
            "af-south-1",
            ip,
            ua,
            read=True,
            req={"exportArn": export},
        )
    truth.add(
        "A2",
        "phished developer session exports the beneficiaries table to an outside bucket",
        "attack",
        "high",
        t0,
        t + dt.timedelta(minutes=15),
        key=s.key,
        principal=s.arn,
        ips=(ip,),
    )


def a3_ransom(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """The NAS backup key, taken by ransomware on the NAS, re-encrypting the backups with the
    attacker's own KMS key, expiring old versions and leaving a note."""
    user = org.users["svc-backup-geneva"]
    key, ip, ua = user.keys[0], org.addr.pick("contabo_de"), UA["requests"]
    ident, bucket = user.ident(key), "lumen-gva-nas-backup"
    t0 = t = at(day, 22 + rng.random())
    trail.call(
        t,
        OPS,
        ident,
        "s3.amazonaws.com",
        "ListBuckets",
        "eu-central-1",
        ip,
        ua,
        read=True,
        data=False,
    )
    trail.call(
        t + dt.timedelta(seconds=3),
        OPS,
        ident,
        "s3.amazonaws.com",
        "GetBucketVersioning",
        "eu-central-1",
        ip,
        ua,
        read=True,
        req={"bucketName": bucket},
    )
    kms = f"arn:aws:kms:eu-central-1:{KMS_ACCOUNT}:key/{trail.uid()}"
    for _k in range(max(25, int(60 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(1, 4))
        obj = (
            f"nas/shares/{rng.choice(['finance', 'hr', 'programmes', 'grants'])}/{trail.hexid(10)}"
        )
        s3get(
            trail,
            t,
            OPS,
            ident,
            "eu-central-1",
            ip,
            ua,
            bucket,
            obj,
            name="CopyObject",
            read=False,
            req={
                "x-amz-copy-source": f"{bucket}/{obj}",
                "x-amz-server-side-encryption": "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id": kms,
            },
        )
    trail.call(
        t + dt.timedelta(seconds=10),
        OPS,
        ident,
        "s3.amazonaws.com",
        "PutBucketLifecycleConfiguration",
        "eu-central-1",
        ip,
        ua,
        read=False,
        req={
            "bucketName": bucket,
            "LifecycleConfiguration": {
                "Rule": {"NoncurrentVersionExpiration": {"NoncurrentDays": 1}, "Status": "Enabled"}
            },
        },
    )
    s3get(
        trail,
        t + dt.timedelta(seconds=15),
        OPS,
        ident,
        "eu-central-1",
        ip,
        ua,
        bucket,
        "README-RESTORE-FILES.txt",
        name="PutObject",
        read=False,
    )
    truth.add(
        "A3",
        "NAS backup key re-encrypts the backups with an outside KMS key and leaves a ransom note",
        "attack",
        "critical",
        t0,
        t + dt.timedelta(minutes=1),
        key=key,
        principal=user.arn,
        ips=(ip,),
    )


def a4_vendor(trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random) -> None:
    """After the donor-CRM vendor's breach, its sync worker's credentials assume Lumen's role
    (the external ID is in the vendor's config) from a VPS, and read the programme lake."""
    ip, ua = org.addr.pick("vultr_us"), UA["pacu"]
    t0 = at(day, 1 + rng.random())
    s = cross_assume(
        trail,
        t0,
        org.roles["vendor"],
        VENDOR,
        VENDOR_ROLE_ID,
        "givestack-sync-worker",
        ip,
        ua,
        external_id=EXTERNAL_ID,
    )
    assert s is not None
    t = t0 + dt.timedelta(seconds=5)
    trail.call(
        t,
        DATA,
        s.ident(),
        "s3.amazonaws.com",
        "ListBuckets",
        "eu-central-1",
        ip,
        ua,
        read=True,
        error=denied(s.arn, "s3:ListAllMyBuckets"),
    )
    for bucket in ("lumen-donor-exchange", "lumen-programme-lake"):
        t += dt.timedelta(seconds=8)
        err = None if bucket == "lumen-donor-exchange" else denied(s.arn, "s3:ListBucket")
        trail.call(
            t,
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "ListObjects",
            "eu-central-1",
            ip,
            ua,
            read=True,
            data=True,
            req={"bucketName": bucket, "prefix": "", "list-type": "2"},
            resources=s3_resources(DATA, bucket, None),
            error=err,
        )
    for k in range(12):
        t += dt.timedelta(seconds=rng.randint(2, 9))
        s3get(
            trail,
            t,
            DATA,
            s.ident(),
            "eu-central-1",
            ip,
            ua,
            "lumen-donor-exchange",
            f"outbound/gifts-2026-{11 - k // 6:02d}-{10 + k:02d}.csv",
        )
    truth.add(
        "A4",
        "donor-CRM vendor's breached worker credentials assume the sync role from a VPS",
        "attack",
        "medium",
        t0,
        t + dt.timedelta(minutes=1),
        key=s.key,
        principal=s.role.arn,
        ips=(ip,),
    )

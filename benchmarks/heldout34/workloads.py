"""The workloads of one day: the registration app (field tablets through Cognito, Lambda
functions writing DynamoDB), the Kobo servers, the Geneva NAS backup, the donor CRM's hourly
sync, the nightly donor report on Fargate and AWS Config."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from benchmarks.heldout34.background import REGION, at, athena_query, workday
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail, s3_extra, s3_resources
from benchmarks.heldout34.identity import Session, cross_assume, service_mint
from benchmarks.heldout34.org import (
    DATA,
    EXTERNAL_ID,
    OFFICES,
    OPS,
    REG,
    VENDOR,
    VENDOR_ROLE_ID,
    Org,
)


def lambdas(trail: Trail, org: Org, day: dt.date, rng: random.Random, runtime: str) -> Session:
    """The registration functions' day; returns the submit function's midday session in
    af-south-1."""
    midday: Session | None = None
    for region, fn_ip, lookup_ip, offices in (
        ("af-south-1", "submit_af", "lookup_af", ("nbo",)),
        ("me-south-1", "submit_me", "lookup_me", ("amm", "cxb")),
    ):
        busy = sum(workday(day, o) for o in offices) / len(offices)
        n = int(org.scale * (430 if region == "af-south-1" else 360) * (0.15 + 0.85 * busy))
        times = sorted(at(day, 4 + rng.random() * 12) for _ in range(max(n, 3)))
        sessions: dict[tuple[str, int], Session] = {}
        for t in times:
            for fn, ua, ip in (
                ("reg-submit", UA[runtime], org.ips[fn_ip]),
                ("reg-lookup", UA["lambda_node"], org.ips[lookup_ip]),
            ):
                block = (fn, t.hour // 3)
                if block not in sessions:
                    sessions[block] = service_mint(
                        trail,
                        t - dt.timedelta(seconds=2),
                        org.roles[fn.split("-")[1]],
                        fn,
                        "lambda.amazonaws.com",
                        region,
                    )
                s = sessions[block]
                if midday is None and fn == "reg-submit" and region == "af-south-1" and t.hour >= 9:
                    midday = s
                if fn == "reg-submit":
                    trail.call(
                        t,
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "Query",
                        region,
                        ip,
                        ua,
                        read=True,
                        data=True,
                        req={"tableName": "beneficiaries", "indexName": "household-index"},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
                    trail.call(
                        t + dt.timedelta(seconds=1),
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "PutItem",
                        region,
                        ip,
                        ua,
                        read=False,
                        data=True,
                        req={"tableName": "beneficiaries", "key": {"case_id": "*"}},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
                elif rng.random() < 0.5:
                    trail.call(
                        t + dt.timedelta(seconds=30),
                        REG,
                        s.ident(),
                        "dynamodb.amazonaws.com",
                        "GetItem",
                        region,
                        ip,
                        ua,
                        read=True,
                        data=True,
                        req={"tableName": "beneficiaries", "key": {"case_id": "*"}},
                        resources=[
                            {
                                "accountId": REG,
                                "type": "AWS::DynamoDB::Table",
                                "ARN": f"arn:aws:dynamodb:{region}:{REG}:table/beneficiaries",
                            }
                        ],
                    )
    assert midday is not None
    return midday


def tablets(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, moved: dict[str, str]
) -> None:
    role = org.roles["cognito_auth"]
    for office, n in (("nbo", 9), ("amm", 7), ("cxb", 9)):
        if not workday(day, office):
            continue
        region = REGION[office]
        for _ in range(max(1, round(n * org.scale))):
            ip = org.addr.pick(
                {"nbo": "nbo_mobile", "amm": "amm_mobile", "cxb": "cxb_mobile"}[office]
            )
            t = at(day, 9 - OFFICES[office][0] + rng.random() * 6)
            identity = f"{region}:{trail.uid()}"
            s = Session(
                role,
                "CognitoIdentityCredentials",
                trail.ident("ASIA"),
                t,
                web_identity="authenticated",
            )
            ua = "aws-sdk-android/2.77.0 Linux/4.19.191-g5c3e2f1 Dalvik/2.1.0/0 en_US"
            trail.call(
                t,
                REG,
                {
                    "type": "WebIdentityUser",
                    "principalId": f"cognito-identity.amazonaws.com:{region}:5b2f0e1c:{identity}",
                    "userName": identity,
                    "identityProvider": "cognito-identity.amazonaws.com",
                },
                "sts.amazonaws.com",
                "AssumeRoleWithWebIdentity",
                region,
                ip,
                ua,
                read=True,
                req={"roleArn": role.arn, "roleSessionName": "CognitoIdentityCredentials"},
                resp={
                    "credentials": {"accessKeyId": s.key},
                    "subjectFromWebIdentityToken": identity,
                    "assumedRoleUser": {
                        "arn": s.arn,
                        "assumedRoleId": f"{role.role_id}:CognitoIdentityCredentials",
                    },
                },
            )
            for k in range(rng.randint(3, 9)):
                key = f"cases/{trail.hexid(12)}/id-photo.jpg"
                trail.call(
                    t + dt.timedelta(minutes=5 + 11 * k),
                    REG,
                    s.ident(),
                    "s3.amazonaws.com",
                    "PutObject",
                    region,
                    ip,
                    ua,
                    read=False,
                    data=True,
                    req={"bucketName": f"lumen-reg-docs-{region}", "key": key},
                    resources=s3_resources(REG, f"lumen-reg-docs-{region}", key),
                    extra=s3_extra(trail, in_bytes=rng.randrange(200_000, 2_000_000)),
                )


def machines(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, kobo_key: Callable[[int], str]
) -> None:
    """The Kobo server's IAM key (Nairobi office), the Kobo EC2 instance, the NAS backup."""
    kobo = org.users["svc-kobo-sync"]
    for h in range(24):
        t = at(day, h + rng.random() * 0.2)
        ident = kobo.ident(kobo_key(h))
        for name, read, src in (
            ("ListObjects", True, "s3"),
            ("PutObject", False, "s3"),
            ("BatchWriteItem", False, "dynamodb"),
        ):
            if src == "s3":
                bucket, key = (
                    "lumen-kobo-raw",
                    (None if read else f"submissions/{day}/{trail.hexid(10)}.json"),
                )
                trail.call(
                    t,
                    REG,
                    ident,
                    "s3.amazonaws.com",
                    name,
                    "af-south-1",
                    org.ips["kobo_nbo"],
                    UA["kobo"],
                    read=read,
                    data=True,
                    req={
                        "bucketName": bucket,
                        **({"key": key} if key else {"prefix": "submissions/", "list-type": "2"}),
                    },
                    resources=s3_resources(REG, bucket, key),
                    extra=s3_extra(trail),
                )
            else:
                trail.call(
                    t + dt.timedelta(seconds=3),
                    REG,
                    ident,
                    "dynamodb.amazonaws.com",
                    name,
                    "af-south-1",
                    org.ips["kobo_nbo"],
                    UA["kobo"],
                    read=False,
                    data=True,
                    req={"requestItems": {"kobo_submissions": "*"}},
                )
    instance = "i-0c4a7e19b2d35f806"
    s = None
    for h in range(24):
        t = at(day, h + 0.05)
        if h % 6 == 0:
            s = service_mint(
                trail,
                t - dt.timedelta(minutes=10),
                org.roles["kobo_ec2"],
                instance,
                "ec2.amazonaws.com",
                "af-south-1",
                ec2="2.0",
            )
        assert s is not None
        trail.call(
            t,
            OPS,
            s.ident(),
            "ssm.amazonaws.com",
            "UpdateInstanceInformation",
            "af-south-1",
            org.ips["kobo_ec2"],
            "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0",
            read=False,
            req={"instanceId": instance, "agentStatus": "Active"},
        )
        key = f"kobo/db/{day}/{h:02d}.sql.gz"
        trail.call(
            t + dt.timedelta(minutes=2),
            OPS,
            s.ident(),
            "s3.amazonaws.com",
            "PutObject",
            "af-south-1",
            f"10.40.{h % 4}.{17 + h % 3}",
            UA["kobo_ec2"],
            read=False,
            data=True,
            req={"bucketName": "lumen-ops-kobo-backup", "key": key},
            resources=s3_resources(OPS, "lumen-ops-kobo-backup", key),
            extra=s3_extra(trail, in_bytes=rng.randrange(10**6, 10**8)),
            vpce="vpce-0a7f3c19d2b4e5f60",
        )
    backup = org.users["svc-backup-geneva"]
    t = at(day, 0.1 + rng.random() * 0.3)
    for _ in range(max(20, int(180 * org.scale))):
        t += dt.timedelta(seconds=rng.randint(5, 40))
        key = (
            f"nas/shares/{rng.choice(['finance', 'hr', 'programmes', 'grants'])}/{trail.hexid(10)}"
        )
        name, read = rng.choice([("PutObject", False), ("HeadObject", True), ("PutObject", False)])
        trail.call(
            t,
            OPS,
            backup.ident(backup.keys[0]),
            "s3.amazonaws.com",
            name,
            "eu-central-1",
            org.ips["backup_gva"],
            UA["rclone"],
            read=read,
            data=True,
            req={"bucketName": "lumen-gva-nas-backup", "key": key},
            resources=s3_resources(OPS, "lumen-gva-nas-backup", key),
            extra=s3_extra(trail),
        )


def partners(trail: Trail, org: Org, day: dt.date, rng: random.Random, vendor_net: str) -> Session:
    """The donor CRM's hourly sync from its own AWS account, the nightly donor report task."""
    role = org.roles["vendor"]
    for h in range(24):
        t = at(day, h + 0.03 + rng.random() * 0.05)
        ip = (
            org.ips["vendor"]
            if vendor_net == "aws_iad"
            else org.ips.setdefault("vendor_dub", org.addr.pick("aws_dub"))
        )
        s = cross_assume(
            trail,
            t,
            role,
            VENDOR,
            VENDOR_ROLE_ID,
            "givestack-sync-worker",
            ip,
            UA["vendor"],
            external_id=EXTERNAL_ID,
        )
        assert s is not None
        trail.call(
            t + dt.timedelta(seconds=2),
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "ListObjects",
            "eu-central-1",
            ip,
            UA["vendor"],
            read=True,
            data=True,
            req={"bucketName": "lumen-donor-exchange", "prefix": "outbound/", "list-type": "2"},
            resources=s3_resources(DATA, "lumen-donor-exchange", None),
            extra=s3_extra(trail),
        )
        if h % 6 == 2:
            key = f"outbound/gifts-{day}.csv"
            trail.call(
                t + dt.timedelta(seconds=4),
                DATA,
                s.ident(),
                "s3.amazonaws.com",
                "GetObject",
                "eu-central-1",
                ip,
                UA["vendor"],
                read=True,
                data=True,
                req={"bucketName": "lumen-donor-exchange", "key": key},
                resources=s3_resources(DATA, "lumen-donor-exchange", key),
                extra=s3_extra(trail, out_bytes=rng.randrange(10**4, 10**6)),
            )
        key = f"inbound/donors-{day}-{h:02d}.json"
        trail.call(
            t + dt.timedelta(seconds=6),
            DATA,
            s.ident(),
            "s3.amazonaws.com",
            "PutObject",
            "eu-central-1",
            ip,
            UA["vendor"],
            read=False,
            data=True,
            req={"bucketName": "lumen-donor-exchange", "key": key},
            resources=s3_resources(DATA, "lumen-donor-exchange", key),
            extra=s3_extra(trail, in_bytes=rng.randrange(10**3, 10**5)),
        )
    t = at(day, 2 + rng.random() * 0.1)
    s = service_mint(
        trail, t, org.roles["report"], trail.hexid(32), "ecs-tasks.amazonaws.com", "eu-central-1"
    )
    for _ in range(3):
        t = athena_query(
            trail,
            t + dt.timedelta(seconds=20),
            s,
            org.ips["report"],
            UA["ecs_report"],
            "eu-central-1",
            "donations",
            "lumen-programme-lake",
        )
    key = f"outbound/gifts-{day}.csv"
    trail.call(
        t,
        DATA,
        s.ident(),
        "s3.amazonaws.com",
        "PutObject",
        "eu-central-1",
        org.ips["report"],
        UA["ecs_report"],
        read=False,
        data=True,
        req={"bucketName": "lumen-donor-exchange", "key": key},
        resources=s3_resources(DATA, "lumen-donor-exchange", key),
        extra=s3_extra(trail),
    )
    return s


def config(
    trail: Trail, org: Org, day: dt.date, rng: random.Random, accounts: list[tuple[str, str, str]]
) -> None:
    for key, account, region in accounts:
        t = at(day, rng.random() * 2)
        s = service_mint(
            trail, t, org.roles[key], "AWSConfig-Describe", "config.amazonaws.com", region
        )
        for name, source in (
            ("DescribeInstances", "ec2"),
            ("DescribeSecurityGroups", "ec2"),
            ("ListBuckets", "s3"),
            ("GetBucketAcl", "s3"),
            ("ListRoles", "iam"),
            ("DescribeVpcs", "ec2"),
            ("ListFunctions20150331", "lambda"),
            ("DescribeTable", "dynamodb"),
        ):
            t += dt.timedelta(seconds=rng.randint(1, 600))
            trail.call(
                t,
                account,
                s.ident("config.amazonaws.com"),
                f"{source}.amazonaws.com",
                name,
                GLOBAL if source == "iam" else region,
                "config.amazonaws.com",
                "config.amazonaws.com",
                read=True,
            )

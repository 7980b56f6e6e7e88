"""Attacks on people's and IAM users' credentials, and on the CI role."""

from __future__ import annotations

import datetime as dt
import json

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._cast import LEGACY
from benchmarks.heldout._incidents import (
    ENUM_BOTO,
    KALI_CLI,
    WIN_CLI,
    burst,
    person,
    truth,
)
from benchmarks.heldout._org import DATA_BUCKET, PROD, SSO_PATH, Ctx, sso_role
from benchmarks.heldout._people import ci_run

ENUMERATE = [
    (s, n)
    for s, n in [
        ("iam", "ListUsers"),
        ("iam", "ListRoles"),
        ("iam", "ListPolicies"),
        ("iam", "GetAccountSummary"),
        ("iam", "ListGroups"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeVpcs"),
        ("ec2", "DescribeRegions"),
        ("s3", "ListBuckets"),
        ("lambda", "ListFunctions"),
        ("rds", "DescribeDBInstances"),
        ("dynamodb", "ListTables"),
        ("secretsmanager", "ListSecrets"),
        ("ssm", "DescribeParameters"),
        ("kms", "ListKeys"),
        ("sns", "ListTopics"),
        ("sqs", "ListQueues"),
        ("ecr", "DescribeRepositories"),
        ("eks", "ListClusters"),
        ("cloudtrail", "DescribeTrails"),
        ("guardduty", "ListDetectors"),
        ("organizations", "DescribeOrganization"),
        ("route53", "ListHostedZones"),
        ("cloudformation", "ListStacks"),
        ("elasticbeanstalk", "DescribeApplications"),
        ("redshift", "DescribeClusters"),
        ("glue", "GetDatabases"),
        ("athena", "ListWorkGroups"),
        ("codecommit", "ListRepositories"),
        ("ses", "ListIdentities"),
    ]
]


def ci_persistence(ctx: Ctx) -> None:
    """A poisoned pipeline run: the deployer role creates an access key for an IAM user; the
    new key is used that evening from a VPS."""
    rng = ctx.rng("A3")
    lo = ctx.at(0, 13.3)
    key, _, _ = ci_run(
        ctx,
        rng,
        PROD,
        lo,
        apply=False,
        extra=[("iam", "ListAccessKeys"), ("iam", "CreateAccessKey")],
    )
    new = ct.new_key(rng, "AKIA")
    ctx.out[-1]["requestParameters"] = {"userName": "svc-reporting"}
    ctx.out[-1]["responseElements"] = {
        "accessKey": {
            "accessKeyId": new,
            "status": "Active",
            "userName": "svc-reporting",
            "createDate": ct.iso(lo),
        }
    }
    truth(
        ctx,
        "A3",
        "compromised CI role creates an access key for an IAM user",
        "attack",
        key=key,
        start=lo,
        end=lo + dt.timedelta(minutes=20),
        severity="medium",
    )
    vps = ctx.pool.isp("digitalocean")
    t = ctx.at(0, 21.0)
    ident = ct.iam_user(PROD, "svc-reporting", new)
    burst(
        ctx,
        t,
        PROD,
        ident,
        vps,
        KALI_CLI,
        [
            ("sts", "GetCallerIdentity"),
            ("s3", "ListBuckets"),
            ("athena", "ListWorkGroups"),
            ("iam", "ListAttachedUserPolicies"),
        ]
        + [("s3", "GetObject")] * 20,
        denied=frozenset({3}),
        request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"},
    )
    truth(
        ctx,
        "A3",
        "compromised CI role creates an access key for an IAM user",
        "attack",
        key=new,
        ips=[vps],
        start=t,
        end=t + dt.timedelta(minutes=30),
        severity="medium",
    )


def two_continents(ctx: Ctx) -> None:
    """An infostealer took a person's SSO CLI cache; her session key is used from Brazil while
    she works with it in the US."""
    from benchmarks.heldout._people import session

    rng = ctx.rng("A4")
    p = person("aisha")
    ip = str(ctx.plan["office_ips"][0])
    key = session(ctx, rng, p, PROD, ctx.at(2, 14.5), 2.0, ip, console=False)
    proxy = ctx.pool.isp("claro_br")
    t = ctx.at(2, 15.1)
    ident = ct.assumed_role(
        PROD, sso_role("PowerUserAccess"), p.email, key, ctx.at(2, 14.5), path=SSO_PATH
    )
    calls = [
        ("sts", "GetCallerIdentity"),
        ("s3", "ListBuckets"),
        ("lambda", "ListFunctions"),
        ("lambda", "GetFunction"),
        ("lambda", "GetFunction"),
        ("secretsmanager", "ListSecrets"),
        ("secretsmanager", "GetSecretValue"),
    ] + [("s3", "GetObject")] * 10
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        proxy,
        WIN_CLI,
        calls,
        gap=60,
        request={"bucketName": DATA_BUCKET, "key": "exports/2026/part-0001.parquet"},
    )
    truth(
        ctx,
        "A4",
        "an SSO session key used from two continents at once",
        "attack",
        key=key,
        ips=[proxy],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="medium",
    )


def leaked_key(ctx: Ctx) -> None:
    """A static key committed to GitHub, picked up by a scanner and probed enumerate-iam style
    from Tor exits: many services in a minute, most of it denied."""
    user = next(u for u in LEGACY if u.name == "svc-site-publisher")
    key = ctx.keys[f"user:{user.name}"][0][2]
    ident = ct.iam_user(PROD, user.name, key)
    exits = ctx.plan["tor_exits"]
    t = ctx.at(3, 4.0)
    calls = [("sts", "GetCallerIdentity"), *ENUMERATE, *ENUMERATE[:12]]
    allowed = {0, 8}
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        exits[0],
        ENUM_BOTO,
        calls,
        gap=0.8,
        denied=frozenset(i for i in range(len(calls)) if i not in allowed),
    )
    end2 = burst(
        ctx,
        end + dt.timedelta(minutes=7),
        PROD,
        ident,
        exits[1],
        ENUM_BOTO,
        [("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("cloudfront", "ListDistributions")],
        gap=3,
    )
    truth(
        ctx,
        "A2",
        "IAM user key leaked on GitHub, enumerate-iam from Tor exits",
        "attack",
        key=key,
        ips=exits[:2],
        start=t,
        end=end2 + dt.timedelta(minutes=1),
        severity="high",
    )


def exfiltration(ctx: Ctx) -> None:
    """A deploy tool's key from a VPS: a GetObject burst, then the bucket made public."""
    user = next(u for u in LEGACY if u.name == "svc-jenkins")
    key = ctx.keys[f"user:{user.name}"][0][2]
    ident = ct.iam_user(PROD, user.name, key)
    vps = ctx.pool.isp("hetzner")
    t = ctx.at(3, 22.0)
    n = max(60, int(400 * ctx.scale))
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{DATA_BUCKET}/*",
                }
            ],
        }
    )
    calls = [("s3", "ListBuckets"), ("s3", "GetBucketPolicy")] + [("s3", "GetObject")] * n
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        vps,
        user.agent,
        calls,
        gap=1.0,
        request={"bucketName": DATA_BUCKET, "key": "exports/customers.csv"},
    )
    end = burst(
        ctx,
        end,
        PROD,
        ident,
        vps,
        user.agent,
        [("s3", "DeleteBucketPublicAccessBlock"), ("s3", "PutBucketPolicy")],
        gap=10,
        request={"bucketName": DATA_BUCKET, "bucketPolicy": policy},
    )
    truth(
        ctx,
        "A6",
        "S3 GetObject burst, then the bucket policy made public",
        "attack",
        key=key,
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="high",
    )


def console_stoplogging(ctx: Ctx) -> None:
    rng = ctx.rng("A7")
    vps = ctx.pool.isp("m247")
    t = ctx.at(4, 1.5)
    base = {k: v for k, v in ct.iam_user(PROD, "ops-admin", "").items() if k != "accessKeyId"}
    ctx.out.append(
        ct.record(
            rng,
            t,
            PROD,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            base,
            vps,
            ct.BROWSER.replace("Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64"),
            response={"ConsoleLogin": "Success"},
            read_only=False,
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                },
                "eventType": "AwsConsoleSignIn",
            },
        )
    )
    key = ct.new_key(rng)
    ident = ct.iam_user(PROD, "ops-admin", key, mfa=False)
    end = burst(
        ctx,
        t,
        PROD,
        ident,
        vps,
        "console.amazonaws.com",
        [
            ("cloudtrail", "DescribeTrails"),
            ("cloudtrail", "GetTrailStatus"),
            ("cloudtrail", "StopLogging"),
            ("guardduty", "ListDetectors"),
            ("ec2", "DescribeFlowLogs"),
            ("ec2", "DeleteFlowLogs"),
            ("iam", "ListUsers"),
        ],
        gap=25,
    )
    for r in ctx.out[-7:]:
        r["sessionCredentialFromConsole"] = "true"
        if r["eventName"] == "StopLogging":
            r["requestParameters"] = {
                "name": f"arn:aws:cloudtrail:us-east-1:{PROD}:trail/prod-audit-trail"
            }
    truth(
        ctx,
        "A7",
        "console sign-in without MFA, then CloudTrail StopLogging",
        "attack",
        key=key,
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="high",
    )
    truth(
        ctx,
        "A7",
        "console sign-in without MFA, then CloudTrail StopLogging",
        "attack",
        principal=f"arn:aws:iam::{PROD}:user/ops-admin",
        ips=[vps],
        start=t,
        end=end + dt.timedelta(minutes=1),
        severity="high",
    )

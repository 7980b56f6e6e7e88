"""The attacks with stolen long-lived or workload keys: a contractor's IAM user key, a
Lambda function's key, a district's legacy integration key, the new account's instance key
(expected at least medium or high), and the routine of that legacy key."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._org import Ctx, role, service_session
from benchmarks.heldout22._steps import run
from benchmarks.heldout22._trail import role_identity, user_identity


def layer_backdoor(ctx: Ctx, d: dict[int, dt.date]) -> None:
    """A4 (Datadog Security Labs and Unit 42 on Lambda layer persistence)."""
    prod = w.ACCOUNTS["prod"]

    # A4 the Lambda layer replaced with a backdoored version by the contractor's stolen key
    key, ip = "AKIA2LMSPRODOSTAP7Q4", ctx.ip("vultr")
    ident = user_identity(prod, "contractor-ostap-layers", key)
    fan = [
        (
            "lambda",
            "UpdateFunctionConfiguration20150331v2",
            {
                "functionName": f,
                "layers": [f"arn:aws:lambda:us-east-1:{prod}:layer:lms-common:19"],
            },
        )
        for f, _, _ in w.FUNCTIONS[:-1]
    ]
    _, last = run(
        ctx,
        ident,
        ctx.at(d[-1], 1.4),
        ip,
        w.BOTO_KALI,
        prod,
        [
            ("sts", "GetCallerIdentity", {}),
            ("lambda", "ListFunctions20150331", {}),
            ("lambda", "ListLayerVersions", {"layerName": "lms-common"}),
            ("lambda", "GetLayerVersion", {"layerName": "lms-common"}),
            (
                "lambda",
                "PublishLayerVersion20181031",
                {"layerName": "lms-common", "compatibleRuntimes": ["nodejs18.x", "nodejs20.x"]},
            ),
            *fan,
        ],
        gap=(2, 12),
    )
    ctx.keyed(
        "A4",
        "backdoored Lambda layer by a stolen contractor key",
        "high",
        key,
        ip,
        ctx.at(d[-1], 1.3),
        last,
    )


def resolver_key(ctx: Ctx, d: dict[int, dt.date]) -> None:
    """A7 (Unit 42 and Wiz on function credentials leaked through logs and SSRF)."""
    prod = w.ACCOUNTS["prod"]

    # A7 a resolver function's key leaked and used from outside AWS for a 365-day AppSync key
    when = ctx.at(d[-4], 19.0)
    ident, key = service_session(
        ctx,
        "lambda.amazonaws.com",
        when,
        prod,
        "lms-appsync-resolver-role",
        "lms-appsync-resolver",
        hours=12,
    )
    ip, api = ctx.ip("linode"), {"apiId": "lmsgraphql7x3k"}
    _, last = run(
        ctx,
        ident,
        ctx.at(d[-4], 19.7),
        ip,
        w.CLI_OLD,
        prod,
        [
            ("sts", "GetCallerIdentity", {}),
            ("appsync", "ListGraphqlApis", {}),
            ("appsync", "GetIntrospectionSchema", api),
            ("appsync", "ListDataSources", api),
            (
                "appsync",
                "CreateApiKey",
                {**api, "expires": int((when + dt.timedelta(days=365)).timestamp())},
            ),
        ],
        gap=(5, 90),
    )
    ctx.keyed(
        "A7",
        "Lambda key outside AWS creates a 365-day AppSync key",
        "high",
        key,
        ip,
        ctx.at(d[-4], 19.6),
        last,
    )


def glacier_rosters(ctx: Ctx, d: dict[int, dt.date]) -> None:
    """A8 (Mandiant on Snowflake-style credential reuse; CISA K-12 advisories)."""
    data = w.ACCOUNTS["data"]

    # A8 old rosters restored from Glacier and downloaded in bulk with a district's legacy key
    key, ip = LEGACY_KEY, ctx.ip("ovh")
    ident = user_identity(data, LEGACY_USER, key)
    bucket = {"bucketName": "bp-roster-archive"}
    restore = [
        ("s3", "RestoreObject", {**bucket, "key": f"2019/roster-{i:03d}.zip"})
        for i in range(ctx.n(30))
    ]
    run(
        ctx,
        ident,
        ctx.at(d[-3], 3.0),
        ip,
        w.CLI_OLD,
        data,
        [("s3", "ListBuckets", {}), ("s3", "ListObjects", bucket), *restore],
        gap=(3, 20),
    )
    _, last = run(
        ctx,
        ident,
        ctx.at(d[-2], 3.2),
        ip,
        w.CLI_OLD,
        data,
        [("s3", "GetObject", bucket)] * ctx.n(120),
        gap=(2, 15),
    )
    ctx.keyed(
        "A8",
        "Glacier restore and bulk download of old rosters",
        "medium",
        key,
        ip,
        ctx.at(d[-3], 2.9),
        last,
    )


def research_instance(ctx: Ctx, d: dict[int, dt.date], research_keys: dict[int, str]) -> None:
    """A10 cold start (Permiso and Invictus IR on instance credentials used from a VPS)."""

    # A10 cold start: the research account's notebook instance key from a VPS on its second day
    hour = 3
    key = research_keys[hour]
    ident = role_identity(
        role(w.NEW_ACCOUNT[1], "research-notebook"),
        "i-0c4e8a1f93b27d605",
        key,
        ctx.at(d[-1], hour + 0.05),
    )
    ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
    ip = ctx.ip("digitalocean2")
    _, last = run(
        ctx,
        ident,
        ctx.at(d[-1], hour + 0.6),
        ip,
        w.CLI_OLD,
        w.NEW_ACCOUNT[1],
        [
            ("sts", "GetCallerIdentity", {}),
            ("s3", "ListBuckets", {}),
            ("s3", "ListObjects", {"bucketName": "bp-research-datasets"}),
            *[("s3", "GetObject", {"bucketName": "bp-research-datasets"})] * 10,
            ("iam", "ListRoles", {}),
        ],
        gap=(3, 40),
    )
    ctx.keyed(
        "A10",
        "cold start: the new account's instance key from a VPS",
        "medium",
        key,
        ip,
        ctx.at(d[-1], hour + 0.55),
        last,
    )


LEGACY_USER, LEGACY_KEY = "svc-sis-maple-valley", "AKIA2LMSDATAMVSIS3K9"


def legacy_sis_day(ctx: Ctx, day: dt.date) -> None:
    """A district's legacy integration key in the data account: its SIS server (a Cox business
    line) drops a nightly extract straight into S3, before the SFTP migration finishes."""
    data = w.ACCOUNTS["data"]
    ident = user_identity(data, LEGACY_USER, LEGACY_KEY)
    ip = w.NETS["cox"].cidr.rsplit(".", 2)[0] + ".20.14"
    agent = "aws-cli/1.29.62 Python/3.9.13 Windows/10 botocore/1.31.62"
    when = ctx.at(day, 7.5 + ctx.rng.uniform(0, 0.5))
    for api in ("ListObjects", "PutObject", "PutObject"):
        when += dt.timedelta(seconds=ctx.rng.randrange(5, 60))
        ctx.trail.add(
            ident,
            when,
            "s3",
            api,
            w.HOME,
            ip,
            agent,
            account=data,
            request={"bucketName": "bp-roster-maple-valley-usd"},
            data=api != "ListObjects",
        )

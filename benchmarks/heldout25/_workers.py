"""Machines and services: the data lake's ingest workers on EC2 (instance keys every hour, the
SSM agent), CodeBuild deploying into each account through a cross-account deployer role and
CloudFormation acting with its session, AWS Config's service-linked role in every account, and
the cooperative-exchange account that joins on the second scored day (set up by an admin, then
its broker instance)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout25._ctx import APP, COOP, DATA, FIELD, SEC, Ctx, at, jitter
from benchmarks.heldout25._field import s3
from benchmarks.heldout25._net import AWS_NETS
from benchmarks.heldout25._records import UA, assumed, credentials, service

INGEST = ("i-0a41c7e2b9d35f018", "i-0c93e1f57a2d4b6e3", "i-07f2b8d4e6a1c9350")
BROKER = "i-0e5d7c3a9b1f24866"
NAT_DATA = AWS_NETS["sa-east-1"].host(20117)
CODEBUILD = "aws-cli/2.15.17 md/awscrt#0.19.19 ua/2.0 os/linux#4.14.355-275.582.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython exec-env/AWS_CodeBuild cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#cloudformation.deploy"


def instance_key(
    ctx: Ctx, account: str, region: str, role: str, role_id: str, instance: str, when: dt.datetime
) -> tuple[str, dict[str, Any]]:
    """``ec2.amazonaws.com`` mints an instance's role key (session name = instance id)."""
    key = ctx.trail.key()
    ctx.trail.add(
        account,
        region,
        when,
        service("ec2.amazonaws.com"),
        "sts.amazonaws.com",
        "AssumeRole",
        ip="ec2.amazonaws.com",
        ua="ec2.amazonaws.com",
        params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": instance},
        response={"credentials": credentials(key, ctx.rng, when + dt.timedelta(hours=6))},
        read_only=True,
    )
    ident = assumed(account, role, instance, key, role_id, when, ec2=instance)
    ctx.remember(instance, when, 6, key, ident)
    return key, ident


def ingest_day(ctx: Ctx, day: dt.date, role_id: str) -> None:
    rng, trail, region = ctx.rng, ctx.trail, "sa-east-1"
    for instance in INGEST:
        for hour in range(24):
            when = jitter(rng, at(day, hour), 300)
            _, ident = instance_key(ctx, DATA, region, "ipe-ingest-worker", role_id, instance, when)
            t = when + dt.timedelta(minutes=rng.uniform(1, 5))
            trail.add(
                DATA,
                region,
                t,
                ident,
                "ssm.amazonaws.com",
                "UpdateInstanceInformation",
                ip=NAT_DATA,
                ua=UA["ssm"],
                params={"instanceId": instance, "agentName": "amazon-ssm-agent"},
                read_only=False,
            )
            for i in range(2):
                s3(
                    ctx,
                    DATA,
                    region,
                    t + dt.timedelta(seconds=30 + i),
                    ident,
                    "GetObject",
                    "ipe-telemetry-replica",
                    f"raw/{day:%Y/%m/%d}/{hour:02d}/part-{i}.json.gz",
                    ip=NAT_DATA,
                    ua=UA["ec2"],
                )
            s3(
                ctx,
                DATA,
                region,
                t + dt.timedelta(seconds=80),
                ident,
                "PutObject",
                "ipe-lake-curated",
                f"telemetry/dt={day}/hour={hour:02d}/{instance}.parquet",
                ip=NAT_DATA,
                ua=UA["ec2"],
            )
            if hour % 3 == 0:
                trail.add(
                    DATA,
                    region,
                    t + dt.timedelta(seconds=85),
                    ident,
                    "glue.amazonaws.com",
                    "BatchCreatePartition",
                    ip=NAT_DATA,
                    ua=UA["ec2"],
                    params={"databaseName": "lake", "tableName": "telemetry"},
                    read_only=False,
                )


def deploy_day(ctx: Ctx, day: dt.date, role_ids: dict[str, str]) -> None:
    """CodeBuild deployments on weekdays: into a target account's deployer, CloudFormation on."""
    rng, trail = ctx.rng, ctx.trail
    if day.weekday() >= 5:
        return
    for _ in range(rng.randint(1, 4)):
        when = at(day, rng.uniform(13, 21))
        build = f"AWSCodeBuild-{trail.uid()}"
        key = trail.key()
        trail.add(
            SEC,
            "us-east-1",
            when,
            service("codebuild.amazonaws.com"),
            "sts.amazonaws.com",
            "AssumeRole",
            ip="codebuild.amazonaws.com",
            ua="codebuild.amazonaws.com",
            params={
                "roleArn": f"arn:aws:iam::{SEC}:role/codebuild-ipe-deploy",
                "roleSessionName": build,
            },
            response={"credentials": credentials(key, rng, when + dt.timedelta(hours=1))},
            read_only=True,
        )
        ip = AWS_NETS["us-east-1"].pick(rng)
        target = rng.choice((APP, FIELD, DATA))
        region = "us-east-1" if target == APP else "sa-east-1"
        deploy_key = trail.key()
        t = when + dt.timedelta(seconds=40)
        trail.add(
            target,
            "us-east-1",
            t,
            {
                "type": "AWSAccount",
                "principalId": f"{role_ids['codebuild']}:{build}",
                "accountId": SEC,
            },
            "sts.amazonaws.com",
            "AssumeRole",
            ip=ip,
            ua=CODEBUILD,
            params={
                "roleArn": f"arn:aws:iam::{target}:role/ipe-deployer",
                "roleSessionName": build,
            },
            response={"credentials": credentials(deploy_key, rng, t + dt.timedelta(hours=1))},
            read_only=True,
        )
        ident = assumed(
            target, "ipe-deployer", build, deploy_key, role_ids[f"{target}:deployer"], t
        )
        stack = {APP: "grower-api", FIELD: "field-ingest", DATA: "lake-etl"}[target]
        for name in (
            "DescribeStacks",
            "CreateChangeSet",
            "DescribeChangeSet",
            "ExecuteChangeSet",
            "DescribeStacks",
        ):
            t += dt.timedelta(seconds=rng.uniform(3, 40))
            trail.add(
                target,
                region,
                t,
                ident,
                "cloudformation.amazonaws.com",
                name,
                ip=ip,
                ua=CODEBUILD,
                params={"stackName": stack},
            )
        acting = {**ident, "invokedBy": "cloudformation.amazonaws.com"}
        changes = {
            APP: ("ecs", "UpdateService"),
            FIELD: ("iot", "UpdateTopicRule"),
            DATA: ("glue", "UpdateJob"),
        }[target]
        for name in ("Describe", changes[1]):
            t += dt.timedelta(seconds=5)
            trail.add(
                target,
                region,
                t,
                acting,
                f"{changes[0]}.amazonaws.com",
                changes[1]
                if name != "Describe"
                else {"ecs": "DescribeServices", "iot": "GetTopicRule", "glue": "GetJob"}[
                    changes[0]
                ],
                ip="cloudformation.amazonaws.com",
                ua="cloudformation.amazonaws.com",
                params={"name": stack},
            )


def config_day(ctx: Ctx, day: dt.date, accounts: list[str], role_ids: dict[str, str]) -> None:
    """AWS Config's service-linked role describing each account's resources every three hours."""
    rng, trail = ctx.rng, ctx.trail
    for account in accounts:
        region = "us-east-1" if account in (APP, SEC) else "sa-east-1"
        role = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
        for hour in range(1, 24, 3):
            when = jitter(rng, at(day, hour), 1200)
            ident = assumed(
                account,
                role,
                "AWSConfig-Describe",
                trail.key(),
                role_ids[f"{account}:config"],
                when - dt.timedelta(minutes=5),
                invoked_by="config.amazonaws.com",
            )
            for i, (svc, name) in enumerate(
                (("ec2", "DescribeSecurityGroups"), ("iam", "GetRole"), ("s3", "GetBucketPolicy"))
            ):
                trail.add(
                    account,
                    "us-east-1" if svc == "iam" else region,
                    when + dt.timedelta(seconds=i),
                    ident,
                    f"{svc}.amazonaws.com",
                    name,
                    ip="config.amazonaws.com",
                    ua="config.amazonaws.com",
                )


def coop_setup(ctx: Ctx, ident: dict[str, Any], when: dt.datetime, ip: str, ua: str) -> None:
    """An admin's console setting up the new account on its first day."""
    trail = ctx.trail
    t = when
    for svc, name, region, params in (
        ("s3", "CreateBucket", "sa-east-1", {"bucketName": "ipe-coop-exchange"}),
        ("s3", "PutBucketEncryption", "sa-east-1", {"bucketName": "ipe-coop-exchange"}),
        ("iam", "CreateRole", "us-east-1", {"roleName": "coop-exchange-broker"}),
        ("iam", "PutRolePolicy", "us-east-1", {"roleName": "coop-exchange-broker"}),
        (
            "iam",
            "CreateInstanceProfile",
            "us-east-1",
            {"instanceProfileName": "coop-exchange-broker"},
        ),
        ("iam", "AddRoleToInstanceProfile", "us-east-1", {"roleName": "coop-exchange-broker"}),
        ("ec2", "RunInstances", "sa-east-1", {"instanceType": "t4g.small"}),
    ):
        t += dt.timedelta(seconds=ctx.rng.uniform(20, 200))
        trail.add(
            COOP,
            region,
            t,
            ident,
            f"{svc}.amazonaws.com",
            name,
            ip=ip,
            ua=ua,
            params=params,
            read_only=False,
            console=True,
        )


def broker_day(ctx: Ctx, day: dt.date, role_id: str, start: float) -> None:
    """The exchange broker instance: hourly keys, the SSM agent, files in and out."""
    rng, trail, region = ctx.rng, ctx.trail, "sa-east-1"
    ip = AWS_NETS["sa-east-1b"].host(31337)
    hour = start
    while hour < 24:
        when = at(day, hour)
        _, ident = instance_key(ctx, COOP, region, "coop-exchange-broker", role_id, BROKER, when)
        t = when + dt.timedelta(minutes=2)
        trail.add(
            COOP,
            region,
            t,
            ident,
            "ssm.amazonaws.com",
            "UpdateInstanceInformation",
            ip=ip,
            ua=UA["ssm"],
            params={"instanceId": BROKER},
            read_only=False,
        )
        for i in range(rng.randint(1, 3)):
            s3(
                ctx,
                COOP,
                region,
                t + dt.timedelta(minutes=5 + i),
                ident,
                rng.choice(("PutObject", "GetObject")),
                "ipe-coop-exchange",
                f"entregas/{day:%Y-%m-%d}/{int(hour):02d}-{i}.xml",
                ip=ip,
                ua=UA["ec2"],
            )
        hour += 1

"""The studio's workloads and the services acting for it: the Flow Production Tracking
daemon's IAM key, the thumbnail Lambda, the review portal's Fargate tasks, the delivery
dispatcher writing to distributors' buckets, the distributor's QC pulls with an external id,
and AWS Config and FSx through their service-linked roles."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout32 import org
from benchmarks.heldout32.background import ARTIST_PLATES, at
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.records import Ctx, Role, Session, User, call, s3_object, service_mint

EC2 = "ec2.amazonaws.com"


def flow_daemon(ctx: Ctx, day: dt.date, src: str) -> None:
    """Flow Production Tracking's event daemon on the studio's own server: an IAM user's key
    reading version metadata every ten minutes."""
    user: User = org.SHOTGRID
    for step in range(144):
        t = at(day, step / 6 + ctx.rng.uniform(0.0, 0.05))
        s3_object(
            ctx,
            t=t,
            who=user,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.PROXIES,
            key=f"events/{day:%Y%m%d}/{step:04d}.json",
            ip=src,
            ua=org.FLOW_UA,
            size=ctx.rng.randint(1, 9) * 1024,
        )


def thumbnails(ctx: Ctx, day: dt.date, n: int) -> list[Session]:
    """The thumbnail Lambda: new execution environments through the day, each minted its
    credentials; reads a published frame, writes its proxy."""
    rng = ctx.rng
    sessions = [
        service_mint(
            ctx,
            t=at(day, h + 0.02),
            role=org.THUMBS,
            session="thumbnail-maker",
            service="lambda",
            region=org.HOME,
            hours=12,
        )
        for h in (0, 8, 13, 18)
    ]
    for _ in range(n):
        hour = rng.uniform(13, 23.9) if rng.random() < 0.8 else rng.uniform(0.1, 12.9)
        s = [x for x in sessions if x.created <= at(day, hour)][-1]
        t, src = at(day, hour), ip("yul_nat", rng.randint(40, 43))
        shot = rng.choice(ARTIST_PLATES)
        s3_object(
            ctx,
            t=t,
            who=s,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.FRAMES,
            key=f"{shot}/comp/latest.exr",
            ip=src,
            ua=org.LAMBDA_UA,
            size=rng.randint(10, 50) * 2**20,
        )
        s3_object(
            ctx,
            t=t + dt.timedelta(seconds=4),
            who=s,
            account=org.STUDIO,
            region=org.HOME,
            name="PutObject",
            bucket=org.PROXIES,
            key=f"{shot}/thumb.jpg",
            ip=src,
            ua=org.LAMBDA_UA,
            size=rng.randint(40, 200) * 1024,
        )
    return sessions


def review_portal(ctx: Ctx, day: dt.date, n: int) -> list[Session]:
    """The client review portal on Fargate: two tasks replaced each morning's deploy."""
    rng = ctx.rng
    tasks = [
        service_mint(
            ctx,
            t=at(day, 11 + k * 0.01),
            role=org.REVIEW,
            session=ctx.hexid(32),
            service="ecs-tasks",
            region=org.HOME,
            hours=6,
        )
        for k in range(2)
    ]
    for task in tasks:
        for h in range(0, 12, 3):
            call(
                ctx,
                t=at(day, 11.05 + h),
                who=task,
                account=org.STUDIO,
                region=org.HOME,
                source="secretsmanager.amazonaws.com",
                name="GetSecretValue",
                ip=ip("yul_nat", 50),
                ua=org.FARGATE_UA,
                read_only=True,
                params={"secretId": "review-portal/signing-key"},
            )
    for _ in range(n):
        task = rng.choice(tasks)
        s3_object(
            ctx,
            t=at(day, rng.uniform(11.1, 23.9)),
            who=task,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.PROXIES,
            key=f"{rng.choice(ARTIST_PLATES)}/review.mp4",
            ip=ip("yul_nat", 50),
            ua=org.FARGATE_UA,
            size=rng.randint(5, 60) * 2**20,
        )
    return tasks


def deliveries(ctx: Ctx, day: dt.date, runs: int, buckets: list[tuple[str, str]]) -> None:
    """The delivery dispatcher (Fargate, us-east-1): reads finished masters and writes them to
    each distributor's ingest bucket, in the distributor's account."""
    rng = ctx.rng
    for r in range(runs):
        start = at(day, 15 + r * 3 + rng.uniform(0, 1))
        task = service_mint(
            ctx,
            t=start,
            role=org.DELIVER,
            session=ctx.hexid(32),
            service="ecs-tasks",
            region=org.EAST,
            hours=6,
        )
        src = ip("use1_nat", 21)
        for k in range(rng.randint(3, 8)):
            t = start + dt.timedelta(minutes=2 + 3 * k)
            name = (
                f"TDW_{rng.choice(ARTIST_PLATES).replace('/', '_')}_v{rng.randint(3, 20):03d}.mov"
            )
            s3_object(
                ctx,
                t=t,
                who=task,
                account=org.DELIVERY,
                region=org.EAST,
                name="GetObject",
                bucket=org.MASTERS,
                key=f"masters/{name}",
                ip=src,
                ua=org.DELIVERY_UA,
                size=rng.randint(200, 900) * 2**20,
            )
            for bucket, owner in buckets:
                s3_object(
                    ctx,
                    t=t + dt.timedelta(seconds=50),
                    who=task,
                    account=org.DELIVERY,
                    region=org.EAST,
                    name="PutObject",
                    bucket=bucket,
                    key=f"spindrift/{day:%Y%m%d}/{name}",
                    ip=src,
                    ua=org.DELIVERY_UA,
                    size=rng.randint(200, 900) * 2**20,
                    owner=owner,
                )


def qc_pull(ctx: Ctx, day: dt.date, *, external_id: str | None = "nw-qc-7731") -> Session | None:
    """Northwind's QC pipeline assuming the pull role with its external id, then reading."""
    t = at(day, 20 + ctx.rng.uniform(0, 2))
    key = ctx.ident("ASIA")
    params = {
        "roleArn": org.QC_PULL.arn,
        "roleSessionName": "northwind-qc",
        "durationSeconds": 3600,
    }
    if external_id:
        params["externalId"] = external_id
    call(
        ctx,
        t=t,
        who={
            "type": "AWSAccount",
            "principalId": "AROAN7W1D2NWQCBOT9:qc-runner",
            "accountId": org.DISTRIBUTOR,
        },
        account=org.DELIVERY,
        region=org.EAST,
        source="sts.amazonaws.com",
        name="AssumeRole",
        ip=ip("dist_nat", 77),
        ua=org.DIST_QC_UA,
        read_only=True,
        params=params,
        response={
            "credentials": {"accessKeyId": key},
            "assumedRoleUser": {
                "assumedRoleId": f"{org.QC_PULL.role_id}:northwind-qc",
                "arn": org.QC_PULL.session_arn("northwind-qc"),
            },
        },
        resources=[{"accountId": org.DELIVERY, "type": "AWS::IAM::Role", "ARN": org.QC_PULL.arn}],
    )
    s = Session(org.QC_PULL, "northwind-qc", key, t)
    for k in range(ctx.rng.randint(2, 5)):
        s3_object(
            ctx,
            t=t + dt.timedelta(minutes=1 + k),
            who=s,
            account=org.DELIVERY,
            region=org.EAST,
            name="GetObject",
            bucket=org.MASTERS,
            key=f"masters/TDW_qc_{day:%Y%m%d}_{k}.mov",
            ip=ip("dist_nat", 77),
            ua=org.DIST_QC_UA,
            size=ctx.rng.randint(200, 900) * 2**20,
        )
    return s


def services(ctx: Ctx, day: dt.date, accounts: list[str]) -> None:
    """AWS Config's recorder describing resources, and FSx's data repository reading plates,
    each through its service-linked role."""
    for account in accounts:
        role = Role(
            account,
            org.CONFIG_SLR,
            "AROA" + account[:4] + "CFGSLR" + account[-7:],
            path="/aws-service-role/config.amazonaws.com/",
        )
        s = Session(role, "AWSConfig-Describe", ctx.ident("ASIA"), at(day, 0))
        for k in range(24):
            name = ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes")[k % 3]
            call(
                ctx,
                t=at(day, k + 0.3),
                who=s,
                account=account,
                region=org.HOME,
                source=EC2,
                name=name,
                ip="config.amazonaws.com",
                ua="config.amazonaws.com",
                read_only=True,
                invoked_by="config.amazonaws.com",
                params={},
            )
    fsx = Role(
        org.STUDIO,
        "AWSServiceRoleForFSxS3Access_fs-0a7c3e9d5b1f24680",
        "AROAQ2J6H8FSXS3ACC",
        path="/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/",
    )
    s = Session(fsx, "FSxLustreDataRepository", ctx.ident("ASIA"), at(day, 0))
    for k in range(20):
        s3_object(
            ctx,
            t=at(day, 12 + k * 0.5),
            who=s,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.PLATES,
            key=f"sq040/sh0120/plate/v003/f.{1001 + k}.exr",
            ip="fsx.amazonaws.com",
            ua="fsx.amazonaws.com",
            size=ctx.rng.randint(20, 80) * 2**20,
            invoked_by="fsx.amazonaws.com",
        )

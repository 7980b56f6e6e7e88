"""The prod account's own workloads: the reader API on Fargate in Seoul and Singapore, its Lambda
functions, the CMS instances with their SSM agent, and reader devices' Cognito credentials."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout40._model import Session, credentials, minted, role_session
from benchmarks.heldout40._org import (
    GLOBAL,
    HOME,
    JAVA_CMS,
    KST,
    LAMBDA_PY,
    NODE_API,
    PROD,
    SEA,
    SETTLEMENT,
    SSM_AGENT,
    UNRELEASED,
    World,
    role,
    slr,
)
from benchmarks.heldout40._people import s3_object

# readers per hour of the day in Korea (0 = midnight KST): evenings and the midnight release
LOAD = (1.0, 0.8, 0.5, 0.3, 0.2, 0.2, 0.3, 0.5, 0.7, 0.6, 0.5, 0.5,
        0.7, 0.6, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3)  # fmt: skip
API_ROLE = role(PROD, "reader-api-task")
SDK_OLD, SDK_NEW = "3.682.0", "3.705.0"


def load(t: dt.datetime) -> float:
    return LOAD[(t + KST).hour]


def in_window(world: World, name: str, t: dt.datetime) -> bool:
    window = world.changes.get(name)
    return bool(window) and window[0] <= t < window[1]


def _tasks(world: World, region: str, n: int, tag: str) -> list[tuple[str, str]]:
    return [(world.trail.hexid(32), f"{tag}-{world.rng.randint(0, 1)}") for _ in range(n)]


def reader_api(world: World, day: dt.date) -> None:
    """Each task's role session (minted by ecs-tasks every six hours) reading users from
    Cognito, decrypting with KMS and reading its secrets, through its region's NAT gateways.
    A deploy replaces every task (and, on B9's day, the SDK and one more secret)."""
    start = world.at(day, 0)
    deploy = world.changes.get("api_deploys", {}).get(day)
    for region, size, tag in ((HOME, 6, "nat-seoul"), (SEA, 2, "nat-sg")):
        fleet = world.changes.setdefault(
            f"tasks-{region}", _tasks(world, region, world.count(size, 2), tag)
        )
        segments: list[tuple[dt.datetime, dt.datetime, list[tuple[str, str]]]] = []
        if deploy:
            new = _tasks(world, region, len(fleet), tag)
            segments = [
                (start, deploy, fleet),
                (deploy + dt.timedelta(minutes=3), start + dt.timedelta(days=1), new),
            ]
            world.changes[f"tasks-{region}"] = new
        else:
            segments = [(start, start + dt.timedelta(days=1), fleet)]
        for begin, end, tasks in segments:
            for task, nat in tasks:
                _task(world, region, task, nat, begin, end)
        finale = world.changes.get("finale")
        if finale and region == HOME and finale[0].date() == day:
            for task, nat in _tasks(world, region, 2 * len(fleet), tag):
                _task(world, region, task, nat, finale[0] + dt.timedelta(minutes=4), finale[1])


def _task(
    world: World, region: str, task: str, nat: str, begin: dt.datetime, end: dt.datetime
) -> None:
    trail, rng = world.trail, world.rng
    src = world.net.aws(nat, region)
    t, session = begin, None
    while t < end:
        if session is None or t >= session.expires - dt.timedelta(minutes=15):
            session = minted(trail, t, API_ROLE, task, region, by="ecs-tasks", hours=6)
            world.changes.setdefault("api_sessions", []).append((region, session))
        new = world.changes.get("api_new_from") is not None and t >= world.changes["api_new_from"]
        v = SDK_NEW if new else SDK_OLD
        secrets = ["reader-api/db", "reader-api/recommendation-key"] if new else ["reader-api/db"]
        for name in secrets:
            trail.emit(
                t + dt.timedelta(seconds=rng.randint(1, 60)),
                PROD,
                region,
                session.identity,
                src,
                NODE_API.format(v=v, api="secrets-manager"),
                "secretsmanager",
                "GetSecretValue",
                read_only=True,
                params={"secretId": f"arn:aws:secretsmanager:{region}:{PROD}:secret:{name}"},
            )
        factor = 3.3 if in_window(world, "finale", t) else 1.0
        rate = 6 * load(t) * factor * (0.6 if region == SEA else 1.0)
        for _ in range(int(rng.expovariate(1 / rate)) if rate else 0):
            when = t + dt.timedelta(seconds=rng.randint(60, 3599))
            if when >= end:
                continue
            if rng.random() < 0.7:
                trail.emit(
                    when,
                    PROD,
                    region,
                    session.identity,
                    src,
                    NODE_API.format(v=v, api="cognito-identity-provider"),
                    "cognito-idp",
                    "AdminGetUser",
                    read_only=True,
                    params={
                        "userPoolId": f"{region}_Rd7Kq2LmX",
                        "username": "HIDDEN_DUE_TO_SECURITY_REASONS",
                    },
                )
            else:
                trail.emit(
                    when,
                    PROD,
                    region,
                    session.identity,
                    src,
                    NODE_API.format(v=v, api="kms"),
                    "kms",
                    "Decrypt",
                    read_only=True,
                    params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                )
        t += dt.timedelta(hours=1)


def cognito_readers(world: World, day: dt.date) -> None:
    """Reader devices' unauthenticated identities: Cognito calls AssumeRoleWithWebIdentity for
    them (enhanced flow) to upload comment images."""
    rng = world.rng
    unauth = role(PROD, "Cognito_DalbitReadersUnauth_Role")
    for hour in range(24):
        t0 = world.at(day, hour)
        factor = 10.0 if in_window(world, "finale", t0) else 1.0
        for _ in range(int(rng.expovariate(1 / (world.count(2.5) * load(t0) * factor)))):
            cognito_session(world, t0 + dt.timedelta(seconds=rng.randint(0, 3599)), unauth)


def cognito_session(world: World, t: dt.datetime, unauth: Any) -> Session:
    trail = world.trail
    identity = f"{HOME}:{trail.uuid()}"
    host = "cognito-identity.amazonaws.com"
    s = role_session(
        PROD,
        unauth.name,
        unauth.role_id,
        "CognitoIdentityCredentials",
        trail.key(),
        t,
        federated=host,
    )
    s.signed_in = trail.emit(
        t,
        PROD,
        HOME,
        {
            "type": "WebIdentityUser",
            "principalId": f"{host}:{HOME}:5b1e63c2-8f0d-4a9e-b7c4-2d61f0a9e318:{identity}",
            "userName": identity,
            "identityProvider": host,
        },
        host,
        host,
        "sts",
        "AssumeRoleWithWebIdentity",
        read_only=True,
        params={
            "roleArn": unauth.arn,
            "roleSessionName": "CognitoIdentityCredentials",
            "durationSeconds": 3600,
        },
        response={
            **credentials(s, trail),
            "subjectFromWebIdentityToken": identity,
            "provider": host,
            "audience": f"{HOME}:5b1e63c2-8f0d-4a9e-b7c4-2d61f0a9e318",
        },
    )
    return s


def lambdas(world: World, day: dt.date) -> None:
    """The episode scheduler (every ten minutes; midnight KST releases), the payment webhook
    and the thumbnail resizer, each minted by lambda.amazonaws.com per execution environment,
    calling from Lambda's own addresses."""
    trail, rng = world.trail, world.rng
    for fn, runs in (
        ("episode-scheduler", 144),
        ("payment-webhook", world.count(30, 8)),
        ("thumbnail-resizer", world.count(25, 5)),
    ):
        r = role(PROD, f"{fn}-role")
        session: Session | None = None
        env = 0
        times = (
            [world.at(day, i / 6) for i in range(runs)]
            if fn == "episode-scheduler"
            else world.spread(day, runs, 0, 24)
        )
        for t in times:
            if session is None or t >= session.expires:
                env += 1
                session = minted(trail, t, r, fn, HOME, by="lambda", hours=rng.uniform(2.5, 5))
                world.changes.setdefault(f"lambda-{fn}", []).append(session)
            src = world.net.aws(f"lambda-{fn}-{(day.toordinal() + env) % 5}", HOME)
            if fn == "episode-scheduler":
                s3_object(
                    world,
                    t,
                    session,
                    PROD,
                    src,
                    LAMBDA_PY,
                    "ListObjects",
                    UNRELEASED,
                    "release-queue/",
                )
                if (t + KST).hour == 0 and (t + KST).minute == 0:
                    release(world, t, session, src)
            elif fn == "payment-webhook":
                trail.emit(
                    t,
                    PROD,
                    HOME,
                    session.identity,
                    src,
                    LAMBDA_PY,
                    "secretsmanager",
                    "GetSecretValue",
                    read_only=True,
                    params={"secretId": "pg/webhook-signing-key"},
                )
                s3_object(
                    world,
                    t + dt.timedelta(seconds=2),
                    session,
                    PROD,
                    src,
                    LAMBDA_PY,
                    "PutObject",
                    SETTLEMENT,
                    f"inbound/receipts/{t:%Y%m%d}/{trail.hexid(12)}.json",
                )
            else:
                key = f"series/{rng.choice(('moonlit-alchemist', 'iron-hanbok', 'sky-courier'))}/thumbs/{trail.hexid(8)}"
                s3_object(
                    world, t, session, PROD, src, LAMBDA_PY, "GetObject", UNRELEASED, key + ".png"
                )
                s3_object(
                    world,
                    t + dt.timedelta(seconds=3),
                    session,
                    PROD,
                    src,
                    LAMBDA_PY,
                    "PutObject",
                    UNRELEASED,
                    key + "-w320.webp",
                )


def release(world: World, t: dt.datetime, session: Session, src: str) -> None:
    factor = (
        3 if world.changes.get("finale") and world.changes["finale"][0].date() == t.date() else 1
    )
    for i in range(world.count(20, 4) * factor):
        s3_object(
            world,
            t + dt.timedelta(seconds=5 + i),
            session,
            PROD,
            src,
            LAMBDA_PY,
            "GetObject",
            UNRELEASED,
            f"release-queue/ep{i:03d}.zip",
        )
    world.trail.emit(
        t + dt.timedelta(seconds=40),
        PROD,
        GLOBAL,
        session.identity,
        src,
        LAMBDA_PY,
        "cloudfront",
        "CreateInvalidation",
        read_only=False,
        params={"distributionId": "E2K7QZ4V1XW9RB"},
        host="cloudfront.amazonaws.com",
    )


def cms_instances(world: World, day: dt.date) -> None:
    """The editors' CMS on two EC2 instances: SSM agent check-ins every five minutes and the
    application's uploads of finished episodes, on instance-profile credentials."""
    trail, rng = world.trail, world.rng
    r = role(PROD, "cms-ec2-role")
    fleet: list[str] = world.changes.setdefault(
        "cms", ["i-0" + trail.hexid(16) for _ in range(world.count(2, 1))]
    )
    replaced = world.changes.get("cms_replaced")
    for n, instance in enumerate(list(fleet)):
        begin, end = world.at(day, 0), world.at(day, 24)
        pieces = [(begin, end, instance)]
        if replaced and replaced.date() == day and n == 0:
            new = "i-0" + trail.hexid(16)
            pieces = [(begin, replaced, instance), (replaced + dt.timedelta(minutes=6), end, new)]
            fleet[0] = new
            asg = slr(PROD, "AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com")
            s = role_session(
                PROD, asg.name, asg.role_id, "AutoScaling", trail.key(), replaced, path=asg.path
            )
            for t, name in (
                (replaced, "TerminateInstances"),
                (replaced + dt.timedelta(minutes=1), "RunInstances"),
            ):
                trail.emit(
                    t,
                    PROD,
                    HOME,
                    s.identity,
                    "autoscaling.amazonaws.com",
                    "autoscaling.amazonaws.com",
                    "ec2",
                    name,
                    read_only=False,
                    params={"instancesSet": {"items": [{"instanceId": instance}]}},
                )
        for start, stop, inst in pieces:
            src = world.net.aws(f"cms-{inst}", HOME)
            session = None
            t = start
            while t < stop:
                if session is None or t >= session.expires:
                    session = minted(trail, t, r, inst, HOME, by="ec2", hours=6, ec2=True)
                trail.emit(
                    t + dt.timedelta(seconds=rng.randint(0, 20)),
                    PROD,
                    HOME,
                    session.identity,
                    src,
                    SSM_AGENT,
                    "ssm",
                    "UpdateInstanceInformation",
                    read_only=False,
                    params={
                        "instanceId": inst,
                        "agentVersion": "3.3.1142.0",
                        "platformType": "Linux",
                    },
                )
                local = (t + KST).hour
                if (
                    9 <= local < 19
                    and day.weekday() < 5
                    and rng.random() < 0.25 * world.scale + 0.05
                ):
                    s3_object(
                        world,
                        t + dt.timedelta(seconds=90),
                        session,
                        PROD,
                        src,
                        JAVA_CMS,
                        "PutObject",
                        UNRELEASED,
                        f"release-queue/ep{rng.randint(0, 99):03d}.zip",
                    )
                if t.minute < 5:
                    trail.emit(
                        t + dt.timedelta(seconds=30),
                        PROD,
                        HOME,
                        session.identity,
                        src,
                        JAVA_CMS,
                        "secretsmanager",
                        "GetSecretValue",
                        read_only=True,
                        params={"secretId": "cms/db"},
                    )
                t += dt.timedelta(minutes=5)

"""Attacks with role sessions (A3, A4, A8, A9, A10, A11): the Cognito pool's unauthenticated
role, a Fargate task's credentials through SSRF, a stolen Identity Center token for slow recon,
the new account's instance credentials, a Lambda's credentials read by a malicious dependency,
the partner role assumed with its leaked external ID."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout40._incident import BOTO, DENIED, OLD_CLI, incident, session_at
from benchmarks.heldout40._org import (
    CLI,
    GLOBAL,
    HOME,
    JP,
    KST,
    PLATFORM,
    PROD,
    SEA,
    SETTLEMENT,
    TOKYO,
    UNRELEASED,
    World,
    role,
)
from benchmarks.heldout40._people import s3_object, saml
from benchmarks.heldout40._prod import cognito_session
from benchmarks.heldout40._services import assume_partner


def a3(world: World) -> None:
    """A3: the reader app's Cognito identity pool: unauthenticated credentials list buckets."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    hoster = net.public("naver_cloud")
    t3 = world.at(s(2), 14)
    cog = cognito_session(world, t3, role(PROD, "Cognito_DalbitReadersUnauth_Role"))

    def a3() -> None:
        t = t3 + dt.timedelta(minutes=2)
        ua = OLD_CLI
        emit(
            t,
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="sts.get-caller-identity"),
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        emit(
            t + dt.timedelta(seconds=30),
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="s3.ls"),
            "s3",
            "ListBuckets",
            read_only=True,
            host="s3.amazonaws.com",
        )
        emit(
            t + dt.timedelta(seconds=50),
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="dynamodb.list-tables"),
            "dynamodb",
            "ListTables",
            read_only=True,
            error=("AccessDenied", "not authorized to perform: dynamodb:ListTables"),
        )
        emit(
            t + dt.timedelta(seconds=70),
            PROD,
            GLOBAL,
            cog.identity,
            hoster,
            ua.format(cmd="iam.list-roles"),
            "iam",
            "ListRoles",
            read_only=True,
            error=DENIED,
            host="iam.amazonaws.com",
        )
        s3_object(
            world,
            t + dt.timedelta(minutes=2),
            cog,
            PROD,
            hoster,
            ua.format(cmd="s3.ls"),
            "ListObjects",
            UNRELEASED,
            "release-queue/",
        )
        for i in range(world.count(60, 10)):
            s3_object(
                world,
                t + dt.timedelta(minutes=3, seconds=4 * i),
                cog,
                PROD,
                hoster,
                ua.format(cmd="s3.cp"),
                "GetObject",
                UNRELEASED,
                f"release-queue/ep{i:03d}.zip",
            )

    incident(
        world,
        "A3",
        "Cognito unauthenticated role lists buckets and copies the release queue",
        "medium",
        [(cog.key, hoster)],
        a3,
        opened={cog.key: cog.signed_in},
    )


def a4(world: World) -> None:
    """A4: a reader API task's credentials taken through SSRF, used from a droplet."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    droplet = net.public("do_sg")
    t4 = world.at(s(1), 20)
    api = session_at([x for r, x in world.changes["api_sessions"] if r == HOME], t4)

    def a4() -> None:
        steps = [
            ("sts", "GetCallerIdentity", GLOBAL, None),
            ("s3", "ListBuckets", HOME, None),
            ("secretsmanager", "ListSecrets", HOME, None),
            ("secretsmanager", "GetSecretValue", HOME, None),
            ("dynamodb", "ListTables", HOME, None),
            ("ec2", "DescribeInstances", HOME, DENIED),
        ]
        for k, (service, name, region, err) in enumerate(steps):
            emit(
                t4 + dt.timedelta(seconds=40 * k),
                PROD,
                region,
                api.identity,
                droplet,
                OLD_CLI.format(cmd=f"{service}.x"),
                service,
                name,
                read_only=True,
                error=err,
            )
        for i in range(world.count(30, 6)):
            emit(
                t4 + dt.timedelta(minutes=5, seconds=10 * i),
                PROD,
                HOME,
                api.identity,
                droplet,
                OLD_CLI.format(cmd="cognito-idp.list-users"),
                "cognito-idp",
                "ListUsers",
                read_only=True,
                params={"userPoolId": f"{HOME}_Rd7Kq2LmX", "limit": 60},
            )

    incident(
        world,
        "A4",
        "reader API task credentials (SSRF) used from DigitalOcean",
        "high",
        [(api.key, droplet)],
        a4,
    )


def a8(world: World) -> None:
    """A8: a platform engineer's SSO token (infostealer) used for slow recon with the team's CLI."""
    s, net, rng, trail = world.slot, world.net, world.rng, world.trail
    emit = trail.emit
    eng = PLATFORM[2]
    proxy = net.public("kt_proxy")
    t8 = world.at(s(1), 22.5, KST)
    stolen = saml(world, t8, eng, PROD, proxy, CLI.format(cmd="sso.login"))

    def a8() -> None:
        calls = [
            ("iam", "ListRoles", GLOBAL),
            ("iam", "ListUsers", GLOBAL),
            ("s3", "ListBuckets", HOME),
            ("ec2", "DescribeInstances", HOME),
            ("ec2", "DescribeInstances", SEA),
            ("ec2", "DescribeInstances", TOKYO),
            ("secretsmanager", "ListSecrets", HOME),
            ("kms", "ListKeys", HOME),
            ("lambda", "ListFunctions20150331", HOME),
            ("iam", "ListPolicies", GLOBAL),
            ("organizations", "DescribeOrganization", GLOBAL),
            ("rds", "DescribeDBInstances", HOME),
            ("iam", "GetAccountAuthorizationDetails", GLOBAL),
        ]
        for k in range(world.count(26, 13)):
            service, name, region = calls[k % len(calls)]
            err = (
                DENIED
                if name in ("DescribeOrganization", "GetAccountAuthorizationDetails")
                else None
            )
            emit(
                t8 + dt.timedelta(minutes=2 + 25 * k, seconds=rng.randint(0, 600)),
                PROD,
                region,
                stolen.identity,
                proxy,
                CLI.format(cmd=f"{service}.{name.lower()}"),
                service,
                name,
                read_only=True,
                error=err,
            )

    incident(
        world,
        "A8",
        "stolen SSO token: slow night recon with the platform CLI from a Korean proxy",
        "medium",
        [(stolen.key, proxy)],
        a8,
        opened={stolen.key: stolen.signed_in},
    )


def a9(world: World) -> None:
    """A9: the new Japan account's web instance credentials (IMDSv1 SSRF) used from Linode Tokyo."""
    s, net, rng, trail = world.slot, world.net, world.rng, world.trail
    emit = trail.emit
    linode = net.public("linode_tokyo")
    t9 = world.at(s(2), 9)
    web = session_at(world.changes["jp_sessions"], t9)

    def a9() -> None:
        steps = [
            ("sts", "GetCallerIdentity", None, {}),
            ("s3", "ListBuckets", None, {}),
            ("ec2", "DescribeInstances", None, {}),
            ("iam", "ListRoles", DENIED, {}),
            ("secretsmanager", "ListSecrets", None, {}),
            ("secretsmanager", "GetSecretValue", None, {"secretId": "localiser/db"}),
            (
                "ec2",
                "RunInstances",
                (
                    "Client.UnauthorizedOperation",
                    "You are not authorized to perform this operation.",
                ),
                {"instanceType": "p4d.24xlarge"},
            ),
            ("ec2", "DescribeRegions", None, {}),
        ]
        for k, (service, name, err, params) in enumerate(steps):
            emit(
                t9 + dt.timedelta(minutes=k, seconds=rng.randint(0, 40)),
                JP,
                GLOBAL if service == "iam" else TOKYO,
                web.identity,
                linode,
                BOTO,
                service,
                name,
                read_only=name != "RunInstances",
                error=err,
                params=params or None,
            )

    incident(
        world,
        "A9",
        "new account's instance credentials from Linode on its first day",
        "medium",
        [(web.key, linode)],
        a9,
    )


def a10(world: World) -> None:
    """A10: the payment webhook's credentials read by a malicious dependency, used from EC2 elsewhere."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    other = net.aws("attacker-ec2", GLOBAL)
    t10 = world.at(s(2), 6)
    hook = session_at(world.changes["lambda-payment-webhook"], t10)

    def a10() -> None:
        for k, (service, name, err, params) in enumerate(
            (
                ("sts", "GetCallerIdentity", None, {}),
                ("secretsmanager", "ListSecrets", None, {}),
                ("secretsmanager", "GetSecretValue", None, {"secretId": "pg/webhook-signing-key"}),
                (
                    "secretsmanager",
                    "GetSecretValue",
                    DENIED,
                    {"secretId": "pg/merchant-api-credentials"},
                ),
            )
        ):
            emit(
                t10 + dt.timedelta(seconds=15 * k),
                PROD,
                HOME,
                hook.identity,
                other,
                BOTO,
                service,
                name,
                read_only=True,
                error=err,
                params=params or None,
            )
        s3_object(
            world,
            t10 + dt.timedelta(minutes=2),
            hook,
            PROD,
            other,
            BOTO,
            "ListObjects",
            SETTLEMENT,
            "outbound/",
        )
        for i in range(world.count(30, 8)):
            s3_object(
                world,
                t10 + dt.timedelta(minutes=3, seconds=7 * i),
                hook,
                PROD,
                other,
                BOTO,
                "GetObject",
                SETTLEMENT,
                f"outbound/archive/settle-{i:03d}.csv",
            )

    incident(
        world,
        "A10",
        "payment webhook Lambda credentials (malicious dependency) from another AWS account's EC2",
        "medium",
        [(hook.key, other)],
        a10,
    )


def a11(world: World) -> None:
    """A11: the partner's role assumed with its leaked external ID from OVH, a fortnight of files."""
    s, net = world.slot, world.net
    ovh = net.public("ovh_sg")
    t11 = world.at(s(3), 18.5)
    ua = BOTO
    p = assume_partner(
        world,
        t11,
        role(PROD, "pg-settlement-partner"),
        ovh,
        ua,
        f"kopay-settlement-{int(t11.timestamp())}",
    )

    def a11() -> None:
        s3_object(
            world,
            t11 + dt.timedelta(seconds=5),
            p,
            PROD,
            ovh,
            ua,
            "ListObjects",
            SETTLEMENT,
            "outbound/",
        )
        for i in range(world.count(80, 14)):
            day = t11 - dt.timedelta(days=i // 6)
            s3_object(
                world,
                t11 + dt.timedelta(seconds=20 + 9 * i),
                p,
                PROD,
                ovh,
                ua,
                "GetObject",
                SETTLEMENT,
                f"outbound/{day:%Y%m%d}/settle-{i % 48:02d}-0.csv",
            )

    incident(
        world,
        "A11",
        "partner role assumed with its external ID from OVH; settlement files read",
        "medium",
        [(p.key, ovh)],
        a11,
        opened={p.key: p.signed_in},
    )

"""The benign changes B5, B7, B8 and B9: the Aurora upgrade, the Route 53 migration, the
announced pentest and the new account; split from ``_benign`` to keep modules short."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout14._benign import _day, role, row, saml
from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._org import CLI_LINUX, PEOPLE, PROWLER, TERRAFORM
from benchmarks.heldout14._people import sign_in, user_cred
from benchmarks.heldout14._pipelines import terraform_run
from benchmarks.heldout14._plan import ACCOUNTS, EDGE, HOME, at, hexid
from benchmarks.heldout14._records import service_identity

PROD, SHARED, PIX, MGMT = (
    ACCOUNTS["prod"],
    ACCOUNTS["shared"],
    ACCOUNTS["pix"],
    ACCOUNTS["management"],
)


def blue_green(ctx: Ctx) -> list[dict[str, str]]:
    """B5: Aurora PostgreSQL 15 -> 16 through a blue/green deployment, by a platform admin's
    saml2aws session in the Sunday-night window after Black Friday."""
    rng = ctx.plan.sub("b5")
    day = _day(ctx, 3)
    admin = next(p for p in PEOPLE if p.email.startswith("fernanda"))
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b5-admin"))
    when = at(day, 1)
    ids: list[str] = []
    cluster = {"dBClusterIdentifier": "jabuti-orders"}
    plan = [
        ("CreateDBClusterParameterGroup", 1),
        ("ModifyDBClusterParameterGroup", 1),
        ("CreateBlueGreenDeployment", 1),
        ("DescribeBlueGreenDeployments", 14),
        ("SwitchoverBlueGreenDeployment", 1),
        ("DescribeBlueGreenDeployments", 6),
        ("DescribeDBClusters", 3),
        ("DeleteBlueGreenDeployment", 1),
    ]
    t = when
    for hour in range(3):
        session, signed = sign_in(
            ctx,
            rng,
            admin.email,
            admin.role,
            admin.account,
            when + dt.timedelta(hours=hour),
            home,
            "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)",
            console=False,
        )
        ids += signed
        for name, times in plan[hour * 3 : hour * 3 + 3]:
            for _ in range(times):
                t = max(t, when + dt.timedelta(hours=hour)) + dt.timedelta(
                    seconds=rng.uniform(20, 90)
                )
                ids.append(
                    ctx.trail.event(
                        session,
                        t,
                        "rds",
                        name,
                        home,
                        CLI_LINUX.format(cmd=f"rds.{name.lower()}"),
                        request=cluster,
                    )
                )
    end = when + dt.timedelta(hours=3.5)
    return [
        row(
            "B5", "Aurora major-version upgrade through blue/green", "benign", when, end, events=ids
        ),
        row("B5", "", "benign", when, end, principal=role(PROD, admin.role)),
        row("B5", "", "benign", when, end, principal=saml(admin.email)),
    ]


def route53_migration(ctx: Ctx) -> list[dict[str, str]]:
    """B7: the platform pipeline moves the storefront's records to a new hosted zone layout
    (latency records for the São Paulo and Virginia edges), Sunday 03:30."""
    rng = ctx.plan.sub("b7")
    when = at(_day(ctx, 3), 3.5)
    sessions, ip = terraform_run(ctx, rng, when, (PROD,))
    cred, ids, t = sessions[PROD], [], when + dt.timedelta(minutes=2)
    ids.append(
        ctx.trail.event(
            cred, t, "route53", "ListHostedZones", ip, TERRAFORM.format(api="route53"), region=EDGE
        )
    )
    for _ in range(rng.randint(50, 90)):
        t += dt.timedelta(seconds=rng.uniform(1, 6))
        ids.append(
            ctx.trail.event(
                cred,
                t,
                "route53",
                "ChangeResourceRecordSets",
                ip,
                TERRAFORM.format(api="route53"),
                region=EDGE,
                request={
                    "hostedZoneId": "Z0471182QK3MJABUTI",
                    "changeBatch": {"changes": [{"action": "UPSERT"}]},
                },
            )
        )
        if rng.random() < 0.5:
            ids.append(
                ctx.trail.event(
                    cred,
                    t + dt.timedelta(seconds=1),
                    "route53",
                    "GetChange",
                    ip,
                    TERRAFORM.format(api="route53"),
                    region=EDGE,
                )
            )
    end = t + dt.timedelta(minutes=10)
    return [
        row(
            "B7",
            "Route 53 record migration by the platform pipeline",
            "benign",
            when,
            end,
            events=ids,
        ),
        row("B7", "", "benign", when, end, principal=role(PROD, "terraform-exec")),
        row("B7", "", "benign", when, end, principal=role(SHARED, "gitlab-infra")),
    ]


_PROWLER = (
    ("iam", "GetAccountAuthorizationDetails"),
    ("iam", "ListUsers"),
    ("iam", "ListRoles"),
    ("iam", "GetAccountPasswordPolicy"),
    ("iam", "GenerateCredentialReport"),
    ("iam", "GetCredentialReport"),
    ("s3", "ListBuckets"),
    ("s3", "GetBucketPolicy"),
    ("s3", "GetBucketAcl"),
    ("s3", "GetPublicAccessBlock"),
    ("ec2", "DescribeInstances"),
    ("ec2", "DescribeSecurityGroups"),
    ("ec2", "DescribeSnapshots"),
    ("ec2", "DescribeVolumes"),
    ("rds", "DescribeDBInstances"),
    ("rds", "DescribeDBSnapshots"),
    ("lambda", "ListFunctions"),
    ("kms", "ListKeys"),
    ("secretsmanager", "ListSecrets"),
    ("guardduty", "ListDetectors"),
    ("cloudtrail", "DescribeTrails"),
    ("config", "DescribeConfigurationRecorders"),
    ("sns", "ListTopics"),
    ("sqs", "ListQueues"),
)
_REGIONS = (
    HOME,
    EDGE,
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "ca-central-1",
    "sa-east-1",
)


def pentest_run(
    ctx: Ctx, day: dt.date, calls: int
) -> tuple[list[str], list[str], dt.datetime, dt.datetime]:
    """The consultancy's prowler run with its IAM user from its office: every check in every
    region, a tenth denied by the SecurityAudit policy. (event IDs, addresses, start, end)"""
    rng = ctx.plan.sub(f"pentest-{day}")
    cred = user_cred(ctx, PROD, "ext-pentest-tupi")
    ips = [
        ctx.plan.ip("pentest", ctx.plan.sub("pentest-ip")),
        ctx.plan.ip("pentest", ctx.plan.sub("pentest-ip2")),
    ]
    start = at(day, 9.5)
    t, ids = start, [ctx.trail.event(cred, start, "sts", "GetCallerIdentity", ips[0], PROWLER)]
    for _ in range(calls):
        t += dt.timedelta(seconds=rng.uniform(1, 40))
        service, name = rng.choice(_PROWLER)
        region = EDGE if service == "iam" else rng.choice(_REGIONS)
        error = "AccessDenied" if rng.random() < 0.1 else None
        ids.append(
            ctx.trail.event(
                cred, t, service, name, rng.choice(ips), PROWLER, region=region, error=error
            )
        )
    return ids, ips, start, t


def pentest(ctx: Ctx) -> list[dict[str, str]]:
    """B8: the announced test on the first scored day; the same firm ran a shorter retest
    five days earlier (history), from the same office with the same tool."""
    before = ctx.first_scored - dt.timedelta(days=5)
    if before in ctx.days:
        pentest_run(ctx, before, 120)
    _ids, _ips, start, end = pentest_run(ctx, ctx.first_scored, 500)
    user = f"arn:aws:iam::{PROD}:user/ext-pentest-tupi"
    return [
        row(
            "B8",
            "announced pentest (Tupi Security, prowler) from the consultancy's office",
            "benign",
            start,
            end + dt.timedelta(minutes=5),
            principal=user,
        )
    ]


def new_account(ctx: Ctx) -> list[dict[str, str]]:
    """B9: Account Factory vends the pix account on the first scored day: Control Tower's
    execution role and StackSets baseline it, then its workloads start (the background)."""
    rng = ctx.plan.sub("b9")
    day = ctx.first_scored
    when = at(day, 0.2)
    admin = next(p for p in PEOPLE if p.email.startswith("renata"))
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b9-admin"))
    session, ids = sign_in(
        ctx,
        rng,
        admin.email,
        admin.role,
        MGMT,
        when - dt.timedelta(minutes=5),
        home,
        admin.browser,
        console=True,
    )
    ids.append(
        ctx.trail.event(
            session,
            when,
            "servicecatalog",
            "ProvisionProduct",
            home,
            admin.browser,
            request={
                "productName": "AWS Control Tower Account Factory",
                "provisionedProductName": "jabuti-pix",
            },
        )
    )
    org = {
        "type": "AssumedRole",
        "principalId": "AROACONTROLTOWERADMIN:AWSControlTowerAdmin",
        "arn": f"arn:aws:sts::{MGMT}:assumed-role/AWSControlTowerAdmin/controltower",
        "accountId": MGMT,
        "invokedBy": "controltower.amazonaws.com",
    }
    ids.append(
        ctx.trail.event(
            org,
            when + dt.timedelta(minutes=1),
            "organizations",
            "CreateAccount",
            "controltower.amazonaws.com",
            "controltower.amazonaws.com",
            region=EDGE,
            account=MGMT,
            request={"accountName": "jabuti-pix", "email": "aws-pix@jabuti.com.br"},
        )
    )
    exec_cred, eid = ctx.trail.mint(
        PIX,
        "AWSControlTowerExecution",
        "AWSControlTowerExecution",
        when + dt.timedelta(minutes=9),
        by=org,
        ip="controltower.amazonaws.com",
        agent="controltower.amazonaws.com",
        invoked_by="controltower.amazonaws.com",
    )
    ids.append(eid)
    stack, eid = ctx.trail.mint(
        PIX,
        f"stacksets-exec-{hexid(rng, 32)}",
        "stacksets-exec",
        when + dt.timedelta(minutes=12),
        by=service_identity("cloudformation.amazonaws.com"),
        ip="cloudformation.amazonaws.com",
        agent="cloudformation.amazonaws.com",
        invoked_by="cloudformation.amazonaws.com",
    )
    ids.append(eid)
    t = when + dt.timedelta(minutes=13)
    for cred, service, name in (
        (exec_cred, "iam", "CreateRole"),
        (exec_cred, "iam", "AttachRolePolicy"),
        (stack, "config", "PutConfigurationRecorder"),
        (stack, "config", "PutDeliveryChannel"),
        (stack, "config", "StartConfigurationRecorder"),
        (stack, "iam", "CreateRole"),
        (stack, "sns", "CreateTopic"),
        (stack, "logs", "CreateLogGroup"),
        (stack, "lambda", "CreateFunction"),
        (exec_cred, "ec2", "DeleteVpc"),
    ):
        t += dt.timedelta(seconds=rng.uniform(5, 60))
        ids.append(
            ctx.trail.event(
                cred,
                t,
                service,
                name,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
                region=EDGE if service == "iam" else HOME,
            )
        )
    start, end = when - dt.timedelta(minutes=10), at(ctx.scored[-1], 24)
    rows = [
        row(
            "B9",
            "a new account (pix) vended by Account Factory, and its first workloads",
            "benign",
            start,
            end,
            events=ids,
        )
    ]
    principals = (
        "ecs-pix-gateway-task",
        "lambda-pix-callback",
        "deployer",
        "terraform-exec",
        "AWSServiceRoleForConfig",
        "AWSControlTowerExecution",
        stack.name,
    )
    rows += [row("B9", "", "benign", start, end, principal=role(PIX, p)) for p in principals]
    return rows

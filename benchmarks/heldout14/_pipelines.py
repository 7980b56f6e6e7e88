"""Delivery: GitLab CI through OIDC (a role per project in the shared account, then each target
account's deployer), the platform team's Terraform, and the one legacy repository still on
Bitbucket Pipelines with an IAM user's long-lived key."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout14._context import Ctx, Issued
from benchmarks.heldout14._org import BITBUCKET, GITLAB, PROJECTS, TERRAFORM
from benchmarks.heldout14._people import user_cred
from benchmarks.heldout14._plan import ACCOUNTS, EDGE, HOME, at, hexid, is_workday
from benchmarks.heldout14._records import Cred

SHARED, PROD = ACCOUNTS["shared"], ACCOUNTS["prod"]
PROVIDER = f"arn:aws:iam::{SHARED}:oidc-provider/gitlab.com"


def web_identity(project: str) -> dict[str, Any]:
    subject = f"project_path:jabuti/{project}:ref_type:branch:ref:main"
    return {
        "type": "WebIdentityUser",
        "principalId": f"{PROVIDER}:https://gitlab.com:{subject}",
        "userName": subject,
        "identityProvider": PROVIDER,
    }


def gitlab_login(
    ctx: Ctx, rng: random.Random, project: str, when: dt.datetime, ip: str, agent: str = GITLAB
) -> tuple[Cred, list[str]]:
    """A GitLab job's ``AssumeRoleWithWebIdentity`` into ``gitlab-<project>`` and its
    ``GetCallerIdentity``."""
    job = rng.randrange(7_000_000_000, 8_000_000_000)
    cred, first = ctx.trail.mint(
        SHARED,
        f"gitlab-{project}",
        f"GitLab-{job}",
        when,
        by=web_identity(project),
        ip=ip,
        agent=agent.format(cmd="sts.assume-role-with-web-identity"),
        api="AssumeRoleWithWebIdentity",
        request={"providerId": PROVIDER},
    )
    second = ctx.trail.event(
        cred,
        when + dt.timedelta(seconds=3),
        "sts",
        "GetCallerIdentity",
        ip,
        agent.format(cmd="sts.get-caller-identity"),
    )
    ctx.keep(
        SHARED, f"gitlab-{project}", Issued(cred, when, when + dt.timedelta(hours=1), ip, project)
    )
    return cred, [first, second]


def into(
    ctx: Ctx,
    rng: random.Random,
    source: Cred,
    account: str,
    role: str,
    session: str,
    when: dt.datetime,
    ip: str,
    agent: str,
) -> tuple[Cred, str]:
    """Role chaining from the shared account into ``role`` of ``account``."""
    cred, eid = ctx.trail.mint(
        account,
        role,
        session,
        when,
        by=source,
        ip=ip,
        agent=agent,
        request={"sourceIdentity": source.session},
    )
    ctx.keep(account, role, Issued(cred, when, when + dt.timedelta(hours=1), ip, session))
    return cred, eid


def deploy(
    ctx: Ctx, rng: random.Random, cred: Cred, project: str, when: dt.datetime, ip: str
) -> list[str]:
    """What a deploy job calls: a new task definition and a rolling update, or new function code."""
    out, t = [], when
    cli = GITLAB
    if project == "lambdas":
        for fn in rng.sample(["order-webhook", "image-resizer", "fraud-score", "freight-quote"], 2):
            for name in (
                "UpdateFunctionCode",
                "GetFunctionConfiguration",
                "GetFunctionConfiguration",
                "PublishVersion",
                "UpdateAlias",
            ):
                t += dt.timedelta(seconds=rng.randrange(4, 40))
                out.append(
                    ctx.trail.event(
                        cred,
                        t,
                        "lambda",
                        name,
                        ip,
                        cli.format(cmd=f"lambda.{name.lower()}"),
                        request={"functionName": fn},
                    )
                )
        return out
    service = {"checkout": "checkout-api", "catalog": "catalog-api", "pix": "pix-gateway"}.get(
        project, project
    )
    steps = ["DescribeTaskDefinition", "RegisterTaskDefinition", "UpdateService"] + [
        "DescribeServices"
    ] * rng.randint(3, 6)
    for name in steps:
        t += dt.timedelta(seconds=rng.randrange(5, 60))
        request = (
            {"cluster": "jabuti", "service": service} if "Service" in name else {"family": service}
        )
        out.append(
            ctx.trail.event(
                cred, t, "ecs", name, ip, cli.format(cmd=f"ecs.{name.lower()}"), request=request
            )
        )
    return out


def gitlab_day(
    ctx: Ctx, day: dt.date, extra: tuple[tuple[str, tuple[str, ...], int], ...] = ()
) -> None:
    """Every project's pipelines on a workday (none at weekends or on the holiday)."""
    if not is_workday(day):
        return
    for project, targets, runs in PROJECTS + extra:
        rng = ctx.plan.sub(f"gitlab-{project}-{day}")
        for _ in range(rng.randint(max(0, runs - 2), runs)):
            when = at(day, rng.uniform(9, 19))
            ip = ctx.plan.ip("gitlab-runners", rng)
            cred, _ = gitlab_login(ctx, rng, project, when, ip)
            for account in targets:
                if not ctx.joined(account, day):
                    continue
                target, _ = into(
                    ctx,
                    rng,
                    cred,
                    account,
                    "deployer",
                    f"gitlab-{project}-{hexid(rng, 8)}",
                    when + dt.timedelta(seconds=10),
                    ip,
                    GITLAB.format(cmd="sts.assume-role"),
                )
                deploy(ctx, rng, target, project, when + dt.timedelta(seconds=20), ip)


_REFRESH = {
    "ec2": ("DescribeVpcs", "DescribeSubnets", "DescribeSecurityGroups", "DescribeRouteTables"),
    "iam": ("GetRole", "ListAttachedRolePolicies", "GetPolicy", "GetPolicyVersion"),
    "ecs": ("DescribeClusters", "DescribeServices", "DescribeTaskDefinition"),
    "rds": ("DescribeDBClusters", "DescribeDBSubnetGroups", "DescribeDBClusterParameterGroups"),
    "elasticache": ("DescribeReplicationGroups", "DescribeCacheSubnetGroups"),
    "route53": ("GetHostedZone", "ListResourceRecordSets", "ListTagsForResource"),
    "sqs": ("GetQueueAttributes", "ListQueueTags"),
    "s3": ("GetBucketPolicy", "GetBucketVersioning", "GetBucketEncryption"),
}


def terraform_run(
    ctx: Ctx, rng: random.Random, when: dt.datetime, accounts: tuple[str, ...]
) -> tuple[dict[str, Cred], str]:
    """The platform pipeline (GitLab project ``infra``): a plan refreshes every resource in each
    account through ``terraform-exec``. Returns the sessions by account and the runner's address."""
    ip = ctx.plan.ip("gitlab-runners", rng)
    cred, _ = gitlab_login(ctx, rng, "infra", when, ip)
    sessions = {}
    for account in accounts:
        target, _ = into(
            ctx,
            rng,
            cred,
            account,
            "terraform-exec",
            f"terraform-{hexid(rng, 8)}",
            when + dt.timedelta(seconds=15),
            ip,
            TERRAFORM.format(api="sts"),
        )
        sessions[account] = target
        t = when + dt.timedelta(seconds=30)
        for service in rng.sample(sorted(_REFRESH), 5):
            for name in _REFRESH[service]:
                t += dt.timedelta(seconds=rng.uniform(0.2, 2))
                region = EDGE if service in ("iam", "route53") else HOME
                ctx.trail.event(
                    target, t, service, name, ip, TERRAFORM.format(api=service), region=region
                )
    return sessions, ip


def terraform_day(ctx: Ctx, day: dt.date) -> None:
    if not is_workday(day):
        return
    rng = ctx.plan.sub(f"terraform-{day}")
    accounts = tuple(
        a
        for n, a in ACCOUNTS.items()
        if n in ("prod", "staging", "data", "security") or (n == "pix" and ctx.joined(a, day))
    )
    for _ in range(rng.randint(1, 2)):
        terraform_run(ctx, rng, at(day, rng.uniform(10, 17)), accounts)


def bitbucket_run(ctx: Ctx, rng: random.Random, when: dt.datetime) -> list[str]:
    """The legacy back-office repository's pipeline: Bitbucket's runners (on AWS) with the
    ``ci-bitbucket-backoffice`` user's key, deploying one ECS service."""
    cred = user_cred(ctx, PROD, "ci-bitbucket-backoffice")
    ip = ctx.plan.aws_ip(rng.choice([EDGE, "us-west-2"]), rng)
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("sts", "GetCallerIdentity", {}),
        ("ecr", "GetAuthorizationToken", {}),
        (
            "s3",
            "PutObject",
            {"bucketName": "jabuti-build-artifacts", "key": f"backoffice/{hexid(rng, 10)}.zip"},
        ),
        ("ecs", "RegisterTaskDefinition", {"family": "backoffice"}),
        ("ecs", "UpdateService", {"cluster": "jabuti", "service": "backoffice"}),
    ]
    steps += [
        ("ecs", "DescribeServices", {"cluster": "jabuti", "services": ["backoffice"]})
    ] * rng.randint(2, 5)
    out, t = [], when
    for service, name, request in steps:
        t += dt.timedelta(seconds=rng.randrange(3, 50))
        out.append(ctx.trail.event(cred, t, service, name, ip, BITBUCKET, request=request or None))
    ctx.keep(PROD, "ci-bitbucket-backoffice", Issued(cred, when, t, ip, "bitbucket"))
    return out


def bitbucket_day(ctx: Ctx, day: dt.date, until: dt.datetime | None) -> None:
    """A few runs per workday, until the key is deactivated (``until``)."""
    if not is_workday(day):
        return
    rng = ctx.plan.sub(f"bitbucket-{day}")
    for _ in range(rng.randint(1, 3)):
        when = at(day, rng.uniform(9, 18))
        if until is None or when < until:
            bitbucket_run(ctx, rng, when)

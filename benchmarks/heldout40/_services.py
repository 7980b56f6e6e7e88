"""Who else acts in the accounts: the payment gateway through its external-ID role, GitHub
Actions deploys through OIDC, and the service-linked roles of AWS Config and Application Auto
Scaling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout40._model import Session, credentials, role_session
from benchmarks.heldout40._org import (
    GH_CLI,
    GLOBAL,
    HOME,
    KST,
    OIDC_GITHUB,
    PARTNER,
    PARTNER_V1,
    PARTNER_V2,
    PROD,
    SETTLEMENT,
    World,
    role,
    slr,
)
from benchmarks.heldout40._people import s3_object

# readers per hour of the day in Korea (0 = midnight KST): evenings and the midnight release


def partner(world: World, day: dt.date) -> None:
    """The payment gateway assumes its settlement role with its external ID every half hour
    from its own AWS egress, lists and reads the day's settlement files and acknowledges."""
    rng = world.rng
    r = role(PROD, "pg-settlement-partner")
    rotated = world.changes.get("partner_rotated")
    for half in range(48):
        t = world.at(day, half / 2) + dt.timedelta(seconds=rng.randint(5, 40))
        new = rotated is not None and t >= rotated
        src = world.net.aws("partner-nat-2" if new else "partner-nat-1", HOME)
        ua = PARTNER_V2 if new else PARTNER_V1
        assume_partner(world, t, r, src, ua, f"kopay-settlement-{int(t.timestamp())}")
        s = world.changes["_partner_session"]
        s3_object(
            world,
            t + dt.timedelta(seconds=2),
            s,
            PROD,
            src,
            ua,
            "ListObjects",
            SETTLEMENT,
            "outbound/",
        )
        for k in range(rng.randint(0, 2)):
            s3_object(
                world,
                t + dt.timedelta(seconds=4 + k),
                s,
                PROD,
                src,
                ua,
                "GetObject",
                SETTLEMENT,
                f"outbound/{t:%Y%m%d}/settle-{half:02d}-{k}.csv",
            )
        s3_object(
            world,
            t + dt.timedelta(seconds=9),
            s,
            PROD,
            src,
            ua,
            "PutObject",
            SETTLEMENT,
            f"inbound/ack/{t:%Y%m%d}-{half:02d}.json",
        )


def assume_partner(world: World, t: dt.datetime, r: Any, src: str, ua: str, name: str) -> Session:
    trail = world.trail
    s = role_session(PROD, r.name, r.role_id, name, trail.key(), t, hours=1)
    s.signed_in = trail.emit(
        t,
        PROD,
        HOME,
        {
            "type": "AWSAccount",
            "principalId": "AROA4KPYGATEWAYBATCH:settlement-batch",
            "accountId": PARTNER,
        },
        src,
        ua,
        "sts",
        "AssumeRole",
        read_only=True,
        params={
            "roleArn": r.arn,
            "roleSessionName": name,
            "externalId": "kp-7f31c9a2-dalbit",
            "durationSeconds": 3600,
        },
        response=credentials(s, trail),
    )
    world.changes["_partner_session"] = s
    return s


def github_deploy(
    world: World, t: dt.datetime, account: str, region: str, repo: str, target: str
) -> Session:
    """A GitHub Actions job: the OIDC web identity, then the image push and the ECS deploy."""
    trail = world.trail
    r = role(account, "github-actions-deploy")
    sub = f"repo:dalbit-webtoon/{repo}:environment:production"
    provider = f"arn:aws:iam::{account}:oidc-provider/{OIDC_GITHUB}"
    src = world.net.public(world.rng.choice(("gh_runner1", "gh_runner2", "gh_runner3")))
    s = role_session(
        account, r.name, r.role_id, "GitHubActions", trail.key(), t, federated=provider
    )
    trail.emit(
        t,
        account,
        region,
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{sub}",
            "userName": sub,
            "identityProvider": provider,
        },
        src,
        GH_CLI.format(cmd="sts.assume-role-with-web-identity"),
        "sts",
        "AssumeRoleWithWebIdentity",
        read_only=True,
        params={"roleArn": r.arn, "roleSessionName": "GitHubActions", "durationSeconds": 3600},
        response={
            **credentials(s, trail),
            "subjectFromWebIdentityToken": sub,
            "provider": provider,
            "audience": "sts.amazonaws.com",
        },
    )
    steps = [
        ("ecr", "GetAuthorizationToken", True, "ecr.get-login-password"),
        ("ecr", "InitiateLayerUpload", False, "ecr.push"),
        ("ecr", "CompleteLayerUpload", False, "ecr.push"),
        ("ecr", "PutImage", False, "ecr.push"),
        ("ecs", "RegisterTaskDefinition", False, "ecs.register-task-definition"),
        ("ecs", "UpdateService", False, "ecs.update-service"),
    ] + [("ecs", "DescribeServices", True, "ecs.wait")] * 3
    for k, (service, name, ro, cmd) in enumerate(steps):
        params: dict[str, Any] = (
            {"service": target, "cluster": "webtoon"}
            if service == "ecs"
            else {"repositoryName": repo}
        )
        trail.emit(
            t + dt.timedelta(seconds=20 + 25 * k),
            account,
            region,
            s.identity,
            src,
            GH_CLI.format(cmd=cmd),
            service,
            name,
            read_only=ro,
            params=params,
        )
    return s


def deploys(world: World, day: dt.date) -> None:
    when = world.changes.get("api_deploys", {}).get(day)
    if when:
        github_deploy(world, when - dt.timedelta(minutes=4), PROD, HOME, "reader-api", "reader-api")
    if day.weekday() >= 5:
        return
    for t in world.spread(day, world.rng.randint(0, 2), 10, 18, KST):
        github_deploy(world, t, PROD, HOME, "webtoon-admin", "webtoon-admin")


def service_roles(world: World, day: dt.date, account: str, regions: tuple[str, ...]) -> None:
    """AWS Config's recorder (and, in prod, Application Auto Scaling) acting through their
    service-linked roles from the services' own host names."""
    trail, rng = world.trail, world.rng
    roles = [
        (
            "config",
            "AWSServiceRoleForConfig",
            (
                ("ec2", "DescribeInstances"),
                ("ec2", "DescribeSecurityGroups"),
                ("iam", "GetRole"),
                ("lambda", "GetFunction"),
                ("s3", "GetBucketPolicy"),
            ),
        )
    ]
    if account == PROD:
        roles.append(
            (
                "application-autoscaling",
                "AWSServiceRoleForApplicationAutoScaling_ECSService",
                (("ecs", "DescribeServices"), ("monitoring", "DescribeAlarms")),
            )
        )
    for host_name, name, calls in roles:
        host = f"{host_name}.amazonaws.com"
        r = slr(account, name, host)
        for region in regions:
            s = role_session(
                account,
                r.name,
                r.role_id,
                "AWSConfig-Describe" if host_name == "config" else "ApplicationAutoScaling",
                trail.key(),
                world.at(day, 0),
                path=r.path,
                hours=24,
            )
            for t in world.spread(day, world.count(30, 12) if host_name == "config" else 48, 0, 24):
                service, call = rng.choice(calls)
                trail.emit(
                    t,
                    account,
                    GLOBAL if service == "iam" else region,
                    s.identity,
                    host,
                    host,
                    service,
                    call,
                    read_only=True,
                )
    finale = world.changes.get("finale")
    if account == PROD and finale and finale[0].date() == day:
        r = slr(
            PROD,
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            "application-autoscaling.amazonaws.com",
        )
        s = role_session(
            PROD, r.name, r.role_id, "ApplicationAutoScaling", trail.key(), finale[0], path=r.path
        )
        for k in range(3):
            trail.emit(
                finale[0] + dt.timedelta(minutes=k),
                PROD,
                HOME,
                s.identity,
                "application-autoscaling.amazonaws.com",
                "application-autoscaling.amazonaws.com",
                "ecs",
                "UpdateService",
                read_only=False,
                params={"service": "reader-api", "cluster": "webtoon", "desiredCount": 6 * (k + 2)},
            )

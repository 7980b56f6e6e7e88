"""The rest of the machines' days: the vendors' hourly roles, the IAM users that are machines (webcams, old Jenkins, the NAS archive, the newsletter CMS), the service-linked roles acting in every account, the Engadin account's instances; and the whole machine day."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.events import Session, Trail
from benchmarks.heldout45.org import (
    DATA,
    HOME,
    MGMT,
    NEW,
    PLACES,
    PROD,
    REGION,
    SEC,
    VENDOR_APM,
    VENDOR_TURNSTILE,
    role,
)
from benchmarks.heldout45.workloads import (
    APM_AGENT,
    APM_ROLE,
    CMS,
    ENGADIN_ROLE,
    JAVA,
    JENKINS,
    KEYS,
    NAS,
    SSM_AGENT,
    TURNSTILE_ROLE,
    VENDOR_GO,
    WEBCAM,
    gate_fleet,
    gitlab,
    lambdas,
    passes_tasks,
)
from benchmarks.heldout45.world import World, local


def vendors(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    for h in range(24):
        t = local(day, h + rng.uniform(0, 0.2))
        s, _ = actors.vendor(
            trail,
            "gatewise",
            t,
            account=PROD,
            vendor_account=VENDOR_TURNSTILE,
            role_arn=TURNSTILE_ROLE,
            session_name="gatewise-monitoring",
            external_id="gw-7731-alpenfirn",
            ip=PLACES["aws_fra"].ip(2100 + rng.randrange(4)),
            agent=VENDOR_GO,
        )
        trail.call(s, t + dt.timedelta(seconds=4), "cloudwatch:GetMetricData", HOME)
        trail.call(
            s,
            t + dt.timedelta(seconds=6),
            "ec2:DescribeInstances",
            HOME,
            params={
                "filterSet": {
                    "items": [{"name": "tag:app", "valueSet": {"items": [{"value": "gate-api"}]}}]
                }
            },
        )
        if h % 2 == 0:
            for account in (PROD, DATA):
                u = local(day, h + 0.3 + rng.uniform(0, 0.2))
                s, _ = actors.vendor(
                    trail,
                    "stackwatch",
                    u,
                    account=account,
                    vendor_account=VENDOR_APM,
                    role_arn=role(account, APM_ROLE),
                    session_name="stackwatch-crawler",
                    external_id="5f0b8e2c9d4a4e71a1c3",
                    ip=PLACES["aws_iad"].ip(800 + rng.randrange(16)),
                    agent=APM_AGENT,
                    caller_role="StackwatchIntegrationRole",
                )
                region = REGION[account]
                for k, call in enumerate(
                    (
                        "cloudwatch:ListMetrics",
                        "cloudwatch:GetMetricData",
                        "tag:GetResources",
                        "ec2:DescribeInstances",
                        "lambda:ListFunctions20150331",
                    )
                ):
                    trail.call(s, u + dt.timedelta(seconds=3 + k), call, region)


def machine_users(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    for cam in range(3):
        s = actors.iam_user(
            trail,
            PROD,
            "webcam-uploader",
            KEYS["webcam-uploader"],
            PLACES["webcam"].ip(310 + cam * 40),
            WEBCAM,
        )
        for k in range(0, 24 * 60, 30):
            t = local(day, k / 60 + cam * 0.1 + rng.uniform(0, 0.05))
            trail.call(
                s,
                t,
                "s3:PutObject",
                HOME,
                data=True,
                params={"bucketName": "alpenfirn-webcams", "key": f"cam{cam + 1}/latest.jpg"},
            )
    s = actors.iam_user(
        trail, PROD, "ci-legacy-jenkins", KEYS["ci-legacy-jenkins"], PLACES["hq"].ip(41), JENKINS
    )
    t = local(day, 1.5 + rng.uniform(0, 0.2))
    for k in range(4):
        trail.call(
            s,
            t + dt.timedelta(seconds=10 * k),
            "s3:PutObject",
            HOME,
            data=True,
            params={"bucketName": "alpenfirn-kiosk-content", "key": f"slides/{k}.png"},
        )
    trail.call(
        s,
        t + dt.timedelta(minutes=1),
        "cloudfront:CreateInvalidation",
        "us-east-1",
        params={"distributionId": "E2QK8Z1XJ4N5TA"},
    )
    s = actors.iam_user(trail, DATA, "archive-sync", KEYS["archive-sync"], PLACES["hq"].ip(42), NAS)
    t = local(day, 2.0 + rng.uniform(0, 0.2))
    trail.call(
        s, t, "s3:ListObjects", REGION[DATA], data=True, params={"bucketName": "alpenfirn-archive"}
    )
    for k in range(6):
        trail.call(
            s,
            t + dt.timedelta(seconds=20 + 15 * k),
            "s3:PutObject",
            REGION[DATA],
            data=True,
            params={"bucketName": "alpenfirn-archive", "key": f"finance/{day.isoformat()}/{k}.pdf"},
        )
    s = actors.iam_user(
        trail, PROD, "newsletter-ses", KEYS["newsletter-ses"], PLACES["hq"].ip(43), CMS
    )
    trail.call(s, local(day, 6.0 + rng.uniform(0, 0.1)), "ses:GetSendQuota", HOME)


def services(trail: Trail, world: World, day: dt.date) -> None:
    rng = trail.rng
    accounts = [MGMT, PROD, DATA, SEC] + (
        [NEW] if world.join_at and local(day, 24) > world.join_at else []
    )
    for account in accounts:
        region = REGION[account]
        first = 0.0
        if account == NEW and world.join_at is not None:
            first = max(0.0, (world.join_at - local(day, 0)).total_seconds() / 3600 + 1)
        for h in range(int(first), 24, 2):
            t = local(day, h + rng.uniform(0, 1.5))
            s = actors.service_session(
                account, "AWSServiceRoleForConfig", "AWSConfig-Describe", "config.amazonaws.com", t
            )
            for k, call in enumerate(
                (
                    "ec2:DescribeInstances",
                    "ec2:DescribeSecurityGroups",
                    "iam:GetRole",
                    "s3:GetBucketAcl",
                )
            ):
                if rng.random() < 0.7:
                    trail.call(
                        s,
                        t + dt.timedelta(seconds=k),
                        call,
                        region if not call.startswith("iam") else "us-east-1",
                    )
        t = local(day, first + 3 + rng.uniform(0, 1))
        s = actors.service_session(
            account,
            "AWSServiceRoleForAccessAnalyzer",
            "access-analyzer",
            "access-analyzer.amazonaws.com",
            t,
        )
        trail.call(s, t, "iam:ListRoles", "us-east-1")
        trail.call(s, t + dt.timedelta(seconds=2), "s3:GetBucketPolicy", region)
    t = local(day, 5 + rng.uniform(0, 1))
    s = actors.service_session(
        SEC, "AWSServiceRoleForSecurityHub", "securityhub", "securityhub.amazonaws.com", t
    )
    trail.call(s, t, "guardduty:ListDetectors", HOME)
    trail.call(s, t + dt.timedelta(seconds=3), "config:DescribeConfigRules", HOME)


def engadin(trail: Trail, world: World, day: dt.date) -> None:
    """The new account's booking web instances, from its own NAT gateway."""
    if world.join_at is None or not world.engadin:
        return
    rng = trail.rng
    for n, instance in enumerate(world.engadin):
        first = world.join_at + dt.timedelta(hours=4 + n * 0.2)
        for block in range(4):
            start = local(day, block * 6 + rng.uniform(0, 0.4))
            if start < first:
                if start + dt.timedelta(hours=6) <= first:
                    continue
                start = first
            s = actors.workload(
                trail,
                "engadin-web",
                start,
                account=NEW,
                region=HOME,
                service="ec2.amazonaws.com",
                role_arn=ENGADIN_ROLE,
                session_name=instance,
                ip=PLACES["nat_engadin"].ip(900 + n),
                agent=JAVA,
            )
            for h in range(6):
                t = start + dt.timedelta(minutes=h * 60 + rng.uniform(1, 50))
                if t >= local(day, 24):
                    break
                trail.call(
                    s,
                    t,
                    "ssm:UpdateInstanceInformation",
                    HOME,
                    agent=SSM_AGENT,
                    params={"instanceId": instance},
                )
                trail.call(
                    s,
                    t + dt.timedelta(seconds=20),
                    "secretsmanager:GetSecretValue",
                    HOME,
                    params={"secretId": "engadin/booking/db"},
                )


def machine(trail: Trail, world: World, day: dt.date) -> None:
    for part in (
        gate_fleet,
        passes_tasks,
        lambdas,
        gitlab,
        vendors,
        machine_users,
        services,
        engadin,
    ):
        part(trail, world, day)


__all__ = ["Session", "machine"]

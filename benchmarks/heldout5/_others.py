"""Inside callers: GitLab runners deploying across accounts, Terraform Cloud through OIDC, AWS
Config / Security Hub / GuardDuty, and the legacy IAM users whose long-lived keys live outside AWS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._records import iam_user
from benchmarks.heldout5._saas import (
    JAVA1_UA,
    MEDIA_UA,
    PHP_UA,
    RUNNER_UA,
    TFC_UA,
    vendor_ips,
)
from benchmarks.heldout5._workloads import Work
from benchmarks.heldout5._world import ACCOUNTS, World

S = "amazonaws.com"


def services_day(w: World, day: dt.date) -> None:
    """Config, Security Hub and GuardDuty through their service-linked roles, every account."""
    plan = [
        (
            "config.amazonaws.com",
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            [
                (f"ec2.{S}", "DescribeInstances"),
                (f"ec2.{S}", "DescribeSecurityGroups"),
                (f"iam.{S}", "GetRole"),
                (f"s3.{S}", "GetBucketAcl"),
                (f"lambda.{S}", "GetFunction"),
                (f"config.{S}", "PutEvaluations"),
            ],
            2,
        ),
        (
            "securityhub.amazonaws.com",
            "AWSServiceRoleForSecurityHub",
            "securityhub",
            [
                (f"config.{S}", "DescribeConfigRules"),
                (f"iam.{S}", "GetAccountSummary"),
                (f"cloudtrail.{S}", "DescribeTrails"),
            ],
            1,
        ),
        (
            "guardduty.amazonaws.com",
            "AWSServiceRoleForAmazonGuardDuty",
            "AmazonGuardDuty",
            [
                (f"ec2.{S}", "DescribeVpcs"),
                (f"ec2.{S}", "DescribeInstances"),
                (f"eks.{S}", "ListClusters"),
            ],
            1,
        ),
    ]
    for account, acct in ACCOUNTS.items():
        if account == "nova" and day < w.state["nova_day"]:
            continue
        for host, role, session, apis, rate in plan:
            ident: dict[str, Any] = {}
            for hour in range(24):
                t0 = w.at(day, hour)
                if hour % 6 == 0:
                    _k, ident = w.mint_for_service(t0, acct, "eu-west-1", role, session, host)
                for _ in range(w.n(rate)):
                    source, name = w.rng.choice(apis)
                    w.trail.call(
                        t0 + dt.timedelta(seconds=w.rng.uniform(60, 3590)),
                        acct,
                        "eu-west-1",
                        source,
                        name,
                        ident,
                        host,
                        host,
                        invoked_by=host,
                    )


def users_day(w: World, day: dt.date) -> None:
    """The legacy IAM users: the web shop's SMS sender, the media office's sync, the payments partner."""
    keys = w.state.setdefault(
        "user_keys",
        {
            n: w.ids.key("AKIA")
            for n in ("svc-otp-sms", "svc-media-ingest", "svc-payments-reconcile")
        },
    )
    ips = w.state.setdefault(
        "user_ips",
        {
            "shop": [w.addr.of("webshop_ionos") for _ in range(2)],
            "media": w.addr.of("office_berlin"),
            "pay": w.addr.of("payments_kpn"),
        },
    )
    prod, media = ACCOUNTS["game_prod"], ACCOUNTS["media_prod"]
    shop = iam_user(prod, "svc-otp-sms", keys["svc-otp-sms"])
    for _ in range(w.n(30)):
        t = w.at(
            day,
            w.rng.choices(range(24), [1 + (8 <= h <= 22) * 4 for h in range(24)])[0]
            + w.rng.random(),
        )
        w.trail.call(
            t,
            prod,
            "eu-west-1",
            f"sns.{S}",
            "Publish",
            shop,
            w.rng.choice(ips["shop"]),
            PHP_UA,
            request={
                "phoneNumber": "HIDDEN_DUE_TO_SECURITY_REASONS",
                "messageAttributes": {"AWS.SNS.SMS.SMSType": "Transactional"},
            },
        )
    if day.weekday() == 0:
        w.trail.call(
            w.at(day, 6.2),
            prod,
            "eu-west-1",
            f"sns.{S}",
            "GetSMSAttributes",
            shop,
            ips["shop"][0],
            PHP_UA,
        )
    if day.weekday() < 5:
        sync = iam_user(media, "svc-media-ingest", keys["svc-media-ingest"])
        for hour in (7.5, 13.0, 18.5):
            t = w.at(day, hour + w.rng.uniform(0, 0.2))
            w.trail.call(
                t,
                media,
                "eu-central-1",
                f"s3.{S}",
                "ListObjectsV2",
                sync,
                ips["media"],
                MEDIA_UA,
                request={"bucketName": "bm-media-masters", "prefix": "ingest/"},
            )
            for i in range(w.n(6)):
                w.trail.call(
                    t + dt.timedelta(seconds=20 + 40 * i),
                    media,
                    "eu-central-1",
                    f"s3.{S}",
                    "PutObject",
                    sync,
                    ips["media"],
                    MEDIA_UA,
                    request={"bucketName": "bm-media-masters", "key": f"ingest/clip-{i}.mxf"},
                )
    pay = iam_user(prod, "svc-payments-reconcile", keys["svc-payments-reconcile"])
    t = w.at(day, 2 + w.rng.uniform(0, 0.2))
    for i, (name, request) in enumerate(
        [("ListObjectsV2", {"bucketName": "bm-payments-exports"})]
        + [
            ("GetObject", {"bucketName": "bm-payments-exports", "key": f"daily/{day}/{j}.csv"})
            for j in range(5)
        ]
        + [("PutObject", {"bucketName": "bm-payments-exports", "key": f"reconciled/{day}.csv"})]
    ):
        w.trail.call(
            t + dt.timedelta(seconds=5 * i),
            prod,
            "eu-west-1",
            f"s3.{S}",
            name,
            pay,
            ips["pay"],
            JAVA1_UA,
            request=request,
        )


def runner_work() -> Work:
    return Work(
        "gitlab-runner",
        "tools",
        "gitlab-runner-role",
        "ec2",
        ("eu-west-1",),
        2,
        RUNNER_UA.format(cmd="s3.cp"),
        [
            (
                f"s3.{S}",
                "GetObject",
                4,
                {"bucketName": "bm-runner-cache", "key": "cache/project.zip"},
            ),
            (
                f"s3.{S}",
                "PutObject",
                2,
                {"bucketName": "bm-runner-cache", "key": "cache/project.zip"},
            ),
            (f"ecr.{S}", "GetAuthorizationToken", 1, None),
        ],
        3,
        peak=False,
        life=(20.0, 30.0),
    )


def deploy(
    w: World,
    runner: Work,
    t: dt.datetime,
    account: str,
    *,
    calls: list[tuple[str, str, dict[str, Any] | None]] | None = None,
) -> tuple[str, dict[str, Any], list[str], str]:
    """A pipeline's deploy job: the runner instance's key assumes the account's deployer role."""
    worker = runner.workers["eu-west-1"][0]
    ua = RUNNER_UA.format(cmd="sts.assume-role")
    session = f"gitlab-{w.rng.randint(180000, 199999)}"
    key, ident, eids = w.assume_role(
        t,
        worker["ident"],
        ACCOUNTS["tools"],
        worker["ip"],
        ua,
        ACCOUNTS[account],
        "gitlab-deployer",
        session,
    )
    for i, (source, name, request) in enumerate(
        calls
        or [
            (f"ecs.{S}", "RegisterTaskDefinition", {"family": "matchmaking-api"}),
            (f"ecs.{S}", "UpdateService", {"cluster": "game", "service": "matchmaking-api"}),
            (f"ecs.{S}", "DescribeServices", {"cluster": "game"}),
            (f"ecs.{S}", "DescribeServices", {"cluster": "game"}),
            (f"lambda.{S}", "UpdateFunctionCode20150331v2", {"functionName": "receipt-validator"}),
        ]
    ):
        cmd = f"{source.split('.')[0]}.{name.lower()}"
        eids.append(
            w.trail.call(
                t + dt.timedelta(seconds=15 + 20 * i),
                ACCOUNTS[account],
                "eu-west-1",
                source,
                name,
                ident,
                worker["ip"],
                RUNNER_UA.format(cmd=cmd),
                request=request,
            )
        )
    return key, ident, eids, worker["ip"]


def ci_day(w: World, day: dt.date, runner: Work) -> None:
    if day.weekday() >= 5:
        return
    for _ in range(w.n(7)):
        deploy(
            w,
            runner,
            w.at(day, w.rng.uniform(7, 17)),
            w.rng.choice(["game_staging", "game_staging", "game_prod"]),
        )
    for _ in range(w.n(3)):
        tfc_run(
            w, w.at(day, w.rng.uniform(8, 17)), w.rng.choice(["management", "game_prod", "tools"])
        )


def tfc_run(
    w: World,
    t: dt.datetime,
    account: str,
    *,
    writes: list[tuple[str, str, dict[str, Any] | None]] | None = None,
) -> list[str]:
    """Terraform Cloud: OIDC token for the workspace, a plan's reads, an apply's few writes."""
    from benchmarks.heldout5._records import assumed, role_arn, ts

    acct, key, ip = ACCOUNTS[account], w.ids.key(), w.rng.choice(vendor_ips(w)["tfc"])
    sub = f"organization:brightmoor:project:platform:workspace:{account.replace('_', '-')}:run_phase:apply"
    web = {
        "type": "WebIdentityUser",
        "principalId": f"app.terraform.io:aws.workload.identity:{sub}",
        "userName": sub,
        "identityProvider": "app.terraform.io",
    }
    eids = [
        w.trail.call(
            t,
            acct,
            "eu-west-1",
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            web,
            ip,
            TFC_UA.format(api="sts"),
            request={
                "roleArn": role_arn(acct, "tfc-platform"),
                "roleSessionName": "terraform-run-" + w.ids.hexid(16),
            },
            response={
                "credentials": {"accessKeyId": key, "expiration": ts(t + dt.timedelta(hours=1))},
                "provider": f"arn:aws:iam::{acct}:oidc-provider/app.terraform.io",
                "audience": "aws.workload.identity",
            },
        )
    ]
    ident = assumed(acct, "tfc-platform", "terraform-run", key, t)
    reads = [
        (f"iam.{S}", "GetRole"),
        (f"iam.{S}", "ListRolePolicies"),
        (f"s3.{S}", "GetBucketPolicy"),
        (f"s3.{S}", "GetBucketVersioning"),
        (f"ec2.{S}", "DescribeVpcs"),
        (f"ec2.{S}", "DescribeSubnets"),
        (f"ecs.{S}", "DescribeServices"),
        (f"dynamodb.{S}", "DescribeTable"),
        (f"kms.{S}", "DescribeKey"),
        (f"logs.{S}", "DescribeLogGroups"),
        (f"sts.{S}", "GetCallerIdentity"),
    ]
    for i in range(w.n(25)):
        source, name = w.rng.choice(reads)
        eids.append(
            w.trail.call(
                t + dt.timedelta(seconds=5 + 2 * i),
                acct,
                "eu-west-1",
                source,
                name,
                ident,
                ip,
                TFC_UA.format(api=source.split(".")[0]),
            )
        )
    for i, (source, name, request) in enumerate(writes or []):
        eids.append(
            w.trail.call(
                t + dt.timedelta(seconds=120 + 4 * i),
                acct,
                "eu-west-1",
                source,
                name,
                ident,
                ip,
                TFC_UA.format(api=source.split(".")[0]),
                request=request,
            )
        )
    return eids

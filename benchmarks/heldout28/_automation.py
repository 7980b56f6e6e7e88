"""The agency's machines and partners on an ordinary day: GitHub Actions deploys, the DNS-monitor
and bounce-handler Lambdas, the newsletter builder's Fargate tasks, the cost SaaS's reads
through its cross-account role, Trusted Advisor's service-linked role, and the joining client's
account once it is in the trail."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout28._background import console_session, instance_day, plugins_day, staff_day
from benchmarks.heldout28._org import (
    AGENCY,
    BODEGA,
    BODEGA_EXTERNAL_ID,
    EXTERNAL_ID,
    MONITOR_ACCOUNT,
    SITES,
    Org,
    Sink,
    at,
    jitter,
    sub_rng,
    work_hours,
)
from benchmarks.heldout28._rec import (
    AZURE_CLI,
    FARGATE_PY,
    GH_ACTION,
    LAMBDA_PY,
    SAAS_GO,
    Cred,
    cli_v2,
    event,
    key_id,
    mint,
    new_uuid,
)

LAMBDA_SVC = Cred("service", "", "lambda.amazonaws.com")
ECS_SVC = Cred("service", "", "ecs-tasks.amazonaws.com")


def automation_day(
    rng: random.Random, org: Org, sink: Sink, day: dt.date, mods: dict[str, Any]
) -> None:
    """GitHub Actions deploys, the DNS-monitor Lambda, the bounce handler Lambda, the newsletter
    builder's Fargate tasks, the SaaS's cross-account reads, Trusted Advisor's checks."""
    boost = mods.get("campaign", 1)
    runs = rng.randrange(4, 14) if day.weekday() < 5 else rng.randrange(0, 2)
    for _r in range(runs):
        t = work_hours(rng, day, 9, 20)
        ip = org.ips["github"] if rng.random() < 0.5 else org.ips["github2"]
        web = Cred(
            "web",
            "",
            "repo:cardoazul/wp-themes:ref:refs/heads/main",
            extra={
                "provider": f"arn:aws:iam::{SITES}:oidc-provider/token.actions.githubusercontent.com"
            },
        )
        rec, sess = mint(
            rng,
            web,
            t,
            org.roles["gh_deploy"],
            "GitHubActions",
            "eu-south-2",
            ip,
            GH_ACTION,
            api="AssumeRoleWithWebIdentity",
            params={"durationSeconds": 3600},
        )
        sink.append(rec)
        sess = sess.__class__(
            **{**sess.__dict__, "extra": {"web": {"federatedProvider": web.extra["provider"]}}}
        )
        cmd_id = new_uuid(rng)
        sink.append(
            event(
                rng,
                sess,
                t + dt.timedelta(seconds=25),
                "ssm",
                "SendCommand",
                "eu-south-2",
                ip,
                cli_v2(AZURE_CLI, "ssm.send-command"),
                read_only=False,
                params={
                    "documentName": "AWS-RunShellScript",
                    "targets": [{"key": "tag:Role", "values": ["wordpress"]}],
                },
                response={"command": {"commandId": cmd_id}},
            )
        )
        for k in range(3):
            sink.append(
                event(
                    rng,
                    sess,
                    t + dt.timedelta(seconds=40 + 15 * k),
                    "ssm",
                    "ListCommandInvocations",
                    "eu-south-2",
                    ip,
                    cli_v2(AZURE_CLI, "ssm.list-command-invocations"),
                    read_only=True,
                    params={"commandId": cmd_id, "details": False},
                )
            )
        sink.append(
            event(
                rng,
                sess,
                t + dt.timedelta(seconds=95),
                "cloudfront",
                "CreateInvalidation",
                "us-east-1",
                ip,
                cli_v2(AZURE_CLI, "cloudfront.create-invalidation"),
                read_only=False,
                params={
                    "distributionId": "E2K4Q7ZB1XW9RT",
                    "invalidationBatch": {"paths": {"quantity": 1, "items": ["/*"]}},
                },
            )
        )
    # the DNS monitor: a new execution environment every few hours, checks every hour
    cred = None
    for h in range(24):
        if h % 5 == 0:
            t = jitter(rng, at(day, h), 300)
            rec, cred = mint(
                rng,
                LAMBDA_SVC,
                t,
                org.roles["dns_lambda"],
                "dns-monitor",
                "eu-south-2",
                "lambda.amazonaws.com",
                "lambda.amazonaws.com",
                hours=12,
            )
            sink.append(rec)
            lam_ip = org.net.aws("eu-south-2")
        assert cred is not None
        t = jitter(rng, at(day, h + 0.1), 600)
        sink.append(
            event(
                rng,
                cred,
                t,
                "route53",
                "ListHostedZones",
                "us-east-1",
                lam_ip,
                LAMBDA_PY,
                read_only=True,
            )
        )
        sink.append(
            event(
                rng,
                cred,
                t + dt.timedelta(seconds=2),
                "acm",
                "ListCertificates",
                "us-east-1",
                lam_ip,
                LAMBDA_PY,
                read_only=True,
                params={"includes": {}},
            )
        )
    # the bounce handler: suppresses each hard bounce
    bounce = None
    moments = [jitter(rng, at(day, 6), 16 * 3600) for _ in range(rng.randrange(8, 20) * boost)]
    for t in sorted(moments):
        if bounce is None or (t - (bounce.issued or t)).total_seconds() > 3 * 3600:
            rec, bounce = mint(
                rng,
                LAMBDA_SVC,
                t - dt.timedelta(seconds=1),
                org.roles["bounce_lambda"],
                "ses-bounce-handler",
                "eu-west-1",
                "lambda.amazonaws.com",
                "lambda.amazonaws.com",
                hours=12,
            )
            sink.append(rec)
            bounce_ip = org.net.aws("eu-west-1")
        sink.append(
            event(
                rng,
                bounce,
                t,
                "ses",
                "PutSuppressedDestination",
                "eu-west-1",
                bounce_ip,
                LAMBDA_PY,
                read_only=False,
                params={
                    "emailAddress": f"user{rng.randrange(10**6)}@example.com",
                    "reason": "BOUNCE",
                },
            )
        )
    # newsletter builder tasks behind the agency's NAT gateway
    for _i in range(2 * boost if day.weekday() < 5 else 1):
        t = work_hours(rng, day, 7, 21)
        task = f"{rng.getrandbits(128):032x}"
        rec, cred = mint(
            rng,
            ECS_SVC,
            t,
            org.roles["newsletter_task"],
            task,
            "eu-west-1",
            "ecs-tasks.amazonaws.com",
            "ecs-tasks.amazonaws.com",
            hours=6,
        )
        sink.append(rec)
        ip = org.ips["nat_agency"]
        sink.append(
            event(
                rng,
                cred,
                t + dt.timedelta(seconds=8),
                "secretsmanager",
                "GetSecretValue",
                "eu-west-1",
                ip,
                FARGATE_PY,
                read_only=True,
                params={"secretId": "newsletter/mailchimp-import"},
            )
        )
        kms = cred.__class__(**{**cred.__dict__, "invoked_by": "secretsmanager.amazonaws.com"})
        sink.append(
            event(
                rng,
                kms,
                t + dt.timedelta(seconds=9),
                "kms",
                "Decrypt",
                "eu-west-1",
                "secretsmanager.amazonaws.com",
                "secretsmanager.amazonaws.com",
                read_only=True,
                params={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
            )
        )
        for api in ("GetAccount", "ListContactLists", "GetEmailTemplate"):
            sink.append(
                event(
                    rng,
                    cred,
                    t + dt.timedelta(seconds=12 + rng.randrange(30)),
                    "ses",
                    api,
                    "eu-west-1",
                    ip,
                    FARGATE_PY,
                    read_only=True,
                )
            )
    # the cost-monitoring SaaS, with the agency's external ID
    caller = Cred(
        "account", MONITOR_ACCOUNT, "saas", principal_id=f"AROAW2BNCX7QE4YTRKLM:{new_uuid(rng)[:8]}"
    )
    for h in (1, 7, 13, 19):
        t = jitter(rng, at(day, h), 900)
        ip = org.ips["monitor"] if h < 12 else org.ips["monitor2"]
        rec, cred = mint(
            rng,
            caller,
            t,
            org.roles["monitor"],
            f"costmon-{day:%Y%m%d}{h:02d}",
            "us-east-1",
            ip,
            SAAS_GO.format(api="sts"),
            params={"externalId": EXTERNAL_ID, "durationSeconds": 3600},
        )
        sink.append(rec)
        for svc, api, region in (
            ("ce", "GetCostAndUsage", "us-east-1"),
            ("cloudwatch", "DescribeAlarms", "eu-south-2"),
            ("ses", "GetAccount", "eu-west-1"),
            ("lightsail", "GetInstances", "eu-west-1"),
        ):
            sink.append(
                event(
                    rng,
                    cred,
                    t + dt.timedelta(seconds=3 + rng.randrange(40)),
                    svc,
                    api,
                    region,
                    ip,
                    SAAS_GO.format(api=svc),
                    read_only=True,
                )
            )
    accounts = [(AGENCY, "ta_agency"), (SITES, "ta_sites")]
    if mods.get("bodega_live"):
        accounts.append((BODEGA, "ta_bodega"))
    for account, role in accounts:
        t = jitter(rng, at(day, 4), 3600)
        session = f"TrustedAdvisor_{account}_{new_uuid(rng)}"
        cred = org.roles[role].with_key(key_id(rng, "ASIA"), t, session)
        for api in (
            "DescribeInstances",
            "DescribeVolumes",
            "DescribeSecurityGroups",
            "DescribeAddresses",
            "DescribeSnapshots",
            "DescribeRegions",
        ):
            for region in ("eu-south-2", "eu-west-1", "us-east-1"):
                sink.append(
                    event(
                        rng,
                        cred,
                        t + dt.timedelta(seconds=rng.randrange(120)),
                        "ec2",
                        api,
                        region,
                        "trustedadvisor.amazonaws.com",
                        "trustedadvisor.amazonaws.com",
                        read_only=True,
                    )
                )


def bodega_day(
    rng: random.Random,
    org: Org,
    sink: Sink,
    day: dt.date,
    mods: dict[str, Any],
    from_hour: float,
    keys: dict[str, list[Cred]],
) -> None:
    """The client's account once it has joined: its two shop instances, the agency's staff
    through CardoAgencyAccess with the client's external ID."""
    for inst in org.bodega_fleet:
        keys[inst.instance_id] = instance_day(rng, sink, inst, day, mods, from_hour=from_hour)
    for name in ("lucia.ferrer", "javier.molina"):
        p = org.people[name]
        t = max(work_hours(rng, day), at(day, from_hour + 0.5))
        ip = org.ips[mods.get("office", "office")]
        console = console_session(rng, sink, p, AGENCY, t, ip, 0, login=False)
        rec, sess = mint(
            rng,
            console,
            t,
            org.roles["bodega_access"],
            name,
            "us-east-1",
            ip,
            p.browser,
            params={"externalId": BODEGA_EXTERNAL_ID},
        )
        rec["sessionCredentialFromConsole"] = "true"
        sink.append(rec)
        for _i in range(rng.randrange(6, 18)):
            svc, api, region, ro = rng.choice(
                (
                    ("ec2", "DescribeInstances", "eu-south-2", True),
                    ("ec2", "DescribeSecurityGroups", "eu-south-2", True),
                    ("route53", "ListHostedZones", "us-east-1", True),
                    ("iam", "ListUsers", "us-east-1", True),
                    ("ce", "GetCostAndUsage", "us-east-1", True),
                    ("ssm", "DescribeInstanceInformation", "eu-south-2", True),
                )
            )
            sink.append(
                event(
                    rng,
                    sess,
                    t + dt.timedelta(seconds=20 + rng.randrange(3000)),
                    svc,
                    api,
                    region,
                    ip,
                    p.browser,
                    read_only=ro,
                    console=True,
                )
            )


def day_records(org: Org, day: dt.date, mods: dict[str, Any]) -> tuple[Sink, dict[str, list[Cred]]]:
    """Everything the routine writes on ``day``, and each instance's keys of the day."""
    rng = sub_rng(org.seed, "day", day)
    sink: Sink = []
    keys: dict[str, list[Cred]] = {}
    for inst in org.fleet:
        hours = mods.get("instance_hours", {}).get(inst.instance_id, (0.0, 24.0))
        keys[inst.instance_id] = instance_day(
            rng, sink, inst, day, mods, from_hour=hours[0], to_hour=hours[1]
        )
    staff_day(rng, org, sink, day, mods)
    plugins_day(rng, org, sink, day, mods)
    automation_day(rng, org, sink, day, mods)
    if "bodega_from" in mods:
        bodega_day(rng, org, sink, day, mods, mods["bodega_from"], keys)
    return sink, keys

"""Callers from outside the organisation's accounts: a market maker's cross-account role,
GitHub Actions through OIDC, and Terraform Cloud for the landing zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org
from benchmarks.heldout15._records import assumed, credentials, other_account, role_arn


def partner_day(
    org: Org,
    day: dt.date,
    *,
    partner: str = o.MM_PARTNER,
    role: str = "mm-orderbook-reader",
    external_id: str = "cdx-mm-7f31",
    start: float = 0.0,
    region: str = "ap-northeast-1",
) -> None:
    """A market maker pulling order-book exports: AssumeRole with its external ID every 15 minutes
    from its own EC2 instances, then a few GetObject calls (S3 data events on the export bucket)."""
    ips = org.partner_ips.setdefault(partner, [org.addr.aws(region) for _ in range(2)])
    rid = org.role_id(o.DATA, role)
    t_day = o.Clock.at(day)
    for q in range(int(start * 4), 96, 1 if org.scale >= 0.5 else 4):
        t = t_day + q * 900 + float(org.rng.uniform(0, 60))
        ip = ips[q % 2]
        key, session = org.trail.key(), f"mm-sync-{int(t)}"
        arn = f"arn:aws:sts::{o.DATA}:assumed-role/{role}/{session}"
        org.trail.add(
            t,
            other_account(partner, f"AROA{partner[:8]}MMSYNC:order-sync"),
            "sts:AssumeRole",
            account=o.DATA,
            region=o.SG,
            ip=ip,
            ua=o.BOTO.format(p=12),
            params={
                "roleArn": role_arn(o.DATA, role),
                "roleSessionName": session,
                "externalId": external_id,
            },
            response=credentials(key, t + 3600, arn, rid, session),
        )
        who = assumed(o.DATA, role, rid, session, key, t)
        org.calls(
            who,
            t + 1,
            t + 120,
            int(org.rng.integers(2, 6)),
            (("s3:GetObject", 1.0),),
            account=o.DATA,
            region=o.SG,
            ip=ip,
            ua=o.BOTO.replace("1.34", "1.28").format(p=12),
            errors=0,
        )


def github_day(org: Org, day: dt.date) -> None:
    """GitHub Actions deploys on weekdays: OIDC into ``gha-deploy``, then the release steps."""
    if day.weekday() >= 5:
        return
    for run in range(int(org.rng.integers(2, 5))):
        account = (o.TRADING, o.CUSTODY)[run % 2]
        t = o.Clock.at(day, float(org.rng.uniform(1, 11)))
        ip, key, rid = org.addr.net("github"), org.trail.key(), org.role_id(account, "gha-deploy")
        session = f"GitHubActions-{int(org.rng.integers(10**9, 10**10))}"
        web = {
            "type": "WebIdentityUser",
            "principalId": f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:corvid-digital/platform:ref:refs/heads/main",
            "userName": "repo:corvid-digital/platform:ref:refs/heads/main",
            "identityProvider": "token.actions.githubusercontent.com",
        }
        arn = f"arn:aws:sts::{account}:assumed-role/gha-deploy/{session}"
        org.trail.add(
            t,
            web,
            "sts:AssumeRoleWithWebIdentity",
            account=account,
            region=o.SG,
            ip=ip,
            ua="aws-sdk-nodejs/2.1691.0 linux/v20.18.0 configure-aws-credentials-for-github-actions promise",
            params={"roleArn": role_arn(account, "gha-deploy"), "roleSessionName": session},
            response=credentials(key, t + 3600, arn, rid, session),
        )
        who = assumed(account, "gha-deploy", rid, session, key, t)
        steps = (
            ("sts:GetCallerIdentity", 1),
            ("ecr:GetAuthorizationToken", 1),
            ("lambda:UpdateFunctionCode20150331v2", 1),
            ("lambda:GetFunction", 1),
            ("autoscaling:StartInstanceRefresh", 0.5),
            ("ssm:SendCommand", 0.5),
        )
        org.calls(
            who,
            t + 2,
            t + 600,
            int(org.rng.integers(6, 12)),
            steps,
            account=account,
            region=o.SG,
            ip=ip,
            ua="aws-cli/2.22.2 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 command/{cmd}",
            errors=0,
        )


def tfc_sessions(
    org: Org, t: float, accounts: tuple[str, ...], *, ip: str | None = None
) -> tuple[dict[str, dict[str, Any]], str]:
    """A Terraform Cloud run: workload identity into ``tfc-landing-zone`` in the management
    account, then ``AssumeRole`` into each account's ``tfc-apply``. Returns the sessions and
    the run's address."""
    trail, ip = org.trail, ip or org.addr.aws("us-east-1")
    run = f"run-{org.rng.integers(10**7, 10**8)}"
    key, rid = trail.key(), org.role_id(o.MGMT, "tfc-landing-zone")
    web = {
        "type": "WebIdentityUser",
        "principalId": "app.terraform.io:sts.amazonaws.com:organization:corvid:project:landing-zone:workspace:org-baseline:run_phase:apply",
        "userName": "organization:corvid:project:landing-zone:workspace:org-baseline:run_phase:apply",
        "identityProvider": "app.terraform.io",
    }
    arn = f"arn:aws:sts::{o.MGMT}:assumed-role/tfc-landing-zone/{run}"
    trail.add(
        t,
        web,
        "sts:AssumeRoleWithWebIdentity",
        account=o.MGMT,
        region=o.SG,
        ip=ip,
        ua=o.TERRAFORM.format(svc="sts"),
        params={"roleArn": role_arn(o.MGMT, "tfc-landing-zone"), "roleSessionName": run},
        response=credentials(key, t + 3600, arn, rid, run),
    )
    hub = assumed(o.MGMT, "tfc-landing-zone", rid, run, key, t)
    out = {o.MGMT: hub}
    for account in accounts:
        if account == o.MGMT:
            continue
        k2, r2 = trail.key(), org.role_id(account, "tfc-apply")
        a2 = f"arn:aws:sts::{account}:assumed-role/tfc-apply/{run}"
        shared = {"sharedEventID": trail.uid()}
        for recipient, caller in (
            (account, other_account(o.MGMT, f"{rid}:{run}")),
            (o.MGMT, hub),
        ):  # both accounts log it
            trail.add(
                t + 4,
                caller,
                "sts:AssumeRole",
                account=recipient,
                region=o.SG,
                ip=ip,
                ua=o.TERRAFORM.format(svc="sts"),
                params={"roleArn": role_arn(account, "tfc-apply"), "roleSessionName": run},
                response=credentials(k2, t + 3600, a2, r2, run),
                extra=shared,
            )
        out[account] = assumed(account, "tfc-apply", r2, run, k2, t + 4)
    return out, ip


def terraform_day(org: Org, day: dt.date, accounts: tuple[str, ...] = o.ACCOUNTS) -> None:
    """Terraform Cloud plans for the landing zone on Tuesdays and Thursdays: reads in every account."""
    if day.weekday() not in (1, 3):
        return
    t = o.Clock.at(day, float(org.rng.uniform(2, 8)))
    sessions, ip = tfc_sessions(org, t, accounts)
    reads = (
        ("iam:GetRole", 3),
        ("iam:ListAttachedRolePolicies", 2),
        ("kms:DescribeKey", 1),
        ("ec2:DescribeVpcs", 2),
        ("s3:GetBucketPolicy", 1),
    )
    for n, (account, who) in enumerate(sessions.items()):
        org.calls(
            who,
            t + 10 + n * 300,
            t + 300 + n * 300,
            int(org.rng.integers(10, 25)),
            reads,
            account=account,
            region=o.SG,
            ip=ip,
            ua=o.TERRAFORM,
            errors=0,
        )

"""Benign changes by people and accounts: a contractor travelling, a new hire, an approved
penetration test, on-call on a holiday, and a new account joining."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._benign import Row, _person, row
from benchmarks.heldout2._org import HOME, NEW_HIRE, PARTNERS, Org
from benchmarks.heldout2._people import cloudshell, console_login, console_session
from benchmarks.heldout2._records import Actor, Call, new_key


def contractor_travel(org: Org) -> list[Row]:
    """B6: the contractor works two days from Lisbon: console with MFA, her CLI (in ``people_day``)."""
    t = org.at["travel"]
    ip = org.plan.ip("meo_pt", org.trail.rng("travel", t.date()))
    ip2 = org.plan.ip("meo_pt", org.trail.rng("travel", t.date() + dt.timedelta(days=1)))
    return [
        row(
            "B6",
            "contractor travelling (Lisbon)",
            t,
            t + dt.timedelta(days=2),
            principal=org.actors["ewa.kowalska"].user_arn,
            ips=f"{ip} {ip2}",
        )
    ]


def new_hire(org: Org) -> list[Row]:
    """B7: the security engineer creates jordan's user; jordan signs in, sets MFA, gets a key."""
    t, rng = org.at["new_hire"], org.trail.rng("B7")
    admin = _person("sofia.chen")
    ip = org.home_ip(admin, t.date())
    key = console_session(
        org,
        rng,
        admin,
        org.actors[admin.name],
        ip,
        t - dt.timedelta(minutes=10),
        ua.BROWSERS[admin.browser],
        n=3,
    )
    call = Call(
        org.actors[admin.name],
        key,
        ip,
        ua.BROWSERS[admin.browser],
        created=t,
        mfa=True,
        console=True,
    )
    steps: tuple[tuple[str, dict[str, Any]], ...] = (
        ("CreateUser", {"userName": NEW_HIRE.name}),
        ("CreateLoginProfile", {"userName": NEW_HIRE.name, "passwordResetRequired": True}),
        ("AddUserToGroup", {"groupName": "engineers", "userName": NEW_HIRE.name}),
    )
    for i, (n, req) in enumerate(steps):
        org.trail.emit(rng, call, t + dt.timedelta(minutes=i), "iam", n, HOME, req=req)
    me = org.actors[NEW_HIRE.name]
    hip = org.home_ip(NEW_HIRE, t.date())
    first = t + dt.timedelta(minutes=40)
    console_login(org, rng, me, first, hip, ua.BROWSERS[NEW_HIRE.browser], mfa=False)
    mine = Call(
        me, new_key(rng, "ASIA"), hip, ua.BROWSERS[NEW_HIRE.browser], created=first, console=True
    )
    for i, n in enumerate(
        ("ChangePassword", "CreateVirtualMFADevice", "EnableMFADevice", "ListMFADevices")
    ):
        org.trail.emit(rng, mine, first + dt.timedelta(minutes=1 + i), "iam", n, HOME)
    next_day = t + dt.timedelta(days=1)
    mine = Call(
        me,
        new_key(rng, "ASIA"),
        org.home_ip(NEW_HIRE, next_day.date()),
        ua.BROWSERS[NEW_HIRE.browser],
        created=next_day,
        mfa=True,
        console=True,
    )
    org.trail.emit(
        rng,
        mine,
        next_day,
        "iam",
        "CreateAccessKey",
        HOME,
        req={"userName": NEW_HIRE.name},
        resp={"accessKey": {"accessKeyId": org.keys[NEW_HIRE.name], "status": "Active"}},
    )
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [
        row("B7", "a new hire", t, end, principal=me.user_arn),
        row("B7", "a new hire", t - dt.timedelta(minutes=10), t + dt.timedelta(minutes=5), key=key),
    ]


def pentest(org: Org) -> list[Row]:
    """B8: an approved test by a known vendor from its published addresses: a read-only user
    (SecurityAudit) created beforehand, enumerated with Prowler. Expected: flagged, at most high."""
    t, rng = org.at["pentest"], org.trail.rng("B8")
    actor = org.actors["pentest-rapid7"]
    prowler = (
        ua.boto3("", "1.35.71", "3.11.10", "linux#6.8.0-1019-aws").replace(" exec-env/", "")
        + " prowler/5.0.2"
    )
    ips = [org.plan.ip("pentest_vendor", rng) for _ in range(2)]
    checks = (
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListUsers"),
        ("iam", "ListRoles"),
        ("iam", "GetAccountPasswordPolicy"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketAcl"),
        ("s3", "GetBucketPolicy"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSecurityGroups"),
        ("ec2", "DescribeSnapshots"),
        ("kms", "ListKeys"),
        ("lambda", "ListFunctions20150331"),
        ("cloudtrail", "DescribeTrails"),
        ("guardduty", "ListDetectors"),
        ("secretsmanager", "ListSecrets"),
    )
    events = []
    for i in range(int(220 * max(org.scale, 0.3))):
        s, n = checks[i % len(checks)]
        region = ("us-west-2", "us-east-1", "eu-central-1", "ap-south-1")[(i // len(checks)) % 4]
        call = Call(actor, org.keys["pentest-rapid7"], ips[i % 2], prowler)
        error = ua.denied(s, actor.user_arn, n) if i % 9 == 0 else None
        events.append(
            org.trail.emit(rng, call, t + dt.timedelta(seconds=40 * i), s, n, region, error=error)
        )
    end = t + dt.timedelta(seconds=40 * len(events) + 60)
    return [
        row(
            "B8",
            "approved penetration test (Rapid7)",
            t,
            end,
            principal=actor.user_arn,
            ips=" ".join(ips),
            severity="high",
        )
    ]


def oncall_holiday(org: Org) -> list[Row]:
    """B9: the on-call SRE on Thanksgiving: the console mobile app from T-Mobile, then CloudShell."""
    t, rng = org.at["oncall"], org.trail.rng("B9")
    p = _person("kai.nakamura")
    ip = org.plan.ip("tmobile_us", rng)
    console_session(org, rng, p, org.actors[p.name], ip, t, ua.MOBILE_APP, n=6, mobile=True)
    mix = (
        ("lambda", "GetFunction20150331v2"),
        ("logs", "FilterLogEvents"),
        ("states", "ListExecutions"),
        ("states", "StopExecution"),
    )
    cloudshell(org, rng, p, org.actors[p.name], t + dt.timedelta(minutes=12), n=14, mix=mix)
    return [
        row(
            "B9",
            "on-call on a holiday (mobile app, CloudShell)",
            t,
            t + dt.timedelta(hours=2),
            principal=org.actors[p.name].user_arn,
        )
    ]


def account_joins(org: Org) -> list[Row]:
    """B10: the partners account: root signs in once with MFA to bootstrap, then CI, a function,
    GuardDuty and engineers take over (in the background modules)."""
    t, rng = org.at["join"], org.trail.rng("B10")
    p = _person("kai.nakamura")
    ip = org.home_ip(p, t.date())
    root = Actor("Root", PARTNERS, "root")
    console_login(org, rng, root, t, ip, ua.BROWSERS[p.browser], mfa=True)
    call = Call(
        root, new_key(rng, "ASIA"), ip, ua.BROWSERS[p.browser], created=t, mfa=True, console=True
    )
    for i, (s, n) in enumerate(
        (
            ("cloudtrail", "CreateTrail"),
            ("cloudtrail", "StartLogging"),
            ("iam", "CreateOpenIDConnectProvider"),
            ("iam", "CreateRole"),
            ("iam", "CreateRole"),
            ("iam", "AttachRolePolicy"),
            ("guardduty", "CreateDetector"),
        )
    ):
        org.trail.emit(rng, call, t + dt.timedelta(minutes=2 + i), s, n, HOME)
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    rows = [row("B10", "a new account joins", t, end, principal=f"arn:aws:iam::{PARTNERS}:root")]
    for name in (
        f"gha:{PARTNERS}",
        f"guardduty:{PARTNERS}",
        f"engineer:{PARTNERS}",
        "fn:partner-webhooks",
    ):
        rows.append(row("B10", "a new account joins", t, end, principal=org.actors[name].role_arn))
    return rows


PEOPLE_CHANGES = (contractor_travel, new_hire, pentest, oncall_holiday, account_joins)

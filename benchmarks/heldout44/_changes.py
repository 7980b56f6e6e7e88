"""The benign changes that bring principals of their own (a compliance vendor, incident
responders, an auditor, the new account, a holiday backfill), and the helpers of every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import Ctx, assume, at, by_service, person_ip, spread, sso, utc
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._trail import role_arn, stamp

H = dt.timedelta(hours=1)
Row = dict[str, Any]


def row(
    ident: str, name: str, principal: str, start: dt.datetime, end: dt.datetime, ips: str = ""
) -> Row:
    return {
        "id": ident,
        "name": name,
        "label": "benign",
        "access_key_id": "",
        "principal_arn": principal,
        "source_ip": ips,
        "event_ids": "",
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": "",
        "expected_max_severity": "low",
    }


def person(c: Ctx, name: str) -> org.Person:
    return next(p for p in c.org.people if p.name == name)


def admin_calls(
    c: Ctx, who: str, account: str, t: dt.datetime, actions: list[str], region: str = org.HOME
) -> Row:
    """A platform engineer's change, through Identity Center, from where they work that day;
    its truth row (the change's id and name filled by the caller): the engineer's session as
    ``ueba`` names an Identity Center user."""
    p = person(c, who)
    ip = person_ip(c, p, t.date())
    ident, _ = sso(c, t, p, "PlatformAdmin", account, ip)
    for k, action in enumerate(actions):
        c.trail.call(
            t + dt.timedelta(seconds=30 + 40 * k), ident, account, action, region, ip, p.agent
        )
    return row("", "", ident["arn"], t, t + dt.timedelta(seconds=60 + 40 * len(actions)), ip)


def named(ident: str, name: str, rows: list[Row]) -> list[Row]:
    """``rows`` as rows of the change ``ident`` called ``name``."""
    return [{**r, "id": ident, "name": name} for r in rows]


def vanta(c: Ctx) -> list[Row]:
    """B6: a new compliance vendor's read-only role with an external ID, daily in two accounts."""
    day0 = c.slot(1)
    rows = named(
        "B6",
        "new compliance vendor (Vanta) with an external ID",
        [
            admin_calls(
                c,
                "Somchai Wongsakul",
                org.PROD,
                at(day0, 10),
                ["iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy"],
                region="us-east-1",
            ),
            admin_calls(
                c,
                "Somchai Wongsakul",
                org.MGMT,
                at(day0, 10.3),
                ["iam:CreateRole", "iam:AttachRolePolicy"],
                region="us-east-1",
            ),
        ],
    )
    caller = {
        "type": "AWSAccount",
        "principalId": "AROA55XVANTASCANNER01:vanta",
        "accountId": org.VANTA_ACCOUNT,
    }
    for account in (org.PROD, org.MGMT):
        for day in (d for d in c.scored if d >= day0):
            t = at(day, 11 + c.rng.random())
            ip = BLOCKS["aws_pdx"].host(5000 + day.day)
            who, _ = assume(
                c,
                t,
                caller,
                account,
                "VantaAuditor",
                f"vanta-{c.ids.hex(8)}",
                ip,
                org.VANTA_UA,
                extra={"externalId": "vanta-8d02c7b1"},
                region="us-east-1",
            )
            for k, action in enumerate(
                (
                    "iam:ListUsers",
                    "iam:GetAccountPasswordPolicy",
                    "iam:ListRoles",
                    "iam:ListMFADevices",
                    "s3:ListBuckets",
                    "s3:GetBucketEncryption",
                    "cloudtrail:DescribeTrails",
                    "guardduty:ListDetectors",
                    "ec2:DescribeSecurityGroups",
                )
            ):
                region = "us-east-1" if k < 6 else org.HOME
                c.trail.call(
                    t + dt.timedelta(seconds=3 + 4 * k),
                    who,
                    account,
                    action,
                    region,
                    ip,
                    org.VANTA_UA,
                )
        rows.append(
            row(
                "B6",
                "new compliance vendor (Vanta) with an external ID",
                role_arn(account, "VantaAuditor"),
                at(day0, 0),
                utc(c.scored[-1], 24),
            )
        )
    return rows


def responders(c: Ctx) -> list[Row]:
    """B7: the retained incident responders, two people in Singapore, a new permission set."""
    day = c.slot(2)
    rows = []
    for k, name in enumerate(("Wei Ling Tan", "Arjun Menon")):
        p = org.Person(
            name,
            f"{name.lower().replace(' ', '.')}@ir-retainer.sg",
            "security",
            "singtel",
            ("IncidentResponse",),
            False,
            org.CLI.format(m=22, p=3, os="Darwin#24.1.0"),
        )
        ip = BLOCKS["singtel"].host(300 + k * 17)
        for account in (org.SEC, org.PROD):
            t = at(day, 15 + k)
            who, _ = sso(c, t, p, "IncidentResponse", account, ip)
            for t2 in spread(c, t + H / 30, 3, 30):
                action = c.rng.choice(
                    (
                        "cloudtrail:LookupEvents",
                        "guardduty:GetFindings",
                        "ec2:DescribeInstances",
                        "iam:GetAccountAuthorizationDetails",
                        "s3:ListBuckets",
                        "iam:ListAccessKeys",
                        "ec2:DescribeSnapshots",
                    )
                )
                region = c.rng.choice((org.HOME, org.HOME, "ap-southeast-1", "us-east-1"))
                c.trail.call(t2, who, account, action, region, ip, p.agent)
            rows.append(
                row(
                    "B7",
                    "retained incident responders reviewing the trail",
                    c.org.sets_arn("IncidentResponse", account),
                    t,
                    utc(c.scored[-1], 24),
                    ip,
                )
            )
    return rows


def auditor(c: Ctx) -> list[Row]:
    """B8: the ISO 27001 surveillance auditor, read-only console from the audit firm's office."""
    day = c.slot(1)
    p = org.Person(
        "Chalerm Wiriya", "chalerm.w@siam-assurance.co.th", "exec", "auditor", ("ReadOnly",), True
    )
    ip = BLOCKS["auditor"].host(21)
    rows = []
    for account in (org.PROD, org.MGMT):
        t = at(day, 10 if account == org.PROD else 14)
        who, _ = sso(c, t, p, "ReadOnly", account, ip, console=True)
        for t2 in spread(c, t + H / 30, 2, 25):
            action = c.rng.choice(
                (
                    "iam:ListUsers",
                    "iam:GenerateCredentialReport",
                    "iam:GetCredentialReport",
                    "config:DescribeConfigRules",
                    "cloudtrail:GetTrailStatus",
                    "kms:ListKeys",
                    "backup:ListBackupPlans",
                    "iam:ListPolicies",
                )
            )
            c.trail.call(t2, who, account, action, "us-east-1", ip, org.CONSOLE)
        rows.append(
            row(
                "B8",
                "ISO 27001 auditor, read-only console",
                c.org.sets_arn("ReadOnly", account),
                t,
                t + 3 * H,
                ip,
            )
        )
    return rows


def mekong(c: Ctx) -> list[Row]:
    """B10: the Lao cross-border subsidiary's account created and built; its web instances."""
    day = c.slot(2)
    own = admin_calls(
        c,
        "Somchai Wongsakul",
        org.MGMT,
        at(day, 9),
        [
            "organizations:CreateAccount",
            "organizations:DescribeCreateAccountStatus",
            "organizations:MoveAccount",
        ],
        region="us-east-1",
    )
    p = person(c, "Somchai Wongsakul")
    ip = person_ip(c, p, day)
    t = at(day, 9.5)
    mine, _ = sso(c, t, p, "PlatformAdmin", org.MGMT, ip)
    who, _ = assume(
        c,
        t + H / 60,
        mine,
        org.MEKONG,
        "OrganizationAccountAccessRole",
        "somchai-bootstrap",
        ip,
        p.agent,
    )
    build = [
        "ec2:CreateVpc",
        "ec2:CreateSubnet",
        "ec2:CreateSubnet",
        "ec2:CreateInternetGateway",
        "ec2:CreateRouteTable",
        "iam:CreateRole",
        "iam:CreateInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        "ec2:RunInstances",
        "ec2:AllocateAddress",
        "ec2:AssociateAddress",
        "cloudtrail:DescribeTrails",
    ]
    for k, action in enumerate(build):
        c.trail.call(
            t + dt.timedelta(minutes=2 + 3 * k), who, org.MEKONG, action, org.HOME, ip, p.agent
        )
    stack = by_service(
        c,
        at(day, 10.5),
        "cloudformation.amazonaws.com",
        org.MEKONG,
        "stacksets-exec-4e2b1c",
        "stacksets-exec-session",
    )
    for t2 in spread(c, at(day, 10.5), 0.5, 14):
        c.trail.call(
            t2,
            stack,
            org.MEKONG,
            c.rng.choice(
                (
                    "config:PutConfigurationRecorder",
                    "config:PutDeliveryChannel",
                    "guardduty:CreateDetector",
                    "iam:CreateRole",
                    "securityhub:EnableSecurityHub",
                )
            ),
            org.HOME,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
        )
    web = [f"i-0{c.ids.hex(16)}" for _ in range(2)]
    c.mekong_web = web
    for d in (x for x in c.days if x >= day):
        for n, instance in enumerate(web):
            eip = BLOCKS["aws_bkk2"].host(7000 + n)
            first = at(d, 11) if d == day else utc(d, 0)
            for block in range(4 if d != day else 2):
                s = first + 6 * H * block
                ident = by_service(
                    c, s, "ec2.amazonaws.com", org.MEKONG, "mekong-web", instance, ec2=True, hours=6
                )
                for t2 in spread(c, s, 6, 10):
                    c.trail.call(
                        t2,
                        ident,
                        org.MEKONG,
                        "ssm:UpdateInstanceInformation",
                        org.HOME,
                        eip,
                        org.SSM_AGENT,
                    )
                c.trail.call(
                    s + H / 3,
                    ident,
                    org.MEKONG,
                    "secretsmanager:GetSecretValue",
                    org.HOME,
                    eip,
                    org.TELEMETRY.format(p=149),
                    params={"secretId": "mekong/web"},
                )
    name = "new Mekong account joining and being built"
    return [
        *named("B10", name, [own, row("", "", mine["arn"], t, t + H, ip)]),
        row(
            "B10",
            "new Mekong account joining and being built",
            role_arn(org.MEKONG, "OrganizationAccountAccessRole"),
            t,
            at(day, 24),
            ip,
        ),
        row(
            "B10",
            "new Mekong account joining and being built",
            role_arn(org.MEKONG, "stacksets-exec-4e2b1c"),
            at(day, 10),
            at(day, 24),
        ),
        row(
            "B10",
            "new Mekong account joining and being built",
            role_arn(org.MEKONG, "mekong-web"),
            at(day, 10),
            utc(c.scored[-1], 24),
        ),
    ]


def backfill(c: Ctx) -> list[Row]:
    """B12: a data engineer's Saturday (holiday) backfill: thirty Glue job runs from home."""
    day = c.slot(3)
    p = person(c, "Ratchanee Suwannarat")
    ip = person_ip(c, p, day)
    t = at(day, 13)
    who, _ = sso(c, t, p, "DataPlatform", org.DATA, ip)
    for t2 in spread(c, t + H / 20, 2, 30):
        c.trail.call(
            t2,
            who,
            org.DATA,
            "glue:StartJobRun",
            org.SSO_REGION,
            ip,
            p.agent,
            params={"jobName": "shipments-etl"},
        )
        c.trail.call(t2 + H / 300, who, org.DATA, "glue:GetJobRun", org.SSO_REGION, ip, p.agent)
    glue = by_service(
        c,
        t + H / 10,
        "glue.amazonaws.com",
        org.DATA,
        "glue-nightly-etl",
        "GlueJobRunnerSession",
        region=org.SSO_REGION,
    )
    for t2 in spread(c, t + H / 10, 3, 80):
        c.trail.call(
            t2,
            glue,
            org.DATA,
            c.rng.choice(("glue:GetTable", "glue:GetPartitions", "glue:BatchCreatePartition")),
            org.SSO_REGION,
            BLOCKS["aws_sin"].host(3100),
            org.GLUE,
        )
    return [
        row(
            "B12",
            "Saturday holiday backfill: thirty Glue job runs",
            c.org.sets_arn("DataPlatform", org.DATA),
            t,
            t + 4 * H,
        ),
        row(
            "B12",
            "Saturday holiday backfill: thirty Glue job runs",
            role_arn(org.DATA, "glue-nightly-etl"),
            t,
            t + 4 * H,
        ),
    ]

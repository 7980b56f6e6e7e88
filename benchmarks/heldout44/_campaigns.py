"""The attacks that take a sign-in of their own (slow recon, pipeline persistence, defence
evasion, an Identity Center backdoor): each opens its session, then acts."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import Ctx, assume, at, sso
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._steps import BROWSER, KALI, UBUNTU, M, Row, Step, attack, run
from benchmarks.heldout44._trail import user, web_identity


def slow_recon(c: Ctx) -> list[Row]:
    """A6: an ops engineer's Identity Center session (his laptop's token cache taken by an
    infostealer) re-used over two nights from a Thai mobile proxy, with his own CLI, one call
    every few minutes."""
    p = next(x for x in c.org.people if x.name == "Anucha Kaewmanee")
    rows = []
    recon = [
        "ec2:DescribeInstances",
        "iam:ListRoles",
        "states:ListStateMachines",
        "secretsmanager:ListSecrets",
        "s3:ListBuckets",
        "logs:DescribeLogGroups",
        "lambda:ListFunctions20150331",
        "ecs:ListClusters",
        "rds:DescribeDBInstances",
        "iam:ListUsers",
        "kms:ListKeys",
        "sns:ListTopics",
        "dynamodb:ListTables",
        "ec2:DescribeSecurityGroups",
        "ecr:DescribeRepositories",
    ]
    for night, slot in enumerate((1, 2)):
        day = c.slot(slot)
        ip = BLOCKS["th_proxy"].host(2000 + 311 * night + day.day)
        t = at(day, 25.1 + night / 3)
        who, event = sso(c, t, p, "OpsEngineer", org.PROD, ip)
        steps: list[Step] = [(a, "AccessDenied" if a.startswith("iam:") else None) for a in recon]
        times = run(c, who, org.PROD, t + 3 * M, ip, p.agent, steps, gap=(300, 720))
        rows.append(
            attack(
                "A6",
                "ops engineer's stolen Identity Center session, slow night recon",
                who["accessKeyId"],
                [ip],
                [t, *times],
                "medium",
                [event],
            )
        )
    return rows


def pipeline_persistence(c: Ctx) -> list[Row]:
    """A7: a pipeline of an unprotected feature branch assumes the deploy role, creates an
    administrator user and its key; the key is used two hours later from Vultr New Jersey."""
    day = c.slot(2)
    t = at(day, 16)
    ip = BLOCKS["aws_pdx"].host(8123)
    agent = org.BITBUCKET_UA.format(p=14)
    caller = web_identity(org.BITBUCKET, "{a3f1c2d4-77b0-4e0e-9d35-chaophraya}:{feature-tmp-debug}")
    who, event = assume(
        c,
        t,
        caller,
        org.PROD,
        "bitbucket-deploy",
        "bitbucket-8841",
        ip,
        agent,
        action="sts:AssumeRoleWithWebIdentity",
    )
    new_key, new_pid = c.ids.key("AKIA"), c.ids.principal("AIDA")
    params = {
        "CreateUser": {"userName": "svc-backup-sync"},
        "AttachUserPolicy": {
            "userName": "svc-backup-sync",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
        "CreateAccessKey": {"userName": "svc-backup-sync"},
    }
    times = run(
        c,
        who,
        org.PROD,
        t + M / 2,
        ip,
        agent,
        [
            ("sts:GetCallerIdentity", None),
            ("iam:CreateUser@us-east-1", None),
            ("iam:AttachUserPolicy@us-east-1", None),
            ("iam:CreateAccessKey@us-east-1", None),
        ],
        gap=(3, 9),
        params=params,
    )
    c.trail.records[-1][3]["responseElements"] = {
        "accessKey": {"accessKeyId": new_key, "status": "Active", "userName": "svc-backup-sync"}
    }
    rows = [
        attack(
            "A7",
            "unprotected branch's pipeline creates an administrator user",
            who["accessKeyId"],
            [ip],
            [t, *times],
            "high",
            [event],
        )
    ]
    backdoor = user(org.PROD, "svc-backup-sync", new_pid, new_key)
    ip2 = BLOCKS["vultr_nj"].host(66)
    steps: list[Step] = [
        ("sts:GetCallerIdentity", None),
        ("iam:ListUsers@us-east-1", None),
        ("s3:ListBuckets", None),
        ("ec2:DescribeRegions", None),
    ]
    steps += [
        (f"ec2:DescribeInstances@{r}", None)
        for r in ("us-east-1", "us-west-2", "ap-southeast-1", org.HOME)
    ]
    steps += [("iam:CreateLoginProfile@us-east-1", None), ("secretsmanager:ListSecrets", None)]
    times = run(
        c, backdoor, org.PROD, times[-1] + 2 * dt.timedelta(hours=1), ip2, KALI, steps, gap=(10, 80)
    )
    rows.append(
        attack("A7", "the created administrator's key from Vultr", new_key, [ip2], times, "high")
    )
    return rows


def evasion(c: Ctx) -> list[Row]:
    """A8: a platform engineer's Google Workspace session taken through an AiTM proxy: Identity
    Center console into prod, GuardDuty, Config and flow logs turned off, a bucket opened."""
    p = next(x for x in c.org.people if x.name == "Kittipat Boonmee")
    ip = BLOCKS["do_sgp"].host(402)
    t = at(c.slot(3), 10.5)
    who, login = sso(c, t, p, "PlatformAdmin", org.PROD, ip, console=True, agent=BROWSER)
    times = run(
        c,
        who,
        org.PROD,
        t + 2 * M,
        ip,
        BROWSER,
        [
            ("guardduty:ListDetectors", None),
            ("guardduty:DeleteDetector", "AccessDeniedException"),
            ("guardduty:DisassociateFromAdministratorAccount", "AccessDeniedException"),
            ("config:StopConfigurationRecorder", None),
            ("ec2:DescribeFlowLogs", None),
            ("ec2:DeleteFlowLogs", None),
            ("cloudtrail:StopLogging", "AccessDenied"),
            ("logs:DeleteLogGroup", None),
            ("s3:PutBucketPublicAccessBlock", None),
            ("s3:PutBucketPolicy", None),
        ],
        gap=(20, 120),
    )
    return [
        attack(
            "A8",
            "AiTM-phished engineer turns off GuardDuty, Config, flow logs",
            who["accessKeyId"],
            [ip],
            [t, *times],
            "high",
            [login],
        )
    ]


def identity_center_backdoor(c: Ctx) -> list[Row]:
    """A12: a platform engineer approves a device-code sign-in sent by an attacker in Hanoi; the
    attacker's CLI session in the management account gives a new user an administrator set."""
    p = next(x for x in c.org.people if x.name == "Pimchanok Rattanakorn")
    ip = BLOCKS["vn_resi"].host(5150)
    t = at(c.slot(4), 21)
    who, event = sso(c, t, p, "PlatformAdmin", org.MGMT, ip, agent=UBUNTU)
    steps: list[Step] = [
        ("sso:ListInstances", None),
        ("identitystore:ListUsers", None),
        ("organizations:ListAccounts@us-east-1", None),
        ("sso:CreatePermissionSet", None),
        ("sso:AttachManagedPolicyToPermissionSet", None),
        ("identitystore:CreateUser", None),
    ]
    steps += [("sso:CreateAccountAssignment", None)] * 3 + [("sso:ProvisionPermissionSet", None)]
    times = run(c, who, org.MGMT, t + M, ip, UBUNTU, steps, region=org.SSO_REGION, gap=(10, 70))
    return [
        attack(
            "A12",
            "device-code phished engineer backdoors Identity Center",
            who["accessKeyId"],
            [ip],
            [t, *times],
            "high",
            [event],
        )
    ]

"""The attacks through Identity Center sessions: an AiTM-phished Entra session (A1), an
infostealer's copy of the CLI's SSO token (A4), a device-code phished supervisor (A6) and an
AiTM session taken into CloudShell (A9)."""

from __future__ import annotations

from benchmarks.heldout30.incident import (
    CHROME_WIN,
    CLOUDSHELL,
    UBUNTU_CLI,
    Step,
    person,
    row,
    run,
    sso_principal,
)
from benchmarks.heldout30.org import (
    ACCOUNTS,
)
from benchmarks.heldout30.people import SSO_PATH, sso_session
from benchmarks.heldout30.world import EDGE, World


def a1_aitm_permits(world: World) -> None:
    p = person(world, "permits-dev", 0)
    ip, t = "185.206.224.67", world.at(world.slot(1), 10.7, 10)
    s, signin = sso_session(world, p, ACCOUNTS["permits"], t, ip, cli=False, ua=CHROME_WIN)
    steps: list[Step] = [("secretsmanager", "ListSecrets", None, None)]
    steps += [
        ("secretsmanager", "GetSecretValue", {"secretId": sid}, None)
        for sid in (
            "permits/portal/rds",
            "permits/portal/smtp",
            "permits/dms/api-key",
            "permits/mijnoverheid/cert",
        )
    ]
    steps += [
        ("lambda", "ListFunctions", None, None),
        ("lambda", "GetFunction", {"functionName": "permit-notifier"}, None),
        ("iam", "CreateUser", {"userName": "svc-permit-export"}, "AccessDenied"),
        ("iam", "ListAttachedRolePolicies", {"roleName": p.permission_set}, "AccessDenied"),
    ]
    _events, end = run(world, s, t, ip, CHROME_WIN, steps, gap=(15, 140))
    row(
        world,
        "A1",
        "AiTM-phished Entra session in Identity Center, permits secrets read",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=sso_principal(s, p),
        ips=ip,
        severity="medium",
    )
    row(world, "A1", "", "attack", t, end, events=signin, ips=ip, severity="medium")


def a4_sso_token(world: World) -> None:
    p = person(world, "cloud", 1)
    acct = ACCOUNTS["gis"]
    ip, t = "88.198.54.211", world.at(world.slot(3), 1.6, 10)
    s, signin = sso_session(
        world, p, acct, t, ip, cli=True, ua=UBUNTU_CLI.format("sso.get-role-credentials")
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("organizations", "DescribeOrganization", None, None),
        ("organizations", "LeaveOrganization", None, "AccessDenied"),
        (
            "config",
            "StopConfigurationRecorder",
            {"configurationRecorderName": "aws-controltower-BaselineConfigRecorder"},
            "AccessDenied",
        ),
        ("guardduty", "ListDetectors", None, None),
        (
            "guardduty",
            "CreateFilter",
            {
                "detectorId": "d2c5f1e0b7a94c3e8f6a1b2c3d4e5f60",
                "name": "ops-noise",
                "action": "ARCHIVE",
                "findingCriteria": {"criterion": {"severity": {"gte": 1}}},
            },
            None,
        ),
    ]
    steps += [("ec2", "DescribeInstances", None, None)] * 2
    _events, end = run(world, s, t, ip, UBUNTU_CLI, steps, gap=(10, 120), region="eu-west-1")
    principal = sso_principal(s, p)
    row(
        world,
        "A4",
        "infostealer's copy of an admin's Identity Center token: LeaveOrganization, Config stop, GuardDuty findings auto-archived",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=principal,
        ips=ip,
        severity="high",
    )
    row(world, "A4", "", "attack", t, end, events=signin, ips=ip, severity="high")


def a6_device_code(world: World) -> None:
    p = person(world, "contact-sup", 0)
    acct = ACCOUNTS["contact"]
    ip, t = "62.45.190.17", world.at(world.slot(3), 8.3, 15)
    s, signin = sso_session(world, p, acct, t, ip, cli=False, ua=EDGE)
    steps: list[Step] = [
        ("connect", "ListInstances", None, None),
        ("connect", "ListInstanceStorageConfigs", {"resourceType": "CALL_RECORDINGS"}, None),
        ("s3", "GetBucketReplication", {"bucketName": "dommelvaart-connect-recordings"}, None),
        (
            "s3",
            "PutBucketReplication",
            {
                "bucketName": "dommelvaart-connect-recordings",
                "ReplicationConfiguration": {
                    "Rule": {
                        "Destination": {
                            "Bucket": "arn:aws:s3:::callrec-archive-552210874413",
                            "Account": "552210874413",
                        }
                    }
                },
            },
            None,
        ),
        ("connect", "SearchContacts", None, None),
    ]
    _events, end = run(world, s, t, ip, EDGE, steps, gap=(40, 300))
    principal = sso_principal(s, p)
    row(
        world,
        "A6",
        "device-code phished supervisor: Connect call recordings replicated to an outside account's bucket",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=principal,
        ips=ip,
        severity="medium",
    )
    row(world, "A6", "", "attack", t, end, events=signin, ips=ip, severity="medium")


def a9_cloudshell(world: World) -> None:
    p = person(world, "social", 1)
    acct = ACCOUNTS["social"]
    ip, t = "46.19.141.82", world.at(world.slot(4), 9.1, 10)
    s, signin = sso_session(world, p, acct, t, ip, cli=False, ua=EDGE)
    opened, opened_at = run(
        world,
        s,
        t,
        ip,
        EDGE,
        [
            ("cloudshell", "CreateEnvironment", None, None),
            ("cloudshell", "CreateSession", None, None),
            ("cloudshell", "GetEnvironmentStatus", None, None),
        ],
        gap=(5, 30),
    )
    shell = world.trail.role_session(
        acct, s.identity["arn"].split("/")[1], p.user, opened_at, path=SSO_PATH
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("rds", "DescribeDBInstances", None, None),
        ("rds", "DescribeDBSnapshots", None, None),
        ("ec2", "DescribeInstances", None, None),
        ("iam", "ListRoles", None, "AccessDenied"),
        ("secretsmanager", "ListSecrets", None, None),
        ("s3", "ListBuckets", None, None),
        ("rds", "DescribeDBClusters", None, None),
    ]
    _events, end = run(world, shell, opened_at, "3.120.44.7", CLOUDSHELL, steps, gap=(300, 900))
    principal = sso_principal(s, p)
    row(
        world,
        "A9",
        "AiTM session of a social-services operator: slow recon through CloudShell",
        "attack",
        t,
        end,
        key=s.key or "",
        principal=principal,
        ips=ip,
        severity="medium",
    )
    row(
        world,
        "A9",
        "",
        "attack",
        opened_at,
        end,
        key=shell.key or "",
        principal=principal,
        ips="3.120.44.7",
        severity="medium",
    )
    row(world, "A9", "", "attack", t, end, events=signin + opened, ips=ip, severity="medium")

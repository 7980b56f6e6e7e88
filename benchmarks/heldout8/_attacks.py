"""Attacks in the scored days, from public incident write-ups (expected at least medium).

Each is written as the write-ups describe the actor's first hour: discovery, then the move that
pays (password data, user-data injection, login profiles, DNS, backdoor roles, key policies,
logging). Truth names the key and the address, or the principal and the address, and the
event IDs.
"""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout8._attacks2 import attacks_late
from benchmarks.heldout8._attacks_steps import BOTO, FIREFOX, KALI_CLI, MAC_CHROME, M, Step
from benchmarks.heldout8._attacks_steps import run as _run
from benchmarks.heldout8._background import Background
from benchmarks.heldout8._benign import row
from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import PROD, UA
from benchmarks.heldout8._trail import iam_user, role_arn


def attacks(bg: Background, first_scored: dt.date) -> list[dict[str, str]]:
    d = [
        dt.datetime(first_scored.year, first_scored.month, first_scored.day, tzinfo=dt.UTC)
        + dt.timedelta(days=i)
        for i in range(5)
    ]
    rows: list[dict[str, str]] = []
    eu = [f for f in bg.fleet if f[1] == "eu-central-1" and f[2] == "mes-app"]
    hour = dt.timedelta(hours=1)

    # A1: an on-premises MES server's long-term key, from a VPS (Contabo): password data, user data
    at, ip = d[3] + dt.timedelta(hours=2, minutes=10), BLOCKS["contabo"].addr(23)
    key = bg.svc["svc-mes-chemnitz"]
    ident = iam_user(PROD, "svc-mes-chemnitz", key)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None, None),
        ("ec2", "DescribeRegions", None, None),
        ("ec2", "DescribeInstances", None, None),
    ]
    steps += [("ec2", "GetPasswordData", {"instanceId": f[3]}, None) for f in eu[:3]]
    steps += [
        ("ec2", "StopInstances", {"instancesSet": {"items": [{"instanceId": eu[1][3]}]}}, None),
        (
            "ec2",
            "ModifyInstanceAttribute",
            {"instanceId": eu[1][3], "userData": "<sensitiveDataRemoved>"},
            None,
        ),
        ("ec2", "StartInstances", {"instancesSet": {"items": [{"instanceId": eu[1][3]}]}}, None),
    ]
    ids = _run(bg, at, PROD, "eu-central-1", ident, ip, BOTO, steps)
    ids += _run(
        bg,
        at + 4 * M,
        PROD,
        "us-east-1",
        ident,
        ip,
        BOTO,
        [("ec2", "DescribeInstances", None, None)],
    )
    rows.append(
        row(
            "A1",
            "on-prem MES key from a VPS: GetPasswordData, user-data injection",
            "attack",
            key=key,
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="high",
        )
    )

    # A2: a Roles Anywhere certificate copied off a Greenville gateway, used from DigitalOcean
    at, ip = d[2] + dt.timedelta(hours=23, minutes=5), BLOCKS["digitalocean"].addr(45)
    _, serial = bg.gateways["gw-gre-02"]
    ident = bg.assume(
        at,
        PROD,
        "us-east-1",
        "plant-edge-gateway",
        serial,
        "rolesanywhere.amazonaws.com",
        "attacker-a2",
        source_identity="CN=gw-gre-02",
    )
    ids = _run(
        bg,
        at + M,
        PROD,
        "us-east-1",
        ident,
        ip,
        KALI_CLI,
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("iot", "ListThings", None, None),
            ("iot", "ListCertificates", None, None),
            ("secretsmanager", "ListSecrets", None, None),
            ("secretsmanager", "GetSecretValue", {"secretId": "mes/greenville/sql"}, None),
            ("ssm", "DescribeParameters", None, None),
            (
                "ssm",
                "GetParametersByPath",
                {"path": "/", "recursive": True, "withDecryption": True},
                None,
            ),
            ("iam", "ListAttachedRolePolicies", {"roleName": "plant-edge-gateway"}, "AccessDenied"),
        ],
    )
    rows.append(
        row(
            "A2",
            "stolen Roles Anywhere certificate used from a cloud VPS",
            "attack",
            key=ident["accessKeyId"],
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="medium",
        )
    )

    # A3: SSM lateral movement from a compromised WorkSpace (the engineer's own address and CLI)
    katrin = "katrin.vogel@kessler-antriebe.de"
    at = d[4] + dt.timedelta(hours=15, minutes=20)
    ip = BLOCKS["ec2_eu"].addr(10 + sum(map(ord, katrin)) % 3)
    ident = bg.saml(at, PROD, "PlantEngineer", katrin, ip, UA["saml2aws"], "attacker-a3")
    targets = [f[3] for f in eu[:2]]
    steps = [("ssm", "DescribeInstanceInformation", None, None)]
    steps += [("ssm", "StartSession", {"target": x}, None) for x in targets]
    steps += [
        (
            "ssm",
            "SendCommand",
            {
                "documentName": "AWS-RunPowerShellScript",
                "instanceIds": targets,
                "parameters": {"commands": ["<sensitiveDataRemoved>"]},
            },
            None,
        ),
        ("ssm", "GetCommandInvocation", None, None),
        ("secretsmanager", "ListSecrets", None, None),
        ("secretsmanager", "GetSecretValue", {"secretId": "mes/eu/sql-sa"}, None),
    ]
    ids = _run(bg, at + M, PROD, "eu-central-1", ident, ip, UA["cli_win"], steps, gap=3)
    rows.append(
        row(
            "A3",
            "SSM sessions and commands from a compromised WorkSpace",
            "attack",
            key=ident["accessKeyId"],
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="medium",
        )
    )

    # A4: the CI key from Hetzner gives a dormant IAM user a console password and signs in
    at, ip = d[1] + dt.timedelta(hours=3, minutes=40), BLOCKS["hetzner"].addr(77)
    key = bg.svc["svc-jenkins"]
    ident = iam_user(PROD, "svc-jenkins", key)
    dormant = "ext-integrator-2019"
    ids = _run(
        bg,
        at,
        PROD,
        "us-east-1",
        ident,
        ip,
        BOTO,
        [
            ("sts", "GetCallerIdentity", None, None),
            ("iam", "ListUsers", None, None),
            ("iam", "ListAccessKeys", {"userName": dormant}, None),
            ("iam", "GetLoginProfile", {"userName": dormant}, "NoSuchEntity"),
            (
                "iam",
                "CreateLoginProfile",
                {"userName": dormant, "passwordResetRequired": False},
                None,
            ),
        ],
    )
    login = at + 12 * M
    user = iam_user(PROD, dormant, "")
    user.pop("accessKeyId")
    ids.append(
        bg.trail.event(
            login,
            PROD,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            user,
            ip,
            FIREFOX,
            response={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "readOnly": False,
                "additionalEventData": {
                    "MFAUsed": "No",
                    "MobileVersion": "No",
                    "LoginTo": "https://console.aws.amazon.com/",
                },
            },
        )
    )
    ckey = bg.trail.key()
    console = iam_user(PROD, dormant, ckey)
    ids += _run(
        bg,
        login + M,
        PROD,
        "eu-central-1",
        console,
        ip,
        FIREFOX,
        [
            ("iam", "ListRoles", None, None),
            ("s3", "ListBuckets", None, None),
            ("ec2", "DescribeInstances", None, None),
            ("secretsmanager", "ListSecrets", None, None),
        ],
        extra={"sessionCredentialFromConsole": "true"},
    )
    rows.append(
        row(
            "A4",
            "CI key from Hetzner: login profile on a dormant user, console sign-in",
            "attack",
            key=key,
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="high",
        )
    )
    rows.append(
        row(
            "A4",
            "CI key from Hetzner: login profile on a dormant user, console sign-in",
            "attack",
            principal=f"arn:aws:iam::{PROD}:user/{dormant}",
            ips=[ip],
            start=at,
            end=at + hour,
            severity="high",
        )
    )

    # A5: an IT admin's AD FS sign-in phished (adversary in the middle), Route 53 record hijacked
    jonas = "jonas.wagner@kessler-antriebe.de"
    at, ip = d[3] + dt.timedelta(hours=12, minutes=40), BLOCKS["viettel"].addr(31)
    ident = bg.saml(at, PROD, "ITOps", jonas, ip, MAC_CHROME, "attacker-a5")
    ids = [
        bg.trail.event(
            at + dt.timedelta(seconds=3),
            PROD,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            {k: v for k, v in ident.items() if k != "accessKeyId"},
            ip,
            MAC_CHROME,
            response={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "readOnly": False,
                "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"},
            },
        )
    ]
    ids += _run(
        bg,
        at + M,
        PROD,
        "us-east-1",
        ident,
        ip,
        MAC_CHROME,
        [
            ("route53", "ListHostedZones", None, None),
            ("route53", "GetHostedZone", None, None),
            ("route53", "ListResourceRecordSets", None, None),
            (
                "route53",
                "ChangeResourceRecordSets",
                {
                    "hostedZoneId": "Z07311742KESSLER",
                    "changeBatch": {
                        "changes": [
                            {
                                "action": "UPSERT",
                                "resourceRecordSet": {
                                    "name": "supplier.kessler-antriebe.de",
                                    "type": "A",
                                    "resourceRecords": [{"value": BLOCKS["viettel"].addr(32)}],
                                },
                            }
                        ]
                    },
                },
                None,
            ),
            ("route53", "GetChange", None, None),
        ],
        gap=2,
        extra={"sessionCredentialFromConsole": "true"},
    )
    rows.append(
        row(
            "A5",
            "phished AD FS sign-in from Vietnam hijacks a Route 53 record",
            "attack",
            principal=role_arn(PROD, "ITOps"),
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="medium",
        )
    )

    return rows + attacks_late(bg, d)

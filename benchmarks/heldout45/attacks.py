"""The attacks of the first scored days (A1-A6), each on its slot, with its truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.events import Trail
from benchmarks.heldout45.org import (
    HOME,
    MGMT,
    PLACES,
    PROD,
    user,
)
from benchmarks.heldout45.truth import attack, burst
from benchmarks.heldout45.workloads import (
    GATE_ROLE,
    KEYS,
    LAMBDA_JS,
    PASSES_ROLE,
    PDF_ROLE,
)
from benchmarks.heldout45.world import World, local

Row = dict[str, str]
CURL_CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1017-aws exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
KALI = "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84"
PACU = "aws-cli/1.32.9 Python/3.11.7 Linux/6.6.15-amd64 botocore/1.34.9"
GO_TOOL = (
    "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sesv2#1.24.6"
)


def a1_gate_ssrf(trail: Trail, world: World) -> list[Row]:
    """The kiosk's SSRF reads a turnstile instance's credentials; used from a Contabo VPS."""
    t = local(world.slot(0), 21.6)
    s = trail.held("gate-api", t)
    ip = PLACES["contabo"].ip(5120)
    calls = [
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        "secretsmanager:ListSecrets",
        ("secretsmanager:GetSecretValue", None, {"secretId": "prod/passes/payment-psp"}),
        (
            "secretsmanager:GetSecretValue",
            "AccessDeniedException",
            {"secretId": "prod/finance/bank-api"},
        ),
        "dynamodb:ListTables",
        ("dynamodb:DescribeTable", None, {"tableName": "passholders"}),
        "ec2:DescribeInstances",
        ("iam:ListRoles", "AccessDenied"),
    ]
    w = burst(trail, s, t, calls, HOME, ip=ip, agent=CURL_CLI.format(cmd="sts"), gap=(8, 70))
    return [
        attack(
            "A1",
            "turnstile instance credentials via kiosk SSRF, used from Contabo",
            s.key,
            GATE_ROLE,
            [ip],
            w,
            "high",
        )
    ]


def a2_task_other_account(trail: Trail, world: World) -> list[Row]:
    """A pass-shop task's credentials (a dependency's post-install hook read the container
    credentials endpoint) used from an EC2 instance of another AWS customer in Frankfurt."""
    t = local(world.slot(0), 15.2)
    s = trail.held("passes-api", t)
    ip = PLACES["aws_fra_b"].ip(9311)
    calls = [
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        ("iam:ListAttachedRolePolicies", "AccessDenied"),
        (
            "sts:AssumeRole",
            "AccessDenied",
            {"roleArn": f"arn:aws:iam::{PROD}:role/OrganizationAccountAccessRole"},
        ),
        "ec2:DescribeRegions",
        ("secretsmanager:GetSecretValue", None, {"secretId": "prod/passes/payment-psp"}),
        "states:ListStateMachines",
        (
            "states:StartExecution",
            None,
            {"stateMachineArn": f"arn:aws:states:{HOME}:{PROD}:stateMachine:refund-pass"},
        ),
    ]
    w = burst(trail, s, t, calls, HOME, ip=ip, agent=CURL_CLI.format(cmd="s3"), gap=(15, 90))
    return [
        attack(
            "A2",
            "pass-shop task credentials from another AWS account's EC2",
            s.key,
            PASSES_ROLE,
            [ip],
            w,
            "medium",
        )
    ]


def a3_jenkins_key(trail: Trail, world: World) -> list[Row]:
    """The old Jenkins user's key, left in a public Docker image layer, enumerated from M247."""
    t = local(world.slot(1), 4.4)
    ip = PLACES["m247_zrh"].ip(7700)
    s = actors.iam_user(trail, PROD, "ci-legacy-jenkins", KEYS["ci-legacy-jenkins"], ip, KALI)
    calls = [
        "sts:GetCallerIdentity",
        ("iam:GetUser", "AccessDenied"),
        ("iam:ListUsers", "AccessDenied"),
        ("iam:ListRoles", "AccessDenied"),
        ("iam:GetAccountAuthorizationDetails", "AccessDenied"),
        "s3:ListBuckets",
        ("ec2:DescribeInstances", "Client.UnauthorizedOperation"),
        ("lambda:ListFunctions20150331", "AccessDeniedException"),
        ("secretsmanager:ListSecrets", "AccessDeniedException"),
        ("rds:DescribeDBInstances", "AccessDenied"),
        ("dynamodb:ListTables", "AccessDeniedException"),
        "cloudfront:ListDistributions",
        ("organizations:DescribeOrganization", "AccessDeniedException"),
    ]
    w = burst(trail, s, t, calls, HOME, gap=(1, 6))
    return [
        attack(
            "A3",
            "old Jenkins key from a public image, enumerated from M247",
            s.key,
            user(PROD, "ci-legacy-jenkins"),
            [ip],
            w,
            "medium",
        )
    ]


def a4_bookkeeper_console(trail: Trail, world: World) -> list[Row]:
    """The bookkeeper's password (an infostealer log; MFA re-enrolment pending after a phone
    change) signs in without MFA from Hanoi at 03:10, makes itself a key and starts miners."""
    t = local(world.slot(1), 3.15)
    ip = PLACES["viettel"].ip(6021)
    s, login = actors.console_user(
        trail, t, account=MGMT, name="treuhand.bookkeeping", ip=ip, agent=actors.BROWSER, mfa=False
    )
    new_key = "AKIA" + trail.key()[4:]
    calls = [
        "ce:GetCostAndUsage",
        "iam:ListUsers",
        "iam:ListAccessKeys",
        ("iam:CreateAccessKey", None, {"userName": "treuhand.bookkeeping"}),
    ]
    w1 = burst(trail, s, t, calls, HOME, gap=(10, 50))
    k = actors.iam_user(trail, MGMT, "treuhand.bookkeeping", new_key, ip, PACU)
    calls2 = [
        "sts:GetCallerIdentity",
        "ec2:DescribeRegions",
        "ec2:DescribeInstanceTypeOfferings",
        ("ec2:RunInstances", None, {"instanceType": "g5.12xlarge", "minCount": 4}),
        ("ec2:RunInstances", "Client.VcpuLimitExceeded", {"instanceType": "p4d.24xlarge"}),
        "servicequotas:RequestServiceQuotaIncrease",
    ]
    w2 = burst(trail, k, w1[1], calls2, "us-east-1", gap=(20, 60))
    principal = user(MGMT, "treuhand.bookkeeping")
    return [
        attack(
            "A4",
            "bookkeeper's console without MFA from Hanoi, new key, GPU miners",
            s.key,
            principal,
            [ip],
            (t, w1[1]),
            "high",
            [login],
        ),
        attack(
            "A4",
            "bookkeeper's console without MFA from Hanoi, new key, GPU miners",
            new_key,
            principal,
            [ip],
            w2,
            "high",
        ),
    ]


def a5_webcam_tor(trail: Trail, world: World) -> list[Row]:
    """The webcam uploader's key (firmware backup on a forum) used from Tor exits."""
    t = local(world.slot(1), 23.2)
    ips = [PLACES["tor"].ip(101 + 256 * k) for k in range(3)]
    times = []
    last = t
    for k, ip in enumerate(ips):
        s = actors.iam_user(trail, PROD, "webcam-uploader", KEYS["webcam-uploader"], ip, KALI)
        calls = [
            ["sts:GetCallerIdentity", "s3:ListBuckets"],
            [
                ("s3:GetBucketAcl", None, {"bucketName": "alpenfirn-webcams"}),
                ("s3:PutBucketPolicy", "AccessDenied", {"bucketName": "alpenfirn-webcams"}),
            ],
            [
                ("iam:ListAttachedUserPolicies", "AccessDenied"),
                (
                    "s3:PutObject",
                    None,
                    {"bucketName": "alpenfirn-webcams", "key": "cam1/latest.jpg"},
                ),
            ],
        ][k]
        a, last = burst(trail, s, last + dt.timedelta(minutes=7), calls, HOME, gap=(3, 20))
        times += [a, last]
    return [
        attack(
            "A5",
            "webcam uploader's key from Tor exits (threat list)",
            KEYS["webcam-uploader"],
            user(PROD, "webcam-uploader"),
            ips,
            (min(times), max(times)),
            "medium",
        )
    ]


def a6_pdf_slow_recon(trail: Trail, world: World) -> list[Row]:
    """The PDF renderer's credentials (its HTML-to-PDF engine fetched file:///proc/self/environ
    into a pass) used over two nights from a Swiss residential proxy, with the function's own
    SDK and a few calls an hour."""
    rows = []
    for night, slot in enumerate((2, 3)):
        day = world.slot(slot)
        start = local(day, 0.6 + 0.2 * night)
        s = trail.held("pass-pdf-render", start)
        ips = [PLACES["quickline"].ip(2200 + 53 * k + 11 * night) for k in range(4)]
        calls = [
            "secretsmanager:ListSecrets",
            ("secretsmanager:DescribeSecret", None, {"secretId": "prod/passes/payment-psp"}),
            (
                "secretsmanager:GetSecretValue",
                "AccessDeniedException",
                {"secretId": "prod/passes/payment-psp"},
            ),
            "lambda:ListFunctions20150331",
            ("lambda:GetFunction20150331v2", None, {"functionName": "lift-telemetry-ingest"}),
            ("iam:ListRoles", "AccessDenied"),
            "s3:ListBuckets",
            ("rds:DescribeDBInstances", "AccessDenied"),
            "sqs:ListQueues",
            "sns:ListTopics",
            "ec2:DescribeVpcs",
            ("ssm:DescribeParameters", "AccessDeniedException"),
        ]
        t, times = start, []
        for k, c in enumerate(calls):
            t += dt.timedelta(minutes=trail.rng.uniform(14, 24))
            a, b = burst(trail, s, t, [c], HOME, ip=ips[k % 4], agent=LAMBDA_JS)
            times += [a, b]
        rows.append(
            attack(
                "A6",
                "PDF renderer's credentials, slow night recon from a residential proxy",
                s.key,
                PDF_ROLE,
                ips,
                (min(times), max(times)),
                "medium",
            )
        )
    return rows

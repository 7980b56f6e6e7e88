"""The attacks of the scored days, after the ordinary activity is written (stolen sessions are
taken from it), each with its truth rows: the key, the attacker's addresses, the window, the
severity a person would want, and the attacker's own sign-in or ``AssumeRole*`` by event ID."""

from __future__ import annotations

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._campaigns import (
    evasion,
    identity_center_backdoor,
    pipeline_persistence,
    slow_recon,
)
from benchmarks.heldout44._ctx import Ctx, at
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._steps import (
    BOTO_EC2,
    BROWSER,
    KALI,
    LLM,
    PACU,
    UBUNTU,
    M,
    Row,
    Step,
    attack,
    run,
    stolen,
)
from benchmarks.heldout44._trail import user


def attacks(c: Ctx) -> list[Row]:
    rows: list[Row] = []
    # A1: a telemetry instance's credentials read through an SSRF (IMDSv1 on a legacy AMI), used
    # from a VPS in Singapore: secrets and parameters read
    t = at(c.slot(0), 13.7)
    who = stolen(c, "cc-telemetry-ingest", c.org.telemetry.members[0], t)
    ip = BLOCKS["vultr_sg"].host(211)
    times = run(
        c,
        who,
        org.PROD,
        t,
        ip,
        UBUNTU,
        [
            ("sts:GetCallerIdentity", None),
            ("s3:ListBuckets", None),
            ("secretsmanager:ListSecrets", None),
            ("secretsmanager:GetSecretValue", None),
            ("secretsmanager:GetSecretValue", None),
            ("secretsmanager:GetSecretValue", "AccessDeniedException"),
            ("iam:ListAttachedRolePolicies", "AccessDenied"),
            ("ec2:DescribeInstances", None),
            ("ssm:DescribeParameters", None),
            ("ssm:GetParameters", None),
        ],
        gap=(10, 90),
    )
    rows.append(
        attack(
            "A1",
            "telemetry instance credentials from a Vultr VPS",
            who["accessKeyId"],
            [ip],
            times,
            "high",
        )
    )
    # A2: a dispatch task's credentials from its debug endpoint, used from another account's EC2
    t = at(c.slot(1), 9.25)
    who = stolen(c, "dispatch-api-task", c.org.dispatch.members[1], t)
    ip = BLOCKS["aws_sin2"].host(4410)
    times = run(
        c,
        who,
        org.PROD,
        t,
        ip,
        BOTO_EC2,
        [
            ("sts:GetCallerIdentity", None),
            ("s3:ListBuckets", None),
            ("states:ListStateMachines", None),
            ("states:DescribeStateMachine", None),
            ("dynamodb:ListTables", None),
            ("dynamodb:DescribeTable", None),
            ("secretsmanager:GetSecretValue", None),
            ("rds:DescribeDBInstances", "AccessDenied"),
        ],
        gap=(3, 30),
    )
    rows.append(
        attack(
            "A2",
            "dispatch task credentials from another AWS account's EC2",
            who["accessKeyId"],
            [ip],
            times,
            "medium",
        )
    )
    # A3: the WMS user's key, committed to a public Bitbucket snippet, enumerated from Bucharest
    acct, pid, key = c.org.keys["wms-onprem-sync"]
    who = user(acct, "wms-onprem-sync", pid, key)
    ip = BLOCKS["m247_ro"].host(90)
    steps: list[Step] = [("sts:GetCallerIdentity", None)]
    for action in (
        "iam:ListUsers",
        "iam:ListRoles",
        "iam:GetAccountAuthorizationDetails",
        "s3:ListBuckets",
        "lambda:ListFunctions20150331",
        "ec2:DescribeInstances@us-east-1",
        "ec2:DescribeInstances@ap-southeast-1",
        "ec2:DescribeInstances",
        "rds:DescribeDBInstances",
        "secretsmanager:ListSecrets",
        "dynamodb:ListTables",
        "iam:ListAccessKeys",
        "organizations:DescribeOrganization",
        "sns:ListTopics",
    ):
        steps.append((action, "AccessDenied"))
    steps += [
        ("states:ListStateMachines", None),
        ("states:ListExecutions", None),
        ("s3:GetBucketLocation", None),
    ]
    times = run(c, who, acct, at(c.slot(0), 22.2), ip, PACU, steps, gap=(1, 6))
    rows.append(
        attack(
            "A3", "WMS user's leaked key enumerated from M247 Bucharest", key, [ip], times, "medium"
        )
    )
    # A4: the bookkeeper's console password phished, signed in without MFA from Sao Paulo at 02:40
    acct, pid, _ = c.org.keys["prapai.acctfirm"]
    ident = user(acct, "prapai.acctfirm", pid, "")
    ip = BLOCKS["br_resi"].host(3011)
    t = at(c.slot(3), 26.7)
    login = c.trail.call(
        t,
        {k: v for k, v in ident.items() if k != "accessKeyId"},
        acct,
        "signin:ConsoleLogin",
        "us-east-1",
        ip,
        BROWSER,
        kind="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
    )
    c.trail.records[-1][3]["additionalEventData"] = {"MobileVersion": "No", "MFAUsed": "No"}
    ident["accessKeyId"] = c.ids.key()
    times = run(
        c,
        ident,
        acct,
        t + M,
        ip,
        BROWSER,
        [
            ("ce:GetCostAndUsage@us-east-1", None),
            ("organizations:ListAccounts@us-east-1", "AccessDenied"),
            ("account:GetAlternateContact@us-east-1", None),
            ("account:PutAlternateContact@us-east-1", None),
            ("invoicing:ListInvoiceSummaries@us-east-1", None),
            ("payments:ListPaymentInstruments@us-east-1", None),
            ("iam:ListUsers@us-east-1", "AccessDenied"),
        ],
        gap=(15, 80),
    )
    rows.append(
        attack(
            "A4",
            "bookkeeper's console without MFA from Sao Paulo at night",
            ident["accessKeyId"],
            [ip],
            [t, *times],
            "high",
            [login],
        )
    )
    # A5: the GPS vendor's key from a Tor exit on the threat list
    acct, pid, key = c.org.keys["gps-vendor-uploader"]
    who = user(acct, "gps-vendor-uploader", pid, key)
    ips = [BLOCKS["tor"].host(17), BLOCKS["tor"].host(133)]
    t = at(c.slot(1), 23.4)
    times = run(
        c,
        who,
        acct,
        t,
        ips[0],
        KALI,
        [("sts:GetCallerIdentity", None), ("s3:ListBuckets", None), ("s3:GetBucketAcl", None)],
        gap=(5, 30),
    )
    times += run(
        c,
        who,
        acct,
        times[-1] + 4 * M,
        ips[1],
        KALI,
        [
            ("s3:GetBucketPolicy", None),
            ("s3:GetBucketLocation", None),
            ("iam:ListAttachedUserPolicies", "AccessDenied"),
            ("s3:PutBucketAcl", "AccessDenied"),
        ],
        gap=(5, 30),
    )
    rows.append(
        attack("A5", "GPS vendor's key from Tor exits (threat list)", key, ips, times, "high")
    )
    rows += slow_recon(c)
    rows += pipeline_persistence(c)
    rows += evasion(c)
    # A9: the Mekong web instance's credentials from OVH Singapore on the account's first day
    t = at(c.slot(2), 15)
    who = stolen(c, "mekong-web", c.mekong_web[0], t)
    ip = BLOCKS["ovh_sg"].host(1500)
    times = run(
        c,
        who,
        org.MEKONG,
        t,
        ip,
        "aws-cli/2.9.19 Python/3.9.11 Linux/5.15.0-76-generic exe/x86_64.ubuntu.22",
        [
            ("sts:GetCallerIdentity", None),
            ("s3:ListBuckets", None),
            ("ec2:DescribeInstances", None),
            ("iam:ListRoles", "AccessDenied"),
            ("secretsmanager:ListSecrets", None),
            ("secretsmanager:GetSecretValue", None),
            ("ec2:RunInstances@us-east-1", "UnauthorizedOperation"),
            ("ec2:RunInstances@ap-southeast-1", "UnauthorizedOperation"),
        ],
        gap=(8, 60),
    )
    rows.append(
        attack(
            "A9",
            "new account's web instance credentials from OVH Singapore",
            who["accessKeyId"],
            [ip],
            times,
            "medium",
        )
    )
    # A10: Jenkins' old key from a Hostinger VPS: a database snapshot shared with another account
    acct, pid, key = c.org.keys["jenkins-legacy"]
    who = user(acct, "jenkins-legacy", pid, key)
    ip = BLOCKS["hostinger"].host(77)
    snap = {
        "ModifyDBSnapshotAttribute": {
            "dBSnapshotIdentifier": "dispatch-manual-x",
            "attributeName": "restore",
            "valuesToAdd": ["902211558724"],
        }
    }
    times = run(
        c,
        who,
        acct,
        at(c.slot(4), 27.5),
        ip,
        UBUNTU,
        [
            ("sts:GetCallerIdentity", None),
            ("rds:DescribeDBInstances", None),
            ("rds:DescribeDBSnapshots", None),
            ("rds:CreateDBSnapshot", None),
            ("rds:DescribeDBSnapshots", None),
            ("rds:DescribeDBSnapshots", None),
            ("rds:ModifyDBSnapshotAttribute", None),
            ("rds:DescribeDBSnapshotAttributes", None),
        ],
        gap=(60, 400),
        params=snap,
    )
    rows.append(
        attack(
            "A10",
            "Jenkins' old key shares a database snapshot with another account",
            key,
            [ip],
            times,
            "high",
        )
    )
    # A11: the Bedrock proof of concept's key, leaked in a public notebook, turned to LLMjacking
    acct, pid, key = c.org.keys["bedrock-poc"]
    who = user(acct, "bedrock-poc", pid, key)
    ip = BLOCKS["stark"].host(40)
    steps = [
        ("bedrock:GetModelInvocationLoggingConfiguration@us-east-1", None),
        ("bedrock:ListFoundationModels@us-east-1", None),
        ("bedrock:GetFoundationModelAvailability@us-east-1", None),
        ("bedrock:PutUseCaseForModelAccess@us-east-1", None),
        ("bedrock:CreateFoundationModelAgreement@us-east-1", None),
    ]
    steps += [("bedrock:InvokeModel@us-east-1", None)] * 30 + [
        ("bedrock:InvokeModel@us-west-2", "ThrottlingException")
    ] * 4
    times = run(c, who, acct, at(c.slot(4), 14), ip, LLM, steps, gap=(20, 200))
    rows.append(
        attack(
            "A11", "Bedrock proof-of-concept key used for LLMjacking", key, [ip], times, "medium"
        )
    )
    rows += identity_center_backdoor(c)
    return rows

"""Attacks A6 to A9 (see ``_attacks``)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout8._attacks_steps import BOTO, FIREFOX, KALI_CLI, M
from benchmarks.heldout8._attacks_steps import run as _run
from benchmarks.heldout8._background import Background
from benchmarks.heldout8._benign import key_at, row
from benchmarks.heldout8._net import BLOCKS
from benchmarks.heldout8._org import DR, OUTSIDE, PROD, SIM, UA
from benchmarks.heldout8._trail import credentials, role_arn, role_session, root


def attacks_late(bg: Background, d: list[dt.datetime]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    hour = dt.timedelta(hours=1)
    # A6: a developer's cached session stolen by an infostealer; CloudFormation creates a backdoor role
    daniel = "daniel.meyer@kessler-antriebe.de"
    legit = d[4] + dt.timedelta(hours=9, minutes=10)
    hq = BLOCKS["hq"].addr(8 + len(daniel) % 5)
    own = bg.saml(legit, PROD, "MESDevelopers", daniel, hq, UA["saml2aws"], daniel + "/cli")
    bg.calls(
        legit,
        PROD,
        "eu-central-1",
        own,
        hq,
        [("cloudformation", "DescribeStacks", "cli_win", 4)],
        span=1800,
    )
    at, ip = d[4] + dt.timedelta(hours=13, minutes=30), BLOCKS["vultr"].addr(52)
    ids = _run(
        bg,
        at,
        PROD,
        "eu-central-1",
        own,
        ip,
        BOTO,
        [
            ("sts", "GetCallerIdentity", None, None),
            (
                "cloudformation",
                "CreateStack",
                {"stackName": "ops-automation-baseline", "capabilities": ["CAPABILITY_NAMED_IAM"]},
                None,
            ),
        ],
    )
    cfn = dict(own, invokedBy="cloudformation.amazonaws.com")
    ids += _run(
        bg,
        at + 4 * M,
        PROD,
        "us-east-1",
        cfn,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        [
            (
                "iam",
                "CreateRole",
                {
                    "roleName": "ops-automation",
                    "assumeRolePolicyDocument": f'{{"Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}}}}',
                },
                None,
            ),
            (
                "iam",
                "AttachRolePolicy",
                {
                    "roleName": "ops-automation",
                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                },
                None,
            ),
        ],
        gap=0.5,
    )
    back = bg.trail.key()
    outsider = role_session(OUTSIDE, "ops", "x", bg.trail.key(), at)
    ids.append(
        bg.trail.event(
            at + 35 * M,
            PROD,
            "us-east-1",
            "sts",
            "AssumeRole",
            outsider,
            ip,
            BOTO,
            request={"roleArn": role_arn(PROD, "ops-automation"), "roleSessionName": "x"},
            response={"credentials": credentials(back, at, 1)},
        )
    )
    ids += _run(
        bg,
        at + 36 * M,
        PROD,
        "eu-central-1",
        role_session(PROD, "ops-automation", "x", back, at),
        ip,
        BOTO,
        [
            ("s3", "ListBuckets", None, None),
            ("iam", "ListUsers", None, None),
            ("ec2", "DescribeInstances", None, None),
        ],
    )
    rows.append(
        row(
            "A6",
            "stolen developer session: CloudFormation backdoor role for an outside account",
            "attack",
            key=own["accessKeyId"],
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="medium",
        )
    )
    rows.append(
        row(
            "A6",
            "stolen developer session: CloudFormation backdoor role for an outside account",
            "attack",
            principal=role_arn(PROD, "ops-automation"),
            start=at,
            end=at + hour,
            severity="medium",
        )
    )

    # A7: the DR account's root user signs in from Romania, grants an outside account a KMS key
    at, ip = d[2] + dt.timedelta(hours=4, minutes=10), BLOCKS["m247"].addr(14)
    ids = [
        bg.trail.event(
            at,
            DR,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            root(DR),
            ip,
            FIREFOX,
            response={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "readOnly": False,
                "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"},
            },
        )
    ]
    policy = f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}},"Action":"kms:*"}}]}}'
    ids += _run(
        bg,
        at + M,
        DR,
        "us-east-1",
        root(DR, bg.trail.key()),
        ip,
        FIREFOX,
        [
            ("kms", "ListKeys", None, None),
            ("kms", "ListAliases", None, None),
            ("kms", "GetKeyPolicy", None, None),
            (
                "kms",
                "PutKeyPolicy",
                {"keyId": "mrk-4f1c0e27b9d34a55", "policyName": "default", "policy": policy},
                None,
            ),
            ("iam", "ListAccessKeys", None, None),
        ],
        extra={"sessionCredentialFromConsole": "true"},
    )
    rows.append(
        row(
            "A7",
            "DR account root sign-in without MFA; KMS key policy grants an outside account",
            "attack",
            principal=f"arn:aws:iam::{DR}:root",
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="high",
        )
    )

    # A8: the OT vendor's role assumed from outside the vendor's networks, on a Friday night
    at, ip = d[0] + dt.timedelta(hours=21, minutes=30), BLOCKS["ovh"].addr(90)
    historian = bg.fleet[-1][3]
    key = bg.vendor_session(at, ip, "otv-m.huber", "vendor_cli", historian)
    ident = role_session(PROD, "OTVendorSupport", "otv-m.huber", key, at)
    ids = _run(
        bg,
        at + 50 * M,
        PROD,
        "eu-central-1",
        ident,
        ip,
        KALI_CLI,
        [
            (
                "ssm",
                "SendCommand",
                {"documentName": "AWS-RunPowerShellScript", "instanceIds": [historian]},
                None,
            ),
            ("secretsmanager", "ListSecrets", None, None),
            ("secretsmanager", "GetSecretValue", {"secretId": "pi/historian/admin"}, None),
        ],
    )
    rows.append(
        row(
            "A8",
            "OT vendor's cross-account role used from OVH, outside the vendor's networks",
            "attack",
            principal=role_arn(PROD, "OTVendorSupport"),
            ips=[ip],
            events=ids,
            start=at,
            end=at + 2 * hour,
            severity="medium",
        )
    )

    # A9 (cold start): the new account's head-node credentials from Linode; logging tampered with
    at, ip = d[3] + dt.timedelta(hours=15, minutes=20), BLOCKS["linode"].addr(66)
    key = key_at(bg, bg.sim_head, at)
    ident = role_session(SIM, "pcluster-head", bg.sim_head, key, at, ec2=True)
    ids = _run(
        bg,
        at,
        SIM,
        "eu-central-1",
        ident,
        ip,
        BOTO,
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("cloudtrail", "DescribeTrails", None, None),
            ("cloudtrail", "GetEventSelectors", None, None),
            (
                "cloudtrail",
                "PutEventSelectors",
                {
                    "trailName": "eng-sim-trail",
                    "eventSelectors": [
                        {"readWriteType": "ReadOnly", "includeManagementEvents": True}
                    ],
                },
                None,
            ),
            # from here on the trail keeps read-only calls only: what the actor writes is not logged
            ("ec2", "DescribeInstances", None, None),
            ("iam", "ListRoles", None, None),
        ],
    )
    rows.append(
        row(
            "A9",
            "new account: head-node credentials from Linode; write events dropped from the trail",
            "attack",
            key=key,
            ips=[ip],
            events=ids,
            start=at,
            end=at + hour,
            severity="high",
        )
    )
    return rows

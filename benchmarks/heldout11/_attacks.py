"""The attacks, each after a public write-up, with its truth row (event ids of what the attacker
did, and the key and address where one key carries it).

A1 IRSA token replayed from a VPS (Datadog / Wiz EKS research), A2 EKS access-entry persistence
(Datadog Security Labs, Stratus ``eks-create-access-entry``), A3 GitHub OIDC from a fork's
pull-request workflow (Datadog, Unit 42), A4 Secrets Manager bulk reads by a support session
(Stratus ``secretsmanager-batch-retrieve-secrets``), A5 KMS key policy change and scheduled
deletion (Invictus IR, Stratus ``kms-key-policy``/ransomware write-ups), A6 a Lambda layer from
an outside account (Stratus ``lambda-overwrite-code``/Wiz), A7 an Identity Center permission set
for an outside user (Invictus IR, Permiso), A8 DynamoDB export to an outside bucket (Stratus
``dynamodb-exfiltrate``/Sysdig), A9 a legacy key doing recon from a threat-listed VPS (Expel,
Mandiant), A10 an Aurora snapshot shared out (Stratus ``rds-share-snapshot``), A11 node
credentials of a new account used outside AWS (cold start)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import pod_session, web_user
from benchmarks.heldout11._attacks_kit import BOTO_VPS, KALI, _run
from benchmarks.heldout11._attacks_late import later
from benchmarks.heldout11._net import OUTSIDE, THREAT
from benchmarks.heldout11._people import sso_session
from benchmarks.heldout11._trail import (
    Mint,
    iam_user,
    mint,
)
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World


def attacks(w: World, truth: Truth, scored: list[dt.date], keys: dict[str, str]) -> None:
    s0, s1 = scored[:2]
    trail = w.trail

    # A1: the payouts pod's projected service-account token replayed from a VPS in Bengaluru.
    t = w.local(s0, 21.2)
    ip = OUTSIDE["do_blr"].pick(w.rng)
    svc = next(s for s in org.SERVICES if s.name == "payouts")
    before = len(trail.records)
    s = pod_session(
        w, t, svc, acct=org.PROD, region="ap-south-1", cluster="sitara-prod-aps1", ip=ip
    )
    trail.records[before][2]["userAgent"] = KALI.replace(
        "{cmd}", "sts.assume-role-with-web-identity"
    )
    mint_id = trail.records[before][2]["eventID"]
    ids, end = _run(
        w,
        s,
        t,
        [
            ("sts", "GetCallerIdentity", None, None),
            ("secretsmanager", "ListSecrets", None, None),
            *[
                ("secretsmanager", "GetSecretValue", {"secretId": f"prod/payouts/{n}"}, None)
                for n in ("bank-api", "npci-keys", "razor-webhook")
            ],
            ("s3", "ListBuckets", None, None),
            ("dynamodb", "ListTables", None, "AccessDenied"),
            ("s3", "ListObjectsV2", {"bucketName": "sitara-payout-files"}, None),
            (
                "s3",
                "GetObject",
                {"bucketName": "sitara-payout-files", "key": "2026/11/08/batch-17.csv"},
                None,
            ),
        ],
        acct=org.PROD,
        ip=ip,
        ua=KALI,
    )
    truth.attack(
        "A1",
        "IRSA web-identity token of payouts replayed from DigitalOcean",
        t,
        end,
        key=s.key,
        ip=ip,
        events=[mint_id, *ids],
        wants="medium",
    )

    # A9: the bank SFTP user's key doing recon from a threat-listed VPS, early morning.
    t = w.local(s0, 6.4)
    user = iam_user(org.PROD, "svc-bank-sftp", keys["svc-bank-sftp"])
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("iam", "ListUsers", None, "AccessDenied"),
        ("iam", "ListRoles", None, "AccessDenied"),
        ("iam", "GetAccountAuthorizationDetails", None, "AccessDenied"),
        ("s3", "ListBuckets", None, None),
        ("ec2", "DescribeInstances", None, "AccessDenied"),
        ("ec2", "DescribeRegions", None, "AccessDenied"),
        ("s3", "ListObjectsV2", {"bucketName": "sitara-bank-settlement"}, None),
        *[
            (
                "s3",
                "GetObject",
                {"bucketName": "sitara-bank-settlement", "key": f"outbound/2026110{i}.csv"},
                None,
            )
            for i in range(1, 6)
        ],
        ("lambda", "ListFunctions20150331", None, "AccessDenied"),
        ("rds", "DescribeDBClusters", None, "AccessDenied"),
    ]
    ids, end = _run(
        w,
        user,
        t,
        steps,
        acct=org.PROD,
        ip=THREAT,
        ua="aws-cli/1.29.62 Python/3.10.12 Linux/5.15.0-91-generic botocore/1.31.62",
        gap=40,
    )
    truth.attack(
        "A9",
        "bank SFTP integration key used for recon from a threat-listed VPS",
        t,
        end,
        key=user.key,
        ip=THREAT,
        events=ids,
    )

    # A3: a pull request from a fork runs a workflow that the CI role's trust policy admits.
    t = w.local(s1, 15.3)
    ip = OUTSIDE["github_azure"].pick(w.rng)
    provider, sub = (
        "token.actions.githubusercontent.com",
        "repo:sitarapay/payments-api:pull_request",
    )
    before = len(trail.records)
    s = mint(
        trail,
        t,
        Mint(
            "AssumeRoleWithWebIdentity",
            web_user(provider, sub),
            ip,
            org.UA["gha"],
            web=(provider, sub),
        ),
        acct=org.PLAT,
        region="ap-south-1",
        role="gha-ci",
        session="GitHubActions",
    )
    mint_id = trail.records[before][2]["eventID"]
    ids, end = _run(
        w,
        s,
        t,
        [
            ("sts", "GetCallerIdentity", None, None),
            ("secretsmanager", "ListSecrets", None, None),
            *[
                ("secretsmanager", "GetSecretValue", {"secretId": n}, None)
                for n in ("ci/npm-token", "ci/sonar", "ci/slack-webhook", "platform/github-app-key")
            ],
            ("ssm", "GetParametersByPath", {"path": "/platform/", "recursive": True}, None),
            ("s3", "ListBuckets", None, None),
            (
                "sts",
                "AssumeRole",
                {"roleArn": f"arn:aws:iam::{org.PROD}:role/gha-deployer"},
                "AccessDenied",
            ),
        ],
        acct=org.PLAT,
        ip=ip,
        ua=org.UA["gha_cli"],
        gap=6,
    )
    truth.attack(
        "A3",
        "GitHub OIDC from a fork's pull_request workflow reads CI secrets",
        t,
        end,
        key=s.key,
        events=[mint_id, *ids],
    )

    # A4: a support agent's portal credentials on the CLI, bulk-reading secrets from the office.
    t = w.local(s1, 23.6)
    ip = OUTSIDE["manila_office"].host(2)
    who = org.SUPPORT[4]
    cli_win = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
    s = sso_session(
        w,
        t,
        who,
        "SupportReadOnly",
        acct=org.PROD,
        ip=ip,
        ua=cli_win.replace("{cmd}", "sso.login"),
        hours=1,
    )
    mint_id = trail.records[-1][2]["eventID"]
    steps = [("secretsmanager", "ListSecrets", {"maxResults": 100}, None) for _ in range(3)]
    steps += [
        ("secretsmanager", "GetSecretValue", {"secretId": f"prod/{n}"}, None)
        for n in (
            "payouts/bank-api",
            "upi/npci-keys",
            "ledger/db",
            "kyc/vendor-api",
            "notifications/sms-gateway",
            "payments/hsm-pin",
            "risk/model-api",
            "merchants/cognito-client",
            "settlement/sftp",
            "fx/provider-key",
        )
        for _ in range(4)
    ]
    ids, end = _run(w, s, t, steps, acct=org.PROD, ip=ip, ua=cli_win, gap=8)
    truth.attack(
        "A4",
        "support session bulk-reads Secrets Manager",
        t,
        end,
        key=s.key,
        events=[mint_id, *ids],
    )

    # A6: the reconciliation job's leaked key adds an outside account's layer to a function.
    t = w.local(s1, 11.1)
    ip = OUTSIDE["contabo_de"].pick(w.rng)
    user = iam_user(org.PROD, "svc-settlement-recon", keys["svc-settlement-recon"])
    layer = f"arn:aws:lambda:ap-south-1:{org.OUTSIDER2}:layer:py-requests-utils:3"
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("lambda", "ListFunctions20150331", None, None),
        ("lambda", "GetFunction20150331v2", {"functionName": "settlement-file-generator"}, None),
        (
            "lambda",
            "GetFunctionConfiguration20150331v2",
            {"functionName": "settlement-file-generator"},
            None,
        ),
        (
            "lambda",
            "UpdateFunctionConfiguration20150331v2",
            {"functionName": "settlement-file-generator", "layers": [layer]},
            None,
        ),
    ]
    ids, end = _run(w, user, t, steps, acct=org.PROD, ip=ip, ua=BOTO_VPS)
    truth.attack(
        "A6",
        "leaked reconciliation key attaches an outside account's Lambda layer",
        t,
        end,
        key=user.key,
        ip=ip,
        events=ids,
    )

    later(w, truth, scored)

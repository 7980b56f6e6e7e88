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
from benchmarks.heldout11._actors import pod_session, sso_session, web_user
from benchmarks.heldout11._net import OUTSIDE, THREAT
from benchmarks.heldout11._trail import (
    Mint,
    Session,
    console,
    console_login,
    iam_user,
    mint,
    service,
)
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World

KALI = "aws-cli/2.17.18 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
BOTO_VPS = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.10"


def _run(
    w: World,
    s: Session,
    t: dt.datetime,
    steps: list[tuple[str, str, dict | None, str | None]],
    *,
    acct: str,
    ip: str,
    ua: str,
    gap: float = 25.0,
    region: str = "ap-south-1",
) -> tuple[list[str], dt.datetime]:
    """The attacker's calls in order, ``gap`` seconds apart on average; (event ids, last time)."""
    ids = []
    for source, name, params, error in steps:
        t = t + dt.timedelta(seconds=w.rng.uniform(gap / 3, gap * 1.7))
        ids.append(
            w.trail.add(
                t,
                s,
                source,
                name,
                acct=acct,
                region=region,
                ip=ip,
                ua=ua.replace("{cmd}", f"{source}.{name.lower()}"),
                params=params,
                resp=None if error else {},
                error=error,
                read_only=None,
            )
        )
    return ids, t


def attacks(w: World, truth: Truth, scored: list[dt.date], keys: dict[str, str]) -> None:
    s0, s1, s2, s3, s4 = scored
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

    # A2: a platform engineer's CLI session, stolen from the laptop, adds an EKS access entry.
    t = w.local(s2, 10.2)
    rohan = next(p for p in org.ENGINEERS if p.name == "rohan.kulkarni")
    home = w.lease(rohan.name, rohan.home_town, s2)  # at the family home for the festival week
    s = sso_session(
        w,
        t,
        f"{rohan.name}@sitarapay.in",
        rohan.perm,
        acct=org.PROD,
        ip=home,
        ua=org.UA[rohan.cli].replace("{cmd}", "sso.login"),
    )
    w.calls(
        s,
        t,
        1200,
        6,
        org.PERM_CALLS[rohan.perm],
        acct=org.PROD,
        region="ap-south-1",
        ip=home,
        ua=org.UA[rohan.cli],
    )
    ip = OUTSIDE["ovh_fr"].pick(w.rng)
    outside_role = f"arn:aws:iam::{org.OUTSIDER}:role/k8s-ops"
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("eks", "ListClusters", None, None),
        ("eks", "DescribeCluster", {"name": "sitara-prod-aps1"}, None),
        ("eks", "ListAccessEntries", {"clusterName": "sitara-prod-aps1"}, None),
        (
            "eks",
            "CreateAccessEntry",
            {"clusterName": "sitara-prod-aps1", "principalArn": outside_role, "type": "STANDARD"},
            None,
        ),
        (
            "eks",
            "AssociateAccessPolicy",
            {
                "clusterName": "sitara-prod-aps1",
                "principalArn": outside_role,
                "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                "accessScope": {"type": "cluster"},
            },
            None,
        ),
    ]
    ids, end = _run(w, s, t + dt.timedelta(minutes=70), steps, acct=org.PROD, ip=ip, ua=KALI)
    truth.attack(
        "A2",
        "EKS access entry and cluster-admin policy for an outside account's role",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )

    # A5: the security admin's federated console sign-in from a Singapore VPS; key policy, then deletion.
    t = w.local(s2, 1.7)
    ip = OUTSIDE["vultr_sg"].pick(w.rng)
    nikhil = next(p for p in org.ENGINEERS if p.name == "nikhil.joshi")
    s = sso_session(
        w,
        t,
        f"{nikhil.name}@sitarapay.in",
        nikhil.perm,
        acct=org.PROD,
        ip=ip,
        ua=org.UA["browser_win"],
        hours=1,
    )
    mint_id = trail.records[-1][2]["eventID"]
    login = console_login(
        trail, t + dt.timedelta(seconds=4), s, acct=org.PROD, ip=ip, ua=org.UA["browser_win"]
    )
    c = console(s, trail)
    key_arn = f"arn:aws:kms:ap-south-1:{org.PROD}:key/7c1e9d52-3a0b-4f4e-9a61-2b8d7e0c5f13"
    steps = [
        ("kms", "ListKeys", None, None),
        ("kms", "ListAliases", None, None),
        *[("kms", "DescribeKey", {"keyId": key_arn}, None)] * 2,
        ("kms", "GetKeyPolicy", {"keyId": key_arn, "policyName": "default"}, None),
        (
            "kms",
            "PutKeyPolicy",
            {"keyId": key_arn, "policyName": "default", "bypassPolicyLockoutSafetyCheck": True},
            None,
        ),
        ("kms", "DisableKey", {"keyId": key_arn}, None),
        ("kms", "ScheduleKeyDeletion", {"keyId": key_arn, "pendingWindowInDays": 7}, None),
    ]
    ids, end = _run(
        w,
        c,
        t + dt.timedelta(seconds=30),
        steps,
        acct=org.PROD,
        ip=ip,
        ua=org.UA["browser_win"],
        gap=35,
    )
    truth.attack(
        "A5",
        "KMS key policy replaced, key disabled and scheduled for deletion from a VPS console",
        t,
        end,
        key=c.key,
        ip=ip,
        events=[mint_id, login, *ids],
        wants="high",
    )

    # A7: a platform engineer's session in the platform (Identity Center) account, from Hetzner.
    t = w.local(s3, 16.4)
    ip = OUTSIDE["hetzner_de"].pick(w.rng)
    s = sso_session(
        w,
        t,
        "aditi.rao@sitarapay.in",
        "PlatformEngineer",
        acct=org.PLAT,
        ip=ip,
        ua=KALI.replace("{cmd}", "sso.login"),
    )
    mint_id = trail.records[-1][2]["eventID"]
    instance = "arn:aws:sso:::instance/ssoins-65043d1e8a1b2c3d"
    steps = [
        ("sso", "ListInstances", None, None),
        ("identitystore", "ListUsers", None, None),
        (
            "identitystore",
            "CreateUser",
            {
                "identityStoreId": "d-9f6723c41a",
                "userName": "ops-contractor",
                "emails": [{"value": "ops.contractor@proton.me"}],
            },
            None,
        ),
        (
            "sso",
            "CreatePermissionSet",
            {"instanceArn": instance, "name": "OpsBreakGlass", "sessionDuration": "PT12H"},
            None,
        ),
        (
            "sso",
            "AttachManagedPolicyToPermissionSet",
            {
                "instanceArn": instance,
                "managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
            None,
        ),
        (
            "sso",
            "CreateAccountAssignment",
            {
                "instanceArn": instance,
                "targetId": org.PROD,
                "targetType": "AWS_ACCOUNT",
                "principalType": "USER",
            },
            None,
        ),
        (
            "sso",
            "ProvisionPermissionSet",
            {"instanceArn": instance, "targetType": "ALL_PROVISIONED_ACCOUNTS"},
            None,
        ),
    ]
    ids, end = _run(w, s, t, steps, acct=org.PLAT, ip=ip, ua=KALI)
    truth.attack(
        "A7",
        "Identity Center permission set with AdministratorAccess assigned to a new outside user",
        t,
        end,
        key=s.key,
        ip=ip,
        events=[mint_id, *ids],
        wants="high",
    )

    # A8: the ledger pod's current key, exfiltrated through SSRF, exports the ledger table.
    t = w.local(s3, 2.3)
    nat = w.state["nat"]["ap-south-1"]
    svc = next(s for s in org.SERVICES if s.name == "ledger")
    s = pod_session(
        w, t, svc, acct=org.PROD, region="ap-south-1", cluster="sitara-prod-aps1", ip=nat[1]
    )
    w.calls(
        s, t, 900, 6, svc.calls, acct=org.PROD, region="ap-south-1", ip=nat[1], ua=org.UA[svc.sdk]
    )
    ip = OUTSIDE["linode_mum"].pick(w.rng)
    steps = [
        ("dynamodb", "ListTables", None, None),
        ("dynamodb", "DescribeTable", {"tableName": "ledger-entries"}, None),
        ("dynamodb", "DescribeContinuousBackups", {"tableName": "ledger-entries"}, None),
        (
            "dynamodb",
            "ExportTableToPointInTime",
            {
                "tableArn": f"arn:aws:dynamodb:ap-south-1:{org.PROD}:table/ledger-entries",
                "s3Bucket": "ldgr-archive-7731",
                "s3BucketOwner": org.OUTSIDER,
                "exportFormat": "DYNAMODB_JSON",
            },
            None,
        ),
        *[("dynamodb", "DescribeExport", None, None)] * 3,
    ]
    ids, end = _run(
        w, s, t + dt.timedelta(minutes=12), steps, acct=org.PROD, ip=ip, ua=BOTO_VPS, gap=60
    )
    truth.attack(
        "A8",
        "ledger pod key exports a DynamoDB table to an outside account's bucket",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )

    # A10: the DBA's own laptop (malware on it): her network, her CLI, her hours; a snapshot shared out.
    t = w.local(s4, 14.2)
    meera = next(p for p in org.ENGINEERS if p.name == "meera.iyer")
    home = "office_blr" if s4.weekday() in meera.office_days else meera.home
    ip = OUTSIDE[home].host(3) if home == "office_blr" else w.lease(meera.name, home, s4)
    s = sso_session(
        w,
        t,
        f"{meera.name}@sitarapay.in",
        meera.perm,
        acct=org.PROD,
        ip=ip,
        ua=org.UA[meera.cli].replace("{cmd}", "sso.login"),
    )
    mint_id = trail.records[-1][2]["eventID"]
    snap = "payments-aurora-manual-20261112"
    steps = [
        ("rds", "DescribeDBClusters", None, None),
        (
            "rds",
            "CreateDBClusterSnapshot",
            {"dBClusterIdentifier": "payments-aurora", "dBClusterSnapshotIdentifier": snap},
            None,
        ),
        *[("rds", "DescribeDBClusterSnapshots", {"dBClusterSnapshotIdentifier": snap}, None)] * 3,
        (
            "rds",
            "ModifyDBClusterSnapshotAttribute",
            {
                "dBClusterSnapshotIdentifier": snap,
                "attributeName": "restore",
                "valuesToAdd": [org.OUTSIDER2],
            },
            None,
        ),
    ]
    ids, end = _run(w, s, t, steps, acct=org.PROD, ip=ip, ua=org.UA[meera.cli], gap=200)
    truth.attack(
        "A10",
        "Aurora cluster snapshot shared with an outside account from the DBA's own laptop",
        t,
        end,
        key=s.key,
        events=[mint_id, *ids],
    )

    # A11: cold start: a node of the lending account (joined on the first scored day), its
    # instance-profile key used from a VPS in Frankfurt.
    t = w.local(s3, 19.1)
    iid = w.state["lend_nodes"][0]
    s = mint(
        trail,
        t,
        Mint(
            "AssumeRole",
            service("ec2"),
            "ec2.amazonaws.com",
            "ec2.amazonaws.com",
            ec2=True,
            hours=6,
        ),
        acct=org.LEND,
        region="ap-south-1",
        role="eks-node-lending-aps1",
        session=iid,
    )
    lend_nat = w.state["nat"]["lend"]
    trail.add(
        t + dt.timedelta(seconds=40),
        s,
        "ecr",
        "GetAuthorizationToken",
        acct=org.LEND,
        region="ap-south-1",
        ip=lend_nat[0],
        ua=org.UA["kubelet"],
    )
    ip = OUTSIDE["do_fra"].pick(w.rng)
    steps = [
        ("sts", "GetCallerIdentity", None, None),
        ("s3", "ListBuckets", None, None),
        ("secretsmanager", "ListSecrets", None, "AccessDenied"),
        ("ec2", "DescribeInstances", None, None),
        ("iam", "ListRoles", None, "AccessDenied"),
        ("s3", "ListObjectsV2", {"bucketName": "lending-applications"}, "AccessDenied"),
    ]
    ids, end = _run(w, s, t + dt.timedelta(minutes=35), steps, acct=org.LEND, ip=ip, ua=KALI)
    truth.attack(
        "A11",
        "new account's node credentials used from a VPS (cold start)",
        t,
        end,
        key=s.key,
        ip=ip,
        events=ids,
    )

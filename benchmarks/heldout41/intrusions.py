"""The later attacks on Karabatak (A7-A12): slow recon through a too-trusting GitLab OIDC role,
a phished platform admin's defence evasion and backdoor role, the new Gulf account's instance
credentials, SSE-C ransom of the partner reports, an analyst's hijacked session and SES abuse;
and the plan of every attack's slot."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout41 import org
from benchmarks.heldout41.attacks import (
    Row,
    a1_instance_ssrf,
    a2_task_other_account,
    a3_lambda_vultr,
    a4_leaked_key_persistence,
    a5_console_no_mfa,
    a6_tor_session,
    burst,
    row,
)
from benchmarks.heldout41.people import sso_session
from benchmarks.heldout41.routine import M, World, gitlab_session, vendor_session


def a7_gitlab_trust(w: World, day: dt.date, slot: int) -> list[Row]:
    """The deploy role trusts any gitlab.com project (audience only): the attacker's own
    project assumes it from GitLab's shared runners with the same aws-cli image, a few calls a
    night."""
    out = []
    calls = [
        [("sts", "GetCallerIdentity", None), ("iam", "ListRoles", None)],
        [("ec2", "DescribeInstances", None), ("ecs", "ListClusters", None)],
        [("iam", "GetAccountAuthorizationDetails", None)],
        [("secretsmanager", "ListSecrets", None), ("s3", "ListBuckets", None)],
        [("ecr", "DescribeRepositories", None), ("lambda", "ListFunctions20150331", None)],
    ]
    for k in range(2):
        t = w.jitter(w.at(day, 23 - 2 * k), 30)
        s, ip, eid = gitlab_session(
            w, t, "project_path:kbtk-tools/ci-helper:ref_type:branch:ref:main", deploy=False
        )
        times = burst(w, s, t, ip, org.UA["gitlab_cli"], calls[(slot + k) % 5], 200)
        out.append(
            row(
                "A7",
                "slow recon through the GitLab OIDC deploy role from an outsider's project",
                s,
                [ip],
                [t, *times],
                "medium",
                (eid,),
            )
        )
    return out


def a8_phished_admin(w: World, day: dt.date) -> list[Row]:
    tr = w.trail
    ip, ua = tr.ip("hetzner"), org.UA["cli_linux"]
    t = w.at(day, 2.2)
    s, eid = sso_session(w, t, org.BIDDER, "PlatformAdmin", "baris.kurt", ip, ua)
    times = burst(
        w,
        s,
        t,
        ip,
        ua,
        [
            ("sts", "GetCallerIdentity", None),
            ("ec2", "DescribeFlowLogs", None),
            ("ec2", "DeleteFlowLogs", None),
            ("guardduty", "ListDetectors", None),
            ("guardduty", "UpdateDetector", "AccessDenied"),
            ("logs", "DeleteLogGroup", None),
        ],
        60,
    )
    t2 = times[-1] + 2 * M
    tr.event(
        t2,
        s,
        "iam",
        "CreateRole",
        ip,
        ua,
        region=org.GLOBAL,
        params={
            "roleName": "AWSSupportDiagnostics",
            "assumeRolePolicyDocument": f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{org.ATTACKER_ACCOUNT}:root"}},"Action":"sts:AssumeRole"}}]}}',
        },
        read_only=False,
    )
    tr.event(
        t2 + M,
        s,
        "iam",
        "AttachRolePolicy",
        ip,
        ua,
        region=org.GLOBAL,
        params={
            "roleName": "AWSSupportDiagnostics",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
        read_only=False,
    )
    t3 = t2 + 5 * M
    m, eid2 = sso_session(w, t3, org.MANAGEMENT, "PlatformAdmin", "baris.kurt", ip, ua)
    more = burst(
        w,
        m,
        t3,
        ip,
        ua,
        [
            ("cloudtrail", "DescribeTrails", None),
            ("cloudtrail", "StopLogging", None),
            ("organizations", "ListAccounts", None),
        ],
        40,
        region=org.HOME,
    )
    b, bip, eid3 = vendor_session(
        w, t3 + 30 * M, org.BIDDER, "AWSSupportDiagnostics", org.ATTACKER_ACCOUNT, "hetzner", ua, ""
    )
    back = burst(
        w,
        b,
        t3 + 30 * M,
        bip,
        ua,
        [
            ("sts", "GetCallerIdentity", None),
            ("s3", "ListBuckets", None),
            ("secretsmanager", "ListSecrets", None),
        ],
        60,
    )
    return [
        row(
            "A8",
            "a platform admin's Google session phished (AiTM): flow logs deleted, backdoor role",
            s,
            [ip],
            [t, t2 + M],
            "high",
            (eid,),
        ),
        row(
            "A8",
            "the same session in the management account: the organisation trail stopped",
            m,
            [ip],
            [t3, *more],
            "high",
            (eid2,),
        ),
        row(
            "A8",
            "the backdoor role assumed from the attacker's account",
            b,
            [bip],
            [t3 + 30 * M, *back],
            "high",
            (eid3,),
        ),
    ]


def a9_gulf_instance(w: World, day: dt.date) -> list[Row]:
    inst = w.keys["gulf_ids"][0]  # type: ignore[index]
    s = w.keys[inst]
    ip = w.trail.ip("alibaba")
    calls = [
        ("sts", "GetCallerIdentity", None),
        ("ec2", "DescribeRegions", None),
        ("ec2", "DescribeInstances", None),
        ("ec2", "RunInstances", "Client.UnauthorizedOperation"),
        ("s3", "ListBuckets", None),
        ("iam", "ListRoles", "AccessDenied"),
    ]
    times = burst(w, s, w.at(day, 20.5), ip, org.UA["boto_kali"], calls, 90, region=org.GULF_REGION)
    return [
        row(
            "A9",
            "the new Gulf account's bidder instance credentials from Alibaba Cloud on its first day",
            s,
            [ip],
            times,
            "medium",
        )
    ]


def a10_ssec_ransom(w: World, day: dt.date) -> list[Row]:
    tr = w.trail
    s = tr.user(org.DATA, "sftp-bridge", org.HOME, "AKIAYW3TQ6B5SFTPBRDG")
    ip, ua = tr.ip("contabo"), org.UA["boto_kali"]
    bucket = "karabatak-partner-reports"
    t = w.at(day, 23.1)
    times = burst(
        w, s, t, ip, ua, [("sts", "GetCallerIdentity", None), ("s3", "ListBuckets", None)], 30
    )
    for i in range(w.n(30, 8)):
        t += dt.timedelta(seconds=tr.rng.randint(2, 9))
        key = f"daily/2026/{11 + (i % 2)}/{1 + i % 28:02d}/impressions-{i % 12:02d}.csv.gz"
        tr.event(
            t,
            s,
            "s3",
            "CopyObject",
            ip,
            ua,
            params={
                "bucketName": bucket,
                "key": key,
                "x-amz-server-side-encryption-customer-algorithm": "AES256",
                "x-amz-copy-source": f"{bucket}/{key}",
            },
            data=True,
            read_only=False,
        )
        times.append(t)
    t += M
    tr.event(
        t,
        s,
        "s3",
        "PutBucketLifecycleConfiguration",
        ip,
        ua,
        params={
            "bucketName": bucket,
            "LifecycleConfiguration": {"Rule": {"Expiration": {"Days": 7}, "Status": "Enabled"}},
        },
        read_only=False,
    )
    tr.event(
        t + M,
        s,
        "s3",
        "PutObject",
        ip,
        ua,
        params={"bucketName": bucket, "key": "README-RECOVER.txt"},
        data=True,
        read_only=False,
    )
    return [
        row(
            "A10",
            "the SFTP bridge's key: partner reports re-encrypted with SSE-C and set to expire (Codefinger)",
            s,
            [ip],
            [*times, t + M],
            "high",
        )
    ]


def a11_aitm_analyst(w: World, day: dt.date) -> list[Row]:
    ip, ua = w.trail.ip("tt_proxy"), org.UA["cli_linux"]
    t = w.at(day, 0.4)
    pset = "AnalyticsEngineer" if w.on("reorg", t) else "DataAnalyst"
    s, eid = sso_session(w, t, org.DATA, pset, "gizem.polat", ip, ua)
    calls = [("glue", "GetDatabases", None), ("glue", "GetTables", None)] + [
        ("athena", "StartQueryExecution", None),
        ("athena", "GetQueryResults", None),
    ] * w.n(20, 6)
    times = burst(w, s, t, ip, ua, calls, 70)
    return [
        row(
            "A11",
            "an analyst's session from a Turkish residential proxy at 03:00 local, bulk Athena reads",
            s,
            [ip],
            [t, *times],
            "medium",
            (eid,),
        )
    ]


def a12_ses_abuse(w: World, day: dt.date) -> list[Row]:
    s = w.trail.user(org.BIDDER, "ses-newsletter", org.HOME, "AKIAYW3TQ6B5SESMAIL2")
    ip = w.trail.ip("ovh")
    calls = [
        ("sts", "GetCallerIdentity", None),
        ("ses", "GetSendQuota", None),
        ("ses", "ListIdentities", None),
        ("ses", "GetAccount", None),
        ("ses", "PutAccountDetails", None),
        ("ses", "CreateEmailIdentity", None),
        ("ses", "UpdateAccountSendingEnabled", "AccessDenied"),
    ]
    times = burst(w, s, w.at(day, 18.7), ip, org.UA["boto_kali"], calls, 120)
    return [
        row(
            "A12",
            "the newsletter's SES key, shipped in a public JavaScript bundle, probed for phishing from OVH",
            s,
            [ip],
            times,
            "medium",
        )
    ]


# (slot, attack): the slot's scored day, after that day's routine
PLAN = (
    (0, a1_instance_ssrf),
    (0, a12_ses_abuse),
    (1, a2_task_other_account),
    (1, a4_leaked_key_persistence),
    (2, a3_lambda_vultr),
    (2, a6_tor_session),
    (2, a9_gulf_instance),
    (3, a5_console_no_mfa),
    (3, a8_phished_admin),
    (3, a10_ssec_ransom),
    (4, a11_aitm_analyst),
)

"""The attacks of the later slots (A7-A12), and the list of all twelve in order."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.attacks import (
    CURL_CLI,
    GO_TOOL,
    KALI,
    PACU,
    a1_gate_ssrf,
    a2_task_other_account,
    a3_jenkins_key,
    a4_bookkeeper_console,
    a5_webcam_tor,
    a6_pdf_slow_recon,
)
from benchmarks.heldout45.events import Trail
from benchmarks.heldout45.org import (
    DATA,
    HOME,
    PARTNER_ABROAD,
    PLACES,
    PROD,
    REGION,
    VENDOR_TURNSTILE,
    user,
)
from benchmarks.heldout45.truth import Call, attack, burst
from benchmarks.heldout45.workloads import (
    ENGADIN_ROLE,
    KEYS,
    TURNSTILE_ROLE,
)
from benchmarks.heldout45.world import World, local

Row = dict[str, str]


def a7_aitm_persistence(trail: Trail, world: World) -> list[Row]:
    """A ticketing developer's Entra session stolen through an AiTM kit on DigitalOcean: an IAM
    user with administrator rights and a key, then used from Aeza in Stockholm."""
    t = local(world.slot(3), 10.7)
    ip = PLACES["do_fra"].ip(311)
    s, saml = actors.sso(
        trail,
        "c.achermann",
        t,
        account=PROD,
        permission_set="TicketingDeveloper",
        ip=ip,
        agent=actors.BROWSER,
        console=True,
    )
    calls = [
        "iam:ListUsers",
        ("iam:CreateUser", None, {"userName": "svc-backup-sync"}),
        (
            "iam:AttachUserPolicy",
            None,
            {
                "userName": "svc-backup-sync",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
        ("iam:CreateAccessKey", None, {"userName": "svc-backup-sync"}),
        ("iam:CreateLoginProfile", None, {"userName": "svc-backup-sync"}),
    ]
    w1 = burst(trail, s, t, calls, HOME, gap=(15, 60))
    new_key = "AKIA" + trail.key()[4:]
    ip2 = PLACES["aeza"].ip(41)
    k = actors.iam_user(trail, PROD, "svc-backup-sync", new_key, ip2, PACU)
    calls2 = [
        "sts:GetCallerIdentity",
        "iam:ListUsers",
        "s3:ListBuckets",
        "secretsmanager:ListSecrets",
        ("secretsmanager:GetSecretValue", None, {"secretId": "prod/passes/payment-psp"}),
        ("ec2:CreateKeyPair", None, {"keyName": "maint"}),
        "ec2:DescribeInstances",
    ]
    w2 = burst(trail, k, w1[1] + dt.timedelta(hours=3), calls2, HOME, gap=(20, 90))
    return [
        attack(
            "A7",
            "AiTM-phished developer creates an admin user; its key used from Aeza",
            s.key,
            s.identity["arn"],
            [ip],
            (t, w1[1]),
            "high",
            [saml],
        ),
        attack(
            "A7",
            "AiTM-phished developer creates an admin user; its key used from Aeza",
            new_key,
            user(PROD, "svc-backup-sync"),
            [ip2],
            w2,
            "high",
        ),
    ]


def a8_defence_evasion(trail: Trail, world: World) -> list[Row]:
    """A platform engineer's session from an infostealer log, from BuyVM: GuardDuty auto-archive,
    the prod data-event trail stopped, flow logs deleted, Config stopped, a bucket opened."""
    t = local(world.slot(3), 2.3)
    ip = PLACES["buyvm"].ip(1201)
    s, saml = actors.sso(
        trail,
        "n.odermatt",
        t,
        account=PROD,
        permission_set="PlatformAdmin",
        ip=ip,
        agent=actors.CLI.format(cmd="sts"),
        console=False,
    )
    calls = [
        "guardduty:ListDetectors",
        ("guardduty:CreateFilter", None, {"action": "ARCHIVE", "name": "suppress-noise"}),
        ("cloudtrail:StopLogging", None, {"name": "prod-data-events"}),
        ("ec2:DeleteFlowLogs", None, {"flowLogId": ["fl-0a1b2c3d4e5f60718"]}),
        ("config:StopConfigurationRecorder", None, {"configurationRecorderName": "default"}),
        ("s3:DeletePublicAccessBlock", None, {"bucketName": "alpenfirn-pass-exports"}),
        ("s3:PutBucketPolicy", None, {"bucketName": "alpenfirn-pass-exports"}),
    ]
    w = burst(trail, s, t, calls, HOME, agent=actors.CLI.format(cmd="misc"), gap=(20, 80))
    return [
        attack(
            "A8",
            "stolen platform session turns off GuardDuty findings, trail, flow logs, Config",
            s.key,
            s.identity["arn"],
            [ip],
            (t, w[1]),
            "high",
            [saml],
        )
    ]


def a9_engadin_theft(trail: Trail, world: World) -> list[Row]:
    """The Engadin booking instance's credentials (an unpatched plugin) from Hetzner Helsinki on
    the account's first day."""
    assert world.join_at is not None
    t = world.join_at + dt.timedelta(hours=7.5)
    s = trail.held("engadin-web", t)
    ip = PLACES["hetzner_hel"].ip(3301)
    calls = [
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        "ec2:DescribeInstances",
        ("iam:ListAttachedRolePolicies", "AccessDenied"),
        "ssm:DescribeParameters",
        ("ssm:GetParametersByPath", None, {"path": "/", "withDecryption": True, "recursive": True}),
        ("secretsmanager:GetSecretValue", None, {"secretId": "engadin/booking/db"}),
    ]
    w = burst(trail, s, t, calls, HOME, ip=ip, agent=CURL_CLI.format(cmd="ssm"), gap=(10, 45))
    return [
        attack(
            "A9",
            "new account's booking instance credentials from Hetzner Helsinki",
            s.key,
            ENGADIN_ROLE,
            [ip],
            w,
            "medium",
        )
    ]


def a10_ssec_ransom(trail: Trail, world: World) -> list[Row]:
    """The NAS archive user's key: S3 objects rewritten with SSE-C and a seven-day lifecycle
    (the "Codefinger" pattern of January 2025), from PQ Hosting."""
    t = local(world.slot(4), 4.1)
    ip = PLACES["pq"].ip(88)
    s = actors.iam_user(trail, DATA, "archive-sync", KEYS["archive-sync"], ip, KALI)
    region = REGION[DATA]
    calls: list[Call] = [
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        ("s3:GetBucketVersioning", None, {"bucketName": "alpenfirn-archive"}),
        (
            "s3:PutBucketLifecycleConfiguration",
            None,
            {
                "bucketName": "alpenfirn-archive",
                "LifecycleConfiguration": {"Rule": {"Expiration": {"Days": 7}}},
            },
        ),
    ]
    w1 = burst(trail, s, t, calls, region, gap=(5, 30))
    ssec = {
        "bucketName": "alpenfirn-archive",
        "x-amz-server-side-encryption-customer-algorithm": "AES256",
    }
    copies = [
        ("s3:CopyObject", None, dict(ssec, key=f"finance/2026-1{m}/{k}.pdf"))
        for m in range(2)
        for k in range(8)
    ]
    w2 = burst(trail, s, w1[1], copies, region, gap=(1, 3), data=True)
    notes = [
        ("s3:PutObject", None, {"bucketName": "alpenfirn-archive", "key": "README-RESTORE.txt"}),
        (
            "s3:PutBucketReplication",
            "AccessDenied",
            {
                "bucketName": "alpenfirn-archive",
                "destination": f"arn:aws:s3:::{PARTNER_ABROAD}-mirror",
            },
        ),
    ]
    w3 = burst(trail, s, w2[1], notes, region, gap=(5, 20))
    return [
        attack(
            "A10",
            "NAS archive key: SSE-C re-encryption and a 7-day lifecycle from PQ Hosting",
            s.key,
            user(DATA, "archive-sync"),
            [ip],
            (w1[0], w3[1]),
            "high",
        )
    ]


def a11_ses_abuse(trail: Trail, world: World) -> list[Row]:
    """The newsletter CMS's key (a public .env) checked for SES sending from Hostwinds."""
    t = local(world.slot(4), 16.4)
    ip = PLACES["hostwinds"].ip(2290)
    s = actors.iam_user(trail, PROD, "newsletter-ses", KEYS["newsletter-ses"], ip, GO_TOOL)
    calls = [
        "sts:GetCallerIdentity",
        "ses:GetSendQuota",
        "ses:ListIdentities",
        "ses:GetAccount",
        (
            "ses:PutAccountDetails",
            None,
            {"mailType": "MARKETING", "websiteURL": "https://alpenfirn-deals.com"},
        ),
        ("ses:CreateEmailIdentity", None, {"emailIdentity": "alpenfirn-deals.com"}),
        ("ses:UpdateAccountSendingEnabled", "AccessDenied"),
        ("iam:ListUsers", "AccessDenied"),
    ]
    for region in (HOME, "eu-central-1", "us-east-1"):
        burst(trail, s, t, ["ses:GetSendQuota"], region, gap=(1, 4))
        t += dt.timedelta(seconds=10)
    w = burst(trail, s, t, calls, HOME, gap=(10, 60))
    return [
        attack(
            "A11",
            "newsletter key from a public .env probed for SES sending, Hostwinds",
            s.key,
            user(PROD, "newsletter-ses"),
            [ip],
            (t - dt.timedelta(seconds=40), w[1]),
            "medium",
        )
    ]


def a12_vendor_abuse(trail: Trail, world: World) -> list[Row]:
    """The turnstile vendor's account breached: its role in prod assumed with the right external
    ID from another region and session name, reading what monitoring never reads."""
    t = local(world.slot(2), 13.55)
    ip = PLACES["aws_iad_b"].ip(1207)
    s, event = actors.vendor(
        trail,
        "gatewise-x",
        t,
        account=PROD,
        vendor_account=VENDOR_TURNSTILE,
        role_arn=TURNSTILE_ROLE,
        session_name="gw-support",
        external_id="gw-7731-alpenfirn",
        ip=ip,
        agent=KALI,
        caller_role="support-engineer",
    )
    calls = [
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        ("s3:GetBucketPolicy", None, {"bucketName": "alpenfirn-pass-exports"}),
        "secretsmanager:ListSecrets",
        ("secretsmanager:GetSecretValue", "AccessDeniedException", {"secretId": "prod/gate/db"}),
        "ec2:DescribeInstances",
        "ssm:DescribeInstanceInformation",
        ("ssm:SendCommand", "AccessDeniedException", {"documentName": "AWS-RunShellScript"}),
        ("iam:ListRoles", "AccessDenied"),
    ]
    w = burst(trail, s, t, calls, HOME, gap=(5, 30))
    return [
        attack(
            "A12",
            "breached turnstile vendor's role from us-east-1, reading secrets",
            s.key,
            TURNSTILE_ROLE,
            [ip],
            (t, w[1]),
            "medium",
            [event],
        )
    ]


ATTACKS = [
    a1_gate_ssrf,
    a2_task_other_account,
    a3_jenkins_key,
    a4_bookkeeper_console,
    a5_webcam_tor,
    a6_pdf_slow_recon,
    a7_aitm_persistence,
    a8_defence_evasion,
    a9_engadin_theft,
    a10_ssec_ransom,
    a11_ses_abuse,
    a12_vendor_abuse,
]

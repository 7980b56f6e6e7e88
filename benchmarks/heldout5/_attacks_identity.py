"""Attacks through identities: stolen Identity Center sessions, persistence, a vendor's role,
root, and a CI role minting another user's key (see benchmarks/README.md, "Fifth held-out suite")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._attacks import KALI_BOTO, WIN_CHROME, Row, Step, _calls, rows
from benchmarks.heldout5._others import deploy
from benchmarks.heldout5._records import iam_user, other_account, root
from benchmarks.heldout5._saas import CSPM_EXTERNAL
from benchmarks.heldout5._workloads import Work
from benchmarks.heldout5._world import ACCOUNTS, CSPM_VENDOR, PEOPLE, World

S = "amazonaws.com"


def a6_evasion(w: World, day: dt.date) -> list[Row]:
    """Defence evasion from an admin's console session stolen by an Entra AiTM phishing kit."""
    p = next(x for x in PEOPLE if x.user.startswith("aoife."))
    ip, t = w.addr.of("atk_m247"), w.at(day, 9.4)
    eids: list[str] = []
    keys = []
    steps: dict[str, list[Step]] = {
        "management": [
            (f"cloudtrail.{S}", "DescribeTrails", None, None),
            (f"cloudtrail.{S}", "GetEventSelectors", {"trailName": "org-trail"}, None),
            (
                f"cloudtrail.{S}",
                "PutEventSelectors",
                {
                    "trailName": "org-trail",
                    "eventSelectors": [{"readWriteType": "All", "includeManagementEvents": False}],
                },
                None,
            ),
        ],
        "security": [
            (f"guardduty.{S}", "ListDetectors", None, None),
            (f"guardduty.{S}", "ListMembers", None, None),
            (
                f"guardduty.{S}",
                "DeleteMembers",
                {"accountIds": [ACCOUNTS["game_prod"], ACCOUNTS["media_prod"]]},
                None,
            ),
            (
                f"guardduty.{S}",
                "UpdateDetector",
                {"enable": True, "dataSources": {"s3Logs": {"enable": False}}},
                None,
            ),
        ],
        "game_prod": [
            (f"ec2.{S}", "DescribeFlowLogs", None, None),
            (f"ec2.{S}", "DeleteFlowLogs", {"flowLogIds": ["fl-0c1d2e3f4a5b6c7d8"]}, None),
        ],
    }
    for account, plan in steps.items():
        key, ident, ids = w.sso_session(p, t, account, ip, WIN_CHROME, console=True)
        more, t = _calls(
            w,
            t + dt.timedelta(seconds=10),
            account,
            "eu-west-1",
            ident,
            ip,
            WIN_CHROME,
            plan,
            gap=25,
            console=True,
        )
        eids += ids + more
        keys.append(key)
    return rows(
        "A6",
        "Defence evasion from an admin's stolen Identity Center console session",
        "high",
        w.at(day, 9.4),
        t,
        eids,
        keys,
        [ip],
    )


def a7_roles_anywhere(w: World, day: dt.date) -> list[Row]:
    """IAM Roles Anywhere persistence through a developer's phished Identity Center session,
    from a residential proxy in Ireland, with a Linux CLI like the developer's own."""
    p = next(x for x in PEOPLE if x.user.startswith("jonas."))
    ip, t0 = w.addr.of("atk_resi_ie"), w.at(day, 16.4)
    ua = "aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0-35-generic md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
    key, ident, eids = w.sso_session(
        p, t0, "game_staging", ip, ua.format(cmd="sso.get-role-credentials"), console=False
    )
    cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ3J5cHRvQ0EwHhcNMjYwNTE5\n-----END CERTIFICATE-----"
    plan = [
        (f"iam.{S}", "ListRoles", None, None),
        (f"iam.{S}", "GetRole", {"roleName": "deploy-admin"}, None),
        (
            f"iam.{S}",
            "CreateRole",
            {
                "roleName": "ops-automation",
                "assumeRolePolicyDocument": '{"Statement":[{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}',
            },
            None,
        ),
        (
            f"iam.{S}",
            "AttachRolePolicy",
            {
                "roleName": "ops-automation",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
            None,
        ),
        (
            f"rolesanywhere.{S}",
            "CreateTrustAnchor",
            {
                "name": "ops-ca",
                "enabled": True,
                "source": {
                    "sourceType": "CERTIFICATE_BUNDLE",
                    "sourceData": {"x509CertificateData": cert},
                },
            },
            None,
        ),
        (
            f"rolesanywhere.{S}",
            "CreateProfile",
            {
                "name": "ops-profile",
                "enabled": True,
                "durationSeconds": 3600,
                "roleArns": [f"arn:aws:iam::{ACCOUNTS['game_staging']}:role/ops-automation"],
            },
            None,
        ),
    ]
    more, t = _calls(
        w, t0 + dt.timedelta(seconds=5), "game_staging", "eu-west-1", ident, ip, ua, plan, gap=30
    )
    eids += more
    # the next night: a session through the new trust anchor, from the same proxy pool
    t1, key2 = w.at(day + dt.timedelta(days=1), 3.1), w.ids.key()
    ip2 = w.addr.of("atk_resi_ie")
    helper = "CredHelper/1.1.1 (Linux; go1.21.9; x86_64)"
    eids.append(
        w.trail.call(
            t1,
            ACCOUNTS["game_staging"],
            "eu-west-1",
            f"rolesanywhere.{S}",
            "CreateSession",
            {
                "type": "Unknown",
                "principalId": "CN=ops-client",
                "accountId": ACCOUNTS["game_staging"],
            },
            ip2,
            helper,
            request={"profileArn": "ops-profile", "durationSeconds": 3600},
            response={"credentialSet": [{"credentials": {"accessKeyId": key2}}]},
        )
    )
    from benchmarks.heldout5._records import assumed

    ident2 = assumed(ACCOUNTS["game_staging"], "ops-automation", "7b2f0c9e51d6a4e3", key2, t1)
    more, t = _calls(
        w,
        t1,
        "game_staging",
        "eu-west-1",
        ident2,
        ip2,
        KALI_BOTO,
        [
            (f"sts.{S}", "GetCallerIdentity", None, None),
            (f"s3.{S}", "ListBuckets", None, None),
            (f"secretsmanager.{S}", "ListSecrets", None, None),
        ],
    )
    return rows(
        "A7",
        "IAM Roles Anywhere persistence from a phished developer session",
        "medium",
        t0,
        t,
        eids + more,
        [key, key2],
        [ip, ip2],
    )


def a8_confused_deputy(w: World, day: dt.date) -> list[Row]:
    """The CSPM vendor's role assumed with the right ExternalId but not from the vendor's platform."""
    from benchmarks.heldout5._saas import CSPM_READS

    ip, t0 = w.addr.of("atk_hetzner"), w.at(day, 3.2)
    ua = "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.8.0-40-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.2"
    caller = other_account(CSPM_VENDOR, "AROA5CSPMSCANNER0001:cspm-scanner")
    key, ident, eids = w.assume_role(
        t0,
        caller,
        None,
        ip,
        ua,
        ACCOUNTS["game_prod"],
        "cspm-audit-role",
        "cspm-scan",
        external_id=CSPM_EXTERNAL,
    )
    plan: list[Step] = [
        (s, n, None, None)
        for s, n in CSPM_READS
        if n
        in (
            "ListBuckets",
            "GetBucketPolicy",
            "DescribeSnapshots",
            "GetAccountAuthorizationDetails",
            "ListSecrets",
            "DescribeInstances",
            "DescribeDBInstances",
            "ListUsers",
        )
    ]
    plan += [
        (f"ec2.{S}", "DescribeSnapshotAttribute", {"attribute": "createVolumePermission"}, None),
        (
            f"s3.{S}",
            "GetObject",
            {"bucketName": "bm-payments-exports", "key": "daily/latest.csv"},
            "denied",
        ),
    ]
    more, t = _calls(
        w, t0 + dt.timedelta(seconds=4), "game_prod", "eu-west-1", ident, ip, ua, plan, gap=6
    )
    return rows(
        "A8",
        "A vendor's role assumed from outside the vendor's platform (confused deputy)",
        "medium",
        t0,
        t,
        eids + more,
        [key],
        [ip],
    )


def a9_root(w: World, day: dt.date) -> list[Row]:
    """Root taken over by a password reset from a new country; a root access key created and used."""
    mgmt, ip, t0 = ACCOUNTS["management"], w.addr.of("atk_mtn"), w.at(day, 19.6)
    signin = {"additionalEventData": {"MobileVersion": "No"}}
    eids = []
    for i, name in enumerate(["PasswordRecoveryRequested", "PasswordRecoveryCompleted"]):
        eids.append(
            w.trail.call(
                t0 + dt.timedelta(minutes=3 * i),
                mgmt,
                "us-east-1",
                "signin.amazonaws.com",
                name,
                root(mgmt),
                ip,
                WIN_CHROME,
                response={name: "Success"},
                event_type="AwsConsoleSignIn",
                extra=signin,
            )
        )
    eids.append(
        w.trail.call(
            t0 + dt.timedelta(minutes=7),
            mgmt,
            "us-east-1",
            "signin.amazonaws.com",
            "ConsoleLogin",
            root(mgmt),
            ip,
            WIN_CHROME,
            response={"ConsoleLogin": "Success"},
            event_type="AwsConsoleSignIn",
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "Yes",
                    "MFAIdentifier": f"arn:aws:iam::{mgmt}:mfa/root-account-mfa-device",
                }
            },
        )
    )
    session, new_key = root(mgmt, w.ids.key()), w.ids.key("AKIA")
    plan = [
        (f"organizations.{S}", "DescribeOrganization", None, None),
        (f"organizations.{S}", "ListAccounts", None, None),
        (f"iam.{S}", "GetAccountSummary", None, None),
        (f"billingconsole.{S}", "GetBillingDetails", None, None),
        (f"iam.{S}", "CreateAccessKey", None, None),
    ]
    more, t = _calls(
        w,
        t0 + dt.timedelta(minutes=8),
        "management",
        "us-east-1",
        session,
        ip,
        WIN_CHROME,
        plan,
        gap=30,
        console=True,
    )
    w.trail.records[-1]["responseElements"] = {
        "accessKey": {"accessKeyId": new_key, "status": "Active", "userName": mgmt}
    }
    cli = "aws-cli/2.16.1 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/{cmd}"
    more2, t = _calls(
        w,
        t + dt.timedelta(minutes=6),
        "management",
        "us-east-1",
        root(mgmt, new_key),
        ip,
        cli,
        [
            (f"sts.{S}", "GetCallerIdentity", None, None),
            (f"iam.{S}", "ListUsers", None, None),
            (f"organizations.{S}", "ListAccounts", None, None),
            (f"iam.{S}", "ListRoles", None, None),
        ],
    )
    return rows(
        "A9",
        "Root signed in from a new country after a password reset; a root key created and used",
        "high",
        t0,
        t,
        eids + more + more2,
        [session["accessKeyId"], new_key],
        [ip],
    )


def a10_ci_access_key(w: World, day: dt.date, runner: Work) -> list[Row]:
    """A poisoned pipeline on a GitLab runner: the deployer role creates another user's access key,
    which is then used from a VPS."""
    t0 = w.at(day, 11.1)
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        (f"iam.{S}", "ListUsers", None),
        (f"iam.{S}", "ListAccessKeys", {"userName": "svc-payments-reconcile"}),
        (f"iam.{S}", "CreateAccessKey", {"userName": "svc-payments-reconcile"}),
    ]
    key, _ident, eids, runner_ip = deploy(w, runner, t0, "game_prod", calls=calls)
    new_key = w.ids.key("AKIA")
    w.trail.records[-1]["responseElements"] = {
        "accessKey": {
            "accessKeyId": new_key,
            "status": "Active",
            "userName": "svc-payments-reconcile",
        }
    }
    ip = w.addr.of("atk_datacamp")
    user = iam_user(ACCOUNTS["game_prod"], "svc-payments-reconcile", new_key)
    more, t = _calls(
        w,
        t0 + dt.timedelta(minutes=14),
        "game_prod",
        "eu-west-1",
        user,
        ip,
        KALI_BOTO,
        [
            (f"sts.{S}", "GetCallerIdentity", None, None),
            (f"s3.{S}", "ListBuckets", None, None),
            (f"s3.{S}", "ListObjectsV2", {"bucketName": "bm-payments-exports"}, None),
        ]
        + [
            (
                f"s3.{S}",
                "GetObject",
                {"bucketName": "bm-payments-exports", "key": f"daily/2026-05-{d}/0.csv"},
                None,
            )
            for d in (17, 18, 19)
        ],
    )
    return rows(
        "A10",
        "CreateAccessKey on another user by the CI runner's deploy role; the key used from a VPS",
        "medium",
        t0,
        t,
        eids + more,
        [key, new_key],
        [runner_ip, ip],
    )

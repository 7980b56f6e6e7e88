"""The ten attacks, each after a public report (see benchmarks/README.md, "Fifth held-out
suite"). Each returns its truth rows: the keys and addresses it used and every event id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._others import CSPM_EXTERNAL, deploy, player
from benchmarks.heldout5._records import iam_user, other_account, root
from benchmarks.heldout5._workloads import Work
from benchmarks.heldout5._world import ACCOUNTS, CSPM_VENDOR, OUTSIDE, PEOPLE, World

S = "amazonaws.com"
Row = dict[str, Any]
KALI_BOTO = "Boto3/1.34.46 md/Botocore#1.34.46 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.46"
OLD_BOTO = "Boto3/1.28.57 Python/3.10.12 Linux/5.15.0-91-generic Botocore/1.31.57"
UBUNTU_CLI = "aws-cli/2.16.1 Python/3.11.8 Linux/6.8.0-31-generic exe/x86_64.ubuntu.24 prompt/off command/{cmd}"
WIN_CLI = "aws-cli/2.13.0 Python/3.11.4 Windows/10 exe/AMD64 prompt/off command/{cmd}"
WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36"


def rows(
    aid: str,
    name: str,
    sev: str,
    start: dt.datetime,
    end: dt.datetime,
    eids: list[str],
    keys: list[str],
    ips: list[str],
) -> list[Row]:
    base = {
        "id": aid,
        "name": name,
        "label": "attack",
        "principal_arn": "",
        "expected_min_severity": sev,
        "expected_max_severity": "",
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": (end + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    out = [{**base, "access_key_id": "", "source_ip": "", "event_ids": " ".join(eids)}]
    out += [{**base, "access_key_id": k, "source_ip": " ".join(ips), "event_ids": ""} for k in keys]
    return out


def _calls(
    w: World,
    t: dt.datetime,
    account: str,
    region: str,
    ident: dict[str, Any],
    ip: str,
    ua: str,
    plan: list[tuple[str, str, dict[str, Any] | None, str | None]],
    gap: float = 9.0,
    console: bool = False,
) -> tuple[list[str], dt.datetime]:
    eids = []
    for source, name, request, err in plan:
        t += dt.timedelta(seconds=w.rng.uniform(gap * 0.5, gap * 1.5))
        call_ua = ua.format(cmd=f"{source.split('.')[0]}.{name.lower()}") if "{cmd}" in ua else ua
        eids.append(
            w.trail.call(
                t,
                ACCOUNTS[account],
                region,
                source,
                name,
                ident,
                ip,
                call_ua,
                request=request,
                error=err,
                console=console,
            )
        )
    return eids, t


def a1_cognito(w: World, day: dt.date) -> list[Row]:
    """Unauthenticated Cognito credentials (pool id from the game client) used to enumerate."""
    ip, t0 = w.addr.of("atk_do"), w.at(day, 14.3)
    key, ident, eids = player(w, t0, ip, KALI_BOTO, calls=0)
    plan = [
        (f"sts.{S}", "GetCallerIdentity", None, None),
        (f"s3.{S}", "ListBuckets", None, None),
        (f"s3.{S}", "ListObjectsV2", {"bucketName": "bm-live-config"}, None),
        (f"s3.{S}", "ListObjectsV2", {"bucketName": "bm-gameserver-builds"}, "denied"),
        (
            f"s3.{S}",
            "GetObject",
            {"bucketName": "bm-live-config", "key": "config/internal-flags.json"},
            None,
        ),
        (f"iam.{S}", "ListUsers", None, "denied"),
        (f"ec2.{S}", "DescribeInstances", None, "denied"),
        (f"lambda.{S}", "ListFunctions20150331", None, "denied"),
        (f"dynamodb.{S}", "ListTables", None, "denied"),
        (f"kinesis.{S}", "ListStreams", None, "denied"),
        (f"lambda.{S}", "Invoke", {"functionName": "matchmaker-ticket"}, None),
    ]
    more, t = _calls(
        w, t0 + dt.timedelta(seconds=20), "game_prod", "eu-west-1", ident, ip, KALI_BOTO, plan
    )
    return rows(
        "A1",
        "Cognito unauthenticated-role credentials used beyond the game's API set",
        "medium",
        t0,
        t,
        eids + more,
        [key],
        [ip],
    )


def a2_sms_pumping(w: World, day: dt.date, threat_ip: str) -> list[Row]:
    """SMS pumping with the web shop's leaked SNS key (Permiso's and Sysdig's reports)."""
    key = w.state["user_keys"]["svc-otp-sms"]
    ident, t0 = iam_user(ACCOUNTS["game_prod"], "svc-otp-sms", key), w.at(day, 1.1)
    plan = [
        (f"sts.{S}", "GetCallerIdentity", None, None),
        (f"sns.{S}", "GetSMSSandboxAccountStatus", None, None),
        (f"sns.{S}", "GetSMSAttributes", None, None),
        (f"sns.{S}", "ListOriginationNumbers", None, "denied"),
        (
            f"sns.{S}",
            "SetSMSAttributes",
            {"attributes": {"MonthlySpendLimit": "10000", "DefaultSMSType": "Transactional"}},
            None,
        ),
    ]
    eids, t = _calls(w, t0, "game_prod", "eu-west-1", ident, threat_ip, OLD_BOTO, plan)
    for region in ("eu-west-1", "us-east-1", "ap-southeast-1"):
        more, t = _calls(
            w,
            t,
            "game_prod",
            region,
            ident,
            threat_ip,
            OLD_BOTO,
            [(f"sns.{S}", "Publish", {"phoneNumber": "HIDDEN_DUE_TO_SECURITY_REASONS"}, None)]
            * w.n(50),
            gap=4,
        )
        eids += more
    return rows(
        "A2",
        "SMS pumping through SNS with the web shop's leaked key",
        "high",
        t0,
        t,
        eids,
        [key],
        [threat_ip],
    )


def a3_kms_ransom(w: World, day: dt.date) -> list[Row]:
    """KMS ransomware with a platform engineer's stolen Identity Center CLI token (infostealer)."""
    p = next(x for x in PEOPLE if x.user.startswith("cian."))
    ip, t0 = w.addr.of("atk_vultr"), w.at(day, 2.2)
    ua = UBUNTU_CLI.format(cmd="sso.get-role-credentials")
    key, ident, eids = w.sso_session(p, t0, "game_prod", ip, ua, console=False)
    keys = [f"arn:aws:kms:eu-west-1:{ACCOUNTS['game_prod']}:key/{w.ids.uuid()}" for _ in range(3)]
    policy = f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}},"Action":"kms:*","Resource":"*"}}]}}'
    plan: list[tuple[str, str, dict[str, Any] | None, str | None]] = [
        (f"sts.{S}", "GetCallerIdentity", None, None),
        (f"kms.{S}", "ListKeys", None, None),
        (f"kms.{S}", "ListAliases", None, None),
    ]
    for k in keys:
        plan += [
            (f"kms.{S}", "DescribeKey", {"keyId": k}, None),
            (f"kms.{S}", "GetKeyPolicy", {"keyId": k, "policyName": "default"}, None),
            (
                f"kms.{S}",
                "PutKeyPolicy",
                {
                    "keyId": k,
                    "policyName": "default",
                    "policy": policy,
                    "bypassPolicyLockoutSafetyCheck": True,
                },
                None,
            ),
        ]
    for k in keys:
        plan += [
            (f"kms.{S}", "DisableKey", {"keyId": k}, None),
            (f"kms.{S}", "ScheduleKeyDeletion", {"keyId": k, "pendingWindowInDays": 7}, None),
        ]
    more, t = _calls(
        w, t0 + dt.timedelta(seconds=5), "game_prod", "eu-west-1", ident, ip, UBUNTU_CLI, plan
    )
    return rows(
        "A3",
        "KMS ransomware from a stolen Identity Center CLI session",
        "high",
        t0,
        t,
        eids + more,
        [key],
        [ip],
    )


def current_key(w: World, account: str, role: str, t: dt.datetime) -> tuple[str, str]:
    """The key an AWS service last minted for ``role`` before ``t`` (key, session name)."""
    arn = f"arn:aws:iam::{ACCOUNTS[account]}:role/{role}"
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    best = max(
        (
            r
            for r in w.trail.records
            if r["eventName"] == "AssumeRole"
            and r["eventTime"] <= stamp
            and (r["requestParameters"] or {}).get("roleArn") == arn
        ),
        key=lambda r: r["eventTime"],
    )
    return best["responseElements"]["credentials"]["accessKeyId"], best["requestParameters"][
        "roleSessionName"
    ]


def a4_secrets(w: World, day: dt.date) -> list[Row]:
    """SSRF to the container credentials endpoint of store-api; the task key used from outside AWS."""
    from benchmarks.heldout5._records import assumed

    t0 = w.at(day, 21.2)
    key, session = current_key(w, "game_prod", "store-api-task", t0)
    ident, ip = (
        assumed(ACCOUNTS["game_prod"], "store-api-task", session, key, t0),
        w.addr.of("atk_tencent"),
    )
    secrets = [
        "prod/store/payment-provider",
        "prod/store/receipt-keys",
        "prod/db/players",
        "prod/gitlab/deploy-token",
    ]
    plan = [
        (f"sts.{S}", "GetCallerIdentity", None, None),
        (f"secretsmanager.{S}", "ListSecrets", None, None),
        (f"secretsmanager.{S}", "BatchGetSecretValue", {"secretIdList": secrets[:2]}, None),
        (f"secretsmanager.{S}", "BatchGetSecretValue", {"secretIdList": secrets[2:]}, "denied"),
        (f"secretsmanager.{S}", "GetSecretValue", {"secretId": secrets[0]}, None),
        (f"s3.{S}", "ListBuckets", None, "denied"),
    ]
    eids, t = _calls(w, t0, "game_prod", "eu-west-1", ident, ip, UBUNTU_CLI, plan, gap=20)
    return rows(
        "A4",
        "Secrets Manager bulk theft with a Fargate task key taken by SSRF",
        "high",
        t0,
        t,
        eids,
        [key],
        [ip],
    )


def a5_replication(w: World, day: dt.date) -> list[Row]:
    """S3 exfiltration by replication to an outside account with the media office's leaked key."""
    key = w.state["user_keys"]["svc-media-ingest"]
    ident, ip, t0 = (
        iam_user(ACCOUNTS["media_prod"], "svc-media-ingest", key),
        w.addr.of("atk_ovh"),
        w.at(day, 15.1),
    )
    bucket = {"bucketName": "bm-media-masters"}
    plan = [
        (f"s3.{S}", "ListBuckets", None, None),
        (f"s3.{S}", "GetBucketVersioning", bucket, None),
        (f"s3.{S}", "GetBucketReplication", bucket, "ReplicationConfigurationNotFoundError"),
        (
            f"s3.{S}",
            "PutBucketVersioning",
            {**bucket, "VersioningConfiguration": {"Status": "Enabled"}},
            None,
        ),
        (
            f"s3.{S}",
            "PutBucketReplication",
            {
                **bucket,
                "ReplicationConfiguration": {
                    "Role": f"arn:aws:iam::{ACCOUNTS['media_prod']}:role/media-replication-role",
                    "Rule": {
                        "Status": "Enabled",
                        "Destination": {
                            "Bucket": "arn:aws:s3:::mirror-7731-archive",
                            "Account": OUTSIDE,
                        },
                    },
                },
            },
            None,
        ),
        (f"s3.{S}", "GetBucketReplication", bucket, None),
    ]
    eids, t = _calls(w, t0, "media_prod", "eu-central-1", ident, ip, WIN_CLI, plan, gap=40)
    return rows(
        "A5",
        "S3 exfiltration by PutBucketReplication to an outside account",
        "medium",
        t0,
        t,
        eids,
        [key],
        [ip],
    )


def a6_evasion(w: World, day: dt.date) -> list[Row]:
    """Defence evasion from an admin's console session stolen by an Entra AiTM phishing kit."""
    p = next(x for x in PEOPLE if x.user.startswith("aoife."))
    ip, t = w.addr.of("atk_m247"), w.at(day, 9.4)
    eids: list[str] = []
    keys = []
    steps = {
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
    from benchmarks.heldout5._others import CSPM_READS

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
    plan = [
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

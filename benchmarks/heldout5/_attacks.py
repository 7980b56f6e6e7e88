"""The ten attacks, each after a public report (see benchmarks/README.md, "Fifth held-out
suite"). Each returns its truth rows: the keys and addresses it used and every event id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout5._records import iam_user
from benchmarks.heldout5._saas import player
from benchmarks.heldout5._world import ACCOUNTS, OUTSIDE, PEOPLE, World

S = "amazonaws.com"
Row = dict[str, Any]
Step = tuple[str, str, dict[str, Any] | None, str | None]
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
    plan: Sequence[Step],
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

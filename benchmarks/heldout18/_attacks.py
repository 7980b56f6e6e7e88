"""The attacks of the scored days and their truth rows, each after a public write-up (see the
suite's section in ``benchmarks/results/heldout18.md``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._background import Trail
from benchmarks.heldout18._benign import Row, row
from benchmarks.heldout18._net import NETS
from benchmarks.heldout18._platform import build
from benchmarks.heldout18._record import (
    account_identity,
    assume_role,
    credentials,
    ident,
    record,
    role_identity,
    saml_identity,
    user_identity,
)

PY_SCRIPT = (
    "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.1.0-13-amd64 md/arch#x86_64 "
    "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11"
)
OLD_CLI = "aws-cli/1.29.40 Python/3.11.5 Linux/6.2.0-1017-aws botocore/1.31.40"
KALI_CLI = (
    "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 "
    "prompt/off command/{cmd}"
)
UBUNTU_CLI = (
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 "
    "prompt/off command/{cmd}"
)
TOR_BROWSER = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"


class Attack:
    """One attacker's run of calls with one identity, address and client; collects event ids."""

    def __init__(
        self,
        trail: Trail,
        id_: str,
        account: str,
        who: dict[str, Any],
        ip: str,
        agent: str,
        t: dt.datetime,
    ) -> None:
        self.trail, self.id, self.account, self.who = trail, id_, account, who
        self.ip, self.agent, self.t, self.start = ip, agent, t, t
        self.rng = trail.rng("attack", id_)
        self.events: list[str] = []

    def keep(self, rec: dict[str, Any]) -> dict[str, Any]:
        self.events.append(rec["eventID"])
        return rec

    def emit(self, rec: dict[str, Any]) -> None:
        """A record built here rather than by ``Trail.add`` (sign-ins, role assumptions)."""
        self.trail.records.append(self.keep(rec))

    def do(
        self,
        api: str,
        times: int = 1,
        gap: tuple[float, float] = (2, 40),
        params: dict[str, Any] | None = None,
        error: str | None = None,
        bucket: str | None = None,
        region: str = "eu-north-1",
    ) -> None:
        for _ in range(times):
            self.t += dt.timedelta(seconds=self.rng.uniform(*gap))
            agent = self.agent.replace("{cmd}", api.split(":")[1].lower())
            self.keep(
                self.trail.add(
                    self.rng,
                    self.t,
                    self.account,
                    api,
                    self.who,
                    self.ip,
                    agent,
                    params=params,
                    error=error,
                    bucket=bucket,
                    deny=0,
                    region=region,
                )
            )

    def truth(self, name: str, minimum: str, key: str = "", **kw: str) -> Row:
        return row(
            self.id,
            name,
            "attack",
            self.start - dt.timedelta(minutes=1),
            self.t + dt.timedelta(minutes=5),
            access_key_id=key,
            source_ip=self.ip,
            event_ids=" ".join(self.events),
            expected_min_severity=minimum,
            **kw,
        )


def key_at(trail: Trail, workload: str, t: dt.datetime, instance: int = 0) -> dict[str, Any]:
    """The key a workload's ``instance``-th instance or task held at ``t``."""
    held = [k for k in trail.keys if k["workload"] == workload and k["start"] <= t < k["end"]]
    if not held:  # in the minutes between one key's hour and the next key's minting: the last
        latest: dict[str, dict[str, Any]] = {}  # key each instance was given before ``t``
        for k in trail.keys:
            if (
                k["workload"] == workload
                and k["start"] <= t
                and (k["instance"] not in latest or k["start"] > latest[k["instance"]]["start"])
            ):
                latest[k["instance"]] = k
        held = list(latest.values())
    names = sorted({k["instance"] for k in held})
    return next(k for k in held if k["instance"] == names[instance % len(names)])


def attacks(trail: Trail) -> list[Row]:
    s, acc, day = trail.plan.scored_from, org.ACCOUNTS, trail.midnight
    addr = {name: NETS[name].address(trail.rng("attacker", name)) for name in NETS}
    rows: list[Row] = []

    # A1 Codefinger (Halcyon): a leaked CI key re-encrypts objects with SSE-C, then expires them
    key = "AKIA" + ident("akia", trail.seed, "gha-docs-publisher")
    a = Attack(
        trail,
        "A1",
        acc["tooling"],
        user_identity(acc["tooling"], "gha-docs-publisher", key),
        addr["hetzner"],
        PY_SCRIPT,
        day(s + 2) + dt.timedelta(hours=2, minutes=10),
    )
    sse_c = {
        "bucketName": "fjallmark-docs-site",
        "x-amz-server-side-encryption-customer-algorithm": "AES256",
        "x-amz-copy-source": "fjallmark-docs-site/",
    }
    a.do("sts:GetCallerIdentity")
    a.do("s3:ListBuckets")
    a.do("s3:ListObjects", 3, bucket="fjallmark-docs-site")
    a.do("s3:CopyObject", 40, (0.5, 3), params=sse_c, bucket="fjallmark-docs-site")
    a.do(
        "s3:PutBucketLifecycleConfiguration",
        params={
            "LifecycleConfiguration": {
                "Rule": {"ID": "cleanup", "Status": "Enabled", "Expiration": {"Days": 7}}
            }
        },
    )
    rows.append(a.truth("SSE-C ransomware with a leaked CI key", "high", key))

    # A2 stolen admin session destroys recovery points and shortens their lifecycle
    t = day(s + 4) + dt.timedelta(hours=1, minutes=30)
    user, backup = "mikko.virtanen", acc["backup"]
    key = "ASIA" + ident("stolen-sso", trail.seed, user)
    role = org.sso_role("PlatformAdmin")
    who = role_identity(backup, role, f"{user}@{org.DOMAIN}", key, t, path=org.SSO_PATH)
    a = Attack(trail, "A2", backup, who, addr["datacamp_vpn"], UBUNTU_CLI, t)
    sso = {
        "type": "Unknown",
        "principalId": ident("sso-user", user, n=20),
        "accountId": backup,
        "userName": f"{user}@{org.DOMAIN}",
    }
    a.emit(
        record(
            a.rng,
            t,
            backup,
            "eu-north-1",
            "sso",
            "GetRoleCredentials",
            sso,
            a.ip,
            a.agent.format(cmd="sso"),
            params={"roleName": "PlatformAdmin", "accountId": backup},
        )
    )
    a.do("backup:ListBackupVaults")
    a.do("backup:ListRecoveryPointsByBackupVault", 3)
    a.do("backup:UpdateRecoveryPointLifecycle", 5, params={"lifecycle": {"deleteAfterDays": 1}})
    a.do("backup:DeleteRecoveryPoint", 25, (1, 6))
    a.do("backup:DeleteBackupVault", error="InvalidRequestException")
    rows.append(a.truth("backup recovery points deleted from a stolen admin session", "high", key))

    # A3 a DBA's session key, stolen from a laptop, disables and schedules KMS keys for deletion
    t = day(s + 1) + dt.timedelta(hours=19, minutes=20)
    key = "ASIA" + ident("stolen-dba", trail.seed)
    who = role_identity(
        acc["policy"],
        org.sso_role("PolicyDBA"),
        f"lars.dahl@{org.DOMAIN}",
        key,
        t,
        path=org.SSO_PATH,
    )
    a = Attack(trail, "A3", acc["policy"], who, addr["digitalocean"], KALI_CLI, t)
    a.do("kms:ListKeys")
    a.do("kms:ListAliases")
    a.do("kms:DescribeKey", 3)
    a.do("kms:DisableKey", 2)
    a.do("kms:ScheduleKeyDeletion", 2, params={"pendingWindowInDays": 7})
    rows.append(a.truth("KMS keys disabled and scheduled for deletion", "high", key))

    # A4 instance credentials outside AWS share an RDS snapshot with an outside account and all
    t = day(s + 2) + dt.timedelta(hours=14, minutes=5)
    held = key_at(trail, "policy-batch", t, 1)
    who = role_identity(
        acc["policy"], "policy-batch", held["instance"], held["key"], held["start"], ec2=True
    )
    a = Attack(trail, "A4", acc["policy"], who, addr["vultr"], OLD_CLI, t)
    a.do("sts:GetCallerIdentity")
    a.do("rds:DescribeDBInstances")
    a.do("rds:CreateDBSnapshot", params={"dBSnapshotIdentifier": "policy-prod-export"})
    a.do("rds:DescribeDBSnapshots", 4, (20, 90))
    for values in ([org.OUTSIDE_ACCOUNT], ["all"]):
        a.do(
            "rds:ModifyDBSnapshotAttribute",
            params={
                "dBSnapshotIdentifier": "policy-prod-export",
                "attributeName": "restore",
                "valuesToAdd": values,
            },
        )
    rows.append(
        a.truth("RDS snapshot shared outside with instance credentials", "high", held["key"])
    )

    # A5 CodeBuild's role credentials from outside AWS, bulk DeleteObjects on the artefacts
    t = day(s + 3) + dt.timedelta(hours=11)
    held = build(trail, trail.rng("a5-build"), s + 3, 77, t, acc["tooling"], acc["claims"])
    who = role_identity(acc["tooling"], held["role"], held["instance"], held["key"], held["start"])
    a = Attack(
        trail,
        "A5",
        acc["tooling"],
        who,
        NETS["digitalocean"].address(trail.rng("a5")),
        UBUNTU_CLI,
        t + dt.timedelta(minutes=14),
    )
    a.do("s3:ListObjects", 4, bucket="fjallmark-cdk-artifacts")
    a.do("s3:DeleteObjects", 30, (1, 4), bucket="fjallmark-cdk-artifacts")
    rows.append(
        a.truth("CodeBuild credentials used outside AWS to delete artefacts", "high", held["key"])
    )

    # A6 the SOC vendor's role assumed from a Tor exit: Security Hub and Macie turned off
    t = day(s + 2) + dt.timedelta(hours=3, minutes=15)
    audit, session = acc["audit"], "soc-collector-1"
    key = "ASIA" + ident("soc-tor", trail.seed)
    a = Attack(
        trail,
        "A6",
        audit,
        role_identity(audit, org.SOC_ROLE, session, key, t),
        addr["tor_exit"],
        PY_SCRIPT,
        t,
    )
    a.emit(
        assume_role(
            a.rng,
            t,
            audit,
            "eu-north-1",
            org.SOC_ROLE,
            session,
            key,
            by="",
            ip=a.ip,
            agent=a.agent,
            caller=account_identity(org.SOC_VENDOR_ACCOUNT, session),
            extra={"externalId": org.SOC_EXTERNAL_ID},
        )
    )
    a.do("securityhub:GetFindings")
    a.do("securityhub:DisableImportFindingsForProduct")
    a.do("macie2:UpdateMacieSession", params={"status": "PAUSED"})
    a.do("securityhub:DisableSecurityHub")
    rows.append(
        a.truth("Security Hub and Macie disabled through the SOC vendor's role", "medium", key)
    )

    # A8 (before A7) a stolen Identity Center token: an admin IAM user with a console password
    t = day(s + 3) + dt.timedelta(hours=23, minutes=50)
    m, user = acc["management"], "erik.nordin"
    key = "ASIA" + ident("stolen-platform", trail.seed)
    who = role_identity(
        m, org.sso_role("PlatformAdmin"), f"{user}@{org.DOMAIN}", key, t, path=org.SSO_PATH
    )
    a = Attack(trail, "A8", m, who, addr["vultr"], KALI_CLI, t)
    new_key = "AKIA" + ident("backdoor", trail.seed)
    a.do("sts:GetCallerIdentity")
    a.do("iam:ListUsers")
    a.do("iam:CreateUser", params={"userName": "svc-backup-monitor"})
    a.do(
        "iam:AttachUserPolicy",
        params={
            "userName": "svc-backup-monitor",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
    )
    a.do(
        "iam:CreateLoginProfile",
        params={"userName": "svc-backup-monitor", "passwordResetRequired": False},
    )
    a.do("iam:CreateAccessKey", params={"userName": "svc-backup-monitor"})
    trail.records[-1]["responseElements"] = {
        "accessKey": {"accessKeyId": new_key, "status": "Active", "userName": "svc-backup-monitor"}
    }
    rows.append(a.truth("admin IAM user with a login profile created from a VPS", "high", key))

    # A7 the new user drops S3 data events from the organisation trail
    t = day(s + 4) + dt.timedelta(hours=4, minutes=40)
    a = Attack(
        trail, "A7", m, user_identity(m, "svc-backup-monitor", new_key), addr["vultr"], KALI_CLI, t
    )
    a.do("cloudtrail:DescribeTrails")
    a.do("cloudtrail:GetEventSelectors")
    a.do(
        "cloudtrail:PutEventSelectors",
        params={
            "trailName": "aws-controltower-BaselineCloudTrail",
            "eventSelectors": [
                {"readWriteType": "All", "includeManagementEvents": True, "dataResources": []}
            ],
        },
    )
    rows.append(a.truth("trail event selectors changed to drop S3 data events", "high", new_key))

    # A9 a SAML person's console session from an anonymising VPN with a new browser
    t = day(s + 1) + dt.timedelta(hours=10, minutes=20)
    data, email = acc["data"], f"per.wallin@{org.DOMAIN}"
    role = org.sso_role("Actuary")
    key = "ASIA" + ident("stolen-saml", trail.seed)
    who = role_identity(data, role, email, key, t, path=org.SSO_PATH)
    a = Attack(trail, "A9", data, who, addr["mullvad"], TOR_BROWSER, t)
    a.emit(
        record(
            a.rng,
            t,
            data,
            "eu-north-1",
            "sts",
            "AssumeRoleWithSAML",
            saml_identity(data, email, org.SAML_PROVIDER),
            a.ip,
            a.agent,
            response={"credentials": credentials(key, t, 12), "subject": email},
        )
    )
    login = record(
        a.rng,
        t + dt.timedelta(seconds=4),
        data,
        "eu-north-1",
        "signin",
        "ConsoleLogin",
        who,
        a.ip,
        a.agent,
        response={"ConsoleLogin": "Success"},
    )
    login["additionalEventData"] = {"MobileVersion": "No", "MFAUsed": "No"}
    a.emit(login)
    a.do("s3:ListBuckets")
    a.do("athena:ListWorkGroups")
    a.do("glue:GetTables", 2)
    a.do("athena:StartQueryExecution", 4, (30, 120))
    a.do("athena:GetQueryResults", 8)
    rows.append(a.truth("SAML console session from an anonymising VPN", "medium", key))

    # A10 slow recon with the claims service's own key, address and SDK, every ~45 minutes
    t = day(s + 1) + dt.timedelta(hours=16)
    first = key_at(trail, "claims-intake", t, 2)
    a = Attack(trail, "A10", acc["claims"], {}, first["ip"], first["agent"], t)
    for i, api in enumerate(
        [
            "sts:GetCallerIdentity",
            "iam:ListRoles",
            "iam:ListAttachedRolePolicies",
            "backup:ListBackupVaults",
            "kms:ListKeys",
            "rds:DescribeDBSnapshots",
            "secretsmanager:ListSecrets",
            "s3:ListBuckets",
            "ec2:DescribeSnapshots",
            "organizations:DescribeOrganization",
            "iam:GetAccountAuthorizationDetails",
            "backup:ListRecoveryPointsByBackupVault",
            "kms:ListGrants",
            "iam:ListUsers",
            "dynamodb:ListTables",
            "sns:ListTopics",
        ]
    ):
        now = t + dt.timedelta(minutes=45 * i + a.rng.uniform(-8, 8))
        held = [
            k
            for k in trail.keys
            if k["instance"] == first["instance"] and k["start"] <= now < k["end"]
        ]
        if not held:  # the task was replaced at midnight: the new task's key of the same slot
            held = [key_at(trail, "claims-intake", now, 2)]
        k = held[0]
        a.who = role_identity(acc["claims"], k["role"], k["instance"], k["key"], k["start"])
        a.ip, a.t = k["ip"], now
        a.do(api, gap=(0, 1))
    rows.append(
        row(
            "A10",
            "slow recon with the claims service's own key, address and SDK",
            "attack",
            t - dt.timedelta(minutes=10),
            a.t + dt.timedelta(minutes=5),
            event_ids=" ".join(a.events),
            expected_min_severity="medium",
        )
    )

    # A11 cold start: the new account's instance key from a VPS on its second day
    t = day(s + 1) + dt.timedelta(hours=15, minutes=30)
    held = key_at(trail, "pension-calculator", t, 0)
    who = role_identity(
        held["account"], held["role"], held["instance"], held["key"], held["start"], ec2=True
    )
    a = Attack(trail, "A11", held["account"], who, addr["ovh"], OLD_CLI, t)
    a.do("sts:GetCallerIdentity")
    a.do("s3:ListBuckets")
    a.do("dynamodb:ListTables")
    a.do("dynamodb:Scan", 3)
    a.do("secretsmanager:ListSecrets")
    rows.append(a.truth("the new account's instance key used from a VPS", "medium", held["key"]))
    return rows

"""The benign changes of the scored days (each expected at most low) and their truth rows. The
changes that alter everyday behaviour (the holiday, the quarter-close, the ISP move, the SOC's
new range, the Textract feature, the new hire, the new account) are switches of ``Plan`` that
``_background`` follows; the ones that are events of their own are written here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._background import Trail
from benchmarks.heldout18._people import cli, person_address
from benchmarks.heldout18._platform import build, cfn
from benchmarks.heldout18._record import ident, role_identity

Row = dict[str, Any]


def row(id_: str, name: str, label: str, start: dt.datetime, end: dt.datetime, **kw: str) -> Row:
    out = {
        "id": id_,
        "name": name,
        "label": label,
        "access_key_id": "",
        "principal_arn": "",
        "source_ip": "",
        "event_ids": "",
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expected_min_severity": "",
        "expected_max_severity": "",
    }
    out.update(kw)
    if label == "benign":
        out["expected_max_severity"] = "low"
    return out


def person_arn(user: str, account: str) -> str:
    p = next(x for x in org.PEOPLE if x.user == user)
    return (
        f"arn:aws:sts::{account}:assumed-role/{org.sso_role(p.permission_set)}/{user}@{org.DOMAIN}"
    )


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def person_session(
    trail: Trail, user: str, account: str, di: int, t: dt.datetime
) -> tuple[dict[str, Any], str, str]:
    """A person's own CLI session on day ``di`` from their usual place: (identity, address, agent)."""
    p = next(x for x in org.PEOPLE if x.user == user)
    office = trail.plan.days[di].weekday() in (1, 2, 3)
    ip = person_address(trail, p, di, office, t.hour + t.minute / 60)
    rng = trail.rng("session", user, account, di, t)
    who, agent = cli(
        trail, rng, p, account, org.sso_role(p.permission_set), f"{user}@{org.DOMAIN}", t, ip, di
    )
    return who, ip, agent


def series(
    trail: Trail,
    key: str,
    t: dt.datetime,
    account: str,
    who: dict[str, Any],
    ip: str,
    agent: str,
    steps: list[tuple[str, int]],
    region: str = "eu-north-1",
    params: dict[str, Any] | None = None,
) -> dt.datetime:
    """``steps`` (api, times) in order, a few seconds to minutes apart; returns the end time."""
    rng = trail.rng("series", key)
    for api, times in steps:
        for _ in range(times):
            t += dt.timedelta(seconds=rng.uniform(4, 120))
            trail.add(
                rng,
                t,
                account,
                api,
                who,
                ip,
                agent.replace("{cmd}", api.replace(":", ".")),
                region=region,
                params=(params or {}).get(api),
                deny=0,
            )
    return t


def benign(trail: Trail) -> list[Row]:
    plan, s = trail.plan, trail.plan.scored_from
    day = trail.midnight
    last = day(len(plan.days) - 1) + dt.timedelta(days=1)
    rows: list[Row] = []
    acc = org.ACCOUNTS

    # B1 the annual disaster-recovery test: a day of restores and bring-up in eu-west-1
    dr, t0 = plan.dr_test, day(plan.dr_test) + dt.timedelta(hours=7)
    for n, (user, account) in enumerate(
        (
            ("erik.nordin", acc["backup"]),
            ("sara.holm", acc["policy"]),
            ("erik.nordin", acc["claims"]),
        )
    ):
        who, ip, agent = person_session(trail, user, account, dr, t0 + n * dt.timedelta(minutes=20))
        steps = (
            [
                ("backup:ListRecoveryPointsByBackupVault", 3),
                ("backup:StartRestoreJob", 6),
                ("backup:DescribeRestoreJob", 24),
            ]
            if account == acc["backup"]
            else [
                ("rds:DescribeDBInstances", 12),
                ("rds:ModifyDBInstance", 2),
                ("ecs:CreateService", 3),
                ("ecs:DescribeServices", 12),
                ("elasticloadbalancing:DescribeTargetHealth", 10),
                ("route53:ChangeResourceRecordSets", 2),
            ]
        )
        series(
            trail,
            f"dr{n}",
            t0 + n * dt.timedelta(minutes=25),
            account,
            who,
            ip,
            agent,
            steps,
            region="eu-west-1",
        )
        rows.append(
            row(
                "B1",
                "annual disaster-recovery test in eu-west-1",
                "benign",
                t0,
                day(dr) + dt.timedelta(hours=18),
                principal_arn=person_arn(user, account),
            )
        )
    rng = trail.rng("dr-restore")
    restore = role_identity(
        acc["policy"],
        "AWSBackupDefaultServiceRole",
        "AWSBackup-Default",
        "ASIA" + ident("dr", trail.seed),
        t0,
        path="/service-role/",
    )
    for i in range(6):
        api = (
            "rds:RestoreDBInstanceFromDBSnapshot",
            "rds:DescribeDBSnapshots",
            "rds:AddTagsToResource",
        )[i % 3]
        trail.add(
            rng,
            t0 + dt.timedelta(minutes=40 + 3 * i),
            acc["policy"],
            api,
            restore,
            "backup.amazonaws.com",
            "backup.amazonaws.com",
            region="eu-west-1",
            deny=0,
        )

    # B2 the backup vault's access policy and retention changed by the pipeline (approved change)
    t = day(s + 1) + dt.timedelta(hours=10, minutes=12)
    build(trail, trail.rng("b2"), s + 1, 90, t, acc["tooling"], acc["backup"])
    cfn(
        trail,
        trail.rng("b2-cfn"),
        acc["backup"],
        t + dt.timedelta(minutes=6),
        s + 1,
        "vault",
        (
            "backup:PutBackupVaultAccessPolicy",
            "backup:UpdateBackupPlan",
            "backup:PutBackupVaultNotifications",
            "backup:GetBackupPlan",
        ),
        {
            "backup:UpdateBackupPlan": {
                "backupPlan": {"rules": [{"lifecycle": {"deleteAfterDays": 35}}]}
            }
        },
    )
    for r in (
        "cdk-hnb659fds-cfn-exec-role-{a}-eu-north-1",
        "cdk-hnb659fds-deploy-role-{a}-eu-north-1",
    ):
        rows.append(
            row(
                "B2",
                "backup vault policy and retention changed by the CDK pipeline",
                "benign",
                t,
                t + dt.timedelta(hours=1),
                principal_arn=role_arn(acc["backup"], r.format(a=acc["backup"])),
            )
        )

    # B3 on-demand rotation of the data keys by the data team
    t = day(s + 2) + dt.timedelta(hours=9, minutes=30)
    who, ip, agent = person_session(trail, "jonas.strand", acc["data"], s + 2, t)
    series(
        trail,
        "b3",
        t,
        acc["data"],
        who,
        ip,
        agent,
        [
            ("kms:ListKeys", 1),
            ("kms:DescribeKey", 4),
            ("kms:RotateKeyOnDemand", 4),
            ("kms:ListKeyRotations", 4),
            ("kms:GetKeyRotationStatus", 4),
        ],
    )
    rows.append(
        row(
            "B3",
            "on-demand KMS rotation of the data keys",
            "benign",
            t,
            t + dt.timedelta(hours=2),
            principal_arn=person_arn("jonas.strand", acc["data"]),
        )
    )

    # B4 the data team tightens lifecycle rules: expiration on the log buckets
    t = day(s + 1) + dt.timedelta(hours=13, minutes=5)
    who, ip, agent = person_session(trail, "linnea.falk", acc["data"], s + 1, t)
    rule = {
        "LifecycleConfiguration": {
            "Rule": {"ID": "expire-logs-90d", "Status": "Enabled", "Expiration": {"Days": 90}}
        }
    }
    series(
        trail,
        "b4",
        t,
        acc["data"],
        who,
        ip,
        agent,
        [
            ("s3:ListBuckets", 1),
            ("s3:GetBucketLifecycleConfiguration", 5),
            ("s3:PutBucketLifecycleConfiguration", 5),
        ],
        params={"s3:PutBucketLifecycleConfiguration": rule},
    )
    rows.append(
        row(
            "B4",
            "S3 lifecycle expiration on the log buckets",
            "benign",
            t,
            t + dt.timedelta(hours=1),
            principal_arn=person_arn("linnea.falk", acc["data"]),
        )
    )

    # B5 the return from the autumn holiday week: everyone back on the first scored day
    for p in org.PEOPLE:
        if p.user != org.NEW_HIRE:
            for account in p.accounts:
                rows.append(
                    row(
                        "B5",
                        "return from the autumn holiday week",
                        "benign",
                        day(s),
                        day(s + 1),
                        principal_arn=person_arn(p.user, account),
                    )
                )
    # B6 the Solvency II quarterly reporting: Athena volume x15 for the actuaries
    q0, q1 = plan.quarter_close
    for p in org.PEOPLE:
        if p.permission_set == "Actuary":
            rows.append(
                row(
                    "B6",
                    "Solvency II quarterly reporting (Athena x15)",
                    "benign",
                    day(q0),
                    day(q1 + 1),
                    principal_arn=person_arn(p.user, acc["data"]),
                )
            )
    # B7 the head office moves to a new ISP: every office person on GlobalConnect that morning
    for p in org.PEOPLE:
        if p.office == "hq":
            for account in p.accounts:
                rows.append(
                    row(
                        "B7",
                        "head office moves to GlobalConnect",
                        "benign",
                        day(plan.isp_move) + dt.timedelta(hours=6),
                        last,
                        principal_arn=person_arn(p.user, account),
                    )
                )
    # B8 the SOC vendor's announced new egress range
    rows.append(
        row(
            "B8",
            "SOC vendor's announced new egress range",
            "benign",
            day(plan.soc_new_range),
            last,
            principal_arn=role_arn(acc["audit"], org.SOC_ROLE),
        )
    )
    # B9 a new hire's first days
    rows.append(
        row(
            "B9",
            "new actuary's first days",
            "benign",
            day(s),
            last,
            principal_arn=person_arn(org.NEW_HIRE, acc["data"]),
        )
    )
    # B10 the claims service adopts Textract adapters and AnalyzeID
    rows.append(
        row(
            "B10",
            "claims-intake adopts Textract adapters and AnalyzeID",
            "benign",
            day(plan.textract_feature),
            last,
            principal_arn=role_arn(acc["claims"], "claims-intake-task"),
        )
    )
    # B11 the new account vended on the first scored day, its workload from its first hour
    rows.append(
        row(
            "B11",
            "pension-digital account vended by Account Factory",
            "benign",
            day(s),
            last,
            principal_arn=role_arn(acc[org.NEW_ACCOUNT], "pension-calculator"),
        )
    )
    return rows

"""The scored days' benign changes that come from people and partners outside the workloads:
the auditor, a new market maker, the security team, the tabletop, the new account."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org
from benchmarks.heldout15._callers import partner_day, tfc_sessions
from benchmarks.heldout15._changes import Changes, Row, row
from benchmarks.heldout15._people import sso_session
from benchmarks.heldout15._records import assumed, credentials, other_account, role_arn

AUDIT = (
    "iam:ListUsers",
    "iam:GenerateCredentialReport",
    "iam:GetCredentialReport",
    "kms:ListKeys",
    "kms:DescribeKey",
    "kms:GetKeyRotationStatus",
    "s3:ListBuckets",
    "s3:GetBucketPolicy",
    "s3:GetBucketEncryption",
    "cloudtrail:DescribeTrails",
    "cloudtrail:GetEventSelectors",
    "iam:GetAccountPasswordPolicy",
    "iam:ListAttachedUserPolicies",
    "iam:ListRoles",
)


def auditor(
    org: Org, day: dt.date, *, calls: int, hours: float, t_start: float = 1.0
) -> list[dict[str, Any]]:
    """The external auditor's read-only role in every account, from the firm's office."""
    ip, out = org.addr.net("auditor"), []
    for n, account in enumerate(o.ACCOUNTS):
        t = o.Clock.at(day, t_start + n * hours / len(o.ACCOUNTS))
        rid, key, session = (
            org.role_id(account, "external-auditor-ro"),
            org.trail.key(),
            "evidence-kpmg-ohara",
        )
        org.trail.add(
            t,
            other_account(o.AUDITOR, f"AIDA{o.AUDITOR}EVIDENCE"),
            "sts:AssumeRole",
            account=account,
            region=o.SG,
            ip=ip,
            ua=o.CLI_LINUX.format(cmd="sts"),
            params={
                "roleArn": role_arn(account, "external-auditor-ro"),
                "roleSessionName": session,
                "externalId": "kpmg-sg-2026",
            },
            response=credentials(
                key,
                t + 3600,
                f"arn:aws:sts::{account}:assumed-role/external-auditor-ro/{session}",
                rid,
                session,
            ),
        )
        who = assumed(account, "external-auditor-ro", rid, session, key, t)
        org.calls(
            who,
            t + 10,
            t + hours * 3600 / len(o.ACCOUNTS),
            calls,
            tuple((a, 1.0) for a in AUDIT),
            account=account,
            region=o.SG,
            ip=ip,
            ua=o.CLI_LINUX,
            errors=0.01,
        )
        out.append(who)
    return out


def evidence_pull(org: Org, ch: Changes) -> list[Row]:
    """B6: the quarterly evidence pull: a day of reads in every account."""
    auditor(org, ch.audit, calls=int(60 * max(org.scale, 0.3)) + 20, hours=8.0)
    return [
        row(
            "B6",
            "auditor's quarterly evidence pull",
            principal=role_arn(a, "external-auditor-ro"),
            start=o.Clock.at(ch.audit, 0.5),
            end=o.Clock.at(ch.audit, 12),
        )
        for a in o.ACCOUNTS
    ]


def new_partner(org: Org, ch: Changes, clock: o.Clock) -> list[Row]:
    """B7: a second market maker onboarded through Terraform Cloud, pulling exports from Frankfurt."""
    t = o.Clock.at(ch.new_account, 5.0)
    sessions, ip = tfc_sessions(org, t, (o.DATA,))
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{o.MM_PARTNER2}:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "cdx-mm2-c84e"}},
    }
    trust = json.dumps({"Version": "2012-10-17", "Statement": [statement]}, separators=(",", ":"))
    for n, (api, p) in enumerate(
        (
            (
                "iam:CreateRole",
                {"roleName": "mm2-orderbook-reader", "assumeRolePolicyDocument": trust},
            ),
            (
                "iam:PutRolePolicy",
                {"roleName": "mm2-orderbook-reader", "policyName": "orderbook-exports-read"},
            ),
            ("iam:TagRole", {"roleName": "mm2-orderbook-reader"}),
            ("iam:GetRole", {"roleName": "mm2-orderbook-reader"}),
            ("s3:PutBucketPolicy", {"bucketName": "cdx-orderbook-exports"}),
        )
    ):
        org.trail.add(
            t + 20 + n * 15,
            sessions[o.DATA],
            api,
            account=o.DATA,
            region=o.SG,
            ip=ip,
            ua=o.TERRAFORM.format(svc=api.split(":")[0]),
            params=p,
        )
    for day in clock.days[clock.days.index(ch.new_account) :]:
        partner_day(
            org,
            day,
            partner=o.MM_PARTNER2,
            role="mm2-orderbook-reader",
            external_id="cdx-mm2-c84e",
            start=7.0 if day == ch.new_account else 0.0,
            region=o.FRA,
        )
    end = o.Clock.at(ch.tabletop, 24)
    return [
        row(
            "B7",
            "new market-maker partner onboarded",
            principal=role_arn(o.DATA, "mm2-orderbook-reader"),
            start=t,
            end=end,
        ),
        row("B7", "", principal=role_arn(o.DATA, "tfc-apply"), start=t, end=t + 1200),
    ]


def archive_findings(org: Org, ch: Changes) -> list[Row]:
    """B8: after a tuning review the security team archives GuardDuty findings in bulk."""
    person = next(p for p in o.PEOPLE if p.user.startswith("daniel"))
    t = o.Clock.at(ch.audit, 6.5)
    apis = (
        "guardduty:ListFindings",
        "guardduty:GetFindings",
        "guardduty:ArchiveFindings",
        "guardduty:ArchiveFindings",
        "guardduty:ArchiveFindings",
        "guardduty:CreateFilter",
        "guardduty:UpdateFindingsFeedback",
        "securityhub:BatchUpdateFindings",
    )
    who = sso_session(
        org,
        person,
        t,
        org.addr.net("sg-office"),
        "SecurityAdmin",
        o.SECURITY,
        console=True,
        hours=1.5,
        n=70,
        apis=apis,
    )
    return [
        row(
            "B8",
            "GuardDuty findings archived in bulk after a tuning review",
            principal=who["arn"],
            start=t,
            end=t + 2 * 3600,
        )
    ]


def tabletop(org: Org, ch: Changes) -> list[Row]:
    """B9: the incident-response tabletop: the security account's ``ir-responder`` assumes
    ``ir-readonly`` in every account and reads."""
    person = next(p for p in o.PEOPLE if p.user.startswith("priya"))
    t = o.Clock.at(ch.tabletop, 17.0)  # 09:00 in Vancouver
    ip = org.addr.net("ca-office")
    me = sso_session(
        org,
        person,
        t,
        ip,
        "SecurityAdmin",
        o.SECURITY,
        console=False,
        n=3,
        apis=("sts:GetCallerIdentity",),
    )
    rid, key = org.role_id(o.SECURITY, "ir-responder"), org.trail.key()
    org.trail.add(
        t + 60,
        me,
        "sts:AssumeRole",
        account=o.SECURITY,
        region=o.SG,
        ip=ip,
        ua=o.CLI_MAC.format(cmd="sts"),
        params={
            "roleArn": role_arn(o.SECURITY, "ir-responder"),
            "roleSessionName": "tabletop-priya",
        },
        response=credentials(
            key,
            t + 3600 * 4,
            f"arn:aws:sts::{o.SECURITY}:assumed-role/ir-responder/tabletop-priya",
            rid,
            "tabletop-priya",
        ),
    )
    responder = assumed(o.SECURITY, "ir-responder", rid, "tabletop-priya", key, t + 60)
    rows = [
        row(
            "B9",
            "incident-response tabletop: read-only roles into every account",
            principal=role_arn(o.SECURITY, "ir-responder"),
            start=t,
            end=t + 4 * 3600,
        ),
        # added after the full measure (disclosed in benchmarks/results/heldout15.md): the
        # engineer's own session that runs the tabletop is part of the change
        row("B9", "", principal=me["arn"], start=t, end=t + 4 * 3600),
    ]
    reads = (
        ("cloudtrail:LookupEvents", 3),
        ("iam:ListRoles", 1),
        ("ec2:DescribeInstances", 2),
        ("guardduty:ListDetectors", 1),
        ("s3:ListBuckets", 1),
        ("iam:GetAccountAuthorizationDetails", 0.3),
        ("logs:FilterLogEvents", 1),
        ("kms:ListKeys", 0.5),
    )
    for n, account in enumerate(o.ACCOUNTS):
        t0 = t + 300 + n * 1500
        r2, k2 = org.role_id(account, "ir-readonly"), org.trail.key()
        logged = {
            account: responder
            if account == o.SECURITY
            else other_account(o.SECURITY, f"{rid}:tabletop-priya"),
            o.SECURITY: responder,
        }
        shared = {"sharedEventID": org.trail.uid()}
        for (
            recipient,
            caller,
        ) in logged.items():  # the caller's account logs a cross-account AssumeRole too
            org.trail.add(
                t0,
                caller,
                "sts:AssumeRole",
                account=recipient,
                region=o.SG,
                ip=ip,
                ua=o.CLI_MAC.format(cmd="sts"),
                params={
                    "roleArn": role_arn(account, "ir-readonly"),
                    "roleSessionName": "tabletop-priya",
                },
                extra=shared,
                response=credentials(
                    k2,
                    t0 + 3600,
                    f"arn:aws:sts::{account}:assumed-role/ir-readonly/tabletop-priya",
                    r2,
                    "tabletop-priya",
                ),
            )
        who = assumed(account, "ir-readonly", r2, "tabletop-priya", k2, t0)
        org.calls(
            who,
            t0 + 20,
            t0 + 1400,
            int(org.rng.integers(25, 45)),
            reads,
            account=account,
            region=o.SG,
            ip=ip,
            ua=o.CLI_MAC,
            errors=0.02,
        )
        rows.append(
            row("B9", "", principal=role_arn(account, "ir-readonly"), start=t0 - 60, end=t0 + 1500)
        )
    return rows


def account_joins(org: Org, ch: Changes) -> list[Row]:
    """B10: Account Factory for Terraform vends the staking account the evening before its first
    day; on its first day the landing zone bootstraps it through OrganizationAccountAccessRole."""
    t = o.Clock.at(ch.new_account) - 5 * 3600
    sessions, ip = tfc_sessions(org, t, ())
    org.trail.add(
        t + 30,
        sessions[o.MGMT],
        "organizations:CreateAccount",
        account=o.MGMT,
        region=o.SG,
        ip=ip,
        ua=o.TERRAFORM.format(svc="organizations"),
        params={"accountName": "staking-prod", "email": "aws+staking@corvid.io"},
        response={"createAccountStatus": {"state": "IN_PROGRESS"}},
    )
    t1 = o.Clock.at(ch.new_account, 0.2)
    rid, key, run = (
        org.role_id(o.STAKING, "OrganizationAccountAccessRole"),
        org.trail.key(),
        "aft-bootstrap",
    )
    org.trail.add(
        t1,
        other_account(o.MGMT, f"{org.role_id(o.MGMT, 'tfc-landing-zone')}:{run}"),
        "sts:AssumeRole",
        account=o.STAKING,
        region=o.FRA,
        ip=ip,
        ua=o.TERRAFORM.format(svc="sts"),
        params={
            "roleArn": role_arn(o.STAKING, "OrganizationAccountAccessRole"),
            "roleSessionName": run,
        },
        response=credentials(
            key,
            t1 + 3600,
            f"arn:aws:sts::{o.STAKING}:assumed-role/OrganizationAccountAccessRole/{run}",
            rid,
            run,
        ),
    )
    who = assumed(o.STAKING, "OrganizationAccountAccessRole", rid, run, key, t1)
    for n, api in enumerate(
        (
            "iam:CreateRole",
            "iam:AttachRolePolicy",
            "cloudtrail:CreateTrail",
            "cloudtrail:PutEventSelectors",
            "cloudtrail:StartLogging",
            "guardduty:CreateDetector",
            "securityhub:EnableSecurityHub",
            "config:PutConfigurationRecorder",
            "config:StartConfigurationRecorder",
            "ec2:CreateVpc",
            "ec2:CreateSubnet",
            "iam:CreateInstanceProfile",
            "kms:CreateKey",
            "ec2:RunInstances",
        )
    ):
        org.trail.add(
            t1 + 20 + n * 30,
            who,
            api,
            account=o.STAKING,
            region=o.FRA,
            ip=ip,
            ua=o.TERRAFORM.format(svc=api.split(":")[0]),
        )
    return [
        row(
            "B10",
            "the staking account joins (Account Factory bootstrap)",
            principal=role_arn(o.STAKING, "OrganizationAccountAccessRole"),
            start=t1 - 60,
            end=t1 + 1800,
        )
    ]


def apply(org: Org, ch: Changes, clock: o.Clock) -> list[Row]:
    """The changes of reviews, partners and the new account, in order."""
    rows: list[Row] = []
    for change in (evidence_pull, archive_findings, tabletop, account_joins):
        rows += change(org, ch)
    return rows + new_partner(org, ch, clock)

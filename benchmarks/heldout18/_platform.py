"""The platform around the workloads: the SOC vendor's cross-account role, AWS services in every
account (Config, Security Hub, Macie), nightly AWS Backup with copies into the central vault,
and the CDK pipeline (CodePipeline, CodeBuild, cross-account deploy roles, CloudFormation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._background import HOUR, Trail
from benchmarks.heldout18._net import NETS
from benchmarks.heldout18._record import account_identity, assume_role, ident, role_identity

SOC_READS = (
    "securityhub:GetFindings",
    "guardduty:ListFindings",
    "cloudtrail:LookupEvents",
    "macie2:ListFindings",
    "securityhub:GetFindings",
    "guardduty:GetFindings",
)
DEPLOY_TARGETS = ("claims", "policy", "data", "backup", "pension_digital")


def live(trail: Trail, name: str, di: int) -> bool:
    """Whether an account exists on day ``di`` (the new one from the first scored day)."""
    return name != org.NEW_ACCOUNT or di >= trail.plan.scored_from


def soc_day(trail: Trail, di: int) -> None:
    """The SOC vendor polls the audit account every hour, all week, with an external ID."""
    account = org.ACCOUNTS["audit"]
    net = NETS["soc_new" if di >= trail.plan.soc_new_range else "soc_old"]
    for hour in range(24):
        rng = trail.rng("soc", di, hour)
        t = trail.midnight(di) + hour * HOUR + dt.timedelta(minutes=rng.randint(0, 4))
        ip = net.address(trail.rng("soc-egress", net.cidr, hour % 3))
        session = f"soc-collector-{hour % 2 + 1}"
        key = "ASIA" + ident("soc", trail.seed, di, hour)
        caller = account_identity(org.SOC_VENDOR_ACCOUNT, session)
        trail.records.append(
            assume_role(
                rng,
                t,
                account,
                "eu-north-1",
                org.SOC_ROLE,
                session,
                key,
                by="",
                ip=ip,
                agent=org.SOC_AGENT,
                caller=caller,
                extra={"externalId": org.SOC_EXTERNAL_ID},
            )
        )
        who = role_identity(account, org.SOC_ROLE, session, key, t)
        for api in rng.sample(SOC_READS, rng.randint(3, 6)):
            trail.add(
                rng,
                t + dt.timedelta(seconds=rng.uniform(1, 300)),
                account,
                api,
                who,
                ip,
                org.SOC_AGENT,
            )


def services_day(trail: Trail, di: int) -> None:
    """Config and Security Hub in every account, Macie over the data account's buckets."""
    for name, account in org.ACCOUNTS.items():
        if not live(trail, name, di):
            continue
        for host, apis, rate in org.SERVICES:
            rng = trail.rng("svc", host, account, di)
            role = "AWSServiceRoleFor" + ("Config" if host.startswith("config") else "SecurityHub")
            n = int(trail.counts(np.array([rate * 24 * trail.scale]), host, account, di)[0])
            key = "ASIA" + ident("svc", trail.seed, host, account, di)
            who = role_identity(
                account, role, role.removeprefix("AWSServiceRoleFor"), key, trail.midnight(di)
            )
            for _ in range(n):
                trail.add(
                    rng,
                    trail.at(rng, trail.midnight(di), 24),
                    account,
                    rng.choice(apis),
                    who,
                    host,
                    host,
                )
    rng = trail.rng("macie", di)
    account = org.ACCOUNTS["data"]
    who = role_identity(
        account,
        "AWSServiceRoleForAmazonMacie",
        "macie",
        "ASIA" + ident("macie", trail.seed, di),
        trail.midnight(di),
    )
    for _ in range(int(20 * trail.scale) + 2):
        api = rng.choice(
            [
                "s3:GetBucketPolicy",
                "s3:GetBucketEncryption",
                "s3:ListBuckets",
                "s3:GetBucketPublicAccessBlock",
            ]
        )
        trail.add(
            rng,
            trail.midnight(di) + dt.timedelta(hours=3, minutes=rng.uniform(0, 30)),
            account,
            api,
            who,
            "macie.amazonaws.com",
            "macie.amazonaws.com",
        )


def backup_night(trail: Trail, di: int) -> None:
    """AWS Backup's nightly jobs: snapshots in each workload account, a copy into the central
    vault of the backup account with its KMS grants."""
    copies = 0
    for name in ("claims", "policy", "data", "pension_digital"):
        if not live(trail, name, di):
            continue
        account = org.ACCOUNTS[name]
        rng = trail.rng("backup", name, di)
        t = trail.midnight(di) + dt.timedelta(hours=1, minutes=rng.randint(0, 20))
        key = "ASIA" + ident("backup", trail.seed, name, di)
        trail.records.append(
            assume_role(
                rng,
                t,
                account,
                "eu-north-1",
                "AWSBackupDefaultServiceRole",
                "AWSBackup-Default",
                key,
                by="backup.amazonaws.com",
                path="/service-role/",
            )
        )
        who = role_identity(
            account,
            "AWSBackupDefaultServiceRole",
            "AWSBackup-Default",
            key,
            t,
            path="/service-role/",
        )
        apis = {
            "policy": ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots", "rds:AddTagsToResource"],
            "data": ["s3:GetBucketVersioning", "s3:GetBucketTagging", "dynamodb:CreateBackup"],
        }.get(name, ["ec2:CreateSnapshot", "ec2:DescribeSnapshots", "dynamodb:CreateBackup"])
        for i in range(rng.randint(4, 9)):
            trail.add(
                rng,
                t + dt.timedelta(minutes=2 * i + rng.random()),
                account,
                apis[i % len(apis)],
                who,
                "backup.amazonaws.com",
                "backup.amazonaws.com",
            )
            copies += 1
    account = org.ACCOUNTS["backup"]
    rng = trail.rng("vault", di)
    t = trail.midnight(di) + dt.timedelta(hours=2, minutes=rng.randint(0, 20))
    key = "ASIA" + ident("vault", trail.seed, di)
    who = role_identity(
        account, "AWSBackupDefaultServiceRole", "AWSBackup-Default", key, t, path="/service-role/"
    )
    for i in range(copies):
        api = ("backup:CopyIntoBackupVault", "kms:CreateGrant", "kms:Decrypt")[i % 3]
        trail.add(
            rng,
            t + dt.timedelta(minutes=i),
            account,
            api,
            who,
            "backup.amazonaws.com",
            "backup.amazonaws.com",
        )


def deploys_day(trail: Trail, di: int) -> None:
    """CDK pipeline runs on weekdays: CodePipeline starts a CodeBuild build whose role assumes
    the target account's deploy role; CloudFormation applies the change set with its exec role."""
    day = trail.plan.days[di]
    quiet = trail.plan.holiday[0] <= di <= trail.plan.holiday[1]
    expected = 0.0 if day.weekday() >= 5 else 1.0 if quiet else 3.5
    runs = int(trail.counts(np.array([expected]), "deploys", di)[0])
    tooling = org.ACCOUNTS["tooling"]
    for run in range(runs):
        rng = trail.rng("deploy", di, run)
        target = rng.choice([t for t in DEPLOY_TARGETS if live(trail, t, di)])
        t = trail.midnight(di) + dt.timedelta(hours=rng.uniform(7, 15))
        build(trail, rng, di, run, t, tooling, org.ACCOUNTS[target])


def build(
    trail: Trail, rng: Any, di: int, run: int, t: dt.datetime, tooling: str, target: str
) -> dict[str, Any]:
    """One pipeline run; returns the CodeBuild key's entry of ``trail.keys``."""
    pkey = "ASIA" + ident("pipe", trail.seed, di, run)
    trail.records.append(
        assume_role(
            rng,
            t,
            tooling,
            "eu-north-1",
            "fjallmark-cdk-pipeline-role",
            str(1700000000 + di * 100 + run),
            pkey,
            by="codepipeline.amazonaws.com",
        )
    )
    pipe = role_identity(
        tooling, "fjallmark-cdk-pipeline-role", str(1700000000 + di * 100 + run), pkey, t
    )
    for api in ("codebuild:StartBuild", "s3:GetObject", "codebuild:BatchGetBuilds"):
        trail.add(
            rng,
            t + dt.timedelta(seconds=rng.uniform(1, 20)),
            tooling,
            api,
            pipe,
            "codepipeline.amazonaws.com",
            "codepipeline.amazonaws.com",
        )
    session = ident("build", trail.seed, di, run, n=32).lower()
    key = "ASIA" + ident("cb", trail.seed, di, run)
    t1 = t + dt.timedelta(seconds=rng.uniform(30, 90))
    ip = trail.aws.get(f"codebuild:{session}")
    trail.records.append(
        assume_role(
            rng,
            t1,
            tooling,
            "eu-north-1",
            "fjallmark-codebuild-cdk",
            session,
            key,
            by="codebuild.amazonaws.com",
        )
    )
    who = role_identity(tooling, "fjallmark-codebuild-cdk", session, key, t1)
    clock = t1
    for api in (
        "sts:GetCallerIdentity",
        "ecr:GetAuthorizationToken",
        "ecr:PutImage",
        "s3:PutObject",
        "ssm:GetParameter",
    ):
        clock += dt.timedelta(seconds=rng.uniform(5, 40))
        trail.add(rng, clock, tooling, api, who, ip, org.CDK)
    deploy_role = f"cdk-hnb659fds-deploy-role-{target}-eu-north-1"
    dkey = "ASIA" + ident("deploy", trail.seed, di, run)
    clock += dt.timedelta(seconds=20)
    trail.records.append(
        assume_role(
            rng,
            clock,
            target,
            "eu-north-1",
            deploy_role,
            "aws-cdk-codebuild",
            dkey,
            by="",
            ip=ip,
            agent=org.CDK,
            caller=who,
        )
    )
    deployer = role_identity(target, deploy_role, "aws-cdk-codebuild", dkey, clock)
    for api in (
        "cloudformation:DescribeStacks",
        "cloudformation:CreateChangeSet",
        "cloudformation:DescribeChangeSet",
        "cloudformation:ExecuteChangeSet",
        "cloudformation:DescribeStackEvents",
        "cloudformation:DescribeStackEvents",
    ):
        clock += dt.timedelta(seconds=rng.uniform(5, 60))
        trail.add(rng, clock, target, api, deployer, ip, org.CDK)
    cfn(
        trail,
        rng,
        target,
        clock,
        di,
        run,
        (
            "ecs:RegisterTaskDefinition",
            "ecs:UpdateService",
            "lambda:UpdateFunctionCode",
            "ssm:PutParameter",
            "iam:GetRole",
        ),
    )
    entry = {
        "workload": "codebuild",
        "instance": session,
        "key": key,
        "start": t1,
        "end": t1 + HOUR,
        "ip": ip,
        "account": tooling,
        "role": "fjallmark-codebuild-cdk",
        "agent": org.CDK,
        "day": di,
    }
    trail.keys.append(entry)
    return entry


def cfn(
    trail: Trail,
    rng: Any,
    account: str,
    t: dt.datetime,
    di: int,
    run: object,
    apis: tuple[str, ...],
    params: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """CloudFormation applying a change set with the CDK exec role, from its host name."""
    role = f"cdk-hnb659fds-cfn-exec-role-{account}-eu-north-1"
    key = "ASIA" + ident("cfn", trail.seed, account, di, run)
    trail.records.append(
        assume_role(
            rng,
            t,
            account,
            "eu-north-1",
            role,
            "AWSCloudFormation",
            key,
            by="cloudformation.amazonaws.com",
        )
    )
    who = role_identity(account, role, "AWSCloudFormation", key, t)
    out = []
    for api in apis:
        t += dt.timedelta(seconds=rng.uniform(3, 30))
        out.append(
            trail.add(
                rng,
                t,
                account,
                api,
                who,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
                params=(params or {}).get(api),
                deny=0,
            )
        )
    return out

"""The rest of the machines' day: the settlement Lambda, the payments gateway's Fargate tasks,
GitHub deploys, the KYC vendor's sync, the three IAM users' jobs and the AWS services acting
in every account (Config, EKS's service-linked role, RDS, Control Tower)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout31 import org as o
from benchmarks.heldout31.records import (
    Gen,
    iam_user,
    mint_by_service,
    mint_cross_account,
    mint_web_identity,
    service,
    session,
)
from benchmarks.heldout31.workloads import Changes

S = dt.timedelta(seconds=1)
USERS = {
    "route53-certbot": (o.PLATFORM, "AIDAXLENDICERTBOT0017", "AKIAYQ3RXL7CERTB0T17"),
    "legacy-psp-reconcile": (o.PAYMENTS, "AIDAXLENDIRECON00042", "AKIAZ6PSPRECON7Q0042"),
    "campaign-tool": (o.MARKETING, "AIDAXLENDICAMPAIGN09", "AKIA4MKTCAMPAIGN0009"),
}
KYC_EXTERNAL_ID = "xl-kyc-7f41c2d9"
KYC2_EXTERNAL_ID = "xl-kyc2-0b3e88a1"


def user(name: str) -> dict:
    account, uid, key = USERS[name]
    return iam_user(account, name, uid, key)


def lambdas(g: Gen, day: dt.date) -> None:
    """bet-settlement-notifier (platform) every hour; cost-reporter (management) each morning."""
    for hour in range(24):
        t = g.at(day, hour, 0.5)
        name = "bet-settlement-notifier"
        key = mint_by_service(g, t, o.HOME, "lambda.amazonaws.com", o.SETTLE, name, hours=12)
        who = session(o.SETTLE, name, key, t)
        ip = g.rng.choice(o.LAMBDA_IPS)
        g.call(t + 2 * S, o.PLATFORM, o.HOME, "secretsmanager:GetSecretValue", who, ip, o.LAMBDA_UA,
               request={"secretId": "prod/settlement/webhook-signing"})  # fmt: skip
        g.call(t + 3 * S, o.PLATFORM, o.HOME, "ssm:GetParameter", who, ip, o.LAMBDA_UA,
               request={"name": "/prod/settlement/batch-size"})  # fmt: skip
    t = g.at(day, 6, 0.2)
    key = mint_by_service(g, t, o.HOME, "lambda.amazonaws.com", o.COST, "cost-reporter", hours=12)
    who = session(o.COST, "cost-reporter", key, t)
    ip = g.rng.choice(o.LAMBDA_IPS)
    g.call(t + 4 * S, o.MANAGEMENT, o.GLOBAL, "ce:GetCostAndUsage", who, ip, o.LAMBDA_UA)
    g.call(t + 6 * S, o.MANAGEMENT, o.GLOBAL, "organizations:ListAccounts", who, ip, o.LAMBDA_UA)


def psp_tasks(g: Gen, day: dt.date, ch: Changes) -> None:
    """The payments gateway: Fargate tasks replaced each deploy, keys refreshed by ECS."""
    for task in range(g.n(4, 1)):
        task_id = g.uid().replace("-", "")
        for block in range(4):
            t = g.at(day, 6 * block, 0.3)
            region = o.HOME
            if ch.dr_test and ch.dr_test[0] <= t < ch.dr_test[1]:
                region = o.DR
            key = mint_by_service(g, t, region, "ecs-tasks.amazonaws.com", o.PSP, task_id)
            who = session(o.PSP, task_id, key, t)
            ip = o.NAT_PAYMENTS[task % 2] if region == o.HOME else o.NAT_DR[task % 2]
            for h in range(6):
                at = t + dt.timedelta(hours=h, seconds=g.rng.randint(1, 3500))
                g.call(at, o.PAYMENTS, region, "secretsmanager:GetSecretValue", who, ip, o.PSP_UA,
                       request={"secretId": "prod/psp/acquirer-api-key"})  # fmt: skip
                g.call(at + S, o.PAYMENTS, region, "kms:Decrypt", who, ip, o.PSP_UA,
                       request={"encryptionAlgorithm": "SYMMETRIC_DEFAULT"})  # fmt: skip


def deploys(g: Gen, day: dt.date) -> None:
    """GitHub Actions: the main branch of each service deploys through OIDC on workdays."""
    if day.weekday() >= 5:
        return
    for _ in range(g.n(6, 2)):
        t = g.at(day, 7, 9)
        repo = g.rng.choice(["wallet-api", "odds-feed", "kyc-worker", "platform-infra"])
        subject = f"repo:xlendi/{repo}:ref:refs/heads/main"
        ip = g.rng.choice(o.GITHUB_RUNNERS)
        key, _ = mint_web_identity(g, t, o.HOME, o.DEPLOY, o.GITHUB, subject, "GitHubActions",
                                   ip, o.GHA_STS_UA)  # fmt: skip
        who = session(o.DEPLOY, "GitHubActions", key, t,
                      web=f"arn:aws:iam::{o.PLATFORM}:oidc-provider/{o.GITHUB}")  # fmt: skip
        for i, api in enumerate(["sts:GetCallerIdentity", "ecr:GetAuthorizationToken",
                                 "ecr:InitiateLayerUpload", "ecr:PutImage", "eks:DescribeCluster"]):  # fmt: skip
            g.call(t + (20 + 15 * i) * S, o.PLATFORM, o.HOME, api, who, ip, o.GHA_UA,
                   read_only=api.startswith(("sts", "ecr:Get", "eks")))  # fmt: skip


def kyc_vendor(g: Gen, day: dt.date, ch: Changes) -> None:
    """The KYC vendor's sync takes the day's exports four times a day (and the second vendor's,
    once onboarded)."""
    vendors = [(o.KYC_ACCESS, o.KYC_VENDOR, "AROA5VNDRKYCSYNC0001", o.VENDOR_EC2, o.VENDOR_UA,
                KYC_EXTERNAL_ID, "kyc-exports/daily/")]  # fmt: skip
    if ch.vendor2_from is not None and day >= ch.vendor2_from.date():
        vendors.append((o.KYC2_ACCESS, o.KYC_VENDOR2, "AROA7VNDR2VERIFY0002", o.VENDOR2_EC2,
                        o.VENDOR2_UA, KYC2_EXTERNAL_ID, "kyc-exports/vendor2/"))  # fmt: skip
    for role, account, role_id, ip, ua, ext, prefix in vendors:
        for hour in (1, 7, 13, 19):
            t = g.at(day, hour, 0.4)
            if role is o.KYC2_ACCESS and ch.vendor2_from and t < ch.vendor2_from:
                continue
            name = f"sync-{t.strftime('%Y%m%d%H%M')}"
            key, _ = mint_cross_account(g, t, o.HOME, role, account, role_id, name, ip, ua,
                                        external_id=ext)  # fmt: skip
            who = session(role, name, key, t)
            g.call(t + 2 * S, o.PLATFORM, o.HOME, "s3:ListObjects", who, ip, ua, data=True,
                   request={"bucketName": "xlendi-prod-kyc-documents", "prefix": prefix})  # fmt: skip
            for i in range(g.n(8, 2)):
                obj = f"{prefix}{day.isoformat()}/batch-{hour:02d}-{i:03d}.json"
                g.call(t + (5 + i) * S, o.PLATFORM, o.HOME, "s3:GetObject", who, ip, ua, data=True,
                       request={"bucketName": "xlendi-prod-kyc-documents", "key": obj},
                       resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::xlendi-prod-kyc-documents/{obj}"}])  # fmt: skip


def iam_users(g: Gen, day: dt.date) -> None:
    """certbot on the Malta DC's box every other day, the reconciliation job at 02:00 from the
    office, the campaign tool polling SES from its SaaS hosts."""
    if day.toordinal() % 2 == 0:
        t = g.at(day, 3, 0.1)
        who = user("route53-certbot")
        g.call(t, o.PLATFORM, o.GLOBAL, "route53:ListHostedZones", who, o.OFFICE_DR, o.CERTBOT_UA)
        for i in range(2):
            g.call(t + (5 + 40 * i) * S, o.PLATFORM, o.GLOBAL, "route53:ChangeResourceRecordSets", who,
                   o.OFFICE_DR, o.CERTBOT_UA, request={"hostedZoneId": "Z0415382XLENDIBET", "changeBatch": {
                       "changes": [{"action": "UPSERT" if i == 0 else "DELETE", "resourceRecordSet": {
                           "name": "_acme-challenge.xlendibet.com.", "type": "TXT"}}]}})  # fmt: skip
            g.call(t + (15 + 40 * i) * S, o.PLATFORM, o.GLOBAL, "route53:GetChange", who, o.OFFICE_DR,
                   o.CERTBOT_UA, request={"id": "C0" + g.key("")[:12]})  # fmt: skip
    t = g.at(day, 1, 0.05)
    who = user("legacy-psp-reconcile")
    for i in range(g.n(6, 2)):
        obj = f"settlements/{day.isoformat()}/acquirer-{i}.csv"
        g.call(t + 3 * i * S, o.PAYMENTS, o.HOME, "s3:GetObject", who, o.OFFICE, o.CERTBOT_UA.split(" certbot")[0],
               data=True, request={"bucketName": "xlendi-psp-settlements", "key": obj},
               resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::xlendi-psp-settlements/{obj}"}])  # fmt: skip
    who = user("campaign-tool")
    for hour in range(0, 24, 2):
        t = g.at(day, hour, 1.5)
        ip = g.rng.choice(o.MARKETING_SAAS)
        g.call(t, o.MARKETING, o.HOME, "ses:GetSendQuota", who, ip, o.CAMPAIGN_UA)
        if g.rng.random() < 0.3:
            g.call(t + S, o.MARKETING, o.HOME, "ses:ListConfigurationSets", who, ip, o.CAMPAIGN_UA)


def aws_services(g: Gen, day: dt.date, accounts: list[str]) -> None:
    """Config's recorder in every account; EKS's service-linked role on the cluster's ENIs; RDS
    for Aurora's maintenance."""
    for account in accounts:
        slr = o.role(account, "AWSServiceRoleForConfig", 60)
        region = o.MADRID if account == o.SPAIN else o.HOME
        for hour in range(0, 24, 3):
            t = g.at(day, hour, 2.5)
            key = g.key()
            who = session(slr, "AWSConfig-Describe", key, t)
            for api in ("ec2:DescribeSecurityGroups", "iam:GetRole", "s3:GetBucketPolicy"):
                g.call(t, account, o.GLOBAL if api.startswith("iam") else region, api, who,
                       "config.amazonaws.com", "config.amazonaws.com")  # fmt: skip
    eks = o.role(o.PLATFORM, "AWSServiceRoleForAmazonEKS", 61)
    for hour in range(0, 24, 2):
        t = g.at(day, hour, 1.8)
        who = session(eks, "AmazonEKS", g.key(), t)
        for api in ("ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances"):
            g.call(t, o.PLATFORM, o.HOME, api, who, "eks.amazonaws.com", "eks.amazonaws.com")
    t = g.at(day, 2, 1)
    g.call(t, o.PLATFORM, o.HOME, "rds:CreateDBClusterSnapshot", service("rds.amazonaws.com"),
           "rds.amazonaws.com", "rds.amazonaws.com", read_only=False,
           request={"dBClusterIdentifier": "wallet-aurora", "dBClusterSnapshotIdentifier":
                    f"rds:wallet-aurora-{day.isoformat()}-02-00"})  # fmt: skip

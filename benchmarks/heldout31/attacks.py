"""The attacks (A1-A12), each drawn from a public incident pattern, placed in the scored days'
slots so that few days hold them (see ``generate.slot_day``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout31 import org as o
from benchmarks.heldout31.records import (
    Gen,
    Record,
    iam_user,
    mint_by_service,
    mint_cross_account,
    mint_saml,
    mint_web_identity,
    session,
)
from benchmarks.heldout31.services import KYC_EXTERNAL_ID, USERS, user
from benchmarks.heldout31.truth import Truth

Call = tuple[str, dict[str, Any]]
KALI_CLI = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.6.15-amd64 md/arch#x86_64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off"
)
DEBIAN_CLI = o.CLI_LINUX.replace("linux#6.8.0-49-generic", "linux#6.1.0-28-amd64").replace(
    "ubuntu.24", "debian.12"
)
AMZN_CLI = o.CLI_LINUX.replace(
    "linux#6.8.0-49-generic", "linux#6.1.112-124.190.amzn2023.x86_64"
).replace("ubuntu.24", "amzn.2023")
WIN_CLI = "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off"
WIN_BOTO = (
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69"
)
OUTSIDE_ACCOUNT = "718293645012"
# the attackers' addresses, with their networks
A1_IP, A2_IP, A3_IP = "104.253.158.23", "2.56.16.77", "37.19.193.140"
A4_IP, A5_IP, A6_IP = "5.75.180.44", "109.70.100.71", "24.144.80.19"
A7_IP, A8_IP, A9_IP = "2.26.153.88", "86.111.81.52", "50.16.211.94"
A10_IP, A10_NEXT, A11_IP = "109.70.100.6", "5.180.149.33", "2.57.29.14"
PLACES = {
    A1_IP: o.STARK, A2_IP: o.M247, A3_IP: o.DATACAMP, A4_IP: o.HETZNER, A5_IP: o.TOR,
    A6_IP: o.DIGITALOCEAN, A7_IP: o.OVH, A8_IP: o.LANET, A9_IP: o.AMAZON_US, A10_IP: o.TOR,
    A10_NEXT: o.CONTABO, A11_IP: o.M247,
}  # fmt: skip
THREAT = ("109.70.100.6", "109.70.100.71", "185.220.101.33", "45.148.10.203")


def run(
    g: Gen, t: dt.datetime, account: str, who: Record, ip: str, agent: str, calls: list[Call],
    *, gap: tuple[int, int] = (8, 60), region: str = o.HOME,
) -> tuple[list[Record], dt.datetime]:  # fmt: skip
    """``calls`` one after the other from ``ip``: the records and the time of the last."""
    out = []
    for api, kw in calls:
        t += dt.timedelta(seconds=g.rng.randint(*gap))
        where = kw.pop("region", None) or (o.GLOBAL if api.split(":")[0] in
                                           ("iam", "route53", "organizations") else region)  # fmt: skip
        out.append(g.call(t, account, where, api, who, ip, agent, **kw))
    return out, t


def denied(who: Record, action: str) -> dict[str, Any]:
    return {"error": ("AccessDenied", f"User: {who['arn']} is not authorized to perform: {action}")}


def a1(g: Gen, day: dt.date, truth: Truth) -> None:
    """A kyc-worker pod's projected service-account token, read through a debug container,
    exchanged for the role's key from a PQ Hosting VPS; the player ID documents pulled."""
    t = g.at(day, 2, 0.3)
    key, minted = mint_web_identity(g, t, o.HOME, o.KYC, o.OIDC[o.HOME],
                                    "system:serviceaccount:kyc:kyc-worker", "kyc", A1_IP, KALI_CLI)  # fmt: skip
    who = session(
        o.KYC, "kyc", key, t, web=f"arn:aws:iam::{o.PLATFORM}:oidc-provider/{o.OIDC[o.HOME]}"
    )
    bucket = "xlendi-prod-kyc-documents"
    calls: list[Call] = [("sts:GetCallerIdentity", {}), ("s3:ListBuckets", {"region": o.GLOBAL}),
                         ("s3:ListObjects", {"data": True, "request": {"bucketName": bucket, "prefix": "players/"}})]  # fmt: skip
    for _ in range(g.n(40, 12)):
        doc = f"players/{g.rng.randint(100000, 999999)}/id-1.jpg"
        calls.append(
            ("s3:GetObject", {"data": True, "request": {"bucketName": bucket, "key": doc}})
        )
    recs, end = run(g, t, o.PLATFORM, who, A1_IP, KALI_CLI, calls, gap=(1, 20))
    truth.add("A1", "stolen IRSA token (kyc-worker) exchanged from PQ Hosting, ID documents read",
              start=t, end=end, key=key, principal=o.KYC.arn, ips=(A1_IP,),
              records=[minted, *recs], severity="medium")  # fmt: skip


def a2(g: Gen, day: dt.date, truth: Truth) -> None:
    """An AiTM-phished Okta session (Evilginx) of a developer: a wallet Aurora snapshot shared
    with an outside account, from M247 Bucharest, on the console."""
    p = o.DEVELOPERS[1]
    t = g.at(day, 13, 0.5)
    key, minted = mint_saml(
        g, t, o.HOME, o.DEV, "okta-xlendi", o.OKTA_ISSUER, p.email, A2_IP, o.CHROME_WIN
    )
    who = session(o.DEV, p.email, key, t)
    snap = f"wallet-aurora-export-{day.strftime('%m%d')}"
    calls: list[Call] = [
        ("rds:DescribeDBClusters", {"console": True}), ("rds:DescribeDBClusterSnapshots", {"console": True}),
        ("rds:CreateDBClusterSnapshot", {"console": True, "request": {
            "dBClusterIdentifier": "wallet-aurora", "dBClusterSnapshotIdentifier": snap}}),
        ("rds:DescribeDBClusterSnapshots", {"console": True}),
        ("rds:ModifyDBClusterSnapshotAttribute", {"console": True, "request": {
            "dBClusterSnapshotIdentifier": snap, "attributeName": "restore", "valuesToAdd": [OUTSIDE_ACCOUNT]}}),
    ]  # fmt: skip
    recs, end = run(g, t, o.PLATFORM, who, A2_IP, o.CHROME_WIN, calls, gap=(30, 400))
    truth.add("A2", "AiTM-phished Okta session shares a wallet Aurora snapshot outside (M247)",
              start=t, end=end, key=key, principal=o.DEV.arn, ips=(A2_IP,),
              records=[minted, *recs], severity="high")  # fmt: skip


def a3(g: Gen, day: dt.date, truth: Truth) -> None:
    """certbot's Route 53 key, left in an old backup, points pay.xlendibet.com at a lookalike."""
    t = g.at(day, 21, 0.5)
    who = user("route53-certbot")
    zone = {"hostedZoneId": "Z0415382XLENDIBET"}
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("route53:ListHostedZones", {}),
        ("route53:ListResourceRecordSets", {"request": zone}),
        ("route53:ChangeResourceRecordSets", {"request": {**zone, "changeBatch": {"changes": [{
            "action": "UPSERT", "resourceRecordSet": {"name": "pay.xlendibet.com.", "type": "CNAME",
            "tTL": 60, "resourceRecords": [{"value": "pay.xlendibet-secure.com"}]}}]}}}),
        ("route53:GetChange", {"request": {"id": "C0" + g.key("")[:12]}}),
    ]  # fmt: skip
    recs, end = run(g, t, o.PLATFORM, who, A3_IP, WIN_CLI, calls, gap=(20, 200))
    truth.add("A3", "certbot's leaked Route 53 key repoints the payment host to a lookalike",
              start=t, end=end, key=USERS["route53-certbot"][2],
              principal=f"arn:aws:iam::{o.PLATFORM}:user/route53-certbot", ips=(A3_IP,),
              records=recs, severity="medium")  # fmt: skip


def a4(g: Gen, day: dt.date, truth: Truth) -> None:
    """An SRE's Identity Center session from an infostealer's copy of the SSO cache: the wallet
    KMS key's policy opened to everyone and the key scheduled for deletion, from Hetzner."""
    p = o.SRES[1]
    t = g.at(day, 3, 0.5)
    role = o.sso_role(o.PLATFORM, "PlatformAdmin")
    key, minted = mint_saml(g, t, o.HOME, role, "AWSSSO_359814a1c2_DO_NOT_DELETE", o.SSO_ISSUER,
                            p.name, A4_IP, DEBIAN_CLI, hours=8)  # fmt: skip
    who = session(role, p.name, key, t)
    kms = f"arn:aws:kms:eu-west-1:{o.PLATFORM}:key/5b1f0c7e-2a4d-4e8b-9c61-0d7a3f2e9b14"
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("kms:ListKeys", {}), ("kms:ListAliases", {}),
        ("kms:DescribeKey", {"request": {"keyId": kms}}),
        ("kms:GetKeyPolicy", {"request": {"keyId": kms, "policyName": "default"}}),
        ("kms:PutKeyPolicy", {"request": {"keyId": kms, "policyName": "default",
            "policy": '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:*","Resource":"*"}]}'}}),
        ("kms:ScheduleKeyDeletion", {"request": {"keyId": kms, "pendingWindowInDays": 7}}),
    ]  # fmt: skip
    recs, end = run(g, t, o.PLATFORM, who, A4_IP, DEBIAN_CLI, calls, gap=(15, 120))
    truth.add("A4", "infostealer's SSO session opens the wallet KMS key and schedules its deletion",
              start=t, end=end, key=key, principal=who["arn"], ips=(A4_IP,),
              records=[minted, *recs], severity="high")  # fmt: skip


def a5(g: Gen, day: dt.date, truth: Truth) -> None:
    """The campaign tool's key, shipped in a public JavaScript bundle, readies SES for phishing
    from a Tor exit (on the threat list)."""
    t = g.at(day, 19, 0.5)
    who = user("campaign-tool")
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("ses:GetSendQuota", {}), ("ses:GetAccountSendingEnabled", {}),
        ("ses:ListIdentities", {}), ("iam:ListUsers", denied(who, "iam:ListUsers")),
        ("ses:VerifyEmailIdentity", {"request": {"emailAddress": "bonus@xlendi-rewards.com"}}),
        ("ses:CreateEmailIdentity", {"request": {"emailIdentity": "xlendi-rewards.com"}}),
        ("ses:PutAccountDetails", {"request": {"mailType": "MARKETING", "websiteURL": "https://xlendi-rewards.com"}}),
    ]  # fmt: skip
    recs, end = run(g, t, o.MARKETING, who, A5_IP, WIN_BOTO, calls, gap=(20, 300))
    truth.add("A5", "leaked campaign-tool key prepares SES phishing from a Tor exit",
              start=t, end=end, key=USERS["campaign-tool"][2],
              principal=f"arn:aws:iam::{o.MARKETING}:user/campaign-tool", ips=(A5_IP,),
              records=recs, severity="medium")  # fmt: skip


def a6(g: Gen, day: dt.date, truth: Truth) -> None:
    """The KYC vendor's cross-account role, with its external ID, used from an engineer's
    DigitalOcean jump host to read players' documents beyond the export prefix."""
    t = g.at(day, 10, 0.3)
    key, minted = mint_cross_account(g, t, o.HOME, o.KYC_ACCESS, o.KYC_VENDOR, "AROA5VNDRKYCSYNC0001",
                                     "support-debug", A6_IP, o.CLI_MAC, external_id=KYC_EXTERNAL_ID)  # fmt: skip
    who = session(o.KYC_ACCESS, "support-debug", key, t)
    bucket = "xlendi-prod-kyc-documents"
    calls: list[Call] = [
        ("s3:ListBuckets", {"region": o.GLOBAL}),
        ("s3:ListObjects", {"data": True, "request": {"bucketName": bucket, "prefix": "players/"}}),
        ("s3:GetBucketPolicy", {"request": {"bucketName": "xlendi-psp-settlements"},
                                **denied(who, "s3:GetBucketPolicy")}),
    ]  # fmt: skip
    for _ in range(g.n(30, 10)):
        doc = f"players/{g.rng.randint(100000, 999999)}/selfie.jpg"
        calls.append(
            ("s3:GetObject", {"data": True, "request": {"bucketName": bucket, "key": doc}})
        )
    recs, end = run(g, t, o.PLATFORM, who, A6_IP, o.CLI_MAC, calls, gap=(5, 90))
    truth.add("A6", "KYC vendor's role used beyond its export prefix from a DigitalOcean host",
              start=t, end=end, key=key, principal=o.KYC_ACCESS.arn, ips=(A6_IP,),
              records=[minted, *recs], severity="medium")  # fmt: skip


def a7(g: Gen, day: dt.date, truth: Truth, node: str, key: str, minted_at: dt.datetime) -> None:
    """The new Spanish account's first day: a node's instance credentials taken through SSRF on
    IMDSv1 and used from OVH."""
    t = minted_at + dt.timedelta(hours=2, minutes=g.rng.randint(0, 50))
    who = session(o.ES_NODE, node, key, minted_at, ec2=True)
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("s3:ListBuckets", {"region": o.GLOBAL}),
        ("secretsmanager:ListSecrets", {}), ("ec2:DescribeInstances", {}),
        ("iam:ListAttachedRolePolicies", denied(who, "iam:ListAttachedRolePolicies")),
    ]  # fmt: skip
    recs, end = run(g, t, o.SPAIN, who, A7_IP, KALI_CLI, calls, gap=(10, 90), region=o.MADRID)
    truth.add("A7", "new account's node instance credentials stolen through SSRF, used from OVH",
              start=t, end=end, key=key, principal=o.ES_NODE.arn, ips=(A7_IP,), records=recs,
              severity="medium")  # fmt: skip


def a8(g: Gen, day: dt.date, truth: Truth) -> None:
    """A developer's saml2aws credentials file copied off his laptop: slow recon with the team's
    own CLI from another Kyiv ISP, a call every quarter hour."""
    p = o.DEVELOPERS[4]
    t = g.at(day, 6, 0.3)
    key, minted = mint_saml(
        g, t, o.HOME, o.DEV, "okta-xlendi", o.OKTA_ISSUER, p.email, p.home, o.SAML2AWS
    )
    who = session(o.DEV, p.email, key, t)
    own, _ = run(g, t, o.PLATFORM, who, p.home, p.agent,
                 [("eks:DescribeCluster", {}), ("logs:FilterLogEvents", {})], gap=(30, 200))  # fmt: skip
    apis = ["iam:ListRoles", "iam:ListUsers", "s3:ListBuckets", "secretsmanager:ListSecrets",
            "kms:ListKeys", "rds:DescribeDBClusters", "iam:ListPolicies", "lambda:ListFunctions",
            "ec2:DescribeInstances", "route53:ListHostedZones", "iam:GetAccountAuthorizationDetails",
            "sso:ListInstances", "organizations:DescribeOrganization", "ec2:DescribeSnapshots"]  # fmt: skip
    start = t + dt.timedelta(hours=3)
    calls: list[Call] = [(api, {}) for api in apis]
    recs, end = run(g, start, o.PLATFORM, who, A8_IP, p.agent, calls, gap=(600, 1500))
    truth.add("A8", "developer's stolen saml2aws key: slow recon with the team's CLI from Lanet",
              start=start, end=end, key=key, principal=o.DEV.arn, ips=(A8_IP,), records=recs,
              severity="medium")  # fmt: skip
    _ = (minted, own)


def a9(g: Gen, day: dt.date, truth: Truth) -> None:
    """An odds-feed pod's Pod Identity credentials, read from the container credentials
    endpoint, used from an EC2 instance of another account in us-east-1."""
    t = g.at(day, 10, 0.2)
    name = f"eks-{o.CLUSTER}-odds-feed-7d9c-{g.uid()}"[:64]
    key = mint_by_service(g, t, o.HOME, "pods.eks.amazonaws.com", o.ODDS, name, hours=1)
    who = session(o.ODDS, name, key, t)
    g.call(t + dt.timedelta(seconds=3), o.PLATFORM, o.HOME, "kafka:GetBootstrapBrokers", who,
           o.NAT_HOME[1], o.JAVA_POD)  # fmt: skip
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("kafka:ListClustersV2", {}), ("kafka:GetBootstrapBrokers", {}),
        ("kinesis:ListStreams", {}), ("s3:ListBuckets", {"region": o.GLOBAL}),
        ("secretsmanager:ListSecrets", {}),
    ]  # fmt: skip
    recs, end = run(
        g, t + dt.timedelta(minutes=20), o.PLATFORM, who, A9_IP, AMZN_CLI, calls, gap=(20, 240)
    )
    truth.add("A9", "odds-feed Pod Identity credentials used from another account's EC2",
              start=t + dt.timedelta(minutes=20), end=end, key=key, principal=o.ODDS.arn,
              ips=(A9_IP,), records=recs, severity="medium")  # fmt: skip


def a10(g: Gen, day: dt.date, truth: Truth) -> None:
    """The reconciliation job's long-lived key from a Tor exit: a new admin user and its key
    (persistence), the new key then tried from Contabo."""
    t = g.at(day, 22, 0.8)
    who = user("legacy-psp-reconcile")
    new_key = "AKIA" + g.key("")[:16]
    calls: list[Call] = [
        ("sts:GetCallerIdentity", {}), ("iam:ListUsers", {}),
        ("iam:CreateUser", {"request": {"userName": "svc-backup-sync"}}),
        ("iam:CreateAccessKey", {"request": {"userName": "svc-backup-sync"},
            "response": {"accessKey": {"accessKeyId": new_key, "status": "Active", "userName": "svc-backup-sync"}}}),
        ("iam:AttachUserPolicy", {"request": {"userName": "svc-backup-sync",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}}),
    ]  # fmt: skip
    recs, end = run(g, t, o.PAYMENTS, who, A10_IP, WIN_BOTO, calls, gap=(20, 120))
    created = iam_user(o.PAYMENTS, "svc-backup-sync", "AIDA" + g.key("")[:17], new_key)
    more, end = run(g, end + dt.timedelta(minutes=9), o.PAYMENTS, created, A10_NEXT, KALI_CLI,
                    [("sts:GetCallerIdentity", {}), ("s3:ListBuckets", {"region": o.GLOBAL}),
                     ("secretsmanager:ListSecrets", {})])  # fmt: skip
    truth.add("A10", "reconciliation key from Tor creates an admin user and key",
              start=t, end=end, key=USERS["legacy-psp-reconcile"][2],
              principal=f"arn:aws:iam::{o.PAYMENTS}:user/legacy-psp-reconcile", ips=(A10_IP,),
              records=recs, severity="high")  # fmt: skip
    truth.add("A10", "the created key used from Contabo", start=t, end=end, key=new_key,
              principal=created["arn"], ips=(A10_NEXT,), records=more, severity="high")  # fmt: skip


def a11(g: Gen, day: dt.date, truth: Truth) -> None:
    """The marketing account's root password reset through its old shared mailbox: a console
    sign-in without MFA from M247 Amsterdam."""
    t = g.at(day, 16, 0.5)
    root = {"type": "Root", "principalId": o.MARKETING, "arn": f"arn:aws:iam::{o.MARKETING}:root",
            "accountId": o.MARKETING}  # fmt: skip
    login = g.call(t, o.MARKETING, o.GLOBAL, "signin:ConsoleLogin", root, A11_IP, o.CHROME_WIN,
                   read_only=False, event_type="AwsConsoleSignIn",
                   response={"ConsoleLogin": "Success"},
                   extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home",
                                                  "MobileVersion": "No", "MFAUsed": "No"}})  # fmt: skip
    calls: list[Call] = [
        ("iam:GetAccountSummary", {"console": True}), ("iam:ListUsers", {"console": True}),
        ("ses:GetAccount", {"console": True}), ("iam:ListAccessKeys", {"console": True}),
        ("iam:CreateAccessKey", {"console": True}),
    ]  # fmt: skip
    recs, end = run(g, t, o.MARKETING, root, A11_IP, o.CHROME_WIN, calls, gap=(30, 300))
    truth.add("A11", "root console sign-in without MFA on the marketing account (M247)",
              start=t, end=end, principal=root["arn"], ips=(A11_IP,), records=[login, *recs],
              severity="high")  # fmt: skip


def a12(g: Gen, day: dt.date, truth: Truth) -> None:
    """A pull_request_target workflow in a fork runs with the deploy role (its trust policy
    admits pull_request subjects) and reads every production secret, from GitHub's runners."""
    t = g.at(day, 15, 0.5)
    ip = o.GITHUB_RUNNERS[7]
    subject = "repo:xlendi/odds-feed:pull_request"
    key, minted = mint_web_identity(
        g, t, o.HOME, o.DEPLOY, o.GITHUB, subject, "GitHubActions", ip, o.GHA_STS_UA
    )
    who = session(
        o.DEPLOY, "GitHubActions", key, t, web=f"arn:aws:iam::{o.PLATFORM}:oidc-provider/{o.GITHUB}"
    )
    calls: list[Call] = [("sts:GetCallerIdentity", {}), ("secretsmanager:ListSecrets", {})]
    for secret in ("prod/wallet/aurora-credentials", "prod/settlement/webhook-signing",
                   "prod/odds/feed-provider-token", "prod/kyc/vendor-api-key", "prod/wallet/psp-adyen"):  # fmt: skip
        calls.append(("secretsmanager:GetSecretValue", {"request": {"secretId": secret}}))
    recs, end = run(g, t, o.PLATFORM, who, ip, o.GHA_UA.replace("eks.update-kubeconfig",
                    "secretsmanager.get-secret-value"), calls, gap=(2, 15))  # fmt: skip
    truth.add("A12", "pull_request_target workflow reads every production secret via OIDC",
              start=t, end=end, key=key, principal=o.DEPLOY.arn, ips=(ip,),
              records=[minted, *recs], severity="medium")  # fmt: skip


ATTACKS: dict[str, tuple[int, Callable[..., None]]] = {
    "A1": (0, a1),
    "A2": (0, a2),
    "A3": (1, a3),
    "A4": (2, a4),
    "A5": (2, a5),
    "A6": (3, a6),
    "A8": (3, a8),
    "A9": (4, a9),
    "A10": (4, a10),
    "A11": (2, a11),
    "A12": (3, a12),
}  # fmt: skip  (A7 is placed with the new account)

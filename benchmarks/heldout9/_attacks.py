"""The attacks, each from a public write-up; each returns its truth row.

A1 Halcyon "Codefinger" S3 SSE-C ransomware; A2 Capital One-style SSRF to IMDS; A3 LUCR-3's
hijacked Okta session sharing a Redshift snapshot out; A4 a SageMaker notebook's role used from
outside; A5 Permiso's GUI-vil (S3 Browser, a console user for persistence); A6 a compromised
Jenkins sweeping Secrets Manager; A7 defence evasion (Stratus Red Team techniques);
A8 the Snowflake-like vendor role from a VPN host; A9 a new account's task key from outside;
A10 crypto-mining with a key that never appeared before (Sysdig SCARLETEEL, Unit 42).
"""

from __future__ import annotations

from typing import Any

from benchmarks.heldout9 import _records as R
from benchmarks.heldout9._net import NETS
from benchmarks.heldout9._org import (
    HOME_REGION,
    MKT,
    STORE,
    Org,
    mint,
)

KALI_CLI = (
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off command/{cmd}"
)
UBUNTU_CLI = "aws-cli/2.18.4 Python/3.12.6 Linux/6.8.0-45-generic exe/x86_64.ubuntu.24 prompt/off command/{cmd}"
BOTO_VPS = "Boto3/1.35.44 md/Botocore#1.35.44 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.44"
S3_BROWSER = "S3 Browser/11.5.7 https://s3browser.com"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
SOURCES = {
    "AuthorizeSnapshotAccess": "redshift",
    "CreateClusterSnapshot": "redshift",
    "DescribeClusterSnapshots": "redshift",
    "PutBucketLifecycleConfiguration": "s3",
    "ListUsers": "iam",
    "CreateUser": "iam",
    "CreateLoginProfile": "iam",
    "AttachUserPolicy": "iam",
    "CreateAccessKey": "iam",
    "GetAccountSummary": "iam",
    "PutEventSelectors": "cloudtrail",
    "GetEventSelectors": "cloudtrail",
    "DescribeTrails": "cloudtrail",
    "DeleteFlowLogs": "ec2",
    "DescribeFlowLogs": "ec2",
    "DeleteLogGroup": "logs",
    "ImportKeyPair": "ec2",
    "CreateSecurityGroup": "ec2",
    "AuthorizeSecurityGroupIngress": "ec2",
    "RunInstances": "ec2",
    "GetServiceQuota": "servicequotas",
    "ListServiceQuotas": "servicequotas",
    "RequestServiceQuotaIncrease": "servicequotas",
    "ListNotebookInstances": "sagemaker",
    "DescribeDBClusters": "rds",
}
GLOBAL = {"iam"}


class Run:
    """One attack's events: every call goes through ``do`` so that the truth names them all."""

    def __init__(self, org: Org, account: str, ip: str, ua: str, ident: dict[str, Any]) -> None:
        self.org, self.account, self.ip, self.ua, self.ident = org, account, ip, ua, ident
        self.events: list[str] = []

    def do(
        self,
        t: float,
        api: str,
        *,
        region: str = HOME_REGION,
        params: dict[str, Any] | None = None,
        data: bool = False,
        error: tuple[str, str] | None = None,
        ua: str | None = None,
    ) -> float:
        service = SOURCES.get(api)
        source = f"{service}.amazonaws.com" if service else None
        where = "us-east-1" if service in GLOBAL else region
        agent = (ua or self.ua).format(cmd=api.lower(), api=api.lower())
        self.events.append(
            self.org.trail.add(
                t,
                self.account,
                where,
                api,
                self.ident,
                self.ip,
                agent,
                source=source,
                params=params,
                data=data,
                error=error,
            )
        )
        return t + float(self.org.rng.uniform(1, 9))

    def truth(
        self,
        ident: str,
        name: str,
        severity: str,
        start: float,
        end: float,
        key: str | None = None,
        principal: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": ident,
            "name": name,
            "label": "attack",
            "access_key_id": key or "",
            "principal_arn": principal or "",
            "source_ip": self.ip,
            "event_ids": " ".join(self.events),
            "start": R.iso(start - 60),
            "end": R.iso(end + 60),
            "expected_min_severity": severity,
            "expected_max_severity": "",
        }


def codefinger(org: Org, index: int, key: str) -> dict[str, Any]:
    ip = NETS["vultr"].host(org.rng)
    run = Run(org, STORE, ip, BOTO_VPS, R.user(STORE, "edi-feed", key))
    t = start = org.t(index, 6 + float(org.rng.uniform(0, 1)))
    for api in ("GetCallerIdentity", "ListBuckets"):
        t = run.do(t, api)
    bucket = "tg-wms-interchange"
    t = run.do(
        t,
        "ListObjects",
        data=True,
        params={"bucketName": bucket, "Host": f"{bucket}.s3.us-east-2.amazonaws.com"},
    )
    for _ in range(int(60 + org.rng.integers(0, 40))):
        obj = f"wms-sync/out/{int(org.rng.integers(1e5, 1e6))}.xml"
        t = run.do(
            t,
            "CopyObject",
            data=True,
            params={
                "bucketName": bucket,
                "key": obj,
                "x-amz-copy-source": f"{bucket}/{obj}",
                "x-amz-server-side-encryption-customer-algorithm": "AES256",
                "x-amz-server-side-encryption-customer-key-MD5": "Sf5u1hQ2kKp8w4TrXmGg4g==",
            },
        )
    rule = {
        "Rules": [
            {
                "ID": "cleanup",
                "Status": "Enabled",
                "Filter": {"Prefix": ""},
                "Expiration": {"Days": 7},
            }
        ]
    }
    t = run.do(
        t,
        "PutBucketLifecycleConfiguration",
        params={"bucketName": bucket, "LifecycleConfiguration": rule},
    )
    return run.truth(
        "A1", "S3 SSE-C ransomware with a leaked warehouse key (Codefinger)", "high", start, t, key
    )


def ssrf_imds(org: Org, index: int, instance: str, key: str, minted: float) -> dict[str, Any]:
    ip = NETS["digitalocean"].host(org.rng)
    ident = R.session(STORE, "image-resize-ec2", instance, key, minted, ec2=True)
    run = Run(org, STORE, ip, UBUNTU_CLI, ident)
    t = start = minted + float(org.rng.uniform(600, 1500))
    for api in ("GetCallerIdentity", "ListBuckets", "GetBucketLocation"):
        t = run.do(t, api)
    for bucket in ("tg-order-exports", "tg-wms-interchange"):
        t = run.do(t, "ListObjects", data=True, params={"bucketName": bucket})
        for _ in range(int(25 + org.rng.integers(0, 20))):
            t = run.do(
                t,
                "GetObject",
                data=True,
                params={
                    "bucketName": bucket,
                    "key": f"orders/2026/{int(org.rng.integers(1e5, 1e6))}.json",
                },
            )
    return run.truth(
        "A2",
        "image-resize instance credentials via SSRF, synced from a VPS (Capital One)",
        "high",
        start,
        t,
        key,
    )


def notebook_role(org: Org, key: str, minted: float) -> dict[str, Any]:
    ip = NETS["hetzner"].host(org.rng)
    run = Run(
        org,
        "519374620488",
        ip,
        BOTO_VPS,
        R.session("519374620488", "sagemaker-ds-exec", "SageMaker", key, minted),
    )
    t = start = minted + float(org.rng.uniform(900, 2400))
    for api in (
        "GetCallerIdentity",
        "ListBuckets",
        "ListNotebookInstances",
        "ListSecrets",
        "GetSecretValue",
        "DescribeDBClusters",
        "GetSecretValue",
    ):
        t = run.do(t, api)
    for _ in range(20):
        t = run.do(
            t,
            "GetObject",
            data=True,
            params={
                "bucketName": "tg-analytics-share",
                "key": f"exports/customers/part-{int(org.rng.integers(0, 999)):05d}.parquet",
            },
        )
    return run.truth(
        "A4", "SageMaker notebook role credentials used from Hetzner", "medium", start, t, key
    )


def guivil(org: Org, index: int, key: str) -> dict[str, Any]:
    ip = NETS["telkom"].host(org.rng)
    run = Run(org, STORE, ip, S3_BROWSER, R.user(STORE, "wms-labels", key))
    t = start = org.t(index, 1 + float(org.rng.uniform(0, 2)))
    for api in ("ListBuckets", "GetBucketLocation", "ListBuckets"):
        t = run.do(t, api)
    run.ua = KALI_CLI
    for api in ("GetCallerIdentity", "GetAccountSummary", "ListUsers"):
        t = run.do(t, api)
    t = run.do(t, "CreateUser", params={"userName": "wms-support"})
    t = run.do(
        t, "CreateLoginProfile", params={"userName": "wms-support", "passwordResetRequired": False}
    )
    t = run.do(
        t,
        "AttachUserPolicy",
        params={
            "userName": "wms-support",
            "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
        },
    )
    t = run.do(t, "CreateAccessKey", params={"userName": "wms-support"})
    # the new user signs in to the console, no MFA, and looks around
    console = R.user(STORE, "wms-support", None)
    run.events.append(
        org.trail.add(
            t + 120,
            STORE,
            "us-east-1",
            "ConsoleLogin",
            console,
            ip,
            FIREFOX_WIN,
            response={"ConsoleLogin": "Success"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                },
            },
        )
    )
    run.ident = {**console, "accessKeyId": org.trail.key()}
    run.ua = FIREFOX_WIN
    t += 200
    for api in ("DescribeInstances", "ListBuckets", "ListSecrets", "DescribeRegions"):
        t = run.do(t, api)
    return run.truth(
        "A5",
        "GUI-vil: leaked warehouse key, S3 Browser, a console admin for persistence",
        "high",
        start,
        t,
        key,
    )


def new_account_task(org: Org, index: int, task: str) -> dict[str, Any]:
    """The marketplace account joined two days ago: a seller-api task's key from Linode."""
    ip = NETS["linode"].host(org.rng)
    minted = org.t(index, 8 + float(org.rng.uniform(0, 1)))
    key = mint(org, minted, MKT, HOME_REGION, "seller-api-task", task, "ecs-tasks.amazonaws.com")
    run = Run(org, MKT, ip, KALI_CLI, R.session(MKT, "seller-api-task", task, key, minted))
    t = start = minted + 900
    for api in (
        "GetCallerIdentity",
        "ListBuckets",
        "DescribeInstances",
        "ListSecrets",
        "GetSecretValue",
        "GetSecretValue",
    ):
        t = run.do(t, api)
    return run.truth(
        "A9",
        "marketplace task credentials (account two days old) used from Linode",
        "high",
        start,
        t,
        key,
    )


def cryptomining(org: Org, index: int) -> dict[str, Any]:
    """``terraform-bootstrap`` of the marketplace account: never seen before this call."""
    key = org.trail.key("AKIA")
    ip = NETS["alibaba"].host(org.rng)
    run = Run(org, MKT, ip, BOTO_VPS, R.user(MKT, "terraform-bootstrap", key))
    t = start = org.t(index, 16 + float(org.rng.uniform(0, 2)))
    t = run.do(t, "GetCallerIdentity")
    t = run.do(t, "DescribeRegions")
    regions = ("ap-southeast-1", "eu-north-1", "sa-east-1", "ap-south-1")
    for region in regions:
        t = run.do(
            t,
            "GetServiceQuota",
            region=region,
            params={"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
        )
    t = run.do(t, "ListServiceQuotas", region="ap-southeast-1", params={"serviceCode": "ec2"})
    for region in regions[:3]:
        t = run.do(t, "ImportKeyPair", region=region, params={"keyName": "dev-key"})
        t = run.do(t, "CreateSecurityGroup", region=region, params={"groupName": "default-ssh"})
        t = run.do(
            t,
            "AuthorizeSecurityGroupIngress",
            region=region,
            params={"ipPermissions": {"items": [{"ipProtocol": "-1"}]}},
        )
        for kind in ("g5.12xlarge", "p3.16xlarge"):
            fail = (
                (
                    "VcpuLimitExceeded",
                    "You have requested more vCPU capacity than your current vCPU limit",
                )
                if kind[0] == "p"
                else None
            )
            t = run.do(
                t,
                "RunInstances",
                region=region,
                error=fail,
                params={"instanceType": kind, "minCount": 4, "maxCount": 4},
            )
    t = run.do(
        t,
        "RequestServiceQuotaIncrease",
        region="eu-north-1",
        params={"QuotaCode": "L-DB2E81BA", "DesiredValue": 384},
    )
    return run.truth(
        "A10",
        "crypto-mining with a bootstrap key never seen before (cold start)",
        "high",
        start,
        t,
        key,
    )

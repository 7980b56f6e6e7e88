"""Ten attacks after public incident reports (Sysdig and Permiso on LLMjacking, Datadog and
Expel on crypto-mining with leaked keys, Halcyon's "Codefinger" SSE-C ransomware, Permiso and
Wiz on SES abuse, Mandiant and Expel on SSM lateral movement, Datadog and Invictus on
GetFederationToken / login-profile persistence, Datadog on GitHub OIDC roles without a ``sub``
condition, Unit 42 and Wiz on instance credentials and snapshot sharing), easy to hard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout4._attacks_sessions import ATTACKER_BROWSER, PY_LINUX, SessionAttacks
from benchmarks.heldout4._machines import Machines
from benchmarks.heldout4._org import ACCOUNTS, Org, at
from benchmarks.heldout4._people import Humans
from benchmarks.heldout4._trail import Incident
from benchmarks.heldout4._workloads import Workloads

UBUNTU_CLI = "aws-cli/1.22.34 Python/3.10.12 Linux/5.15.0-107-generic botocore/1.23.34"
GO_S3 = "aws-sdk-go-v2/1.25.2 os/linux lang/go#go1.21.6 md/GOOS#linux md/GOARCH#amd64 api/s3#1.51.0"
WIN_PY = "Boto3/1.26.137 Python/3.8.10 Windows/10 Botocore/1.29.137"
KALI = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{}"


class Attacks(SessionAttacks):
    def __init__(
        self, d: list[dt.date], humans: Humans, machines: Machines, work: Workloads
    ) -> None:
        self.d, self.humans, self.machines, self.work = d, humans, machines, work
        self.org: Org = humans.org
        self.trail = self.org.trail

    def run(self) -> None:
        for step in (
            self.llmjacking,
            self.mining,
            self.codefinger,
            self.ses,
            self.ssm_lateral,
            self.federation,
            self.oidc,
            self.emr_outside,
            self.snapshot,
            self.slow_recon,
        ):
            step()

    def calls(
        self,
        inc: Incident,
        t: dt.datetime,
        account: str,
        ident: dict[str, Any],
        ip: str,
        ua: str,
        steps: list[tuple[str, str, str, dict[str, Any], str | None]],
        gap: tuple[float, float] = (2, 40),
        **kw: Any,
    ) -> dt.datetime:
        """(region, service, API, parameters, error) one after the other."""
        for region, svc, api, params, error in steps:
            t += dt.timedelta(seconds=self.org.rng.uniform(*gap))
            self.trail.event(
                t,
                account,
                region,
                svc,
                api,
                ident,
                ip,
                ua.format(f"{svc}.{api.lower()}"),
                params=params,
                error=error,
                incident=inc,
                **kw,
            )
        return t

    def llmjacking(self) -> None:
        inc = self.trail.incident(
            "A1", "LLMjacking with the leaked Zabbix key (Bedrock)", "attack", "high"
        )
        shared = ACCOUNTS["shared"]
        ident = self.org.user(shared, "svc-monitoring", self.machines.key("svc-monitoring"))
        ip = self.org.net.host("hostinger", name="a1")
        model = "anthropic.claude-3-5-sonnet-20241022-v2:0"
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None)
        ]
        for region in ("us-east-1", "us-west-2", "eu-central-1"):
            steps += [
                (region, "bedrock", "GetModelInvocationLoggingConfiguration", {}, None),
                (region, "bedrock", "ListFoundationModels", {}, None),
                (region, "bedrock", "GetFoundationModelAvailability", {"modelId": model}, None),
                (region, "bedrock", "InvokeModel", {"modelId": model}, "ValidationException"),
            ]
        steps += [
            ("us-east-1", "bedrock", "PutUseCaseForModelAccess", {"formData": "***"}, None),
            ("us-east-1", "bedrock", "CreateFoundationModelAgreement", {"modelId": model}, None),
            ("us-east-1", "bedrock", "PutFoundationModelEntitlement", {"modelId": model}, None),
        ]
        t = self.calls(inc, at(self.d[1], 2.2), shared, ident, ip, PY_LINUX, steps)
        for _ in range(40):  # the reverse proxy starts selling access
            region = self.org.rng.choice(("us-east-1", "us-west-2"))
            t = self.calls(
                inc,
                t,
                shared,
                ident,
                ip,
                PY_LINUX,
                [(region, "bedrock", "InvokeModel", {"modelId": model}, None)],
                gap=(30, 300),
            )

    def mining(self) -> None:
        inc = self.trail.incident(
            "A2",
            "crypto-mining with the leaked Jenkins key (GPU instances, quota requests)",
            "attack",
            "high",
        )
        shared = ACCOUNTS["shared"]
        ident = self.org.user(shared, "svc-jenkins", self.machines.key("svc-jenkins"))
        ip = self.org.net.host("digitalocean", name="a2")
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None),
            ("us-east-1", "ec2", "DescribeRegions", {}, None),
        ]
        for region in ("ap-south-1", "sa-east-1", "ap-northeast-2", "eu-north-1"):
            steps += [
                (
                    region,
                    "servicequotas",
                    "GetServiceQuota",
                    {"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
                    None,
                ),
                (
                    region,
                    "servicequotas",
                    "RequestServiceQuotaIncrease",
                    {"serviceCode": "ec2", "quotaCode": "L-DB2E81BA", "desiredValue": 256},
                    None,
                ),
                (region, "ec2", "CreateKeyPair", {"keyName": "k8s-node"}, None),
                (region, "ec2", "CreateSecurityGroup", {"groupName": "default-ssh"}, None),
                (
                    region,
                    "ec2",
                    "AuthorizeSecurityGroupIngress",
                    {"ipPermissions": "0.0.0.0/0:22"},
                    None,
                ),
                (region, "ec2", "DescribeImages", {}, None),
                (
                    region,
                    "ec2",
                    "RunInstances",
                    {"instanceType": "g4dn.12xlarge", "minCount": 10},
                    "VcpuLimitExceeded",
                ),
                (
                    region,
                    "ec2",
                    "RunInstances",
                    {"instanceType": "p3.2xlarge", "minCount": 2},
                    None,
                ),
            ]
        self.calls(inc, at(self.d[2], 9.1), shared, ident, ip, UBUNTU_CLI, steps, gap=(1, 15))

    def codefinger(self) -> None:
        inc = self.trail.incident(
            "A3",
            "S3 ransomware with SSE-C and a 7-day expiry (Codefinger), partner key",
            "attack",
            "high",
        )
        shared = ACCOUNTS["shared"]
        ident = self.org.user(
            shared, "svc-partner-clearinghouse", self.machines.key("svc-partner-clearinghouse")
        )
        ip = self.org.net.host("ovh", name="a3")
        bucket = "crh-partner-exchange-311145520981"
        res = [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "s3", "ListBuckets", {}, None),
            ("us-east-1", "s3", "GetBucketVersioning", {"bucketName": bucket}, None),
            ("us-east-1", "s3", "ListObjectsV2", {"bucketName": bucket, "prefix": ""}, None),
        ]
        t = self.calls(inc, at(self.d[2], 6.4), shared, ident, ip, GO_S3, steps, resources=res)
        for n in range(60):
            t += dt.timedelta(seconds=self.org.rng.uniform(0.2, 2))
            name = f"archive/2025/{n:04d}.x12"
            self.trail.event(
                t,
                shared,
                "us-east-1",
                "s3",
                "CopyObject",
                ident,
                ip,
                GO_S3,
                params={
                    "bucketName": bucket,
                    "key": name,
                    "x-amz-copy-source": f"{bucket}/{name}",
                    "x-amz-server-side-encryption-customer-algorithm": "AES256",
                },
                additional={"SSEApplied": "SSE_C", "bytesTransferredIn": 0},
                resources=res,
                incident=inc,
                read_only=False,
            )
        self.calls(
            inc,
            t,
            shared,
            ident,
            ip,
            GO_S3,
            [
                (
                    "us-east-1",
                    "s3",
                    "PutBucketLifecycle",
                    {
                        "bucketName": bucket,
                        "LifecycleConfiguration": {
                            "Rule": {
                                "Status": "Enabled",
                                "Expiration": {"Days": 7},
                                "Filter": {"Prefix": ""},
                            }
                        },
                    },
                    None,
                ),
                (
                    "us-east-1",
                    "s3",
                    "PutObject",
                    {"bucketName": bucket, "key": "archive/README_RECOVER.txt"},
                    None,
                ),
            ],
            resources=res,
        )

    def ses(self) -> None:
        inc = self.trail.incident(
            "A4",
            "SES abuse with the SMTP user's key from a threat-list address",
            "attack",
            "medium",
        )
        prod = ACCOUNTS["prod"]
        ident = self.org.user(prod, "ses-smtp-user.20220914", self.machines.key("ses-smtp-user"))
        ip = self.org.net.host("m247", name="threat")
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None)
        ]
        for region in ("us-east-1", "us-west-2", "eu-west-1"):
            steps += [
                (region, "ses", "GetSendQuota", {}, None),
                (region, "ses", "ListIdentities", {}, None),
                (region, "ses", "GetAccountSendingEnabled", {}, None),
            ]
        steps += [
            ("us-east-1", "ses", "GetAccount", {}, None),
            ("us-east-1", "ses", "UpdateAccountSendingEnabled", {"enabled": True}, None),
            (
                "us-east-1",
                "ses",
                "PutAccountDetails",
                {"mailType": "TRANSACTIONAL", "websiteURL": "https://cobaltridgehealth.com"},
                None,
            ),
            (
                "us-east-1",
                "ses",
                "CreateEmailIdentity",
                {"emailIdentity": "crh-billing-notice.com"},
                None,
            ),
        ]
        self.calls(inc, at(self.d[3], 1.5), prod, ident, ip, WIN_PY, steps, gap=(3, 90))

    def federation(self) -> None:
        inc = self.trail.incident(
            "A6",
            "leaked Terraform key: GetFederationToken, CreateLoginProfile, UpdateLoginProfile",
            "attack",
            "high",
        )
        shared = ACCOUNTS["shared"]
        ident = self.org.user(shared, "svc-tf-legacy", self.machines.key("svc-tf-legacy"))
        ip = self.org.net.host("vultr", name="a6")
        steps: list[tuple[str, str, str, dict[str, Any], str | None]] = [
            ("us-east-1", "sts", "GetCallerIdentity", {}, None),
            ("us-east-1", "iam", "ListUsers", {}, None),
            (
                "us-east-1",
                "iam",
                "GetLoginProfile",
                {"userName": "svc-backup-legacy"},
                "NoSuchEntity",
            ),
            (
                "us-east-1",
                "iam",
                "CreateLoginProfile",
                {"userName": "svc-backup-legacy", "passwordResetRequired": False},
                None,
            ),
            (
                "us-east-1",
                "iam",
                "UpdateLoginProfile",
                {"userName": "breakglass-admin", "passwordResetRequired": False},
                None,
            ),
        ]
        t = self.calls(inc, at(self.d[4], 2.1), shared, ident, ip, KALI, steps, gap=(5, 60))
        fed_key = self.trail.key()
        t += dt.timedelta(seconds=30)
        self.trail.event(
            t,
            shared,
            "us-east-1",
            "sts",
            "GetFederationToken",
            ident,
            ip,
            KALI.format("sts.get-federation-token"),
            params={
                "name": "tf-maint",
                "durationSeconds": 129600,
                "policyArns": [{"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
            },
            response={
                "credentials": {"accessKeyId": fed_key},
                "federatedUser": {
                    "federatedUserId": f"{shared}:tf-maint",
                    "arn": f"arn:aws:sts::{shared}:federated-user/tf-maint",
                },
            },
            incident=inc,
        )
        fed = {
            "type": "FederatedUser",
            "principalId": f"{shared}:tf-maint",
            "arn": f"arn:aws:sts::{shared}:federated-user/tf-maint",
            "accountId": shared,
            "accessKeyId": fed_key,
            "sessionContext": {
                "sessionIssuer": {
                    "type": "IAMUser",
                    "principalId": ident["principalId"],
                    "arn": ident["arn"],
                    "accountId": shared,
                    "userName": "svc-tf-legacy",
                },
                "attributes": {
                    "creationDate": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "mfaAuthenticated": "false",
                },
            },
        }
        self.trail.event(
            t + dt.timedelta(minutes=2),
            shared,
            "us-east-1",
            "signin",
            "GetSigninToken",
            fed,
            ip,
            ATTACKER_BROWSER,
            response={"GetSigninToken": "Success"},
            event_type="AwsConsoleSignIn",
            incident=inc,
            read_only=False,
        )
        self.trail.event(
            t + dt.timedelta(minutes=2, seconds=5),
            shared,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            {k: v for k, v in fed.items() if k != "accessKeyId"},
            ip,
            ATTACKER_BROWSER,
            response={"ConsoleLogin": "Success"},
            additional={"MFAUsed": "No", "MobileVersion": "No"},
            event_type="AwsConsoleSignIn",
            incident=inc,
            read_only=False,
        )
        self.calls(
            inc,
            t + dt.timedelta(minutes=3),
            shared,
            fed,
            ip,
            ATTACKER_BROWSER,
            [
                ("us-east-1", "iam", "ListRoles", {}, None),
                ("us-east-1", "iam", "ListUsers", {}, None),
                ("us-east-1", "s3", "ListBuckets", {}, None),
            ],
            console=True,
        )
        user = self.org.user(shared, "svc-backup-legacy", None)
        self.trail.event(
            t + dt.timedelta(minutes=9),
            shared,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            user,
            ip,
            ATTACKER_BROWSER,
            response={"ConsoleLogin": "Success"},
            additional={
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "No",
            },
            event_type="AwsConsoleSignIn",
            incident=inc,
            read_only=False,
        )

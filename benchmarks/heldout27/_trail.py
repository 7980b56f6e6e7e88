"""CloudTrail records as AWS writes them for each kind of credential Tamarack has: IAM users'
keys, SAML and IAM Identity Center role sessions, instance profiles, Lambda and ECS (Batch job)
roles minted by their services, GitHub's OIDC web identity, other accounts' role sessions, AWS
services acting for a role (``invokedBy``) and service-linked roles; and the user agents the
real SDKs, CLIs and consoles write."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

# user agents, as CloudTrail records them
UA = {
    "cli_mac": "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.cp",
    "cli_linux": "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#s3.ls",
    "cli_win": "aws-cli/2.17.51 md/awscrt#0.21.5 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.cp",
    "saml2aws": "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)",
    "jupyter": "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.15.0-125-generic md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36",
    "jupyter_leak": "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.0-kali9-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36",
    "kali_cli": "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off md/command#sts.get-caller-identity",
    "go_pacu": "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64",
    "ecs_agent": "aws-sdk-go/1.54.2 (go1.22.3; linux; amd64) amazon-ecs-agent/1.86.3",
    "batch_job": "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#legacy Botocore/1.34.162",
    "batch_job_v2": "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#legacy Botocore/1.35.70",
    "lambda_qc": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
    "lambda_reg": "aws-sdk-nodejs/3.682.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/s3#3.682.0 exec-env/AWS_Lambda_nodejs20.x",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.78.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.5 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.193.0",
    "terraform_v6": "APN/1.0 HashiCorp/1.0 Terraform/1.10.1 (+https://www.terraform.io) terraform-provider-aws/6.0.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.36.3 ua/2.1 os/linux lang/go#1.24.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.210.0",
    "gha_sts": "aws-sdk-nodejs/3.693.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.1 api/sts#3.693.0 configure-aws-credentials-for-github-actions",
    "consortium": "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.54",
    "consortium_bulk": "python-requests/2.32.3 Boto3/1.26.0 Python/3.8.10 Linux/5.4.0-200-generic Botocore/1.29.0",
    "prowler": "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.8.0-1020-aws md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.35.90 prowler/5.1.0",
    "cryosparc": "Boto3/1.35.12 md/Botocore#1.35.12 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.12",
    "ssm_agent": "aws-sdk-go/1.51.24 (go1.22.6; linux; amd64) amazon-ssm-agent/3.3.1142.0",
    "chrome_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "firefox_linux": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "s3_console": "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.227-198.890.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.432-b08 java/1.8.0_432 vendor/Oracle_Corporation cfg/retry-mode/standard]",
    "athena_console": "AWSCloudConsole",
}


def ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Ids:
    """Seeded identifiers: event and request IDs, access keys, principal IDs."""

    rng: random.Random

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(16))

    def principal(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(B32[:26] + "234567") for _ in range(17))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def request(self) -> str:
        return "".join(self.rng.choice("0123456789ABCDEF") for _ in range(16))


@dataclass
class Role:
    account: str
    name: str
    role_id: str
    path: str = "/"

    @property
    def arn(self) -> str:
        return f"arn:aws:iam::{self.account}:role{self.path}{self.name}"


@dataclass
class Session:
    """A role session's key: who minted it, when, and its identity block."""

    role: Role
    name: str
    key: str
    issued: dt.datetime
    mfa: bool = False
    ec2: bool = False
    console: bool = False
    source_identity: str | None = None
    web_identity: dict[str, Any] | None = None
    event: str = ""  # the eventID of the call that minted it

    def identity(self) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": self.role.role_id,
                "arn": self.role.arn,
                "accountId": self.role.account,
                "userName": self.role.name,
            },
            "attributes": {
                "creationDate": ts(self.issued),
                "mfaAuthenticated": "true" if self.mfa else "false",
            },
        }
        if self.web_identity is not None:
            ctx["webIdFederationData"] = self.web_identity
        else:
            ctx["webIdFederationData"] = {}
        if self.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        if self.source_identity:
            ctx["sourceIdentity"] = self.source_identity
        return {
            "type": "AssumedRole",
            "principalId": f"{self.role.role_id}:{self.name}",
            "arn": f"arn:aws:sts::{self.role.account}:assumed-role/{self.role.name}/{self.name}",
            "accountId": self.role.account,
            "accessKeyId": self.key,
            "sessionContext": ctx,
        }


@dataclass
class User:
    account: str
    name: str
    user_id: str
    key: str

    def identity(self) -> dict[str, Any]:
        return {
            "type": "IAMUser",
            "principalId": self.user_id,
            "arn": f"arn:aws:iam::{self.account}:user/{self.name}",
            "accountId": self.account,
            "accessKeyId": self.key,
            "userName": self.name,
        }


def service_identity(service: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": service}


@dataclass
class Trail:
    """Every record of the organisation, with the time CloudTrail delivers it."""

    ids: Ids
    records: list[tuple[dt.datetime, str, str, dict[str, Any]]] = field(default_factory=list)

    def call(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        source: str,
        name: str,
        identity: dict[str, Any],
        ip: str,
        ua: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        read_only: bool | None = None,
        data: list[dict[str, str]] | None = None,
        vpce: str | None = None,
        console: bool = False,
        event_type: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record; returns its eventID."""
        event_id = self.ids.uuid()
        service = source.split(".")[0]
        host = (
            f"{service}.{region}.amazonaws.com"
            if service not in ("iam", "s3")
            else ("iam.amazonaws.com" if service == "iam" else f"s3.{region}.amazonaws.com")
        )
        rec: dict[str, Any] = {
            "eventVersion": "1.11" if data is None else "1.10",
            "userIdentity": identity,
            "eventTime": ts(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.request() if service == "s3" else self.ids.uuid(),
            "eventID": event_id,
            "readOnly": read_only if read_only is not None else _read_only(name),
            "eventType": event_type,
            "managementEvent": data is None,
            "recipientAccountId": account,
            "eventCategory": "Management" if data is None else "Data",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
            rec["responseElements"] = None
        if data is not None:
            rec["resources"] = data
        if vpce is not None:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if console:
            rec["sessionCredentialFromConsole"] = "true"
        if not ip.endswith(".amazonaws.com") and ip != "AWS Internal":
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        if extra:
            rec.update(extra)
        delay = dt.timedelta(seconds=self.ids.rng.choice((150, 240, 330, 420, 540, 720, 900)))
        if self.ids.rng.random() < 0.01:
            delay += dt.timedelta(minutes=self.ids.rng.randint(20, 50))
        self.records.append((t + delay, account, region, rec))
        return event_id


def _read_only(name: str) -> bool:
    return name.startswith(
        (
            "Get",
            "List",
            "Describe",
            "Head",
            "Lookup",
            "Search",
            "Discover",
            "BatchGet",
            "Scan",
            "Query",
        )
    )


def s3_object(bucket: str, key: str, account: str) -> list[dict[str, str]]:
    return [
        {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
        {"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"},
    ]


def credentials(session: Session, hours: float) -> dict[str, Any]:
    """The responseElements of an AssumeRole* that minted ``session``."""
    return {
        "credentials": {
            "accessKeyId": session.key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + session.key[4:] + "=",
            "expiration": (session.issued + dt.timedelta(hours=hours)).strftime(
                "%b %d, %Y, %I:%M:%S %p"
            ),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{session.role.role_id}:{session.name}",
            "arn": f"arn:aws:sts::{session.role.account}:assumed-role/{session.role.name}/{session.name}",
        },
    }

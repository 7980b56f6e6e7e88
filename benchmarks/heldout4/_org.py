"""Cobalt Ridge Health: who works in which account, and the calls that mint credentials.

A US health insurer's care-management company (HIPAA) without AWS Organizations' Identity
Center: people federate from Okta by SAML straight into account roles, a few legacy IAM users
with long-lived keys run on-prem (Direct Connect) or at a partner, and each account has its own
trail."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout4._net import Addresses
from benchmarks.heldout4._trail import Incident, Trail, iso, service, session, user

ACCOUNTS = {
    "shared": "311145520981",  # tooling: Jenkins, legacy users, Terraform plan
    "prod": "402817736254",  # patient portal (active-active us-east-1 / us-west-2), Bedrock app
    "data": "519034662870",  # EMR, Glue, Athena, Redshift, Step Functions, Batch
    "backup": "627741098313",  # AWS Backup vaults, cross-account copies
    "dev": "734290815546",
    "west": "845513279604",  # an acquired clinic network's account, joins mid-trail
}
OUTSIDE = "990377241865"  # an account the company does not own (A9's receiver)
HOLIDAYS = {dt.date(2025, 6, 19), dt.date(2025, 7, 4)}  # Juneteenth, Independence Day
LAST_DAY = dt.date(2025, 7, 8)
DOMAIN = "cobaltridgehealth.com"
OKTA = "http://www.okta.com/exk8q2v1xdUe3Mf7a697"
SAML_IDP = "Nx2kq9LmT0aOktaCRH"  # the identityProvider CloudTrail shows for the Okta SAML provider

BROWSERS = {
    "mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36",
    "win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/137.0.0.0 Safari/537.36 Edg/137.0.0.0",
    "ff": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:139.0) Gecko/20100101 Firefox/139.0",
}
CLIS = {
    "mac": "aws-cli/2.27.22 md/awscrt#0.26.1 ua/2.1 os/macos#24.5.0 md/arch#arm64 lang/python#3.13.3 md/pyimpl#CPython m/E,b,Z cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}",
    "win": "aws-cli/2.27.10 md/awscrt#0.25.7 ua/2.1 os/windows#10 md/arch#amd64 lang/python#3.13.2 md/pyimpl#CPython m/E,Z cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
    "ff": "aws-cli/2.26.4 md/awscrt#0.25.4 ua/2.1 os/linux#6.8.0-60-generic md/arch#x86_64 lang/python#3.13.2 md/pyimpl#CPython m/E cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}",
}
OKTA_CLI = "okta-aws-cli/2.4.1 (darwin/arm64) aws-sdk-go-v2/1.36.3 os/macos lang/go#1.23.4 md/GOOS#darwin md/GOARCH#arm64 api/sts#1.33.19"
# plain EC2 sets no AWS_EXECUTION_ENV, so the SDK adds no exec-env there (Lambda and ECS do)
BOTO_EC2 = "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/linux#6.1.134-152.225.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.162"
BOTO_ECS = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#5.10.234-225.910.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.9 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.36"
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.11; linux; amd64) amazon-ssm-agent/3.3.1957.0"
CW_AGENT = "aws-sdk-go/1.54.19 (go1.22.7; linux; amd64) CWAgent/1.300049.1b929"
EMRFS = "aws-sdk-java/1.12.772 Linux/5.10.234-225.910.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.14+7-LTS java/17.0.14 scala/2.12.18 vendor/Amazon.com_Inc. cfg/retry-mode/standard EMRFS/2.68.0"
GLUE = "aws-sdk-java/1.12.780 Linux/5.10.234-225.910.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.14+7-LTS java/17.0.14 scala/2.12.18 kotlin/1.6.21 vendor/Amazon.com_Inc. cfg/retry-mode/standard exec-env/AWS_Glue"
JENKINS = "aws-cli/2.15.30 Python/3.11.8 Linux/4.18.0-553.el8_10.x86_64 exe/x86_64.rhel.8 prompt/off command/{cmd}"
ZABBIX = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/{api} zabbix-cloudwatch/7.0.4"
PARTNER = "aws-sdk-java/1.12.261 Linux/3.10.0-1160.119.1.el7.x86_64 OpenJDK_64-Bit_Server_VM/25.422-b05 java/1.8.0_422 vendor/Red_Hat,_Inc. cfg/retry-mode/legacy"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.49.0 (go1.21.5; linux; amd64)"
GHA = "aws-sdk-nodejs/2.1692.0 linux/v20.19.2 configure-aws-credentials-for-github-actions promise"
GHA_CLI = "aws-cli/2.27.25 md/awscrt#0.26.1 ua/2.1 os/linux#6.11.0-1015-azure md/arch#x86_64 lang/python#3.13.3 md/pyimpl#CPython m/E cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#{cmd}"
DOCKER = "docker/28.0.4 go/go1.23.7 git-commit/6430e49 kernel/6.11.0-1015-azure os/linux arch/amd64 UpstreamClient(Docker-Client/28.0.4 \\(linux\\))"


@dataclass
class Person:
    first: str
    role: str  # the Okta-* SAML role
    accounts: tuple[str, ...]
    isp: str
    tz: int  # hours behind UTC in summer
    device: str
    on_call: bool = False

    @property
    def email(self) -> str:
        return f"{self.first}@{DOMAIN}"


PEOPLE = [
    Person(
        "dana.whitfield",
        "Okta-PlatformAdmin",
        ("prod", "shared", "data", "dev"),
        "verizon",
        4,
        "mac",
        True,
    ),
    Person(
        "marcus.oyelaran",
        "Okta-PlatformAdmin",
        ("prod", "shared", "dev", "backup"),
        "comcast",
        4,
        "win",
        True,
    ),
    Person(
        "priya.raman", "Okta-PlatformAdmin", ("prod", "data", "dev"), "centurylink", 7, "mac", True
    ),
    Person("tom.kessler", "Okta-Engineer", ("dev", "prod"), "att", 5, "mac"),
    Person("lucia.mendes", "Okta-Engineer", ("dev", "prod"), "charter", 6, "ff"),
    Person("jin.park", "Okta-Engineer", ("dev",), "cox", 7, "mac"),
    Person("ahmed.saleh", "Okta-Engineer", ("dev", "prod"), "office", 5, "win"),
    Person("grace.lindqvist", "Okta-Engineer", ("dev",), "comcast", 4, "mac"),
    Person("omar.haddad", "Okta-DataEngineer", ("data",), "verizon", 4, "ff"),
    Person("sofia.brandt", "Okta-DataEngineer", ("data", "dev"), "office", 5, "mac"),
    Person("kenji.watanabe", "Okta-DataEngineer", ("data",), "centurylink", 7, "mac"),
    Person("rachel.nguyen", "Okta-Analyst", ("data",), "att", 5, "win"),
    Person("ben.castillo", "Okta-Analyst", ("data",), "office", 5, "win"),
    Person("helen.osei", "Okta-FinOps", ("shared", "prod", "data"), "office", 5, "win"),
    Person(
        "victor.ames",
        "Okta-SecurityAudit",
        ("shared", "prod", "data", "backup"),
        "charter",
        6,
        "mac",
    ),
]
WEST_PEOPLE = [
    Person("nora.fielding", "Okta-WestAdmin", ("west",), "cox", 7, "win", True),
    Person("eli.barros", "Okta-Engineer", ("west",), "cox", 7, "mac"),
]


class Org:
    """Identifiers that stay fixed for the trail, and the calls that mint credentials."""

    def __init__(self, trail: Trail, net: Addresses, rng: random.Random) -> None:
        self.trail, self.net, self.rng = trail, net, rng
        self._ids: dict[str, str] = {}

    def role_id(self, account: str, role: str) -> str:
        return self._ids.setdefault(f"role:{account}:{role}", self.trail.ident("AROA", 17))

    def user_id(self, account: str, name: str) -> str:
        return self._ids.setdefault(f"user:{account}:{name}", self.trail.ident("AIDA", 17))

    def user(self, account: str, name: str, key: str | None) -> dict[str, Any]:
        return user(account, name, key, self.user_id(account, name))

    def session(
        self, account: str, role: str, name: str, key: str | None, created: dt.datetime, **kw: Any
    ) -> dict[str, Any]:
        return session(account, role, self.role_id(account, role), name, key, created, **kw)

    def _minted(
        self, account: str, role: str, name: str, key: str, t: dt.datetime, hours: float
    ) -> dict[str, Any]:
        return {
            "credentials": {
                "accessKeyId": key,
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{self.role_id(account, role)}:{name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
            },
        }

    def by_service(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        role: str,
        name: str,
        svc: str,
        *,
        path: str = "",
        hours: float = 6,
        incident: Incident | None = None,
    ) -> str:
        """``AssumeRole`` made by an AWS service for a workload (EC2, ECS, Glue, Backup...)."""
        key = self.trail.key()
        self.trail.event(
            t,
            account,
            region,
            "sts",
            "AssumeRole",
            service(svc),
            svc,
            svc,
            params={
                "roleArn": f"arn:aws:iam::{account}:role/{path}{role}",
                "roleSessionName": name,
                "durationSeconds": int(hours * 3600),
            },
            response=self._minted(account, role, name, key, t, hours),
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": f"arn:aws:iam::{account}:role/{path}{role}",
                }
            ],
            incident=incident,
            read_only=True,
        )
        return key

    def saml(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        email: str,
        ip: str,
        agent: str,
        *,
        hours: float = 1,
        incident: Incident | None = None,
    ) -> str:
        """``AssumeRoleWithSAML`` from Okta (console sign-in or okta-aws-cli)."""
        key = self.trail.key()
        self.trail.event(
            t,
            account,
            "us-east-1",
            "sts",
            "AssumeRoleWithSAML",
            {
                "type": "SAMLUser",
                "principalId": f"{SAML_IDP}:{email}",
                "userName": email,
                "identityProvider": SAML_IDP,
            },
            ip,
            agent,
            params={
                "sAMLAssertionID": "id" + self.trail.hexid("", 24),
                "roleSessionName": email,
                "roleArn": f"arn:aws:iam::{account}:role/{role}",
                "principalArn": f"arn:aws:iam::{account}:saml-provider/Okta",
                "durationSeconds": int(hours * 3600),
            },
            response={
                **self._minted(account, role, email, key, t, hours),
                "subject": email,
                "subjectType": "persistent",
                "issuer": OKTA,
                "audience": "https://signin.aws.amazon.com/saml",
                "nameQualifier": "Sk2mP0qXbDvT6Lz+4r1fWcAeN0Y=",
            },
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": f"arn:aws:iam::{account}:role/{role}",
                },
                {
                    "accountId": account,
                    "type": "AWS::IAM::SAMLProvider",
                    "ARN": f"arn:aws:iam::{account}:saml-provider/Okta",
                },
            ],
            incident=incident,
            read_only=True,
        )
        return key

    def console_login(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        email: str,
        ip: str,
        agent: str,
        *,
        incident: Incident | None = None,
    ) -> None:
        identity = self.session(account, role, email, None, t)
        identity.pop("sessionContext")
        self.trail.event(
            t,
            account,
            "us-east-1",
            "signin",
            "ConsoleLogin",
            identity,
            ip,
            agent,
            response={"ConsoleLogin": "Success"},
            additional={
                "LoginTo": "https://console.aws.amazon.com/console/home?region=us-east-1",
                "MobileVersion": "No",
                "MFAUsed": "No",
                "SamlProviderArn": f"arn:aws:iam::{account}:saml-provider/Okta",
            },
            event_type="AwsConsoleSignIn",
            incident=incident,
            read_only=False,
        )

    def assume_cross(
        self,
        t: dt.datetime,
        caller: dict[str, Any],
        caller_account: str,
        account: str,
        role: str,
        name: str,
        ip: str,
        agent: str,
        *,
        vpce: str | None = None,
        incident: Incident | None = None,
    ) -> str:
        """A cross-account ``AssumeRole``: logged in both accounts under one sharedEventID."""
        key, shared = self.trail.key(), self.trail.uuid()
        for recipient in (caller_account, account):
            self.trail.event(
                t,
                caller_account,
                "us-east-1",
                "sts",
                "AssumeRole",
                caller,
                ip,
                agent,
                params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": name},
                response=self._minted(account, role, name, key, t, 1),
                resources=[
                    {
                        "accountId": account,
                        "type": "AWS::IAM::Role",
                        "ARN": f"arn:aws:iam::{account}:role/{role}",
                    }
                ],
                shared=shared,
                recipient=recipient,
                incident=incident,
                read_only=True,
                vpce=vpce,
                vpce_account=caller_account,
            )
        return key

    def github(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        subject: str,
        ip: str,
        *,
        incident: Incident | None = None,
    ) -> str:
        """``AssumeRoleWithWebIdentity`` from token.actions.githubusercontent.com."""
        key = self.trail.key()
        provider = f"arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com"
        self.trail.event(
            t,
            account,
            "us-east-1",
            "sts",
            "AssumeRoleWithWebIdentity",
            {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": provider,
            },
            ip,
            GHA,
            params={
                "roleArn": f"arn:aws:iam::{account}:role/{role}",
                "roleSessionName": "GitHubActions",
                "durationSeconds": 3600,
            },
            response={
                **self._minted(account, role, "GitHubActions", key, t, 1),
                "subjectFromWebIdentityToken": subject,
                "provider": provider,
                "audience": "sts.amazonaws.com",
            },
            additional={"identityProviderConnectionVerificationMethod": "IAMTrustStore"},
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": f"arn:aws:iam::{account}:role/{role}",
                }
            ],
            incident=incident,
            read_only=True,
        )
        return key

    def workday(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in HOLIDAYS


def at(day: dt.date, hour: float) -> dt.datetime:
    """``day`` at ``hour`` (UTC, may run past 24) as an aware datetime."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)


__all__ = ["ACCOUNTS", "PEOPLE", "WEST_PEOPLE", "Org", "Person", "at", "iso"]

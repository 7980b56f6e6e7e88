"""Tern Orbital: its accounts, people, workloads' roles, user agents, and how each kind of
credential is minted in the trail (the STS events that bind a session key to its instance,
function, task, person, workflow or partner)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout33._trail import Record, Trail, stamp

MGMT, GROUND, PROC, DELIV, EDGE = (
    "381946220575",
    "518266402917",
    "733015984426",
    "264870351198",
    "890213657743",
)
ACCOUNTS = (MGMT, GROUND, PROC, DELIV, EDGE)
VENDOR = "627491830056"  # Aldebaran Flight Software, Toulouse
CUSTOMERS = {"cust-us": "145903267718", "cust-eu": "302118745566", "cust-au": "559820147303"}
NEW_CUSTOMER = "774410982235"  # B5: a national mapping agency's account
GS_REGIONS = ("us-east-2", "eu-north-1", "ap-southeast-2")
AWS_NET = {
    "us-east-2": "aws-use2",
    "eu-north-1": "aws-eun1",
    "ap-southeast-2": "aws-apse2",
    "af-south-1": "aws-afs1",
}
SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
SSO_SUFFIX = {
    "MissionOps": "5c1f0a9d3e7b2468",
    "Processing": "a07e3b91c4d2f685",
    "Delivery": "2d94e1b0a8c7f356",
    "PlatformAdmin": "f3816c2a0e9d47b5",
    "MLEngineer": "7b2a9e40d1c3f856",
    "SecurityAudit": "e6d5c4b3a2918f70",
}

UA_CLI_MAC = "aws-cli/2.17.52 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
UA_CLI_LINUX = "aws-cli/2.17.52 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython md/distrib#ubuntu.24 cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
UA_CLI_WIN = "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"
UA_FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
UA_CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
UA_EDGE_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
UA_LAMBDA = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145"
UA_BATCH_X86 = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.112-122.189.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#standard Botocore/1.35.36 tern-l1proc/4.2.0"
UA_BATCH_ARM = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1.115-126.197.amzn2023.aarch64 md/arch#aarch64 lang/python#3.11.10 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#standard Botocore/1.35.36 tern-l1proc/4.3.0"
UA_ECS_AGENT_X86 = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ecs-agent/1.87.1 (0f7d4e5b)"
UA_ECS_AGENT_ARM = "aws-sdk-go/1.55.5 (go1.22.7; linux; arm64) amazon-ecs-agent/1.88.0 (6b1e2c90)"
UA_SSM = "aws-sdk-go/1.55.5 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.987.0"
UA_DFE = "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.31.57 aws-gs-dataflow-endpoint/1.2"
UA_MOC = "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.14.0-427.40.1.el9_4.x86_64 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.84 tern-moc-bridge/2.8"
UA_GHA_STS = "aws-sdk-nodejs/3.654.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.654.0 configure-aws-credentials-for-github-actions"
UA_TF = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/{api}"
UA_SAGEMAKER = "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#5.10.226-214.879.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.40 sagemaker-training-toolkit/4.8.1"
UA_CUSTOMER = (
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Wget/1.21.4",
    "GDAL/3.9.2 (+https://gdal.org)",
)
UA_S3_SDK = "aws-sdk-java/2.28.11 Linux/5.15.0-1071-aws OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/adaptive"


@dataclass(frozen=True)
class Person:
    """An engineer with an Identity Center user: where they work and with what."""

    user: str
    team: str  # permission set
    account: str
    office: str
    home: str
    tz: int  # hours from UTC
    browser: str
    cli: str
    oncall: bool = False


PEOPLE = (
    Person(
        "mara.kessler",
        "MissionOps",
        GROUND,
        "office-us",
        "home-us",
        -5,
        UA_CHROME_MAC,
        UA_CLI_MAC,
        True,
    ),
    Person(
        "dwayne.ortiz",
        "MissionOps",
        GROUND,
        "office-us",
        "home-us2",
        -5,
        UA_EDGE_WIN,
        UA_CLI_WIN,
        True,
    ),
    Person(
        "lena.berg", "MissionOps", GROUND, "office-se", "home-se", 1, UA_FIREFOX, UA_CLI_LINUX, True
    ),
    Person(
        "oskar.nilsson",
        "MissionOps",
        GROUND,
        "office-se",
        "home-se2",
        1,
        UA_CHROME_MAC,
        UA_CLI_MAC,
        True,
    ),
    Person(
        "tahlia.reid",
        "MissionOps",
        GROUND,
        "office-au",
        "home-au",
        10,
        UA_CHROME_MAC,
        UA_CLI_MAC,
        True,
    ),
    Person(
        "ravi.menon",
        "MissionOps",
        GROUND,
        "office-au",
        "home-au2",
        10,
        UA_FIREFOX,
        UA_CLI_LINUX,
        True,
    ),
    Person("jonas.ek", "Processing", PROC, "office-se", "home-se2", 1, UA_FIREFOX, UA_CLI_LINUX),
    Person("priya.shah", "Processing", PROC, "office-us", "home-us", -5, UA_CHROME_MAC, UA_CLI_MAC),
    Person(
        "liam.obrien", "Processing", PROC, "office-au", "home-au", 10, UA_CHROME_MAC, UA_CLI_MAC
    ),
    Person("sofia.lind", "MLEngineer", PROC, "office-se", "home-se", 1, UA_CHROME_MAC, UA_CLI_MAC),
    Person(
        "kai.nakamura", "MLEngineer", PROC, "office-us", "home-us2", -5, UA_FIREFOX, UA_CLI_LINUX
    ),
    Person("grace.tan", "Delivery", DELIV, "office-au", "home-au2", 10, UA_EDGE_WIN, UA_CLI_WIN),
    Person("ben.carter", "Delivery", DELIV, "office-us", "home-us", -5, UA_CHROME_MAC, UA_CLI_MAC),
    Person(
        "ingrid.holm", "PlatformAdmin", MGMT, "office-se", "home-se", 1, UA_FIREFOX, UA_CLI_LINUX
    ),
    Person(
        "sam.whitford", "PlatformAdmin", MGMT, "office-au", "home-au", 10, UA_CHROME_MAC, UA_CLI_MAC
    ),
)
BY_USER = {p.user: p for p in PEOPLE}


def role_id(name: str) -> str:
    """A stable AROA id per role name (ids are part of the principalId CloudTrail writes)."""
    digest = base64.b32encode(hashlib.sha256(name.encode()).digest()).decode()
    return "AROA" + digest[:17]


def sso_role(team: str) -> str:
    return f"AWSReservedSSO_{team}_{SSO_SUFFIX[team]}"


def sso_arn(acct: str, team: str, user: str) -> str:
    """The principal ``ueba`` learns for an Identity Center person (docs/enrichment-identity.md)."""
    return f"arn:aws:sts::{acct}:assumed-role/{sso_role(team)}/{user}"


def role_arn(acct: str, role: str) -> str:
    return f"arn:aws:iam::{acct}:role/{role}"


@dataclass
class Creds:
    """A minted session: its key, userIdentity and when it expires."""

    key: str
    ident: Record
    issued: dt.datetime
    expires: dt.datetime
    event_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _sts_response(
    trail: Trail, acct: str, role: str, session: str, key: str, t: dt.datetime, hours: float
) -> Record:
    return {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + trail.token("", 24),
            "expiration": stamp(t + dt.timedelta(hours=hours)),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{role_id(role)}:{session}",
            "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{session}",
        },
    }


def service_creds(
    trail: Trail,
    t: dt.datetime,
    acct: str,
    region: str,
    role: str,
    session: str,
    service: str,
    *,
    hours: float = 6,
    ec2: bool = False,
    path: str = "/",
) -> Creds:
    """A session minted by an AWS service for a workload (``ec2.amazonaws.com`` with the
    instance id, ``lambda.amazonaws.com`` with the function, ``ecs-tasks.amazonaws.com`` with
    the task id): the AssumeRole the service writes into the account's trail."""
    key = trail.token("ASIA")
    arn = f"arn:aws:iam::{acct}:role{path}{role}"
    eid = trail.ev(
        t,
        acct,
        region,
        "sts.amazonaws.com",
        "AssumeRole",
        Trail.service(service),
        service,
        service,
        params={"roleArn": arn, "roleSessionName": session, "durationSeconds": int(hours * 3600)},
        resp=_sts_response(trail, acct, role, session, key, t, hours),
        resources=[{"accountId": acct, "type": "AWS::IAM::Role", "ARN": arn}],
        readonly=True,
        extra={"sharedEventID": trail.uid()},
    )
    ident = Trail.role(acct, role, role_id(role), session, key, t, ec2=ec2, path=path)
    return Creds(key, ident, t, t + dt.timedelta(hours=hours), eid)


def sso_creds(
    trail: Trail,
    t: dt.datetime,
    p: Person,
    ip: str,
    ua: str,
    *,
    acct: str | None = None,
    team: str | None = None,
) -> Creds:
    """An Identity Center sign-in to an account: AssumeRoleWithSAML through the portal's SAML
    provider, then the permission set's role session named for the person."""
    acct, team = acct or p.account, team or p.team
    role = sso_role(team)
    key = trail.token("ASIA")
    provider = f"arn:aws:iam::{acct}:saml-provider/AWSSSO_9f3e2d1c0b4a5968_DO_NOT_DELETE"
    eid = trail.ev(
        t,
        acct,
        "us-east-2",
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        {
            "type": "SAMLUser",
            "principalId": f"hcP3yQ0s9GMsgAkVrI1S0tPgmqs=:{p.user}",
            "userName": p.user,
            "identityProvider": "hcP3yQ0s9GMsgAkVrI1S0tPgmqs=",
        },
        ip,
        ua,
        params={
            "sAMLAssertionID": "_" + trail.uid(),
            "roleSessionName": p.user,
            "principalArn": provider,
            "roleArn": f"arn:aws:iam::{acct}:role{SSO_PATH}{role}",
            "durationSeconds": 43200,
        },
        resp=_sts_response(trail, acct, role, p.user, key, t, 12),
        readonly=True,
    )
    ident = Trail.role(acct, role, role_id(role), p.user, key, t, path=SSO_PATH)
    return Creds(key, ident, t, t + dt.timedelta(hours=12), eid)


def github_creds(
    trail: Trail, t: dt.datetime, acct: str, repo: str, ip: str, ref: str = "refs/heads/main"
) -> Creds:
    """A GitHub Actions job's OIDC token exchanged for the deploy role."""
    role, key = "github-actions-deploy", trail.token("ASIA")
    sub = f"repo:tern-orbital/{repo}:ref:{ref}" if "/" not in repo else f"repo:{repo}:ref:{ref}"
    provider = f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com"
    eid = trail.ev(
        t,
        acct,
        "us-east-2",
        "sts.amazonaws.com",
        "AssumeRoleWithWebIdentity",
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{sub}",
            "userName": sub,
            "identityProvider": provider,
        },
        ip,
        UA_GHA_STS,
        params={
            "roleArn": role_arn(acct, role),
            "roleSessionName": "GitHubActions",
            "durationSeconds": 3600,
        },
        resp={
            **_sts_response(trail, acct, role, "GitHubActions", key, t, 1),
            "subjectFromWebIdentityToken": sub,
            "provider": provider,
            "audience": "sts.amazonaws.com",
        },
        readonly=True,
        extra={
            "additionalEventData": {"identityProviderConnectionVerificationMethod": "IAMTrustStore"}
        },
    )
    ident = Trail.role(acct, role, role_id(role), "GitHubActions", key, t)
    ident["sessionContext"]["webIdFederationData"] = {
        "federatedProvider": provider,
        "attributes": {},
    }
    return Creds(key, ident, t, t + dt.timedelta(hours=1), eid, {"sub": sub})


def partner_creds(
    trail: Trail,
    t: dt.datetime,
    acct: str,
    role: str,
    caller_acct: str,
    caller: str,
    ip: str,
    ua: str,
    session: str,
    external_id: str | None,
) -> Creds | str:
    """Another account's user assuming ``role`` (external ID checked): the AssumeRole in this
    account's trail with the caller as an AWSAccount; the event id alone when refused."""
    key = trail.token("ASIA")
    params: Record = {
        "roleArn": role_arn(acct, role),
        "roleSessionName": session,
        "durationSeconds": 3600,
    }
    if external_id is not None:
        params["externalId"] = external_id
    refused = external_id != "ald-7f3c91e2-tern"
    eid = trail.ev(
        t,
        acct,
        "us-east-2",
        "sts.amazonaws.com",
        "AssumeRole",
        Trail.account(caller_acct, caller),
        ip,
        ua,
        params=params,
        resp=None if refused else _sts_response(trail, acct, role, session, key, t, 1),
        error=(
            "AccessDenied",
            f"User: arn:aws:iam::{caller_acct}:user/{session} is not authorized to perform: sts:AssumeRole on resource: {role_arn(acct, role)}",
        )
        if refused
        else None,
        readonly=True,
    )
    if refused:
        return eid
    ident = Trail.role(acct, role, role_id(role), session, key, t)
    return Creds(key, ident, t, t + dt.timedelta(hours=1), eid)

"""Attacks with leaked long-lived keys, from public incident reports and the seed documents.
Each returns truth rows (``label`` attack, ``expected_min_severity``)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._benign import Row, row
from benchmarks.heldout2._org import HOME, Org
from benchmarks.heldout2._records import Call

KALI_CLI = "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
VPS_BOTO = (
    "Boto3/1.35.63 md/Botocore#1.35.63 ua/2.0 os/linux#5.15.0-125-generic md/arch#x86_64 lang/python#3.11.2 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.63"
)
DEBIAN_CLI = (
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.11.9 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#debian.12 md/prompt#off md/command#{cmd}"
)


class Run:
    """One attacker's session: emits calls a few seconds apart and keeps their event ids."""

    def __init__(self, org: Org, rng: random.Random, call: Call, t: dt.datetime) -> None:
        self.org, self.rng, self.call, self.t = org, rng, call, t
        self.ids: list[str] = []

    def __call__(
        self, service: str, name: str, region: str = HOME, gap: float = 6, **kw: Any
    ) -> str:
        self.t += dt.timedelta(seconds=self.rng.uniform(gap * 0.5, gap * 1.5))
        cmd = kw.pop("cmd", None)
        if cmd:
            self.call.ua = cmd
        event = self.org.trail.emit(self.rng, self.call, self.t, service, name, region, **kw)
        self.ids.append(event)
        return event


def _deny(service: str, call: Call, name: str) -> tuple[str, str]:
    actor = call.actor
    return ua.denied(service, actor.user_arn if actor.kind == "IAMUser" else actor.role_arn, name)


def llmjacking(org: Org) -> list[Row]:
    """A1 (Sysdig's LLMjacking): a CI user's key leaked on GitHub; Bedrock probed in several
    regions, model access requested, then InvokeModel for hours."""
    t, rng = org.at["llmjacking"], org.trail.rng("A1")
    user = org.actors["ml-sandbox-ci"]
    ip = org.plan.ip("m247_ro", rng)
    org.threat.append(ip)  # a known M247 LLMjacking proxy, on the team's threat feed
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    run("sts", "GetCallerIdentity")
    run("iam", "ListUsers", error=_deny("iam", run.call, "ListUsers"))
    for region in ("us-east-1", "us-west-2", "eu-central-1", "ap-south-1"):
        run("bedrock", "ListFoundationModels", region)
        run(
            "bedrock",
            "GetFoundationModelAvailability",
            region,
            req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
        )
    run("bedrock", "GetModelInvocationLoggingConfiguration", "us-east-1")
    run("bedrock", "PutUseCaseForModelAccess", "us-east-1")
    run("bedrock", "ListFoundationModelAgreementOffers", "us-east-1")
    run(
        "bedrock",
        "CreateFoundationModelAgreement",
        "us-east-1",
        req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
    )
    run(
        "bedrock",
        "InvokeModel",
        "us-east-1",
        req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
        error=("ValidationException", "max_tokens_to_sample: range: 1..1,000,000"),
    )
    for i in range(int(60 * max(org.scale, 0.5))):
        region = "us-east-1" if i % 3 else "us-west-2"
        run(
            "bedrock",
            "InvokeModel",
            region,
            gap=90,
            req={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"},
        )
    return [
        row(
            "A1",
            "LLMjacking with a leaked CI key",
            t,
            run.t,
            label="attack",
            key=org.keys[user.name],
            ips=ip,
            severity="high",
        )
    ]


def ses_abuse(org: Org) -> list[Row]:
    """A2 (Permiso, SES abuse): the helpdesk's SES key enumerates quota and identities, verifies
    an attacker domain, asks for production access; the mail itself goes over SMTP, unlogged."""
    t, rng = org.at["ses"], org.trail.rng("A2")
    user = org.actors["ses-mailer"]
    ip = org.plan.ip("tencent_cn", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, ""), t)
    cli = "aws-cli/2.15.30 Python/3.11.8 Linux/4.15.0-213-generic exe/x86_64.ubuntu.18 prompt/off command/{}"
    run("ses", "GetSendQuota", cmd=cli.format("ses.get-send-quota"))
    run("ses", "GetSendStatistics")
    run("ses", "ListIdentities", cmd=cli.format("ses.list-identities"))
    run("ses", "GetIdentityVerificationAttributes")
    for region in ("us-east-1", "eu-west-1", "us-west-2"):
        run("ses", "GetAccount", region, cmd=cli.format("sesv2.get-account"))
        run("ses", "ListEmailIdentities", region)
    run("ses", "CreateEmailIdentity", req={"emailIdentity": "secure-docsign-notify.com"})
    run(
        "ses",
        "PutAccountDetails",
        req={"mailType": "TRANSACTIONAL", "websiteURL": "https://secure-docsign-notify.com"},
        error=_deny("ses", run.call, "PutAccountDetails"),
    )
    run("ses", "UpdateAccountSendingEnabled", req={"enabled": True})
    return [
        row(
            "A2",
            "SES enumeration and sending with a vendor's key",
            t,
            run.t,
            label="attack",
            key=org.keys[user.name],
            ips=ip,
            severity="medium",
        )
    ]


def crypto_mining(org: Org) -> list[Row]:
    """A3: the legacy Jenkins key launches GPU instances in regions the company never uses."""
    t, rng = org.at["mining"], org.trail.rng("A3")
    user = org.actors["jenkins-legacy"]
    ip = org.plan.ip("digitalocean", rng)
    run = Run(org, rng, Call(user, org.keys[user.name], ip, VPS_BOTO), t)
    run("sts", "GetCallerIdentity")
    run("ec2", "DescribeRegions")
    run(
        "servicequotas",
        "GetServiceQuota",
        "us-east-1",
        req={"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
    )
    for region in ("ap-northeast-2", "sa-east-1", "ap-south-1", "eu-central-1"):
        run("ec2", "DescribeImages", region)
        run("ec2", "CreateKeyPair", region, req={"keyName": "aws-key"})
        run("ec2", "CreateSecurityGroup", region, req={"groupName": "default-ssh"})
        run(
            "ec2",
            "AuthorizeSecurityGroupIngress",
            region,
            req={
                "ipPermissions": {
                    "items": [
                        {"ipProtocol": "-1", "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}
                    ]
                }
            },
        )
        for itype in ("p4d.24xlarge", "g5.12xlarge", "g4dn.12xlarge"):
            ok = itype == "g4dn.12xlarge"
            run(
                "ec2",
                "RunInstances",
                region,
                req={"instanceType": itype, "minCount": 4, "maxCount": 10},
                error=None
                if ok
                else (
                    "Client.VcpuLimitExceeded",
                    f"You have requested more vCPU capacity than your current vCPU limit allows for the instance bucket that the specified instance type {itype} belongs to.",
                ),
            )
    return [
        row(
            "A3",
            "GPU crypto-mining in unused regions",
            t,
            run.t,
            label="attack",
            key=org.keys[user.name],
            ips=ip,
            severity="high",
        )
    ]


KEY_ATTACKS = (llmjacking, ses_abuse, crypto_mining)

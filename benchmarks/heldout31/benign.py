"""The benign changes (B1-B11): the operations that make detectors cry wolf at a betting
operator. Most set a time in ``Changes`` that the background honours; some add their own calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout31 import org as o
from benchmarks.heldout31.attacks import run
from benchmarks.heldout31.records import (
    Gen,
    _stable,
    mint_by_service,
    mint_cross_account,
    mint_saml,
    mint_web_identity,
    session,
)
from benchmarks.heldout31.truth import Truth
from benchmarks.heldout31.workloads import Changes, instance_id, nat, node_calls

CLOUDSHELL_IP = "54.247.200.13"
RELOCATED_IP = "31.61.140.27"


def _end(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=dt.UTC)


def _sre_session(g: Gen, t: dt.datetime, account: str, p: o.Person) -> dict:
    role = o.sso_role(account, "PlatformAdmin")
    key, _ = mint_saml(g, t, o.HOME, role, "AWSSSO_359814a1c2_DO_NOT_DELETE", o.SSO_ISSUER,
                       p.name, p.home, p.agent, hours=8)  # fmt: skip
    return session(role, p.name, key, t)


def b1(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """A Champions League night: Karpenter launches a wave of nodes, many in eu-west-1c's
    new subnets, for the in-play odds and wallet traffic, and removes them after the final
    whistle."""
    start = g.at(day, 17)
    ch.match_night = (start, g.at(day, 23))
    for _ in range(g.n(120, 12)):
        t = start + dt.timedelta(minutes=g.rng.randint(0, 150))
        node, az = instance_id(g), g.rng.choice((2, 2, 1))
        key = mint_by_service(g, t, o.HOME, "ec2.amazonaws.com", o.NODE, node, hours=6)
        node_calls(g, t, o.NODE, node, key, nat(ch, az, t), o.HOME, ch, hours=4, per_hour=0.7)
    truth.add("B1", "Champions League night: Karpenter node wave", start=start, end=_end(day),
              principal=o.NODE.arn)  # fmt: skip


def b2(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """The Spanish licence account vended by Account Factory: Control Tower's execution role
    baselines it through StackSets, an SRE creates the eu-south-2 cluster."""
    t = g.at(day, 7, 0.5)
    host = "cloudformation.amazonaws.com"
    name = "stacksets-exec-" + g.uid().replace("-", "")[:32]
    stackset_role = o.role(o.MANAGEMENT, "AWSControlTowerStackSetRole", 50)
    key, _ = mint_cross_account(g, t, o.MADRID, o.ES_CT, o.MANAGEMENT, stackset_role.role_id,
                                name, host, host, external_id=None)  # fmt: skip
    who = session(o.ES_CT, name, key, t)
    calls = [("iam:CreateRole", {}), ("iam:AttachRolePolicy", {}), ("config:PutConfigurationRecorder", {}),
             ("config:PutDeliveryChannel", {}), ("config:StartConfigurationRecorder", {}),
             ("cloudtrail:DescribeTrails", {}), ("iam:CreateRole", {}), ("sns:CreateTopic", {}),
             ("lambda:CreateFunction20150331", {}), ("events:PutRule", {})]  # fmt: skip
    _recs, end = run(g, t, o.SPAIN, who, host, host, calls, gap=(5, 60), region=o.MADRID)
    truth.add("B2", "Account Factory baselines the Spanish licence account", start=t,
              end=_end(day), principal=o.ES_CT.arn)  # fmt: skip
    p = o.SRES[0]
    t2 = end + dt.timedelta(minutes=30)
    sre = _sre_session(g, t2, o.SPAIN, p)
    calls = [("eks:CreateCluster", {"request": {"name": "xlendi-es"}}), ("eks:DescribeCluster", {}),
             ("iam:CreateRole", {}), ("eks:CreateAddon", {}), ("eks:CreatePodIdentityAssociation", {}),
             ("ec2:CreateLaunchTemplate", {}), ("eks:DescribeCluster", {})]  # fmt: skip
    run(g, t2, o.SPAIN, sre, p.home, p.agent, calls, gap=(60, 600), region=o.MADRID)
    truth.add("B2", "an SRE builds the eu-south-2 cluster", start=t2, end=_end(day),
              principal=sre["arn"], ips=(p.home,))  # fmt: skip
    ch.spain_from = day


def b3(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """The Okta tenant moved to the EU cell: a new SAML provider and issuer, and the developer
    role renamed with it; the same people, laptops and clients."""
    ch.okta_migrated = g.at(day, 6)
    truth.add("B3", "Okta migration: new issuer, provider and developer role", start=ch.okta_migrated,
              end=_end(day), principal=o.DEV_NEW.arn)  # fmt: skip


def b3_people(day: dt.date, ch: Changes, truth: Truth) -> None:
    """B3's new SAML principals: the developers who signed in through the new tenant that day."""
    provider_arn = f"arn:aws:iam::{o.PLATFORM}:saml-provider/okta-xlendi-eu"
    assert ch.okta_migrated is not None
    for email in sorted(ch.migrated_people):
        truth.add("B3", "Okta migration: the new SAML principal", start=ch.okta_migrated,
                  end=_end(day), principal=f"saml:{_stable(provider_arn + o.OKTA_ISSUER_NEW)}:{email}")  # fmt: skip


def b4(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """EKS 1.31 to 1.32: the SRE upgrades the control plane and add-ons; every node's VPC CNI
    and ECR credential provider, and both controllers, come back with new SDK agents."""
    p = o.SRES[0]
    t = g.at(day, 5, 0.3)
    sre = _sre_session(g, t, o.PLATFORM, p)
    calls = [("eks:UpdateClusterVersion", {"request": {"name": o.CLUSTER, "version": "1.32"}}),
             ("eks:DescribeUpdate", {}), ("eks:UpdateAddon", {"request": {"addonName": "vpc-cni"}}),
             ("eks:UpdateAddon", {"request": {"addonName": "aws-ebs-csi-driver"}}),
             ("eks:DescribeAddon", {})]  # fmt: skip
    _, end = run(g, t, o.PLATFORM, sre, p.home, p.agent, calls, gap=(120, 900))
    ch.eks_upgraded = end
    for role in (o.NODE, o.ALB, o.EBS):
        truth.add("B4", "EKS upgrade: new node and controller SDK agents", start=end, end=_end(day),
                  principal=role.arn)  # fmt: skip
    truth.add("B4", "EKS upgrade by the SRE", start=t, end=end, principal=sre["arn"])


def b5(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """A developer relocates from Kyiv to Warsaw: the same laptop and clients, Orange Polska."""
    ch.relocated = g.at(day, 0)
    truth.add("B5", "developer relocated from Kyiv to Warsaw", start=ch.relocated, end=_end(day),
              principal=o.DEV.arn, ips=(RELOCATED_IP,))  # fmt: skip


def b6(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """The quarterly disaster-recovery test: Aurora's global cluster fails over to
    eu-central-1, wallet, KYC and the payments gateway run there for four hours."""
    p = o.SRES[2]
    t = g.at(day, 8, 0.2)
    sre = _sre_session(g, t, o.PLATFORM, p)
    run(g, t, o.PLATFORM, sre, p.home, p.agent,
        [("rds:DescribeGlobalClusters", {}), ("rds:FailoverGlobalCluster", {"request": {
            "globalClusterIdentifier": "wallet-global", "targetDbClusterIdentifier": "wallet-aurora-fra"}})],
        gap=(60, 300))  # fmt: skip
    ch.dr_test = (g.at(day, 9), g.at(day, 13))
    for role, ips in ((o.WALLET, o.NAT_DR), (o.KYC, o.NAT_DR), (o.PSP, o.NAT_DR)):
        truth.add("B6", "disaster-recovery test in eu-central-1", start=ch.dr_test[0],
                  end=ch.dr_test[1] + dt.timedelta(hours=1), principal=role.arn, ips=ips)  # fmt: skip
    truth.add("B6", "the SRE's failover", start=t, end=ch.dr_test[1], principal=sre["arn"])


def b7(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """wallet-api's release reads a new PSP secret from every pod."""
    ch.new_secret = g.at(day, 12)
    truth.add("B7", "wallet-api release reads a new secret on every pod", start=ch.new_secret,
              end=_end(day), principal=o.WALLET.arn)  # fmt: skip


def b8(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """A second KYC vendor onboarded with its own cross-account role and external ID."""
    ch.vendor2_from = g.at(day, 9)
    truth.add("B8", "second KYC vendor onboarded", start=ch.vendor2_from, end=_end(day),
              principal=o.KYC2_ACCESS.arn)  # fmt: skip


def b9(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """Marketing verifies the Spanish sending domain and a configuration set for the launch."""
    p = o.MARKETERS[1]
    t = g.at(day, 10, 0.5)
    role = o.sso_role(o.MARKETING, "MarketingOps")
    key, _ = mint_saml(g, t, o.HOME, role, "AWSSSO_359814a1c2_DO_NOT_DELETE", o.SSO_ISSUER,
                       p.name, p.home, p.browser, hours=8)  # fmt: skip
    who = session(role, p.name, key, t)
    calls = [("ses:CreateEmailIdentity", {"console": True, "request": {"emailIdentity": "xlendibet.es"}}),
             ("ses:PutEmailIdentityDkimSigningAttributes", {"console": True}),
             ("ses:CreateConfigurationSet", {"console": True, "request": {"configurationSetName": "es-launch"}}),
             ("ses:GetEmailIdentity", {"console": True}), ("ses:GetSendQuota", {"console": True})]  # fmt: skip
    _, end = run(g, t, o.MARKETING, who, p.home, p.browser, calls, gap=(30, 400))
    truth.add("B9", "marketing verifies the Spanish SES domain", start=t, end=end,
              principal=who["arn"])  # fmt: skip


def b10(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """eu-west-1a's NAT gateway replaced by Terraform in a deploy: every pod and node of that
    zone egresses from a new Elastic IP."""
    t = g.at(day, 8, 0.3)
    ip = o.GITHUB_RUNNERS[3]
    key, _ = mint_web_identity(g, t, o.HOME, o.DEPLOY, o.GITHUB,
                               "repo:xlendi/platform-infra:ref:refs/heads/main", "GitHubActions",
                               ip, o.GHA_STS_UA)  # fmt: skip
    who = session(
        o.DEPLOY, "GitHubActions", key, t, web=f"arn:aws:iam::{o.PLATFORM}:oidc-provider/{o.GITHUB}"
    )
    tf = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.78.0"
    calls = [("ec2:AllocateAddress", {"response": {"publicIp": o.NAT_HOME_NEW, "allocationId": "eipalloc-0c1d"}}),
             ("ec2:CreateNatGateway", {"request": {"subnetId": "subnet-0a1", "allocationId": "eipalloc-0c1d"}}),
             ("ec2:DescribeNatGateways", {}), ("ec2:ReplaceRoute", {}), ("ec2:DeleteNatGateway", {}),
             ("ec2:ReleaseAddress", {})]  # fmt: skip
    _, end = run(g, t, o.PLATFORM, who, ip, tf, calls, gap=(20, 120))
    ch.nat_replaced = end
    for role in (o.WALLET, o.KYC, o.ODDS, o.KARPENTER, o.NODE, o.DNS, o.ALB, o.EBS):
        truth.add("B10", "NAT gateway replaced: a new egress address", start=end, end=_end(day),
                  principal=role.arn, ips=(o.NAT_HOME_NEW,))  # fmt: skip


def b11(g: Gen, day: dt.date, ch: Changes, truth: Truth) -> None:
    """A developer's first CloudShell session (from an AWS address, CloudShell's agent)."""
    p = o.DEVELOPERS[6]
    t = g.at(day, 14, 0.5)
    migrated = ch.okta_migrated is not None and t >= ch.okta_migrated
    role = o.DEV_NEW if migrated else o.DEV
    provider, issuer = (
        ("okta-xlendi-eu", o.OKTA_ISSUER_NEW) if migrated else ("okta-xlendi", o.OKTA_ISSUER)
    )
    key, _ = mint_saml(g, t, o.HOME, role, provider, issuer, p.email, p.home, p.browser)
    who = session(role, p.email, key, t)
    run(g, t, o.PLATFORM, who, p.home, p.browser,
        [("cloudshell:CreateEnvironment", {"console": True}), ("cloudshell:CreateSession", {"console": True})])  # fmt: skip
    agent = o.CLI_LINUX.replace(
        "linux#6.8.0-49-generic", "linux#6.1.115-126.197.amzn2023.x86_64"
    ).replace("md/distrib#ubuntu.24", "md/distrib#amzn.2023 exec-env/CloudShell")
    _, end = run(g, t + dt.timedelta(minutes=2), o.PLATFORM, who, CLOUDSHELL_IP, agent,
                 [("eks:ListClusters", {}), ("eks:DescribeCluster", {}), ("logs:DescribeLogGroups", {}),
                  ("kinesis:DescribeStreamSummary", {})], gap=(20, 200))  # fmt: skip
    truth.add("B11", "a developer's first CloudShell", start=t, end=end, principal=role.arn,
              ips=(CLOUDSHELL_IP,))  # fmt: skip


# slot in the scored days, and whether it runs before the day's background (it sets a change)
BENIGN: dict[str, tuple[int, bool, Callable[..., None]]] = {
    "B1": (2, False, b1), "B2": (1, True, b2), "B3": (3, True, b3), "B4": (4, True, b4),
    "B5": (1, True, b5), "B6": (0, True, b6), "B7": (3, True, b7), "B8": (4, True, b8),
    "B9": (1, False, b9), "B10": (0, True, b10), "B11": (3, False, b11),
}  # fmt: skip

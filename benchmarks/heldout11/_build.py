"""The calendar: every day's background, the benign changes on the scored days (with their
truth rows) and then the attacks. The last day is 2026-11-12; Diwali falls on the first scored
day (Sunday 8 November), the week after it is a festival week."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import (
    autoscaler,
    aws_services,
    eks_services,
    engineer_day,
    fraud_vendor,
    github_actions,
    lambdas,
    legacy_users,
    node_group,
    observability_vendor,
    sso_session,
    support_desk,
)
from benchmarks.heldout11._attacks import attacks
from benchmarks.heldout11._net import AWS, OUTSIDE
from benchmarks.heldout11._trail import Mint, Session, Trail, mint, service
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World

END = dt.date(2026, 11, 12)
SCORED = 5
DATA_FUNCTIONS = (
    (
        "kinesis-txn-archiver",
        (("s3", "PutObject"), ("kinesis", "GetRecords"), ("cloudwatch", "PutMetricData")),
        14.0,
    ),
    (
        "msk-settlement-consumer",
        (("s3", "PutObject"), ("dynamodb", "PutItem"), ("kafka", "DescribeClusterV2")),
        8.0,
    ),
    (
        "glue-partition-loader",
        (("glue", "BatchCreatePartition"), ("glue", "GetTable"), ("s3", "ListObjectsV2")),
        3.0,
    ),
)
ACCOUNTS_OF = {
    "PlatformEngineer": (org.PROD, org.PROD, org.PLAT),
    "DBAdmin": (org.PROD,),
    "BackendDeveloper": (org.PROD,),
    "SecurityAdmin": (org.PROD, org.PLAT, org.DATA),
    "DataEngineer": (org.DATA,),
}
AUDITORS = ("a.deshpande@auditpartners.in", "s.bhat@auditpartners.in")


def sso_arn(acct: str, perm: str, who: str) -> str:
    return f"arn:aws:sts::{acct}:assumed-role/{org.sso_role(perm)}/{who}"


def role_arn(acct: str, role: str) -> str:
    return f"arn:aws:iam::{acct}:role/{role}"


def _ids(w: World, n: int) -> list[str]:
    return [w.trail.hexid("i-0") for _ in range(n)]


def _script(
    w: World,
    s: Session,
    t: dt.datetime,
    steps: list[tuple[str, str]],
    *,
    acct: str,
    ip: str,
    ua: str,
    region: str = "ap-south-1",
    gap: float = 90,
) -> dt.datetime:
    """An operator's change, step by step (mutating calls written as such)."""
    for source, name in steps:
        t += dt.timedelta(seconds=w.rng.uniform(gap / 2, gap * 1.5))
        w.trail.add(
            t,
            s,
            source,
            name,
            acct=acct,
            region=region,
            ip=ip,
            ua=ua.replace("{cmd}", f"{source}.{name.lower()}"),
            resp={},
        )
    return t


def _autoscaling(
    w: World,
    t: dt.datetime,
    ids: list[str],
    name: str,
    *,
    acct: str = org.PROD,
    region: str = "ap-south-1",
) -> None:
    for iid in ids:
        w.trail.add(
            w.jitter(t, 300),
            service("autoscaling"),
            "ec2",
            name,
            acct=acct,
            region=region,
            ip="autoscaling.amazonaws.com",
            ua="autoscaling.amazonaws.com",
            params={"instancesSet": {"items": [{"instanceId": iid}]}},
            resp={},
            read_only=False,
        )


def _dr_check(w: World, day: dt.date, *, failover: bool = False) -> Session:
    """The DR orchestrator (a Lambda run by a nightly schedule): readiness checks in Singapore,
    and on a DR test the failover and the failback."""
    t = w.local(day, 3.0 if not failover else 9.0)
    s = mint(
        w.trail,
        t,
        Mint(
            "AssumeRole",
            service("lambda"),
            "lambda.amazonaws.com",
            "lambda.amazonaws.com",
            hours=12,
        ),
        acct=org.PROD,
        region="ap-south-1",
        role="dr-orchestrator-role",
        session="dr-orchestrator",
    )
    ip = w.aws_ip("ap-south-1")
    menu = (
        ("rds", "DescribeGlobalClusters"),
        ("eks", "DescribeNodegroup"),
        ("ec2", "DescribeInstances"),
        ("dynamodb", "DescribeTable"),
    )
    for region in ("ap-south-1", "ap-southeast-1"):
        w.calls(
            s,
            t,
            240,
            3 + w.count(2),
            menu,
            acct=org.PROD,
            region=region,
            ip=ip,
            ua=org.UA["lambda_py"],
        )
    w.trail.add(
        w.jitter(t, 240),
        s,
        "route53",
        "GetHealthCheckStatus",
        acct=org.PROD,
        region="us-east-1",
        ip=ip,
        ua=org.UA["lambda_py"],
    )
    if failover:
        for when, steps in (
            (
                0.1,
                [
                    ("rds", "FailoverGlobalCluster"),
                    ("eks", "UpdateNodegroupConfig"),
                    ("route53", "ChangeResourceRecordSets"),
                    ("dynamodb", "UpdateTable"),
                ],
            ),
            (
                5.0,
                [
                    ("route53", "ChangeResourceRecordSets"),
                    ("rds", "FailoverGlobalCluster"),
                    ("eks", "UpdateNodegroupConfig"),
                ],
            ),
        ):
            _script(
                w,
                s,
                t + dt.timedelta(hours=when),
                steps,
                acct=org.PROD,
                ip=ip,
                ua=org.UA["lambda_py"],
                region="ap-southeast-1",
                gap=40,
            )
    return s


def generate(seed: int, days: int = 24, scale: float = 1.0) -> tuple[Trail, Truth, list[dt.date]]:
    if days < 8:
        raise ValueError("heldout11 needs at least 8 days (3 of history before the 5 scored)")
    trail = Trail(random.Random(seed * 1_000_003 + 11))
    dates = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
    w = World(
        trail, random.Random(seed * 7919 + 3), np.random.default_rng([seed, 11]), scale, dates
    )
    truth = Truth()
    s0, s1, s2, s3, s4 = scored = dates[-SCORED:]
    keys = {
        u: trail.token("AKIA") for u in ("svc-bank-sftp", "svc-settlement-recon", "svc-reporting")
    }
    nat = {
        r: [AWS[r].host(2000 + 97 * i) for i in range(n)]
        for r, n in (("ap-south-1", 3), ("ap-south-2", 2), ("ap-southeast-1", 2))
    }
    nat["lend"] = [AWS["ap-south-1b"].host(5000)]
    w.state["nat"] = nat
    prod_nodes, hyd_nodes, dr_nodes = _ids(w, 6), _ids(w, 3), _ids(w, 2)
    w.state["lend_nodes"] = lend_nodes = _ids(w, 2)
    agents = list(org.SUPPORT)
    payouts_v2 = org.Service(
        "payouts-v2",
        "payouts",
        "go",
        (
            ("dynamodb", "PutItem"),
            ("dynamodb", "Query"),
            ("sqs", "SendMessage"),
            ("kms", "Decrypt"),
        ),
        3,
    )
    eng_of = {p.name: p for p in org.ENGINEERS}
    end_all = w.local(s4, 24 + 5.5)

    for day in dates:
        sale = 8.0 if day == s0 else 1.0
        full = [(i, 0.0, 24.0) for i in prod_nodes]
        kubelet, cni_ua = org.UA["kubelet"], org.UA["cni"]
        if day == s0:  # B1: the Diwali sale, node group from 6 to 14
            extra = _ids(w, 8)
            full += [(i, 2.5 + k * 0.25, 17.5) for k, i in enumerate(extra)]
            _autoscaling(w, w.local(day, 8.0), extra, "RunInstances")
            _autoscaling(w, w.local(day, 23.0), extra, "TerminateInstances")
            for role in (
                "eks-payments-api",
                "eks-upi-switch",
                "eks-ledger",
                "eks-risk-engine",
                "eks-notifications",
                "eks-webhooks",
                "eks-node-sitara-prod-aps1",
                "eks-aws-node",
                "eks-cluster-autoscaler",
            ):
                truth.benign(
                    "B1",
                    "Diwali sale: volume x8, node group scaled out",
                    w.local(day, 0),
                    w.local(day, 30),
                    principal=role_arn(org.PROD, role),
                )
            truth.benign(
                "B1",
                "Diwali sale: Auto Scaling launches nodes",
                w.local(day, 0),
                w.local(day, 30),
                principal="autoscaling.amazonaws.com",
            )
        if day == s2:  # B2: EKS 1.29 -> 1.30, a new node group on the new AMI
            farhan = eng_of["farhan.qureshi"]
            ip = OUTSIDE["office_blr"].host(4)
            s = sso_session(
                w,
                w.local(day, 10.5),
                f"{farhan.name}@sitarapay.in",
                farhan.perm,
                acct=org.PROD,
                ip=ip,
                ua=org.UA[farhan.cli].replace("{cmd}", "sso.login"),
            )
            steps = [
                ("eks", "UpdateClusterVersion"),
                *[("eks", "DescribeUpdate")] * 4,
                ("eks", "UpdateAddon"),
                ("eks", "UpdateAddon"),
                ("eks", "UpdateAddon"),
                ("eks", "CreateNodegroup"),
                *[("eks", "DescribeNodegroup")] * 4,
                ("eks", "DeleteNodegroup"),
                ("eks", "ListNodegroups"),
            ]
            done = _script(
                w,
                s,
                w.local(day, 10.6),
                steps,
                acct=org.PROD,
                ip=ip,
                ua=org.UA[farhan.cli],
                gap=300,
            )
            new = _ids(w, 6)
            _autoscaling(w, w.local(day, 12.0), new, "RunInstances")
            _autoscaling(w, w.local(day, 13.0), prod_nodes, "TerminateInstances")
            full = [(i, 0.0, 7.6) for i in prod_nodes] + [(i, 6.6, 24.0) for i in new]
            prod_nodes = new
            truth.benign(
                "B2", "EKS upgrade by the platform engineer", w.local(day, 10.4), done, key=s.key
            )
            for role in ("eks-node-sitara-prod-aps1", "eks-aws-node"):
                truth.benign(
                    "B2",
                    "EKS upgrade: nodes replaced, add-ons updated",
                    w.local(day, 10.4),
                    end_all,
                    principal=role_arn(org.PROD, role),
                )
            truth.benign(
                "B2",
                "EKS upgrade: Auto Scaling replaces nodes",
                w.local(day, 10.4),
                w.local(day, 24),
                principal="autoscaling.amazonaws.com",
            )
        if day >= s2:
            kubelet = "aws-sdk-go/1.51.21 (go1.22.5; linux; amd64)"
            cni_ua = org.UA["cni"].replace("v1.18.1", "v1.19.0").replace("1.26.1", "1.30.3")
            if day > s2:
                full = [(i, 0.0, 24.0) for i in prod_nodes]
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-south-1",
            nodes=full,
            nat=nat["ap-south-1"],
            ua=kubelet,
            cni_ua=cni_ua,
        )
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-south-2",
            nodes=[(i, 0.0, 24.0) for i in hyd_nodes],
            nat=nat["ap-south-2"],
        )
        node_group(
            w,
            day,
            acct=org.PROD,
            region="ap-southeast-1",
            nodes=[(i, 0.0, 24.0) for i in dr_nodes],
            nat=nat["ap-southeast-1"],
        )
        autoscaler(
            w,
            day,
            acct=org.PROD,
            region="ap-south-1",
            nat=nat["ap-south-1"],
            scale_calls=4 if day == s0 else 0,
        )
        services = list(org.SERVICES)
        eks_services(
            w, day, services, acct=org.PROD, region="ap-south-1", nat=nat["ap-south-1"], sale=sale
        )
        eks_services(
            w,
            day,
            [s for s in services if s.hyd],
            acct=org.PROD,
            region="ap-south-2",
            nat=nat["ap-south-2"],
            rate=0.4,
            sale=sale,
        )
        eks_services(
            w,
            day,
            [s for s in services if s.name == "external-secrets"],
            acct=org.PROD,
            region="ap-southeast-1",
            nat=nat["ap-southeast-1"],
            rate=0.3,
        )
        if day == s0:  # B4: payouts-v2 gets its IRSA role from the deploy pipeline, then runs
            ip = OUTSIDE["github_azure"].pick(w.rng)
            d = mint(
                trail,
                w.local(day, 11.8),
                Mint(
                    "AssumeRole",
                    {
                        "type": "AWSAccount",
                        "principalId": f"AROA{org.PLAT}VEND:GitHubActions",
                        "accountId": org.PLAT,
                    },
                    ip,
                    org.UA["gha"],
                ),
                acct=org.PROD,
                region="ap-south-1",
                role="gha-deployer",
                session="GitHubActions",
            )
            done = _script(
                w,
                d,
                w.local(day, 11.8),
                [
                    ("iam", "CreateRole"),
                    ("iam", "PutRolePolicy"),
                    ("iam", "TagRole"),
                    ("eks", "DescribeCluster"),
                ],
                acct=org.PROD,
                ip=ip,
                ua=org.UA["gha_cli"],
                gap=20,
            )
            truth.benign(
                "B4",
                "deploy pipeline creates the payouts-v2 IRSA role",
                w.local(day, 11.7),
                done,
                key=d.key,
            )
            truth.benign(
                "B4",
                "new microservice payouts-v2",
                w.local(day, 12),
                end_all,
                principal=role_arn(org.PROD, "eks-payouts-v2"),
            )
        if day >= s0:
            eks_services(
                w,
                day,
                [payouts_v2],
                acct=org.PROD,
                region="ap-south-1",
                nat=nat["ap-south-1"],
                hours=range(7 if day == s0 else 0, 24),
            )
            # the lending account joins the organisation trail
            node_group(
                w,
                day,
                acct=org.LEND,
                region="ap-south-1",
                nodes=[(i, 0.0, 24.0) for i in lend_nodes],
                nat=nat["lend"],
            )
            eks_services(
                w, day, org.LENDING_SERVICES, acct=org.LEND, region="ap-south-1", nat=nat["lend"]
            )
            aws_services(w, day, org.LEND)
            observability_vendor(w, day, org.LEND)
        if day == s4:  # B6: the DR test: failover to Singapore and back, by the usual automation
            dr = _dr_check(w, day, failover=True)
            moved = [s for s in services if s.name in ("payments-api", "upi-switch", "ledger")]
            eks_services(
                w,
                day,
                moved,
                acct=org.PROD,
                region="ap-southeast-1",
                nat=nat["ap-southeast-1"],
                hours=range(4, 8),
            )
            start, stop = w.local(day, 8.8), w.local(day, 15)
            truth.benign(
                "B6",
                "DR failover test to ap-southeast-1",
                start,
                stop,
                principal=role_arn(org.PROD, "dr-orchestrator-role"),
            )
            truth.benign(
                "B6", "DR failover test: the DR orchestrator's key", start, stop, key=dr.key
            )
            for svc in moved:
                truth.benign(
                    "B6",
                    "DR test: services run in Singapore",
                    start,
                    stop,
                    principal=role_arn(org.PROD, f"eks-{svc.name}"),
                )
            truth.benign(
                "B6",
                "DR test: the DR node group",
                start,
                stop,
                principal=role_arn(org.PROD, "eks-node-sitara-dr-apse1"),
            )
        else:
            _dr_check(w, day)
        for acct in (org.PROD, org.PLAT, org.DATA):
            aws_services(w, day, acct)
            observability_vendor(w, day, acct)
        fraud_vendor(w, day, rate=sale / 2 if sale > 1 else 1.0)
        github_actions(w, day)
        lambdas(w, day, acct=org.DATA, functions=DATA_FUNCTIONS)
        if day == s2:  # B8: the security admin rotates the reporting tool's key
            nikhil = eng_of["nikhil.joshi"]
            ip = w.lease(nikhil.name, nikhil.home, day)
            s = sso_session(
                w,
                w.local(day, 11.0),
                f"{nikhil.name}@sitarapay.in",
                nikhil.perm,
                acct=org.DATA,
                ip=ip,
                ua=org.UA[nikhil.cli].replace("{cmd}", "sso.login"),
            )
            _script(
                w,
                s,
                w.local(day, 11.0),
                [("iam", "ListAccessKeys"), ("iam", "CreateAccessKey"), ("iam", "ListAccessKeys")],
                acct=org.DATA,
                ip=ip,
                ua=org.UA[nikhil.cli],
            )
            keys["svc-reporting"] = trail.token("AKIA")
            truth.benign(
                "B8",
                "key rotation of svc-reporting by its owner",
                w.local(day, 10.9),
                w.local(day, 12),
                key=s.key,
            )
            truth.benign(
                "B8",
                "svc-reporting on its new key",
                w.local(day, 10.9),
                end_all,
                principal=f"arn:aws:iam::{org.DATA}:user/svc-reporting",
            )
        if day in (s3, s4):
            nikhil = eng_of["nikhil.joshi"]
            ip = w.lease(nikhil.name, nikhil.home, day)
            s = sso_session(
                w,
                w.local(day, 11.0),
                f"{nikhil.name}@sitarapay.in",
                nikhil.perm,
                acct=org.DATA,
                ip=ip,
                ua=org.UA[nikhil.cli].replace("{cmd}", "sso.login"),
            )
            _script(
                w,
                s,
                w.local(day, 11.0),
                [
                    ("iam", "ListAccessKeys"),
                    ("iam", "UpdateAccessKey" if day == s3 else "DeleteAccessKey"),
                ],
                acct=org.DATA,
                ip=ip,
                ua=org.UA[nikhil.cli],
            )
            truth.benign(
                "B8",
                "old svc-reporting key deactivated, then deleted",
                w.local(day, 10.9),
                w.local(day, 12),
                key=s.key,
            )
        legacy_users(w, day, keys)
        if day == s0:  # B5: the support desk's rotation: three leave, three join, same office
            agents = list(org.SUPPORT[3:]) + list(org.SUPPORT_NEW)
            for who in org.SUPPORT_NEW:
                truth.benign(
                    "B5",
                    "support shift rotation: a new agent",
                    w.local(day, 0),
                    end_all,
                    principal=sso_arn(org.PROD, "SupportReadOnly", who),
                )
        support_desk(w, day, agents)
        if (
            s0 - dt.timedelta(days=3) <= day <= s3 and day.weekday() < 5
        ) or day == s0 - dt.timedelta(days=3):  # B7: the RBI / PCI audit
            for who in AUDITORS:
                ip = OUTSIDE["auditor_mumbai"].host(5 + AUDITORS.index(who))
                t = w.local(day, w.rng.uniform(10, 12))
                s = sso_session(
                    w,
                    t,
                    who,
                    "AuditorReadOnly",
                    acct=org.PROD,
                    ip=ip,
                    ua=org.UA["cli_linux"].replace("{cmd}", "sso.login"),
                )
                w.calls(
                    s,
                    t,
                    5 * 3600,
                    30 + w.count(40),
                    org.PERM_CALLS["AuditorReadOnly"],
                    acct=org.PROD,
                    region="ap-south-1",
                    ip=ip,
                    ua=org.UA["cli_linux"],
                    deny=0.05,
                )
                if day == s0 - dt.timedelta(days=3):
                    truth.benign(
                        "B7",
                        "RBI / PCI auditor on a read-only permission set for a week",
                        w.local(s0 - dt.timedelta(days=3), 0),
                        end_all,
                        principal=sso_arn(org.PROD, "AuditorReadOnly", who),
                    )
        for p in org.ENGINEERS:
            accounts = ACCOUNTS_OF[p.perm] + (
                (org.LEND,) if day >= s0 and p.perm == "BackendDeveloper" else ()
            )
            festival = p.home_town and s1 <= day <= s3
            engineer_day(w, day, p, net=p.home_town if festival else None, accounts=accounts)
            if festival and day == s1:  # B9: the festival week from the family home
                for acct in sorted(set(accounts)):
                    truth.benign(
                        "B9",
                        "festival week from a new home ISP",
                        w.local(s1, 0),
                        w.local(s3, 24),
                        principal=sso_arn(acct, p.perm, f"{p.name}@sitarapay.in"),
                    )
        if day == s3:  # B3: Aurora blue/green switchover by the DBA
            meera = eng_of["meera.iyer"]
            ip = (
                OUTSIDE["office_blr"].host(3)
                if day.weekday() in meera.office_days
                else w.lease(meera.name, meera.home, day)
            )
            s = sso_session(
                w,
                w.local(day, 11.0),
                f"{meera.name}@sitarapay.in",
                meera.perm,
                acct=org.PROD,
                ip=ip,
                ua=org.UA[meera.cli].replace("{cmd}", "sso.login"),
            )
            steps = [
                ("rds", "CreateBlueGreenDeployment"),
                *[("rds", "DescribeBlueGreenDeployments")] * 6,
                ("rds", "SwitchoverBlueGreenDeployment"),
                *[("rds", "DescribeBlueGreenDeployments")] * 3,
                ("rds", "DescribeDBClusters"),
                ("rds", "DeleteBlueGreenDeployment"),
                ("rds", "DeleteDBCluster"),
            ]
            done = _script(
                w, s, w.local(day, 11.0), steps, acct=org.PROD, ip=ip, ua=org.UA[meera.cli], gap=420
            )
            truth.benign("B3", "Aurora blue/green switchover", w.local(day, 10.9), done, key=s.key)
    attacks(w, truth, scored, keys)
    return trail, truth, dates

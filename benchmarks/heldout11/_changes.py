"""The benign changes of the scored days, each writing its events and its truth rows (expected
at most low): B1 the Diwali sale, B2 an EKS upgrade, B3 an Aurora blue/green switchover, B4 a
new microservice, B6 a DR test, B7 an audit, B8 a key rotation (B5 and B9 only change who works
where, in ``_build``)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._actors import eks_services
from benchmarks.heldout11._net import OUTSIDE
from benchmarks.heldout11._ops import _autoscaling, _dr_check, _ids, _script, role_arn, sso_arn
from benchmarks.heldout11._people import sso_session
from benchmarks.heldout11._trail import Mint, mint
from benchmarks.heldout11._truth import Truth
from benchmarks.heldout11._world import World

ENG = {p.name: p for p in org.ENGINEERS}
AUDITORS = ("a.deshpande@auditpartners.in", "s.bhat@auditpartners.in")


def diwali_sale(w: World, truth: Truth, day: dt.date) -> list[tuple[str, float, float]]:
    """B1: the Diwali sale: the node group from 6 to 14 nodes for the day (returned)."""
    extra = _ids(w, 8)
    out = [(i, 2.5 + k * 0.25, 17.5) for k, i in enumerate(extra)]
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
    return out


def eks_upgrade(
    w: World, truth: Truth, day: dt.date, prod_nodes: list[str], end_all: dt.datetime
) -> tuple[list[tuple[str, float, float]], list[str]]:
    """B2: EKS 1.29 -> 1.30, a new node group on the new AMI: (the day's nodes, the new ids)."""
    farhan = ENG["farhan.qureshi"]
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
    truth.benign("B2", "EKS upgrade by the platform engineer", w.local(day, 10.4), done, key=s.key)
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
    return full, new


def new_service(w: World, truth: Truth, day: dt.date, end_all: dt.datetime) -> None:
    """B4: the deploy pipeline creates payouts-v2's IRSA role."""
    ip = OUTSIDE["github_azure"].pick(w.rng)
    d = mint(
        w.trail,
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


def dr_test(
    w: World, truth: Truth, day: dt.date, services: list[org.Service], nat: dict[str, list[str]]
) -> None:
    """B6: the DR test: failover to Singapore and back, by the usual automation."""
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
    truth.benign("B6", "DR failover test: the DR orchestrator's key", start, stop, key=dr.key)
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


def rotate_key(
    w: World, truth: Truth, day: dt.date, keys: dict[str, str], end_all: dt.datetime
) -> None:
    """B8: the security admin rotates the reporting tool's key."""
    nikhil = ENG["nikhil.joshi"]
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
    keys["svc-reporting"] = w.trail.token("AKIA")
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


def retire_key(w: World, truth: Truth, day: dt.date, *, final: bool) -> None:
    """B8: the old key deactivated, and the next day deleted."""
    nikhil = ENG["nikhil.joshi"]
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
            ("iam", "DeleteAccessKey" if final else "UpdateAccessKey"),
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


def audit_day(w: World, truth: Truth, day: dt.date, first: dt.date, end_all: dt.datetime) -> None:
    """B7: the RBI / PCI auditors' day on their read-only permission set."""
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
        if day == first:
            truth.benign(
                "B7",
                "RBI / PCI auditor on a read-only permission set for a week",
                w.local(first, 0),
                end_all,
                principal=sso_arn(org.PROD, "AuditorReadOnly", who),
            )


def blue_green(w: World, truth: Truth, day: dt.date) -> None:
    """B3: Aurora blue/green switchover by the DBA."""
    meera = ENG["meera.iyer"]
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

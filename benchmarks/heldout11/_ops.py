"""Small building blocks of the benign changes: principals as ``ueba`` names them, instance
ids, an operator's scripted change, Auto Scaling acting on instances, and the DR orchestrator
(nightly readiness check, or the DR test's failover and failback)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._trail import Mint, Session, mint, service
from benchmarks.heldout11._world import World


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

"""Sitara Pay's workloads, one function per kind: EKS pods (IRSA and Pod Identity), node
groups, the cluster autoscaler, AWS services acting for the accounts, and the data account's
Lambdas. People and partners are in ``_people``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from benchmarks.heldout11 import _org as org
from benchmarks.heldout11._trail import (
    Mint,
    Session,
    mint,
    service,
)
from benchmarks.heldout11._world import World, curve


def web_user(provider: str, sub: str) -> dict[str, str]:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:sts.amazonaws.com:{sub}",
        "userName": sub,
        "identityProvider": provider,
    }


def pod_session(
    w: World, t: dt.datetime, svc: org.Service, *, acct: str, region: str, cluster: str, ip: str
) -> Session:
    """A pod's credentials: IRSA (the SDK exchanges the projected token) or EKS Pod Identity
    (the agent asks ``pods.eks.amazonaws.com``)."""
    if svc.pod_identity:
        how = Mint(
            "AssumeRole",
            service("pods.eks"),
            "pods.eks.amazonaws.com",
            "pods.eks.amazonaws.com",
            {
                "tags": [
                    {"key": "eks-cluster-name", "value": cluster},
                    {"key": "kubernetes-namespace", "value": svc.ns},
                ]
            },
            hours=6,
        )
        session = f"eks-{cluster}-{svc.name}-{w.trail.hexid('', 8)}"
    else:
        provider, sub = org.oidc(cluster, region), f"system:serviceaccount:{svc.ns}:{svc.name}"
        how = Mint(
            "AssumeRoleWithWebIdentity",
            web_user(provider, sub),
            ip,
            org.UA[svc.sdk],
            web=(provider, sub),
        )
        session = (
            f"botocore-session-{int(t.timestamp())}"
            if svc.sdk == "py"
            else f"{svc.name}-{int(t.timestamp() * 1000)}"
        )
    return mint(w.trail, t, how, acct=acct, region=region, role=f"eks-{svc.name}", session=session)


def eks_services(
    w: World,
    day: dt.date,
    services: Sequence[org.Service],
    *,
    acct: str,
    region: str,
    nat: Sequence[str],
    hours: Sequence[int] = range(24),
    rate: float = 1.0,
    sale: float = 1.0,
) -> None:
    cluster = org.CLUSTERS[(region, acct)]
    endpoints = {"s3": w.trail.hexid("vpce-"), "dynamodb": w.trail.hexid("vpce-")}
    for svc in services:
        grow = sale if svc.sale else 1.0
        pods = max(1, round(svc.pods * (1 + (grow - 1) / 3)))
        for pod in range(pods):
            pod_ip = f"10.{20 + len(region) % 7}.{w.rng.randint(32, 95)}.{w.rng.randint(2, 254)}"
            vpce = {src: (eid, pod_ip) for src, eid in endpoints.items()}
            s: Session | None = None
            for h in hours:
                t = w.at(day, h + pod / pods / 2)
                egress = nat[(pod + h) % len(nat)]
                if s is None or s.expires is None or s.expires <= t:
                    s = pod_session(
                        w,
                        w.jitter(t, 120),
                        svc,
                        acct=acct,
                        region=region,
                        cluster=cluster,
                        ip=egress,
                    )
                n = w.count(0.35 * svc.rate * rate * grow * curve(h))
                w.calls(
                    s,
                    t,
                    3599,
                    n,
                    svc.calls,
                    acct=acct,
                    region=region,
                    ip=egress,
                    ua=org.UA[svc.sdk],
                    deny=0.002,
                    vpce=vpce,
                )


def node_group(
    w: World,
    day: dt.date,
    *,
    acct: str,
    region: str,
    nodes: Sequence[tuple[str, float, float]],
    nat: Sequence[str],
    ua: str = org.UA["kubelet"],
    cni_ua: str = org.UA["cni"],
) -> None:
    """Each node (instance id, first hour, last hour of the day): its instance-profile key every
    hour, kubelet's ECR and EC2 calls, and the VPC CNI (IRSA ``aws-node``) on the node."""
    cluster = org.CLUSTERS[(region, acct)]
    cni = org.Service(
        "aws-node",
        "kube-system",
        "cni",
        (
            ("ec2", "DescribeNetworkInterfaces"),
            ("ec2", "AssignPrivateIpAddresses"),
            ("ec2", "UnassignPrivateIpAddresses"),
        ),
        1.2,
        1,
    )
    role = "eks-node-" + cluster
    for index, (iid, first, last) in enumerate(nodes):
        egress = nat[index % len(nat)]
        h = first
        while h < last:
            t = w.at(day, h)
            key = mint(
                w.trail,
                w.jitter(t, 30),
                Mint(
                    "AssumeRole",
                    service("ec2"),
                    "ec2.amazonaws.com",
                    "ec2.amazonaws.com",
                    ec2=True,
                    hours=6,
                ),
                acct=acct,
                region=region,
                role=role,
                session=iid,
            )
            menu = (
                ("ecr", "GetAuthorizationToken"),
                ("ec2", "DescribeInstances"),
                ("ecr", "BatchGetImage"),
                ("ecr", "GetDownloadUrlForLayer"),
            )
            w.calls(
                key,
                t,
                3599 * min(6, last - h),
                1 + w.count(1.5 * min(6, last - h)),
                menu,
                acct=acct,
                region=region,
                ip=egress,
                ua=ua,
            )
            cni_key = pod_session(
                w, w.jitter(t, 60), cni, acct=acct, region=region, cluster=cluster, ip=egress
            )
            w.calls(
                cni_key,
                t,
                3599,
                w.count(cni.rate * curve(int(h) % 24)),
                cni.calls,
                acct=acct,
                region=region,
                ip=egress,
                ua=cni_ua,
            )
            h += 6 if w.rng.random() < 0.5 else 1


def autoscaler(
    w: World, day: dt.date, *, acct: str, region: str, nat: Sequence[str], scale_calls: int = 0
) -> None:
    """cluster-autoscaler: one pod polling the Auto Scaling groups every ten minutes."""
    svc = org.Service("cluster-autoscaler", "kube-system", "autoscaler", (), 0, 1)
    cluster = org.CLUSTERS[(region, acct)]
    for h in range(24):
        t = w.at(day, h)
        s = pod_session(
            w, w.jitter(t, 60), svc, acct=acct, region=region, cluster=cluster, ip=nat[0]
        )
        for m in range(0, 60, 10):
            w.trail.add(
                w.at(day, h + m / 60 + 0.001),
                s,
                "autoscaling",
                "DescribeAutoScalingGroups",
                acct=acct,
                region=region,
                ip=nat[0],
                ua=org.UA["autoscaler"],
            )
        if h % 3 == 0:
            w.trail.add(
                w.jitter(t, 3000),
                s,
                "ec2",
                "DescribeLaunchTemplateVersions",
                acct=acct,
                region=region,
                ip=nat[0],
                ua=org.UA["autoscaler"],
            )
    for i in range(scale_calls):
        t = w.local(day, 8 + i * 1.5)
        s = pod_session(w, t, svc, acct=acct, region=region, cluster=cluster, ip=nat[0])
        w.trail.add(
            t,
            s,
            "autoscaling",
            "SetDesiredCapacity",
            acct=acct,
            region=region,
            ip=nat[0],
            ua=org.UA["autoscaler"],
            params={
                "autoScalingGroupName": f"eks-ng-general-{cluster}",
                "desiredCapacity": 6 + 2 * (i + 1),
            },
            read_only=False,
        )


def aws_services(w: World, day: dt.date, acct: str) -> None:
    """AWS Config's service-linked role every two hours; AWS Backup's nightly jobs (prod copies
    its recovery points to the platform account's vault)."""
    for h in range(0, 24, 2):
        t = w.at(day, h + w.rng.random())
        s = mint(
            w.trail,
            t,
            Mint(
                "AssumeRole",
                service("config"),
                "config.amazonaws.com",
                "config.amazonaws.com",
                hours=2,
            ),
            acct=acct,
            region="ap-south-1",
            role="AWSServiceRoleForConfig",
            session="AWSConfig-Describe",
            role_path="aws-service-role/config.amazonaws.com/",
        )
        menu = (
            ("ec2", "DescribeSecurityGroups"),
            ("iam", "GetRole"),
            ("s3", "GetBucketPolicy"),
            ("rds", "DescribeDBClusters"),
            ("eks", "DescribeCluster"),
        )
        w.calls(
            s,
            t,
            1800,
            2 + w.count(3),
            menu,
            acct=acct,
            region="ap-south-1",
            ip="config.amazonaws.com",
            ua="config.amazonaws.com",
        )
    if acct in (org.PROD, org.PLAT):
        t = w.local(day, 20.5)
        s = mint(
            w.trail,
            t,
            Mint("AssumeRole", service("backup"), "backup.amazonaws.com", "backup.amazonaws.com"),
            acct=acct,
            region="ap-south-1",
            role="AWSBackupDefaultServiceRole",
            session="AWSBackup-AWSBackupDefaultServiceRole",
            role_path="service-role/",
        )
        menu = (
            (
                ("rds", "CreateDBClusterSnapshot"),
                ("dynamodb", "CreateBackup"),
                ("backup", "CopyRecoveryPoint"),
                ("rds", "DescribeDBClusterSnapshots"),
            )
            if acct == org.PROD
            else (
                ("backup", "CopyRecoveryPoint"),
                ("kms", "CreateGrant"),
                ("backup", "DescribeRecoveryPoint"),
            )
        )
        w.calls(
            s,
            t,
            2400,
            4 + w.count(3),
            menu,
            acct=acct,
            region="ap-south-1",
            ip="backup.amazonaws.com",
            ua="backup.amazonaws.com",
        )


def lambdas(
    w: World,
    day: dt.date,
    *,
    acct: str,
    functions: Sequence[tuple[str, tuple[tuple[str, str], ...], float]],
    region: str = "ap-south-1",
) -> None:
    """Each function's execution environments: a key from ``lambda.amazonaws.com`` every few
    hours, a new AWS address each time."""
    for name, menu, rate in functions:
        h = w.rng.uniform(0, 3)
        while h < 24:
            t = w.at(day, h)
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
                acct=acct,
                region=region,
                role=f"{name}-role",
                session=name,
            )
            life = w.rng.uniform(2, 5)
            w.calls(
                s,
                t,
                3600 * min(life, 24 - h),
                w.count(rate * life),
                menu,
                acct=acct,
                region=region,
                ip=w.aws_ip(region),
                ua=org.UA["lambda_py"],
            )
            h += life

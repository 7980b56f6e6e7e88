"""The attacks with workloads' stolen credentials: an EKS node's, the new account's gate server's,
a crane gateway's and the gate Lambda's keys used away from their workload."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._attacks import DENIED, EC2_BOTO, VPS_BOTO, VPS_CLI, burst
from benchmarks.heldout37._incident import Row, minted, row
from benchmarks.heldout37._plan import NODE_GROUP, TOKYO_JOINS, Plan, at
from benchmarks.heldout37._records import Trail, place
from benchmarks.heldout37._world import World


def a2_node_ssrf(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(1), place("do_sg")
    start = at(day, 16, 40)
    instance = (w.nodes_new if plan.since(NODE_GROUP, day) else w.nodes_old)[0]
    key = minted(t, org.TOS, "pmct-eks-node-role", instance, start, ec2=True)
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("s3", "ListBuckets", DENIED),
        ("ec2", "DescribeInstances", None),
        ("ecr", "DescribeRepositories", None),
        ("ecr", "GetAuthorizationToken", None),
        ("ecr", "BatchGetImage", None),
        ("ecr", "GetDownloadUrlForLayer", None),
        ("ecr", "GetDownloadUrlForLayer", None),
        ("secretsmanager", "ListSecrets", DENIED),
        ("iam", "ListRoles", DENIED),
        ("eks", "ListClusters", None),
        ("eks", "DescribeCluster", None),
    ]
    burst(t, key, org.TOS, start, calls, ip=ip, agent=VPS_CLI, minutes=25)
    end = start + dt.timedelta(minutes=26)
    return [
        row(
            "A2",
            "EKS node's instance role taken through SSRF, used from a DigitalOcean VPS",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a7_tokyo_ssrf(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(TOKYO_JOINS), place("linode_tokyo")
    start = at(day, 5, 30)
    key = minted(t, org.TOKYO, "shinonome-gate-server", w.tokyo_instances[0], start, ec2=True)
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("s3", "ListBuckets", None),
        ("s3", "ListObjects", None),
        *[("s3", "GetObject", None)] * 20,
        ("ec2", "DescribeInstances", None),
        ("iam", "ListAttachedRolePolicies", DENIED),
        ("ssm", "DescribeParameters", DENIED),
    ]
    burst(t, key, org.TOKYO, start, calls, ip=ip, agent=VPS_BOTO, minutes=35, region=org.JP)
    end = start + dt.timedelta(minutes=36)
    return [
        row(
            "A7",
            "new Tokyo account's gate-server instance credentials (IMDSv1 SSRF) used from Linode on its first day",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a10_gateway(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(0), place("ovh_sg")
    start = at(day, 11, 45)
    thing = w.gateways[min(2, len(w.gateways) - 1)]
    key = minted(t, org.TOS, "pmct-greengrass-token-exchange", thing, start)
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("s3", "ListObjects", None),
        *[("s3", "GetObject", None)] * 12,
        ("kinesis", "ListStreams", None),
        ("iot", "ListThings", DENIED),
        ("s3", "ListBuckets", DENIED),
    ]
    burst(t, key, org.TOS, start + dt.timedelta(minutes=2), calls, ip=ip, agent=VPS_CLI, minutes=20)
    end = start + dt.timedelta(minutes=23)
    return [
        row(
            "A10",
            "crane gateway's token-exchange credentials used from an OVH server",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="medium",
        )
    ]


def a11_lambda(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(2), place("outsider_ec2")
    start = at(day, 22, 30)
    key = minted(t, org.TOS, "pmct-gate-plate-reader", "gate-plate-reader", start)
    calls: list[tuple[str, str, str | None]] = [
        ("sts", "GetCallerIdentity", None),
        ("dynamodb", "DescribeTable", None),
        *[("dynamodb", "Scan", None)] * 12,
    ]
    burst(t, key, org.TOS, start, calls, ip=ip, agent=EC2_BOTO, minutes=18)
    end = start + dt.timedelta(minutes=19)
    return [
        row(
            "A11",
            "gate Lambda's credentials leaked through a debug endpoint: truck plates scanned from an EC2 in another account",
            "attack",
            start,
            end,
            key=key.key,
            ips=(ip,),
            severity="medium",
        )
    ]

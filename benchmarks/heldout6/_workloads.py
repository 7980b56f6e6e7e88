"""Lakeshore's workloads: the ParallelCluster (Slurm) head node and its Spot compute fleet,
SageMaker notebook instances, and the genomics lab's EKS pipelines (IRSA)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout6 import _agents as ua
from benchmarks.heldout6._background import where
from benchmarks.heldout6._net import aws_address
from benchmarks.heldout6._org import PUBLIC, Org, Workload
from benchmarks.heldout6._records import Who, key_id, role, session
from benchmarks.heldout6._s3 import console_login, data_event

EC2 = "ec2.amazonaws.com"


def instance_id(rng: random.Random) -> str:
    return "i-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16))


@dataclass
class Hpc:
    head: Who
    compute: Who
    head_id: str
    head_ip: str
    nat_ip: str
    vpce: str
    nodes: dict[str, Who] = field(default_factory=dict)

    @classmethod
    def build(cls, org: Org) -> Hpc:
        rng, a = org.rng, org.accounts["hpc"]
        return cls(
            role(a, "hpc-cluster-RoleHeadNode-1F2A3B4C5D6E", rng, "/parallelcluster/"),
            role(a, "hpc-cluster-RoleComputeFleet-9A8B7C6D5E4F", rng, "/parallelcluster/"),
            instance_id(rng),
            aws_address("us-east-1", rng),
            aws_address("us-east-1", rng),
            "vpce-0" + "".join(rng.choice("0123456789abcdef") for _ in range(16)),
        )


def demand(org: Org, index: int, hour: int) -> int:
    """Slurm's queue: busier on weekdays and in the evening before group meetings."""
    base = 3 if org.offday(index) else (8 if 9 <= hour < 23 else 4)
    return max(1, int(base * org.scale + 0.5))


def hpc_day(org: Org, index: int, hpc: Hpc, burst: dict[int, int] | None = None) -> None:
    rng = org.rng
    for hour in range(24):
        t = org.at(index, hour + rng.uniform(0, 0.1))
        head = org.mint(t, hpc.head, hpc.head_id, EC2, "us-east-1")
        for _ in range(int(4 * org.scale) + 1):
            t += dt.timedelta(minutes=rng.uniform(2, 14))
            error = "Client.RequestLimitExceeded" if rng.random() < 0.01 else None
            org.emit(
                t,
                head,
                "ec2",
                "DescribeInstances",
                "us-east-1",
                hpc.head_ip,
                ua.NODE_BOTO,
                params={
                    "filterSet": {
                        "items": [
                            {
                                "name": "tag:parallelcluster:node-type",
                                "valueSet": {"items": [{"value": "Compute"}]},
                            }
                        ]
                    }
                },
                error=error,
            )
        want = demand(org, index, hour) + (burst or {}).get(hour, 0)
        if want > len(hpc.nodes):
            _scale_out(org, t, hpc, head, want - len(hpc.nodes))
        elif want < len(hpc.nodes):
            gone = rng.sample(sorted(hpc.nodes), k=len(hpc.nodes) - want)
            org.emit(
                t,
                head,
                "ec2",
                "TerminateInstances",
                "us-east-1",
                hpc.head_ip,
                ua.NODE_BOTO,
                params={"instancesSet": {"items": [{"instanceId": i} for i in gone]}},
            )
            for i in gone:
                del hpc.nodes[i]
        for node_id in sorted(hpc.nodes):
            s = org.at(index, hour + rng.uniform(0.1, 0.9))
            hpc.nodes[node_id] = org.mint(s, hpc.compute, node_id, EC2, "us-east-1")
            if rng.random() < 0.004:
                rec = org.emit(
                    s,
                    Who("service", hpc.compute.account, service=EC2),
                    "ec2",
                    "BidEvictedEvent",
                    "us-east-1",
                    EC2,
                    EC2,
                    event_type="AwsServiceEvent",
                    read_only=False,
                )
                rec["serviceEventDetails"] = {"instanceIdSet": [node_id]}
            for _ in range(rng.randint(0, 2)):
                s += dt.timedelta(seconds=rng.uniform(5, 600))
                data_event(
                    org,
                    s,
                    hpc.nodes[node_id],
                    "GetObject",
                    PUBLIC,
                    f"10.0.{rng.randrange(16, 32)}.{rng.randrange(2, 250)}",
                    ua.NODE_BOTO,
                    vpce=hpc.vpce,
                )


def _scale_out(org: Org, t: dt.datetime, hpc: Hpc, head: Who, count: int) -> None:
    rng = org.rng
    ids = [instance_id(rng) for _ in range(count)]
    org.emit(
        t,
        head,
        "ec2",
        "CreateFleet",
        "us-east-1",
        hpc.head_ip,
        ua.NODE_BOTO,
        read_only=False,
        params={
            "CreateFleetRequest": {
                "Type": "instant",
                "TargetCapacitySpecification": {
                    "TotalTargetCapacity": count,
                    "DefaultTargetCapacityType": "spot",
                },
                "LaunchTemplateConfigs": {
                    "LaunchTemplateSpecification": {
                        "LaunchTemplateName": "hpc-cluster-compute-c6i32xl"
                    }
                },
            }
        },
        response={
            "CreateFleetResponse": {
                "fleetId": "fleet-" + ids[0][2:],
                "fleetInstanceSet": {
                    "item": [
                        {
                            "instanceIds": {"item": ids},
                            "lifecycle": "spot",
                            "instanceType": "c6i.32xlarge",
                        }
                    ]
                },
            }
        },
    )
    for node_id in ids:
        boot = t + dt.timedelta(seconds=rng.uniform(40, 180))
        who = org.mint(boot, hpc.compute, node_id, EC2, "us-east-1")
        hpc.nodes[node_id] = who
        for name in ("DescribeInstances", "DescribeTags"):
            boot += dt.timedelta(seconds=rng.uniform(1, 20))
            org.emit(
                boot,
                who,
                "ec2",
                name,
                "us-east-1",
                hpc.nat_ip,
                ua.NODE_BOTO,
                params={"filterSet": {}},
            )


def notebooks(
    org: Org, index: int, starters: dict[str, Any], force: frozenset[str] = frozenset()
) -> dict[str, list[tuple[Who, str]]]:
    """Notebook instances started from the console in the morning, stopped by their idle
    lifecycle script (with the notebook's own role) in the evening."""
    rng = org.rng
    out = {}
    for nb in org.notebooks:
        if org.offday(index) and rng.random() < 0.7 and nb.name not in force:
            continue
        # a lab member at home this day (travellers and people on holiday leave it to others)
        person = next(
            p
            for p in starters[nb.name]
            if index not in p.extra.get("away", ()) and index not in p.extra.get("travel", {})
        )
        hour = rng.uniform(8.5, 10.5)
        t = org.at(index, hour)
        ip, _ = where(org, person, index, hour)
        console_login(org, t, person.who, ip, ua.CHROME, mfa=person.mfa)
        me = person.who.with_key(key_id(rng, "ASIA"), t, mfa=person.mfa, console=True)
        org.emit(
            t + dt.timedelta(seconds=30),
            me,
            "sagemaker",
            "StartNotebookInstance",
            "us-east-1",
            ip,
            ua.CHROME,
            params={"notebookInstanceName": nb.instance},
            read_only=False,
        )
        out[nb.name] = run_notebook(org, index, nb, 10, rng.randint(17, 20))
    return out


def run_notebook(
    org: Org, index: int, nb: Workload, first: int, last: int
) -> list[tuple[Who, str]]:
    """Runs the notebook; returns each hour's (session, the notebook's address)."""
    rng = org.rng
    ip = aws_address("us-east-1", random.Random(f"{org.seed}:{nb.name}:{index}"))
    calls = (
        ("s3", "ListBuckets"),
        ("s3", "GetBucketLocation"),
        ("sagemaker", "DescribeTrainingJob"),
        ("sagemaker", "ListTrainingJobs"),
        ("logs", "GetLogEvents"),
        ("ecr", "GetAuthorizationToken"),
        ("s3", "data:GetObject"),
    )
    who, minted = nb.role, []
    for hour in range(first, last):
        t = org.at(index, hour + rng.uniform(0, 0.2))
        who = org.mint(t, nb.role, "SageMaker", nb.service, nb.region)
        minted.append((who, ip))
        for _ in range(int(rng.randint(2, 7) * org.scale) + 1):
            t += dt.timedelta(seconds=rng.uniform(20, 500))
            service, name = rng.choice(calls)
            if name.startswith("data:"):
                data_event(org, t, who, "GetObject", PUBLIC, ip, nb.ua)
            else:
                org.emit(t, who, service, name, nb.region, ip, nb.ua, params={})
        if hour == first and rng.random() < 0.3:
            org.emit(
                t,
                who,
                "sagemaker",
                "CreateTrainingJob",
                nb.region,
                ip,
                nb.ua,
                read_only=False,
                params={
                    "trainingJobName": f"{nb.name}-{index}-{hour}",
                    "resourceConfig": {"instanceType": "ml.g4dn.xlarge", "instanceCount": 1},
                },
            )
    t = org.at(index, last + 0.05)
    org.emit(
        t,
        who,
        "sagemaker",
        "StopNotebookInstance",
        nb.region,
        ip,
        nb.ua,
        params={"notebookInstanceName": nb.instance},
        read_only=False,
    )
    return minted


@dataclass
class Cluster:
    region: str
    nat_ip: str
    provider: str
    nodes: list[str]
    node_role: Who
    pipelines: dict[str, Who]

    @classmethod
    def build(
        cls, org: Org, region: str, name: str, pipelines: dict[str, Who], node_role: Who
    ) -> Cluster:
        rng, a = org.rng, org.accounts["genomics"]
        oidc = "".join(rng.choice("0123456789ABCDEF") for _ in range(32))
        return cls(
            region,
            aws_address(region, rng),
            f"arn:aws:iam::{a}:oidc-provider/oidc.eks.{region}.amazonaws.com/id/{oidc}",
            [instance_id(rng) for _ in range(3)],
            node_role,
            pipelines,
        )


def web_identity(
    org: Org, t: dt.datetime, c: Cluster, sa: str, r: Who, ip: str, agent: str
) -> tuple[Who, dict[str, Any]]:
    """A pod's projected service-account token exchanged for the role's credentials."""
    key = key_id(org.rng, "ASIA")
    subject = f"system:serviceaccount:pipelines:{sa}"
    caller = Who(
        "web",
        r.account,
        arn=c.provider,
        principal_id=f"{c.provider}:sts.amazonaws.com:{subject}",
        name=subject,
    )
    name = f"aws-sdk-java-{int(t.timestamp() * 1000)}"
    rec = org.emit(
        t,
        caller,
        "sts",
        "AssumeRoleWithWebIdentity",
        c.region,
        ip,
        agent,
        read_only=True,
        params={"roleArn": r.arn, "roleSessionName": name, "durationSeconds": 3600},
        response={
            "credentials": {"accessKeyId": key, "expiration": "1h"},
            "subjectFromWebIdentityToken": subject,
            "assumedRoleUser": {
                "assumedRoleId": f"{r.role_id}:{name}",
                "arn": f"arn:aws:sts::{r.account}:assumed-role/{r.name}/{name}",
            },
            "provider": c.provider,
            "audience": "sts.amazonaws.com",
        },
        additional={"identityProviderConnectionVerificationMethod": "IAMTrustStore"},
        resources=[{"accountId": r.account, "type": "AWS::IAM::Role", "ARN": r.arn}],
    )
    web = {"federatedProvider": c.provider, "attributes": {}}
    return session(r, name, key, t, web=web), rec


PIPELINE_CALLS = (
    ("s3", "GetBucketLocation"),
    ("secretsmanager", "GetSecretValue"),
    ("kms", "Decrypt"),
    ("kms", "GenerateDataKey"),
    ("logs", "CreateLogStream"),
    ("s3", "GetBucketLocation"),
)


def eks_day(org: Org, index: int, c: Cluster, hours: range = range(24)) -> None:
    rng = org.rng
    for hour in hours:
        keys = {}
        for node in c.nodes:
            t = org.at(index, hour + rng.uniform(0, 0.1))
            keys[node] = org.mint(t, c.node_role, node, EC2, c.region)
            if hour % 6 == 0:
                org.emit(
                    t,
                    keys[node],
                    "ecr",
                    "GetAuthorizationToken",
                    c.region,
                    c.nat_ip,
                    ua.KUBELET,
                    params={},
                )
        for sa, r in c.pipelines.items():
            busy = 0.35 if org.offday(index) else 0.8
            if rng.random() > busy * (1 if sa == "nextflow" else 0.5):
                continue
            t = org.at(index, hour + rng.uniform(0.1, 0.5))
            org.emit(
                t,
                keys[rng.choice(c.nodes)],
                "ecr",
                "BatchGetImage",
                c.region,
                c.nat_ip,
                ua.KUBELET,
                params={"repositoryName": f"pipelines/{sa}", "imageIds": [{"imageTag": "v2.3"}]},
            )
            who, _ = web_identity(org, t, c, sa, r, c.nat_ip, ua.NEXTFLOW)
            for _ in range(int(rng.randint(3, 8) * org.scale) + 1):
                t += dt.timedelta(seconds=rng.uniform(5, 300))
                service, name = rng.choice(PIPELINE_CALLS)
                org.emit(
                    t,
                    who,
                    service,
                    name,
                    c.region,
                    c.nat_ip,
                    ua.NEXTFLOW,
                    params={},
                    read_only=name != "GenerateDataKey" and name != "CreateLogStream",
                )

"""Workload and service background: nodes, pods, tasks, functions, on-prem, AWS services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._net import ONPREM
from benchmarks.heldout3._trail import credentials, web_identity
from benchmarks.heldout3._world import Session, World

GLOBAL_REGION = {"iam", "organizations", "ce", "budgets", "route53", "pricing", "cloudfront"}
PRIVATE_SERVICES = {"ecr", "s3", "kms", "secretsmanager"}  # reached through interface endpoints
NODE_AGENTS = {
    "ec2": org.CNI,
    "ecr": org.ECR_HELPER,
    "ssm": org.SSM_AGENT,
    "ec2messages": org.SSM_AGENT,
}


def region_for(api: str, region: str) -> str:
    return "us-east-1" if api.split(":", 1)[0] in GLOBAL_REGION else region


def rhythm(day: dt.date, hour: int) -> float:
    """Workload load over the day (UTC) and the week."""
    daily = 0.6 + 0.8 * max(0.0, 1 - abs(hour - 12) / 9)
    return daily * (0.6 if day.weekday() >= 5 else 1.0)


def count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def pick(rng: random.Random, apis: Sequence[tuple[str, float]]) -> str:
    return rng.choices([a for a, _ in apis], weights=[w for _, w in apis])[0]


def error(rng: random.Random, rate: float = 0.003) -> str | None:
    roll = rng.random()
    return "throttled" if roll < rate / 2 else "denied" if roll < rate else None


def plan_instances(world: World) -> None:
    """Karpenter node churn: each slot's nodes live 18-60 h, then a new node takes over."""
    rng = world.rng
    start = world.at(world.days[0], 0) - dt.timedelta(hours=12)
    end = world.at(world.days[-1], 24)
    for w in world.workloads:
        if w.kind != "node":
            continue
        for _slot in range(w.holders):
            t = start - dt.timedelta(hours=rng.uniform(0, 40))
            while t < end:
                life = dt.timedelta(hours=rng.uniform(18, 60))
                w.instances.append(
                    org.Instance(
                        f"i-0{rng.getrandbits(64):016x}",
                        t,
                        t + life,
                        world.addr.private(world.vpc(w.account)),
                    )
                )
                t += life + dt.timedelta(minutes=rng.uniform(1, 4))


def agent_for(world: World, w: org.Workload, when: dt.datetime, api: str) -> str:
    if w.kind == "node":
        return NODE_AGENTS[api.split(":", 1)[0]]
    version = w.sdk[1] if world.after("sdk_upgrade", when) else w.sdk[0]
    return w.agent.format(v=version, api=api.split(":", 1)[0])


def workload_day(world: World, w: org.Workload, day: dt.date) -> None:
    if w.account == org.VENDED and day <= world.vended:
        return
    rng, account = world.rng, world.account(w.account)
    for hour in range(24):
        t0 = world.at(day, hour)
        region = (
            "eu-north-1" if w.name in world.moved and world.after("region_move", t0) else w.region
        )
        holders: list[Any] = (
            [i for i in w.instances if i.start < t0 + dt.timedelta(hours=1) and i.end > t0]
            if w.kind == "node"
            else list(range(w.holders))
        )
        for holder in holders:
            session = _session(world, w, holder, day, hour, region)
            if session is None:
                continue
            if w.kind == "pod_identity":
                _provision(world, w, session, t0, account)
            for _ in range(count(rng, w.per_hour * rhythm(day, hour))):
                when = t0 + dt.timedelta(seconds=rng.randrange(60, 3600))
                if w.kind == "node" and not holder.start <= when < holder.end:
                    continue
                api = pick(rng, w.apis)
                _use(world, w, session, holder, when, api, region, account)


def _provision(world: World, w: org.Workload, s: Session, t0: dt.datetime, account: str) -> None:
    """Karpenter launches (CreateFleet) and ends (TerminateInstances) the cluster's nodes."""
    nodes = next(n for n in world.workloads if n.kind == "node" and n.account == w.account)
    hour = t0 + dt.timedelta(hours=1)
    for node in nodes.instances:
        for when, api, params in (
            (
                node.start - dt.timedelta(seconds=40),
                "ec2:CreateFleet",
                {"type": "instant", "targetCapacitySpecification": {"totalTargetCapacity": 1}},
            ),
            (
                node.start - dt.timedelta(seconds=38),
                "ec2:CreateTags",
                {"resourcesSet": {"items": [{"resourceId": node.id}]}},
            ),
            (
                node.end,
                "ec2:TerminateInstances",
                {"instancesSet": {"items": [{"instanceId": node.id}]}},
            ),
        ):
            if t0 <= when < hour:
                world.trail.call(
                    when,
                    account,
                    w.region,
                    api,
                    s.identity,
                    s.ip,
                    w.agent,
                    params=params,
                    response={"instancesSet": {"items": [{"instanceId": node.id}]}},
                )


def _use(
    world: World,
    w: org.Workload,
    s: Session,
    holder: Any,
    when: dt.datetime,
    api: str,
    region: str,
    account: str,
) -> None:
    service = api.split(":", 1)[0]
    ip, endpoint = s.ip, None
    if w.kind == "node" and service in PRIVATE_SERVICES:
        ip, endpoint = holder.private_ip, world.endpoint(account, service)
    if w.kind == "onprem":
        if world.after("vpn_failover", when) and when < world.changes["vpn_restored"]:
            ip = world.addr.named("office-nat", "office")
        else:
            ip, endpoint = world.addr.named("wms01", ONPREM), world.endpoint(account, service)
    world.trail.call(
        when,
        account,
        region_for(api, region),
        api,
        s.identity,
        ip,
        agent_for(world, w, when, api),
        params=_params(api, w),
        error=error(world.rng),
        endpoint=endpoint,
    )


def _params(api: str, w: org.Workload) -> dict[str, Any] | None:
    service, name = api.split(":", 1)
    if service == "s3":
        return {
            "bucketName": f"halvard-{w.account}-{w.name.split('-')[0]}",
            "key": "data/part-0001.json",
        }
    if name == "GetSecretValue":
        return {"secretId": f"{w.account}/{w.name}/db"}
    if service == "kms":
        return {"encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::halvard-{w.account}"}}
    return None


def _session(
    world: World, w: org.Workload, holder: Any, day: dt.date, hour: int, region: str
) -> Session | None:
    """The holder's key for this hour, minting a new one when its service would."""
    rng = world.rng
    t0 = world.at(day, hour)
    name = holder.id if w.kind == "node" else f"{w.name}:{holder}"
    every = {"node": 1, "irsa": 1, "pod_identity": 1, "onprem": 1, "lambda": 2, "ecs": 6}[w.kind]
    if hour % every and name in world.sessions:
        return world.sessions[name][-1]
    when = t0 + dt.timedelta(seconds=rng.randrange(0, 120))
    nat = world.nat(world.account(w.account), region, holder if isinstance(holder, int) else 0)
    if w.kind == "node":
        if not holder.start <= when < holder.end:
            when = max(holder.start, t0)
        return world.mint(
            name,
            when,
            w.account,
            w.role,
            holder.id,
            region=region,
            invoked_by="ec2.amazonaws.com",
            ip=nat,
            agent="",
            ec2=True,
        )
    if w.kind == "irsa":
        return _irsa(world, w, name, when, region, nat)
    if w.kind == "pod_identity":
        tags = {
            "eks-cluster-name": f"halvard-{w.account}",
            "kubernetes-namespace": w.namespace,
            "kubernetes-service-account": "karpenter",
        }
        return world.mint(
            name,
            when,
            w.account,
            w.role,
            f"eks-halvard-{w.account[:2]}-karpenter--{world.trail.uid()}",
            region=region,
            invoked_by="pods.eks.amazonaws.com",
            ip=nat,
            agent=w.agent,
            params={"tags": [{"key": k, "value": v} for k, v in tags.items()]},
        )
    if w.kind == "lambda":
        return world.mint(
            name,
            when,
            w.account,
            w.role,
            w.name.removesuffix("-staging"),
            region=region,
            invoked_by="lambda.amazonaws.com",
            ip=world.addr.aws(region, rng.randrange(4)),
            agent="",
        )
    if w.kind == "ecs":
        task = f"{rng.getrandbits(128):032x}" if hour == 0 or name not in world.sessions else None
        task = task or world.sessions[name][-1].identity["arn"].rsplit("/", 1)[1]
        return world.mint(
            name,
            when,
            w.account,
            w.role,
            task,
            region=region,
            invoked_by="ecs-tasks.amazonaws.com",
            ip=nat,
            agent="",
        )
    return world.mint(
        name,
        when,
        w.account,
        w.role,
        "4f1c2a9e7b3d5c60",
        region=region,
        invoked_by="rolesanywhere.amazonaws.com",
        ip="",  # each call's address is the connector's: through the VPN, or the office on failover
        agent="",
        source_identity="CN=wms01.halvard.local",
    )


def _irsa(
    world: World, w: org.Workload, name: str, when: dt.datetime, region: str, nat: str
) -> Session:
    account = world.account(w.account)
    provider = f"arn:aws:iam::{account}:oidc-provider/{org.EKS_OIDC[w.account]}"
    subject = f"system:serviceaccount:{w.namespace}:{w.name.removesuffix('-staging')}"
    key, role_id = world.trail.key(), world.role_id(account, w.role)
    session_name = f"botocore-session-{int(when.timestamp())}"
    agent = agent_for(world, w, when, "sts:AssumeRoleWithWebIdentity")
    world.trail.call(
        when,
        account,
        region,
        "sts:AssumeRoleWithWebIdentity",
        web_identity(provider, subject, "sts.amazonaws.com"),
        nat,
        agent,
        params={
            "roleArn": f"arn:aws:iam::{account}:role/{w.role}",
            "roleSessionName": session_name,
        },
        response={
            "credentials": credentials(key, when + dt.timedelta(hours=1)),
            "subjectFromWebIdentityToken": subject,
            "provider": provider,
            "audience": "sts.amazonaws.com",
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{session_name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{w.role}/{session_name}",
            },
        },
    )
    from benchmarks.heldout3._trail import assumed_role

    identity = assumed_role(account, w.role, role_id, session_name, key, when)
    identity["sessionContext"]["webIdFederationData"] = {
        "federatedProvider": provider,
        "attributes": {},
    }
    session = Session(name, when, key, identity, nat, agent, account, region)
    world.sessions.setdefault(name, []).append(session)
    return session

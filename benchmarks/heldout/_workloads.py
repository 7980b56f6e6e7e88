"""Workloads: EC2 Auto Scaling fleets, Lambda functions, ECS tasks and EKS pods (IRSA)."""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._background import H, call, diurnal, mint, pick, poisson
from benchmarks.heldout._org import Ctx, Fleet, Function, Service


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _segments(
    ctx: Ctx,
    rng: random.Random,
    actor: str,
    first: dt.datetime,
    every: dt.timedelta,
    life: int,
    start: dt.datetime,
    end: dt.datetime,
    mint_args: tuple[Any, ...],
) -> list[tuple[dt.datetime, dt.datetime, str]]:
    """(from, to, key) covering ``[start, end)``: the key carried over from yesterday, then a
    new key minted at ``first + k * every``."""
    k = max(0, math.ceil((start - first) / every))
    t = first + k * every
    out = []
    if t > start and ctx.keys.get(actor):
        out.append((start, min(t, end), ctx.keys[actor][-1][2]))
    while t < end:
        account, service, role, session, ip, region = mint_args
        key = mint(ctx, rng, t, account, service, role, session, life, actor, ip, region)
        out.append((t, min(t + every, end), key))
        t += every
    return out


def fleet_day(ctx: Ctx, fleet: Fleet, day: int, state: dict[str, Any]) -> None:
    rng = ctx.rng("fleet", fleet.account, fleet.region, fleet.role, day)
    start = ctx.day_start(day)
    instances: list[list[Any]] = state.setdefault("instances", [])
    scaler = ct.assumed_role(
        fleet.account,
        "AWSServiceRoleForAutoScaling",
        "AutoScaling",
        ct.new_key(rng),
        start,
        path="/aws-service-role/autoscaling.amazonaws.com/",
        invoked_by="autoscaling.amazonaws.com",
    )

    def launch(t: dt.datetime, until: dt.datetime | None, event: bool = True) -> None:
        iid = "i-0" + _hex(rng, 16)
        ip = (
            ctx.nat_ip(fleet.account, rng, fleet.region)
            if fleet.nat
            else ctx.pool.aws(fleet.region)
        )
        instances.append([iid, ip, t, until])
        if event:
            ctx.out.append(
                ct.record(
                    rng,
                    t,
                    fleet.account,
                    fleet.region,
                    "ec2",
                    "RunInstances",
                    scaler,
                    "autoscaling.amazonaws.com",
                    "autoscaling.amazonaws.com",
                    request={"instancesSet": {"items": [{"minCount": 1, "maxCount": 1}]}},
                    response={"instancesSet": {"items": [{"instanceId": iid}]}},
                )
            )

    def terminate(item: list[Any], t: dt.datetime) -> None:
        item[3] = t
        ctx.out.append(
            ct.record(
                rng,
                t,
                fleet.account,
                fleet.region,
                "ec2",
                "TerminateInstances",
                scaler,
                "autoscaling.amazonaws.com",
                "autoscaling.amazonaws.com",
                request={"instancesSet": {"items": [{"instanceId": item[0]}]}},
            )
        )

    if not state.get("launched"):
        state["launched"] = True
        first = state.get("launch_at", start)
        for _ in range(fleet.size):
            launch(
                first + dt.timedelta(minutes=rng.uniform(0, 30)),
                None,
                event=first > start or day > 0,
            )
    elif rng.random() < 0.35:  # a failed health check: the group replaces one instance
        live = [i for i in instances if i[3] is None]
        t = start + dt.timedelta(hours=rng.uniform(0, 23))
        terminate(live[rng.randrange(len(live))], t)
        launch(t + dt.timedelta(minutes=2), None)
    if fleet.peak_extra and start.weekday() < 5:
        up, down = start + 13.5 * H, start + 22 * H
        for _ in range(fleet.peak_extra):
            launch(up + dt.timedelta(minutes=rng.uniform(0, 20)), None)
            terminate(instances[-1], down + dt.timedelta(minutes=rng.uniform(0, 30)))
    for iid, ip, born, died in list(instances):
        end = min(died or start + 24 * H, start + 24 * H)
        if end > start:
            _instance_day(ctx, rng, fleet, iid, ip, born, start, end)
    state["instances"] = [i for i in instances if i[3] is None or i[3] > start + 24 * H]


def _instance_day(
    ctx: Ctx,
    rng: random.Random,
    fleet: Fleet,
    iid: str,
    ip: str,
    born: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
) -> None:
    agent = ct.boto3("1.34.113", "EC2") if fleet.agent == "python" else ct.java_v2("sqs")
    actor = f"ec2:{fleet.account}:{iid}"
    ctx.plan.setdefault("instances", {}).setdefault((fleet.role, fleet.region), set()).add(iid)
    args = (fleet.account, "ec2.amazonaws.com", fleet.role, iid, ip, fleet.region)
    first = born + dt.timedelta(minutes=1)
    for lo, hi, key in _segments(ctx, rng, actor, first, H, 6, max(start, first), end, args):
        ident = ct.assumed_role(fleet.account, fleet.role, iid, key, lo, ec2=True)
        hour = lo.hour + lo.minute / 60
        n = poisson(rng, fleet.per_hour * ctx.scale * diurnal(hour) * ((hi - lo) / H))
        for _ in range(n):
            call(
                ctx,
                rng,
                lo + (hi - lo) * rng.random(),
                fleet.account,
                pick(rng, fleet.apis),
                ident,
                ip,
                agent,
                region=fleet.region,
            )
        if rng.random() < 0.3 * ((hi - lo) / H):  # SSM agent heartbeat, CloudWatch agent tags
            at = lo + (hi - lo) * rng.random()
            call(
                ctx,
                rng,
                at,
                fleet.account,
                ("ssm", "UpdateInstanceInformation"),
                ident,
                ip,
                ct.SSM_AGENT,
                region=fleet.region,
            )
            call(
                ctx,
                rng,
                at + dt.timedelta(seconds=7),
                fleet.account,
                ("ec2", "DescribeTags"),
                ident,
                ip,
                ct.CW_AGENT,
                region=fleet.region,
            )


def lambda_agent(ctx: Ctx, fn: Function, t: dt.datetime, api: str) -> str:
    if fn.runtime == "python":
        return ct.boto3("1.34.101", "AWS_Lambda_python3.12")
    upgraded = ctx.plan.get("sdk_v3_at")
    if upgraded is not None and t >= upgraded:
        return ct.sdk_js_v3(api)
    return ct.sdk_js_v2()


def function_day(
    ctx: Ctx, fn: Function, day: int, region: str = "us-east-1", not_before: int = 0
) -> None:
    """Execution environments come and go; each cold start is an ``AssumeRole`` by Lambda and
    a new key, used from a new AWS address (or the NAT gateway, for a function in a VPC)."""
    rng = ctx.rng("lambda", fn.account, region, fn.name, day)
    start = ctx.day_start(day)
    role = f"{fn.name}-lambda-role"
    actor = f"lambda:{fn.account}:{region}:{fn.name}"
    hours = [2] if fn.nightly else list(range(not_before, 24))
    for hour in hours:
        lo = start + hour * H
        mean = fn.per_day * ctx.scale * (1.0 if fn.nightly else diurnal(hour) / 24)
        n = poisson(rng, mean)
        if n == 0:
            continue
        live = [k for k in ctx.keys.get(actor, []) if k[0] <= lo < k[1] - 2 * H]
        if not live or rng.random() < 0.3:
            ip = ctx.nat_ip(fn.account, rng, region) if fn.vpc else ctx.pool.aws(region)
            at = lo + dt.timedelta(minutes=rng.uniform(0, 5))
            key = mint(
                ctx,
                rng,
                at,
                fn.account,
                "lambda.amazonaws.com",
                role,
                fn.name,
                12,
                actor,
                ip,
                region,
            )
            live = [ctx.keys[actor][-1]]
        minted_at, _, key, _, ip = live[-1]
        ident = ct.assumed_role(fn.account, role, fn.name, key, minted_at)
        for _ in range(n):
            at = max(minted_at, lo) + dt.timedelta(seconds=rng.uniform(5, 3500))
            api = pick(rng, fn.apis)
            call(
                ctx,
                rng,
                at,
                fn.account,
                api,
                ident,
                ip,
                lambda_agent(ctx, fn, at, api[0]),
                region=region,
            )


def service_day(ctx: Ctx, svc: Service, day: int) -> None:
    rng = ctx.rng("service", svc.account, svc.name, day)
    start = ctx.day_start(day)
    if svc.kind == "ecs":
        _ecs_day(ctx, rng, svc, start)
    else:
        _eks_day(ctx, rng, svc, start)


def _ecs_day(ctx: Ctx, rng: random.Random, svc: Service, start: dt.datetime) -> None:
    role = f"{svc.name}-task-role"
    agent = ct.go_v2("sqs", "AWS_ECS_FARGATE") if svc.agent == "go" else ct.java_v2("sqs")
    deploy = start + dt.timedelta(hours=rng.uniform(14, 21)) if start.weekday() < 5 else None
    for slot in range(svc.tasks):
        # a task runs until the day's deploy replaces it; ECS refreshes its keys every 6 h
        spans = [(start, deploy), (deploy, start + 24 * H)] if deploy else [(start, start + 24 * H)]
        for n_span, (lo, hi) in enumerate(spans):
            actor = f"ecs:{svc.account}:{svc.name}:{slot}"
            # a task keeps the NAT gateway of its subnet's availability zone for its life
            current = ctx.plan.setdefault("tasks", {}).get(actor)
            if current is None or n_span > 0:
                current = (_hex(rng, 32), ctx.nat_ip(svc.account, rng))
                ctx.plan["tasks"][actor] = current
                ctx.keys.pop(actor, None)
            task, ip = current
            args = (svc.account, "ecs-tasks.amazonaws.com", role, task, ip, "us-east-1")
            for a, b, key in _segments(ctx, rng, actor, lo, 6 * H, 6, lo, hi, args):
                ident = ct.assumed_role(svc.account, role, task, key, a)
                n = poisson(rng, svc.per_hour * ctx.scale * ((b - a) / H) * diurnal(a.hour + 3))
                for _ in range(n):
                    call(
                        ctx,
                        rng,
                        a + (b - a) * rng.random(),
                        svc.account,
                        pick(rng, svc.apis),
                        ident,
                        ip,
                        agent,
                    )


def _eks_day(ctx: Ctx, rng: random.Random, svc: Service, start: dt.datetime) -> None:
    """IRSA: the pod's SDK trades its projected service-account token for keys every hour
    (``AssumeRoleWithWebIdentity``, logged with the token's subject), from the node's egress."""
    role = f"eks-{svc.name.split('/')[-1]}"
    oidc = f"arn:aws:iam::{svc.account}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/5C0F9A41D8E27B3364A1F0C9D2E8B7A4"
    subject = f"system:serviceaccount:{svc.name.replace('/', ':')}"
    upgraded = ctx.plan.get("eks_upgrade_at")
    for pod in range(svc.tasks):
        actor = f"eks:{svc.account}:{svc.name}:{pod}"
        offset = dt.timedelta(minutes=rng.uniform(0, 59))
        t = start + offset - H
        while t < start + 24 * H:
            lo = max(t, start)
            hi = min(t + H, start + 24 * H)
            # a pod stays on its node, and the node egresses through its zone's NAT gateway
            ip = ctx.nat_ip(svc.account, ctx.rng("pod-zone", svc.name, pod))
            if upgraded is not None and lo >= upgraded:
                ip = ctx.plan["eks_new_nat"][pod % 2]
            stamp = str(int(lo.timestamp() * 1000))
            session = f"aws-sdk-java-{stamp}" if svc.agent == "java" else stamp
            agent = ct.java_v2("sts") if svc.agent == "java" else ct.go_v2("sts")
            key = ct.new_key(rng)
            ctx.out.append(
                ct.record(
                    rng,
                    lo,
                    svc.account,
                    "us-east-1",
                    "sts",
                    "AssumeRoleWithWebIdentity",
                    ct.web_identity_user(oidc, subject),
                    ip,
                    agent,
                    request={"roleArn": ct.role_arn(svc.account, role), "roleSessionName": session},
                    response={
                        **ct.minted(rng, key, role, svc.account, session, lo, 1),
                        "subjectFromWebIdentityToken": subject,
                        "provider": oidc,
                        "audience": "sts.amazonaws.com",
                    },
                    read_only=True,
                )
            )
            ctx.keys.setdefault(actor, []).append((lo, lo + H, key, session, ip))
            ident = ct.assumed_role(
                svc.account, role, session, key, lo, web_identity=(oidc, subject)
            )
            agent = ct.java_v2("kms") if svc.agent == "java" else ct.go_v2("elasticloadbalancing")
            for _ in range(
                poisson(rng, svc.per_hour * ctx.scale * ((hi - lo) / H) * diurnal(lo.hour))
            ):
                call(
                    ctx,
                    rng,
                    lo + (hi - lo) * rng.random(),
                    svc.account,
                    pick(rng, svc.apis),
                    ident,
                    ip,
                    agent,
                )
            t += H

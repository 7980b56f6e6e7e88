"""Benign workload background: every fleet (EC2, Lambda, ECS) and AWS Config, drawn hour by hour
from the (already edited) timelines of :mod:`benchmarks.scenarios._org`."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from benchmarks.scenarios._cloudtrail import (
    mint_by_service,
    record,
    role_session,
)
from benchmarks.scenarios._org import Call, Fleet, Member, Org, at

HOUR = dt.timedelta(hours=1)
SSM_UA = "aws-sdk-go/1.44.325 (go1.21.6; linux; amd64) amazon-ssm-agent/3.3.40.0"
CW_UA = "aws-sdk-go/1.48.6 (go1.21.5; linux; amd64) CWAgent/1.300034.1 (go1.21.5; linux; amd64)"
_CONFIG_CALLS = [
    Call("ec2.amazonaws.com", "DescribeInstances"),
    Call("ec2.amazonaws.com", "DescribeSecurityGroups"),
    Call("iam.amazonaws.com", "GetRole"),
    Call("s3.amazonaws.com", "GetBucketAcl"),
    Call("ec2.amazonaws.com", "DescribeVolumes"),
]


def poisson(org: Org, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(org.rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= org.rng.random()
        if p <= limit:
            return k
        k += 1


def rhythm(t: dt.datetime) -> float:
    """Workload load: +-40% over the day, 30% less at weekends."""
    day = 0.7 if t.weekday() >= 5 else 1.0
    return day * (1 + 0.4 * math.sin(2 * math.pi * (t.hour - 9) / 24))


def pick(org: Org, calls: list[Call]) -> Call:
    return org.rng.choices(calls, weights=[c.weight for c in calls])[0]


def cli_command(call: Call) -> str:
    service = call.source.split(".")[0]
    words = re.sub(r"(?<!^)(?=[A-Z])", "-", re.sub(r"\d+$", "", call.name)).lower()
    return f"{service}.{words}"


def _private_ip(member: Member, vpc: int) -> str:
    digest = sum(ord(c) * (i + 1) for i, c in enumerate(member.id))
    return f"10.{vpc}.{digest % 250}.{(digest // 250) % 250 + 4}"


def workload_call(
    org: Org,
    f: Fleet,
    m: Member,
    t: dt.datetime,
    call: Call,
    ua: str | None = None,
    ip: str | None = None,
) -> dict[str, Any]:
    """One call of fleet member ``m`` at ``t`` with its current key, address and client."""
    key, created = m.key_at(t)
    vpce = at(f.vpce, t) if f.vpce else None
    endpoint = None
    if ip is None:
        ip = at(m.ips, t)
        if vpce is not None and call.source in vpce[1] and org.rng.random() < vpce[2]:
            ip, endpoint = _private_ip(m, 1), vpce[0]
    error = (
        (
            "AccessDenied",
            f"User: arn:aws:sts::{f.role.account}:assumed-role/{f.role.name}/{m.id} is not "
            f"authorized to perform: {call.source.split('.')[0]}:{call.name}",
        )
        if org.rng.random() < 0.003
        else None
    )
    return record(
        org.ids,
        t,
        account=f.role.account,
        region=f.region,
        source=call.source,
        name=call.name,
        identity=role_session(f.role, m.id, key, created, ec2=f.kind == "ec2"),
        ip=ip,
        ua=ua or at(f.ua, t),
        read_only=call.read_only,
        data=call.data,
        vpce=endpoint,
        error=error,
    )


def fleets(org: Org) -> None:
    ssm = [
        Call("ssm.amazonaws.com", "UpdateInstanceInformation", 2, False),
        Call("ssm.amazonaws.com", "ListInstanceAssociations", 1),
    ]
    describe_tags = Call("ec2.amazonaws.com", "DescribeTags")
    for f in org.fleets:
        for m in f.members:
            minted = m.start
            while minted < m.end:  # the service mints the member's next key on schedule
                rec, key = mint_by_service(org.ids, minted, f.role, m.id, f.service, f.region)
                org.records.append(rec)
                m.keys.append((minted, key, minted))
                minted += dt.timedelta(hours=f.mint_hours, seconds=org.rng.uniform(-90, 90))
            t = m.start
            while t < m.end:
                if f.kind == "lambda":  # a new execution environment, a new AWS address
                    m.ips.append((t, org.aws.address(org.rng, f.region)))
                span = (min(m.end, t + HOUR) - t).total_seconds()
                for _ in range(poisson(org, f.rate * org.scale * rhythm(t) * span / 3600)):
                    when = t + dt.timedelta(seconds=1 + org.rng.random() * (span - 2))
                    org.records.append(workload_call(org, f, m, when, pick(org, f.calls_at(when))))
                if f.kind == "ec2":  # the SSM agent checks in; the CloudWatch agent reads its tags
                    agents = [
                        c
                        for c in ssm
                        for _ in range(poisson(org, c.weight * min(1.0, 2 * org.scale)))
                    ]
                    if f.cw_agent_from is not None and t >= f.cw_agent_from:
                        agents += [describe_tags] * poisson(org, min(1.0, 2 * org.scale))
                    for call in agents:
                        when = t + dt.timedelta(seconds=1 + org.rng.random() * (span - 2))
                        org.records.append(
                            workload_call(
                                org, f, m, when, call, ua=CW_UA if call is describe_tags else SSM_UA
                            )
                        )
                t += HOUR


def aws_config(org: Org) -> None:
    for acc in org.accounts.values():
        role = acc.config_role
        assert role is not None
        t = acc.joins
        key, created = "", t
        while t < org.end:
            if t.hour % 6 == 0 or not key:
                rec, key = mint_by_service(
                    org.ids, t, role, "AWSConfig-Describe", "config.amazonaws.com", "us-east-1"
                )
                org.records.append(rec)
                created = t
            for _ in range(poisson(org, 4 * max(org.scale, 0.25))):
                call = pick(org, _CONFIG_CALLS)
                org.records.append(
                    record(
                        org.ids,
                        t + dt.timedelta(seconds=60 + org.rng.random() * 3500),
                        account=acc.id,
                        region="us-east-1",
                        source=call.source,
                        name=call.name,
                        identity=role_session(
                            role,
                            "AWSConfig-Describe",
                            key,
                            created,
                            invoked_by="config.amazonaws.com",
                        ),
                        ip="config.amazonaws.com",
                        ua="config.amazonaws.com",
                    )
                )
            t += HOUR

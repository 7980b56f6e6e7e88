"""Workloads: ECS on Fargate services, Lambda functions and EC2 Spot game-server fleets, each
worker holding keys its AWS service mints (``ecs-tasks``, ``lambda``, ``ec2``), calling from
its own AWS address (or a VPC endpoint), with a players' evening peak and weekend lift."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout5._fleet import SSM_AGENT, Api, S, Work, make_works
from benchmarks.heldout5._world import ACCOUNTS, World

HOST = {
    "ecs": "ecs-tasks.amazonaws.com",
    "lambda": "lambda.amazonaws.com",
    "ec2": "ec2.amazonaws.com",
}
KEY_HOURS = {"ecs": 6, "lambda": 12, "ec2": 1}


def peak(hour: int, day: dt.date) -> float:
    """Players: low at 04:00 UTC, high 18:00-22:00 UTC; weekends 30% busier."""
    base = 0.45 + 0.95 * max(0.0, 1 - abs(hour - 20) / 10)
    return base * (1.3 if day.weekday() >= 5 else 1.0)


def _new_worker(w: World, wk: Work, region: str, t: dt.datetime) -> dict[str, Any]:
    session = {"ecs": w.ids.hexid(32), "lambda": wk.name, "ec2": w.ids.instance()}[wk.kind]
    ip = w.addr.aws(region)
    worker = {
        "session": session,
        "ip": ip,
        "end": t + dt.timedelta(hours=w.rng.uniform(*wk.life)),
        "key_at": None,
    }
    if wk.kind == "ec2":  # Spot fleet launches it through its service-linked role
        fleet = {
            "type": "AssumedRole",
            "arn": f"arn:aws:sts::{ACCOUNTS[wk.account]}:assumed-role/AWSServiceRoleForEC2Fleet/EC2Fleet",
            "accountId": ACCOUNTS[wk.account],
            "principalId": "AROAFLEET:EC2Fleet",
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "userName": "AWSServiceRoleForEC2Fleet",
                    "arn": f"arn:aws:iam::{ACCOUNTS[wk.account]}:role/aws-service-role/ec2fleet.amazonaws.com/AWSServiceRoleForEC2Fleet",
                }
            },
        }
        w.trail.call(
            t - dt.timedelta(seconds=40),
            ACCOUNTS[wk.account],
            region,
            f"ec2.{S}",
            "RunInstances",
            fleet,
            "ec2fleet.amazonaws.com",
            "ec2fleet.amazonaws.com",
            invoked_by="ec2fleet.amazonaws.com",
            response={"instancesSet": {"items": [{"instanceId": session}]}},
        )
    return worker


def _mint(w: World, wk: Work, region: str, worker: dict[str, Any], t: dt.datetime) -> None:
    key, ident = w.mint_for_service(
        t,
        ACCOUNTS[wk.account],
        region,
        wk.role,
        worker["session"],
        HOST[wk.kind],
        ec2=wk.kind == "ec2",
    )
    worker["key"], worker["ident"], worker["key_at"] = key, ident, t


def work_day(
    w: World,
    wk: Work,
    day: dt.date,
    *,
    factor: float = 1.0,
    regions: tuple[str, ...] | None = None,
    apis: list[Api] | None = None,
    from_hour: int = 0,
    to_hour: int = 24,
) -> list[str]:
    """One day of a workload; ``factor`` multiplies workers and calls (launch, evacuation)."""
    rng, acct = w.rng, ACCOUNTS[wk.account]
    eids: list[str] = []
    for region in regions or wk.regions:
        pool = wk.workers.setdefault(region, [])
        for hour in range(from_hour, to_hour):
            load = (peak(hour, day) if wk.peak else 1.0) * factor
            want = max(1, round(wk.count * (load if wk.kind == "ec2" else factor)))
            t0 = w.at(day, hour)
            pool[:] = [x for x in pool if x["end"] > t0][:want]
            while len(pool) < want:
                pool.append(
                    _new_worker(w, wk, region, t0 + dt.timedelta(seconds=rng.uniform(0, 600)))
                )
            for worker in pool:
                due = worker["key_at"] is None or t0 - worker["key_at"] >= dt.timedelta(
                    hours=KEY_HOURS[wk.kind]
                )
                if due:
                    _mint(w, wk, region, worker, t0 + dt.timedelta(seconds=rng.uniform(0, 120)))
                    if wk.kind == "ec2" and "booted" not in worker:
                        worker["booted"] = True
                        eids += _boot(w, wk, region, worker)
                calls = w.n(wk.per_hour * (load if wk.kind != "ec2" else 1.0))
                chosen = rng.choices(apis or wk.apis, [a[2] for a in apis or wk.apis], k=calls)
                for source, name, _weight, request in chosen:
                    when = max(worker["key_at"], t0) + dt.timedelta(
                        seconds=rng.uniform(130, 3599 - 1)
                    )
                    # each region's VPC has its own CIDR and gateway endpoint
                    home = region == wk.regions[0]
                    via = None
                    if wk.vpce and source in (f"dynamodb.{S}", f"s3.{S}"):
                        via = wk.vpce if home else "vpce-07d2e0b9c41f6a3e5"
                    net = 40 if home else 41
                    ip = (
                        f"10.{net}.{rng.randint(16, 31)}.{rng.randint(4, 250)}"
                        if via
                        else worker["ip"]
                    )
                    r = rng.random()
                    err = "throttled" if r < 0.002 else ("denied" if r < 0.004 else None)
                    ua = wk.ua.format(api=source.split(".")[0])
                    eids.append(
                        w.trail.call(
                            when,
                            acct,
                            region,
                            source,
                            name,
                            worker["ident"],
                            ip,
                            ua,
                            request=request,
                            error=err,
                            vpce=via,
                        )
                    )
                if wk.kind == "ec2" and rng.random() < 0.5:  # the SSM agent's heartbeat
                    w.trail.call(
                        t0 + dt.timedelta(seconds=rng.uniform(130, 3500)),
                        acct,
                        region,
                        f"ssm.{S}",
                        "UpdateInstanceInformation",
                        worker["ident"],
                        worker["ip"],
                        SSM_AGENT,
                        request={"instanceId": worker["session"], "agentVersion": "3.3.418.0"},
                    )
    return eids


def _boot(w: World, wk: Work, region: str, worker: dict[str, Any]) -> list[str]:
    t, acct = worker["key_at"] + dt.timedelta(seconds=20), ACCOUNTS[wk.account]
    out = []
    steps: list[tuple[str, str, dict[str, Any]]] = [
        (f"ec2.{S}", "DescribeTags", {"filterSet": {"items": [{"name": "resource-id"}]}}),
        (
            f"s3.{S}",
            "GetObject",
            {"bucketName": "bm-gameserver-builds", "key": "builds/server-2026.05.tar.zst"},
        ),
        (
            f"logs.{S}",
            "CreateLogStream",
            {"logGroupName": "/gameserver", "logStreamName": worker["session"]},
        ),
    ]
    for i, (source, name, request) in enumerate(steps):
        out.append(
            w.trail.call(
                t + dt.timedelta(seconds=3 * i),
                acct,
                region,
                source,
                name,
                worker["ident"],
                worker["ip"],
                wk.ua,
                request=request,
            )
        )
    return out


def by_name(works: list[Work], name: str) -> Work:
    return next(wk for wk in works if wk.name == name)


__all__ = ["Work", "by_name", "make_works", "peak", "work_day"]

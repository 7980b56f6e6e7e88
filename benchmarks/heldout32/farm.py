"""The render farm: Spot Fleet starting Deadline workers through the day (each worker minted
its instance credentials by EC2, reading its plates and writing its frames, then terminated),
and the Deadline Remote Connection Server's Spot Event Plugin polling and resizing the fleets."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout32 import org
from benchmarks.heldout32.background import at, clamp
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.records import Ctx, Role, Session, call, s3_object, service_mint

EC2 = "ec2.amazonaws.com"


def farm(
    ctx: Ctx,
    day: dt.date,
    *,
    role: Role,
    slr: Role,
    instances: int,
    regions: list[tuple[str, str, float]],
    ua: str,
    earliest: float = 0.0,
) -> list[Session]:
    """Spot Fleet launching ``instances`` Deadline workers through the day; each is given its
    instance credentials, reads its scene and plates, writes its frames, and is terminated."""
    rng = ctx.rng
    account = role.account
    weights = [w for _, _, w in regions]
    fleet_session = Session(slr, "SpotFleet", ctx.ident("ASIA"), at(day, 0))
    sessions = []
    pending: dict[str, list[str]] = {}
    for n in range(instances):
        region, nat, _ = rng.choices(regions, weights)[0]
        start = clamp(day, at(day, rng.uniform(earliest, 23.2)))
        iid = "i-0" + ctx.hexid(16)
        pending.setdefault(region, []).append(iid)
        if len(pending[region]) >= 8 or n == instances - 1:
            batch = pending.pop(region)
            call(
                ctx,
                t=start - dt.timedelta(seconds=90),
                who=fleet_session,
                account=account,
                region=region,
                source=EC2,
                name="RunInstances",
                ip="spotfleet.amazonaws.com",
                ua="spotfleet.amazonaws.com",
                read_only=False,
                invoked_by="spotfleet.amazonaws.com",
                params={
                    "instancesSet": {"items": [{"minCount": len(batch), "maxCount": len(batch)}]},
                    "instanceMarketOptions": {"marketType": "spot"},
                },
                response={"instancesSet": {"items": [{"instanceId": i} for i in batch]}},
            )
        s = service_mint(
            ctx, t=start, role=role, session=iid, service="ec2", region=region, hours=6, ec2=True
        )
        sessions.append(s)
        src = ip(nat, rng.randint(10, 40))
        t = start + dt.timedelta(seconds=rng.randint(20, 60))
        call(
            ctx,
            t=t,
            who=s,
            account=account,
            region=region,
            source=EC2,
            name="DescribeTags",
            ip=src,
            ua=ua,
            read_only=True,
            params={
                "filterSet": {
                    "items": [{"name": "resource-id", "valueSet": {"items": [{"value": iid}]}}]
                }
            },
        )
        call(
            ctx,
            t=t + dt.timedelta(seconds=3),
            who=s,
            account=account,
            region=region,
            source="ssm.amazonaws.com",
            name="GetParameter",
            ip=src,
            ua=ua,
            read_only=True,
            params={"name": "/deadline/repository/connection", "withDecryption": True},
        )
        bucket, owner = (
            (org.PLATES, org.STUDIO) if region == org.HOME else (org.RENDER_CACHE, account)
        )
        job = ctx.hexid(24)
        life = rng.uniform(0.8, 2.8)
        for k in range(rng.randint(1, 3)):
            s3_object(
                ctx,
                t=t + dt.timedelta(seconds=10 + k * 7),
                who=s,
                account=account,
                region=region,
                name="GetObject",
                bucket=bucket,
                key=f"jobs/{job}/plate.{1001 + k:04d}.exr",
                ip=src,
                ua=ua,
                size=rng.randint(20, 90) * 2**20,
                owner=owner,
            )
        for k in range(rng.randint(1, 3)):
            done = clamp(day, t + dt.timedelta(hours=life * (k + 1) / 4))
            s3_object(
                ctx,
                t=done,
                who=s,
                account=account,
                region=region,
                name="PutObject",
                bucket=bucket,
                key=f"renders/{job}/beauty.{1001 + k:04d}.exr",
                ip=src,
                ua=ua,
                size=rng.randint(8, 40) * 2**20,
                owner=owner,
            )
        call(
            ctx,
            t=clamp(day, start + dt.timedelta(hours=life)),
            who=fleet_session,
            account=account,
            region=region,
            source=EC2,
            name="TerminateInstances",
            ip="spotfleet.amazonaws.com",
            ua="spotfleet.amazonaws.com",
            read_only=False,
            invoked_by="spotfleet.amazonaws.com",
            params={"instancesSet": {"items": [{"instanceId": iid}]}},
        )
    return sessions


def rcs(ctx: Ctx, day: dt.date, *, ua: str, iid: str) -> list[Session]:
    """The Deadline Remote Connection Server's Spot Event Plugin: polls its fleets every five
    minutes from the render VPC's NAT, resizes them on the hour; its instance credentials are
    renewed every six hours."""
    src = ip("yul_nat2", 9)
    session = None
    minted = []
    for step in range(288):
        t = at(day, step / 12 + 0.01)
        if step % 72 == 0:
            session = service_mint(
                ctx,
                t=t - dt.timedelta(seconds=30),
                role=org.RCS,
                session=iid,
                service="ec2",
                region=org.HOME,
                hours=6,
                ec2=True,
            )
            minted.append(session)
        assert session is not None
        call(
            ctx,
            t=t,
            who=session,
            account=org.RENDER,
            region=org.HOME,
            source=EC2,
            name="DescribeSpotFleetRequests",
            ip=src,
            ua=ua,
            read_only=True,
            params={},
        )
        if step % 12 == 0:
            call(
                ctx,
                t=t + dt.timedelta(seconds=2),
                who=session,
                account=org.RENDER,
                region=org.HOME,
                source=EC2,
                name="ModifySpotFleetRequest",
                ip=src,
                ua=ua,
                read_only=False,
                params={
                    "spotFleetRequestId": "sfr-5e0a9c2b-71d4-4f3e-9b6a-2c8d0e1f4a73",
                    "targetCapacity": ctx.rng.randint(10, 400),
                },
                response={"ModifySpotFleetRequestResponse": {"return": True}},
            )
    return minted

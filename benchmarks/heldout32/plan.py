"""The calendar: which days the trail holds, which are scored, where the scored incidents fall
(five slots, folded onto fewer scored days at CI scale), and one whole day of the studio's
ordinary work with the benign changes in force on it."""

from __future__ import annotations

import datetime as dt
import zlib

from benchmarks.heldout32 import background as bg
from benchmarks.heldout32 import farm, org, workloads
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.records import Ctx, Session, call, s3_object

LAST_DAY = dt.date(2026, 12, 4)  # a Friday: the delivery week of the show "Tidewater"
SLOTS = 5


def calendar(days: int, scored_days: int) -> tuple[list[dt.date], list[dt.date]]:
    if not 1 <= scored_days < days:
        raise ValueError(f"scored_days must be between 1 and days - 1 ({scored_days}, {days})")
    trail = [LAST_DAY - dt.timedelta(days=days - 1 - n) for n in range(days)]
    return trail, trail[-scored_days:]


def slot_day(scored: list[dt.date], slot: int) -> dt.date:
    """The scored day of incident slot ``slot`` (0..4): the five slots spread over the scored
    days, so that two scored days at CI scale still hold every incident."""
    return scored[min(slot * len(scored) // SLOTS, len(scored) - 1)]


def host_of(name: str) -> int:
    """A person's fixed host number on their home line."""
    return 20 + zlib.crc32(name.encode()) % 200


def home_ip(p: org.Person) -> str:
    return ip(p.home, host_of(p.user))


def office_ip(p: org.Person, changes: bg.Changes) -> str:
    net = p.office
    if net == "studio_dx" and changes.failover:
        net = "studio_backup"
    return ip(net, 30 + host_of(p.user) % 20)


def farm_day(ctx: Ctx, day: dt.date, scale: float, changes: bg.Changes) -> dict[str, list[Session]]:
    weekday = day.weekday() < 5
    n = max(4, round(300 * scale * (1.0 if weekday else 0.7)))
    regions = [(org.HOME, "yul_nat2", 0.7), (org.WEST, "usw2_nat", 0.3)]
    if changes.crunch:
        n *= 4
        regions.append((org.EAST, "use1_nat", 1.2))
    ua = org.DEADLINE_NEW if changes.deadline_new else org.DEADLINE_OLD
    out = {
        "workers": farm.farm(
            ctx, day, role=org.WORKER, slr=org.SPOT_SLR, instances=n, regions=regions, ua=ua
        )
    }
    if changes.burst:
        out["burst"] = farm.farm(
            ctx,
            day,
            role=org.BURST_WORKER,
            slr=org.BURST_SLR,
            instances=max(3, round(60 * scale)),
            regions=[(org.WEST, "burst_nat", 1.0)],
            ua=org.DEADLINE_NEW,
            earliest=changes.burst_from,
        )
    return out


def people_day(ctx: Ctx, day: dt.date, scale: float, changes: bg.Changes) -> dict[str, Session]:
    """Every person who works that day, by user name: their session."""
    rng = ctx.rng
    weekday = day.weekday() < 5
    out: dict[str, Session] = {}
    everyone = org.people(scale) + changes.extra_freelancers
    for p in everyone:
        if p.user in changes.gone or p.user in changes.skip_people:
            continue
        ps = p.permission_set
        if ps in ("ArtistAccess", "FreelancerArtist"):
            if rng.random() > (0.92 if weekday else 0.22):
                continue
            if ps == "ArtistAccess":
                src, start = ip("yul_nat", rng.randint(60, 75)), rng.uniform(13.5, 15.5)
            else:
                src = home_ip(p)
                start = rng.uniform(4.5, 6.0) if p.home.startswith("in_") else rng.uniform(9, 10)
            out[p.user] = bg.artist(ctx, day, p, src=src, start=start)
            continue
        if not weekday and not (ps == "RenderWrangler" and rng.random() < 0.5):
            continue
        at_home = rng.random() < 0.35
        src = home_ip(p) if at_home else office_ip(p, changes)
        west = p.office == "yvr_office"
        start = rng.uniform(17, 19) if west else rng.uniform(13.5, 15.5)
        if ps == "PipelineTD":
            ua = org.CLI_MAC_NEW if (p.user == "sgill" and changes.new_laptop) else None
            out[p.user] = bg.staff(
                ctx, day, p, bg.TD_CALLS, src=src, start=start, n=rng.randint(12, 30), ua=ua
            )
        elif ps == "RenderWrangler":
            out[p.user] = bg.staff(
                ctx, day, p, bg.WRANGLER_CALLS, src=src, start=start, n=rng.randint(15, 35)
            )
        elif p.user == "mtremblay":
            out[p.user] = bg.staff(
                ctx,
                day,
                p,
                bg.ADMIN_CALLS,
                src=src,
                start=start,
                n=rng.randint(5, 15),
                console=True,
            )
        elif p.user == "kokafor":
            out[p.user] = bg.staff(
                ctx, day, p, bg.TERRAFORM_CALLS, src=src, start=start, n=rng.randint(20, 45)
            )
        elif rng.random() < 0.8:  # the coordinator and the supervisor, in the console
            out[p.user] = bg.staff(
                ctx,
                day,
                p,
                bg.COORD_CALLS,
                src=src,
                start=start,
                n=rng.randint(3, 10),
                console=True,
            )
    return out


def render_submit(ctx: Ctx, day: dt.date, changes: bg.Changes) -> None:
    """The render-submission CI job on the studio's GitLab runner: an IAM user's key uploads
    job bundles and checks the fleet, a few times each weekday."""
    if day.weekday() >= 5:
        return
    src = ip("studio_backup" if changes.failover else "studio_dx", 15)
    user = org.RENDER_SUBMIT
    for k in range(ctx.rng.randint(3, 7)):
        t = bg.at(day, 14 + 1.3 * k + ctx.rng.uniform(0, 1))
        call(
            ctx,
            t=t,
            who=user,
            account=org.RENDER,
            region=org.HOME,
            source="sts.amazonaws.com",
            name="GetCallerIdentity",
            ip=src,
            ua=org.SUBMIT_UA,
            read_only=True,
        )
        s3_object(
            ctx,
            t=t + dt.timedelta(seconds=5),
            who=user,
            account=org.RENDER,
            region=org.HOME,
            name="PutObject",
            bucket=org.PLATES,
            key=f"jobs/{ctx.hexid(24)}/bundle.zip",
            ip=src,
            ua=org.SUBMIT_UA,
            size=ctx.rng.randint(1, 30) * 2**20,
            owner=org.STUDIO,
        )
        call(
            ctx,
            t=t + dt.timedelta(seconds=9),
            who=user,
            account=org.RENDER,
            region=org.HOME,
            source="ec2.amazonaws.com",
            name="DescribeSpotFleetRequests",
            ip=src,
            ua=org.SUBMIT_UA,
            read_only=True,
            params={},
        )


def ordinary_day(
    ctx: Ctx, day: dt.date, scale: float, changes: bg.Changes
) -> tuple[dict[str, list[Session]], dict[str, Session]]:
    """The studio's whole ordinary day: (the farms' worker sessions, each person's session),
    the handles the day's incidents reach for."""
    weekday = day.weekday() < 5
    farms = farm_day(ctx, day, scale, changes)
    farms["rcs"] = farm.rcs(
        ctx,
        day,
        ua=org.RCS_UA_NEW if changes.deadline_new else org.RCS_UA,
        iid="i-0b3f7a21c9d84e615",
    )
    sessions = people_day(ctx, day, scale, changes)
    workloads.flow_daemon(ctx, day, ip("studio_backup" if changes.failover else "studio_dx", 12))
    render_submit(ctx, day, changes)
    farms["thumbnails"] = workloads.thumbnails(
        ctx, day, max(5, round(150 * scale * (1 if weekday else 0.3)))
    )
    farms["review"] = workloads.review_portal(ctx, day, max(5, round(60 * scale)))
    buckets = [(org.DIST_BUCKET, org.DISTRIBUTOR)]
    if changes.new_distributor:
        buckets.append((org.NEW_DIST_BUCKET, org.NEW_DISTRIBUTOR))
    workloads.deliveries(ctx, day, 3 if weekday else 1, buckets)
    if weekday:
        workloads.qc_pull(ctx, day)
    accounts = [org.MGMT, org.STUDIO, org.RENDER, org.DELIVERY]
    workloads.services(ctx, day, accounts + ([org.BURST] if changes.burst else []))
    return farms, sessions

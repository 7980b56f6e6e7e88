"""A day of the studio's ordinary work: the render farm (Spot Fleet starting Deadline workers,
each worker minted its instance credentials, reading plates and writing frames), the RCS
polling its fleets, artists publishing from WorkSpaces, freelancers syncing from home, pipeline
TDs, render wranglers and IT, the Flow Production Tracking daemon's IAM key, the thumbnail
Lambda, the review portal's Fargate tasks, deliveries to the distributor, the distributor's QC
pulls, and AWS Config and FSx acting through their service-linked roles.

``Changes`` says which of the scored days' benign changes are in force on a day; the
``incidents`` module sets it and adds what the changes and attacks write themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from benchmarks.heldout32 import org
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.records import Ctx, Role, Session, User, call, s3_object, service_mint

EC2 = "ec2.amazonaws.com"
S3 = "s3.amazonaws.com"


@dataclass
class Changes:
    """The benign changes in force on one day (see ``incidents``)."""

    crunch: bool = False  # B1: ten times the workers, many in us-east-1
    deadline_new: bool = False  # B2: Deadline 10.4 on every worker and the RCS
    failover: bool = False  # B4: Direct Connect down, the studio on its backup line
    new_laptop: bool = False  # B6: sgill's new laptop
    new_distributor: bool = False  # B5: deliveries to Harbourlight too
    burst: bool = False  # the burst account exists
    burst_from: float = 0.0  # the hour its first workers start (its first day: the afternoon)
    gone: set[str] = field(default_factory=set)  # freelancers off-boarded
    extra_freelancers: list[org.Person] = field(default_factory=list)  # B3's, once onboarded
    skip_people: set[str] = field(default_factory=set)  # away (on location, see B8)


def at(day: dt.date, hours: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hours)


def clamp(day: dt.date, t: dt.datetime) -> dt.datetime:
    """Keep a generated time within its day (the next day's files hold the next day's work)."""
    return min(max(t, at(day, 0.01)), at(day, 23.99))


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
                ctx, t=start - dt.timedelta(seconds=90), who=fleet_session, account=account,
                region=region, source=EC2, name="RunInstances", ip="spotfleet.amazonaws.com",
                ua="spotfleet.amazonaws.com", read_only=False, invoked_by="spotfleet.amazonaws.com",
                params={"instancesSet": {"items": [{"minCount": len(batch), "maxCount": len(batch)}]},
                        "instanceMarketOptions": {"marketType": "spot"}},
                response={"instancesSet": {"items": [{"instanceId": i} for i in batch]}},
            )
        s = service_mint(ctx, t=start, role=role, session=iid, service="ec2", region=region,
                         hours=6, ec2=True)
        sessions.append(s)
        src = ip(nat, rng.randint(10, 40))
        t = start + dt.timedelta(seconds=rng.randint(20, 60))
        call(ctx, t=t, who=s, account=account, region=region, source=EC2, name="DescribeTags",
             ip=src, ua=ua, read_only=True,
             params={"filterSet": {"items": [{"name": "resource-id", "valueSet": {"items": [{"value": iid}]}}]}})
        call(ctx, t=t + dt.timedelta(seconds=3), who=s, account=account, region=region,
             source="ssm.amazonaws.com", name="GetParameter", ip=src, ua=ua, read_only=True,
             params={"name": "/deadline/repository/connection", "withDecryption": True})
        bucket, owner = (org.PLATES, org.STUDIO) if region == org.HOME else (org.RENDER_CACHE, account)
        job = ctx.hexid(24)
        life = rng.uniform(0.8, 2.8)
        for k in range(rng.randint(1, 3)):
            s3_object(ctx, t=t + dt.timedelta(seconds=10 + k * 7), who=s, account=account,
                      region=region, name="GetObject", bucket=bucket,
                      key=f"jobs/{job}/plate.{1001 + k:04d}.exr", ip=src, ua=ua,
                      size=rng.randint(20, 90) * 2**20, owner=owner)
        for k in range(rng.randint(1, 3)):
            done = clamp(day, t + dt.timedelta(hours=life * (k + 1) / 4))
            s3_object(ctx, t=done, who=s, account=account, region=region, name="PutObject",
                      bucket=bucket, key=f"renders/{job}/beauty.{1001 + k:04d}.exr", ip=src,
                      ua=ua, size=rng.randint(8, 40) * 2**20, owner=owner)
        call(ctx, t=clamp(day, start + dt.timedelta(hours=life)), who=fleet_session,
             account=account, region=region, source=EC2, name="TerminateInstances",
             ip="spotfleet.amazonaws.com", ua="spotfleet.amazonaws.com", read_only=False,
             invoked_by="spotfleet.amazonaws.com",
             params={"instancesSet": {"items": [{"instanceId": iid}]}})
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
            session = service_mint(ctx, t=t - dt.timedelta(seconds=30), role=org.RCS,
                                   session=iid, service="ec2", region=org.HOME, hours=6, ec2=True)
            minted.append(session)
        assert session is not None
        call(ctx, t=t, who=session, account=org.RENDER, region=org.HOME, source=EC2,
             name="DescribeSpotFleetRequests", ip=src, ua=ua, read_only=True, params={})
        if step % 12 == 0:
            call(ctx, t=t + dt.timedelta(seconds=2), who=session, account=org.RENDER,
                 region=org.HOME, source=EC2, name="ModifySpotFleetRequest", ip=src, ua=ua,
                 read_only=False,
                 params={"spotFleetRequestId": "sfr-5e0a9c2b-71d4-4f3e-9b6a-2c8d0e1f4a73",
                         "targetCapacity": ctx.rng.randint(10, 400)},
                 response={"ModifySpotFleetRequestResponse": {"return": True}})
    return minted


def person_session(ctx: Ctx, p: org.Person, t: dt.datetime, *, console: bool = False) -> Session:
    from benchmarks.heldout32.records import saml_mint

    role = org.sso_role(p.account, p.permission_set)
    s = saml_mint(ctx, t=t, role=role, user=p.user, region=p.region,
                  provider=org.SSO_PROVIDER.format(account=p.account))
    return dataclasses.replace(s, console=console, mfa=True)


ARTIST_PLATES = ("sq040/sh0120", "sq040/sh0130", "sq050/sh0010", "sq050/sh0040", "sq060/sh0210")


def artist(ctx: Ctx, day: dt.date, p: org.Person, *, src: str, start: float) -> Session:
    """An artist's (or freelancer's) session: sign-in, the tool's identity check, plates read,
    versions published."""
    rng = ctx.rng
    t = clamp(day, at(day, start))
    s = person_session(ctx, p, t)
    t += dt.timedelta(seconds=rng.randint(5, 40))
    call(ctx, t=t, who=s, account=p.account, region=p.region, source="sts.amazonaws.com",
         name="GetCallerIdentity", ip=src, ua=p.client, read_only=True)
    shot = rng.choice(ARTIST_PLATES)
    for k in range(rng.randint(2, 6)):
        t = clamp(day, t + dt.timedelta(minutes=rng.uniform(1, 40)))
        s3_object(ctx, t=t, who=s, account=p.account, region=p.region, name="GetObject",
                  bucket=org.PLATES, key=f"{shot}/plate/v003/{shot.replace('/', '_')}.{1001 + k}.exr",
                  ip=src, ua=p.client, size=rng.randint(20, 80) * 2**20)
    for k in range(rng.randint(2, 8)):
        t = clamp(day, t + dt.timedelta(minutes=rng.uniform(5, 50)))
        s3_object(ctx, t=t, who=s, account=p.account, region=p.region, name="PutObject",
                  bucket=org.FRAMES, key=f"{shot}/comp/v{rng.randint(10, 60):03d}/{p.user}.{1001 + k}.exr",
                  ip=src, ua=p.client, size=rng.randint(10, 50) * 2**20)
    return s


TD_CALLS = (
    ("lambda.amazonaws.com", "ListFunctions20150331", True),
    ("lambda.amazonaws.com", "GetFunction20150331v2", True),
    ("cloudformation.amazonaws.com", "DescribeStacks", True),
    ("ecs.amazonaws.com", "DescribeServices", True),
    ("logs.amazonaws.com", "FilterLogEvents", True),
    ("s3.amazonaws.com", "ListBuckets", True),
    ("fsx.amazonaws.com", "DescribeFileSystems", True),
    ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2", False),
)
WRANGLER_CALLS = (
    (EC2, "DescribeSpotFleetRequests", True),
    (EC2, "DescribeSpotFleetInstances", True),
    (EC2, "DescribeInstances", True),
    (EC2, "DescribeSpotPriceHistory", True),
    ("servicequotas.amazonaws.com", "GetServiceQuota", True),
    (EC2, "ModifySpotFleetRequest", False),
)
ADMIN_CALLS = (
    ("sso.amazonaws.com", "ListPermissionSets", True),
    ("sso.amazonaws.com", "DescribePermissionSet", True),
    ("sso.amazonaws.com", "ListAccountAssignments", True),
    ("identitystore.amazonaws.com", "ListUsers", True),
    ("organizations.amazonaws.com", "ListAccounts", True),
    ("organizations.amazonaws.com", "DescribeOrganization", True),
)
TERRAFORM_CALLS = (
    (EC2, "DescribeVpcs", True),
    (EC2, "DescribeSubnets", True),
    (EC2, "DescribeSecurityGroups", True),
    ("iam.amazonaws.com", "GetRole", True),
    ("iam.amazonaws.com", "ListAttachedRolePolicies", True),
    ("s3.amazonaws.com", "GetBucketPolicy", True),
    ("s3.amazonaws.com", "GetBucketVersioning", True),
    ("fsx.amazonaws.com", "DescribeFileSystems", True),
    ("workspaces.amazonaws.com", "DescribeWorkspaces", True),
)
COORD_CALLS = (
    ("s3.amazonaws.com", "ListBuckets", True),
    ("s3.amazonaws.com", "GetBucketLocation", True),
    ("s3.amazonaws.com", "ListObjects", True),
)


def region_of(source: str, default: str) -> str:
    return org.EAST if source.startswith(("iam.", "organizations.")) else default


def staff(
    ctx: Ctx,
    day: dt.date,
    p: org.Person,
    calls: tuple[tuple[str, str, bool], ...],
    *,
    src: str,
    start: float,
    n: int,
    ua: str | None = None,
    console: bool = False,
) -> Session:
    """A staff member's working session: ``n`` calls of their usual kinds."""
    rng = ctx.rng
    t = clamp(day, at(day, start))
    s = person_session(ctx, p, t, console=console)
    for _ in range(n):
        t = clamp(day, t + dt.timedelta(minutes=rng.uniform(0.2, 14)))
        source, name, ro = calls[rng.randrange(len(calls))]
        if not ro and rng.random() < 0.7:
            source, name, ro = calls[0]
        call(ctx, t=t, who=s, account=p.account, region=region_of(source, p.region),
             source=source, name=name, ip=src, ua=ua or p.client, read_only=ro, params={})
    return s


def flow_daemon(ctx: Ctx, day: dt.date, src: str) -> None:
    """Flow Production Tracking's event daemon on the studio's own server: an IAM user's key
    reading version metadata every ten minutes."""
    user: User = org.SHOTGRID
    for step in range(144):
        t = at(day, step / 6 + ctx.rng.uniform(0.0, 0.05))
        s3_object(ctx, t=t, who=user, account=org.STUDIO, region=org.HOME, name="GetObject",
                  bucket=org.PROXIES, key=f"events/{day:%Y%m%d}/{step:04d}.json", ip=src,
                  ua=org.FLOW_UA, size=ctx.rng.randint(1, 9) * 1024)


def thumbnails(ctx: Ctx, day: dt.date, n: int) -> list[Session]:
    """The thumbnail Lambda: new execution environments through the day, each minted its
    credentials; reads a published frame, writes its proxy."""
    rng = ctx.rng
    sessions = [
        service_mint(ctx, t=at(day, h + 0.02), role=org.THUMBS, session="thumbnail-maker",
                     service="lambda", region=org.HOME, hours=12)
        for h in (0, 8, 13, 18)
    ]
    for _ in range(n):
        hour = rng.uniform(13, 23.9) if rng.random() < 0.8 else rng.uniform(0.1, 12.9)
        s = [x for x in sessions if x.created <= at(day, hour)][-1]
        t, src = at(day, hour), ip("yul_nat", rng.randint(40, 43))
        shot = rng.choice(ARTIST_PLATES)
        s3_object(ctx, t=t, who=s, account=org.STUDIO, region=org.HOME, name="GetObject",
                  bucket=org.FRAMES, key=f"{shot}/comp/latest.exr", ip=src, ua=org.LAMBDA_UA,
                  size=rng.randint(10, 50) * 2**20)
        s3_object(ctx, t=t + dt.timedelta(seconds=4), who=s, account=org.STUDIO, region=org.HOME,
                  name="PutObject", bucket=org.PROXIES, key=f"{shot}/thumb.jpg", ip=src,
                  ua=org.LAMBDA_UA, size=rng.randint(40, 200) * 1024)
    return sessions


def review_portal(ctx: Ctx, day: dt.date, n: int) -> list[Session]:
    """The client review portal on Fargate: two tasks replaced each morning's deploy."""
    rng = ctx.rng
    tasks = [
        service_mint(ctx, t=at(day, 11 + k * 0.01), role=org.REVIEW, session=ctx.hexid(32),
                     service="ecs-tasks", region=org.HOME, hours=6)
        for k in range(2)
    ]
    for task in tasks:
        for h in range(0, 12, 3):
            call(ctx, t=at(day, 11.05 + h), who=task, account=org.STUDIO, region=org.HOME,
                 source="secretsmanager.amazonaws.com", name="GetSecretValue",
                 ip=ip("yul_nat", 50), ua=org.FARGATE_UA, read_only=True,
                 params={"secretId": "review-portal/signing-key"})
    for _ in range(n):
        task = rng.choice(tasks)
        s3_object(ctx, t=at(day, rng.uniform(11.1, 23.9)), who=task, account=org.STUDIO,
                  region=org.HOME, name="GetObject", bucket=org.PROXIES,
                  key=f"{rng.choice(ARTIST_PLATES)}/review.mp4", ip=ip("yul_nat", 50),
                  ua=org.FARGATE_UA, size=rng.randint(5, 60) * 2**20)
    return tasks


def deliveries(ctx: Ctx, day: dt.date, runs: int, buckets: list[tuple[str, str]]) -> None:
    """The delivery dispatcher (Fargate, us-east-1): reads finished masters and writes them to
    each distributor's ingest bucket, in the distributor's account."""
    rng = ctx.rng
    for r in range(runs):
        start = at(day, 15 + r * 3 + rng.uniform(0, 1))
        task = service_mint(ctx, t=start, role=org.DELIVER, session=ctx.hexid(32),
                            service="ecs-tasks", region=org.EAST, hours=6)
        src = ip("use1_nat", 21)
        for k in range(rng.randint(3, 8)):
            t = start + dt.timedelta(minutes=2 + 3 * k)
            name = f"TDW_{rng.choice(ARTIST_PLATES).replace('/', '_')}_v{rng.randint(3, 20):03d}.mov"
            s3_object(ctx, t=t, who=task, account=org.DELIVERY, region=org.EAST, name="GetObject",
                      bucket=org.MASTERS, key=f"masters/{name}", ip=src, ua=org.DELIVERY_UA,
                      size=rng.randint(200, 900) * 2**20)
            for bucket, owner in buckets:
                s3_object(ctx, t=t + dt.timedelta(seconds=50), who=task, account=org.DELIVERY,
                          region=org.EAST, name="PutObject", bucket=bucket,
                          key=f"spindrift/{day:%Y%m%d}/{name}", ip=src, ua=org.DELIVERY_UA,
                          size=rng.randint(200, 900) * 2**20, owner=owner)


def qc_pull(ctx: Ctx, day: dt.date, *, external_id: str | None = "nw-qc-7731") -> Session | None:
    """Northwind's QC pipeline assuming the pull role with its external id, then reading."""
    t = at(day, 20 + ctx.rng.uniform(0, 2))
    key = ctx.ident("ASIA")
    params = {"roleArn": org.QC_PULL.arn, "roleSessionName": "northwind-qc", "durationSeconds": 3600}
    if external_id:
        params["externalId"] = external_id
    call(ctx, t=t, who={"type": "AWSAccount", "principalId": "AROAN7W1D2NWQCBOT9:qc-runner",
                        "accountId": org.DISTRIBUTOR},
         account=org.DELIVERY, region=org.EAST, source="sts.amazonaws.com", name="AssumeRole",
         ip=ip("dist_nat", 77), ua=org.DIST_QC_UA, read_only=True, params=params,
         response={"credentials": {"accessKeyId": key}, "assumedRoleUser": {
             "assumedRoleId": f"{org.QC_PULL.role_id}:northwind-qc",
             "arn": org.QC_PULL.session_arn("northwind-qc")}},
         resources=[{"accountId": org.DELIVERY, "type": "AWS::IAM::Role", "ARN": org.QC_PULL.arn}])
    s = Session(org.QC_PULL, "northwind-qc", key, t)
    for k in range(ctx.rng.randint(2, 5)):
        s3_object(ctx, t=t + dt.timedelta(minutes=1 + k), who=s, account=org.DELIVERY,
                  region=org.EAST, name="GetObject", bucket=org.MASTERS,
                  key=f"masters/TDW_qc_{day:%Y%m%d}_{k}.mov", ip=ip("dist_nat", 77),
                  ua=org.DIST_QC_UA, size=ctx.rng.randint(200, 900) * 2**20)
    return s


def services(ctx: Ctx, day: dt.date, accounts: list[str]) -> None:
    """AWS Config's recorder describing resources, and FSx's data repository reading plates,
    each through its service-linked role."""
    for account in accounts:
        role = Role(account, org.CONFIG_SLR, "AROA" + account[:4] + "CFGSLR" + account[-7:],
                    path="/aws-service-role/config.amazonaws.com/")
        s = Session(role, "AWSConfig-Describe", ctx.ident("ASIA"), at(day, 0))
        for k in range(24):
            name = ("DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes")[k % 3]
            call(ctx, t=at(day, k + 0.3), who=s, account=account, region=org.HOME, source=EC2,
                 name=name, ip="config.amazonaws.com", ua="config.amazonaws.com",
                 read_only=True, invoked_by="config.amazonaws.com", params={})
    fsx = Role(org.STUDIO, "AWSServiceRoleForFSxS3Access_fs-0a7c3e9d5b1f24680",
               "AROAQ2J6H8FSXS3ACC", path="/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/")
    s = Session(fsx, "FSxLustreDataRepository", ctx.ident("ASIA"), at(day, 0))
    for k in range(20):
        s3_object(ctx, t=at(day, 12 + k * 0.5), who=s, account=org.STUDIO, region=org.HOME,
                  name="GetObject", bucket=org.PLATES, key=f"sq040/sh0120/plate/v003/f.{1001 + k}.exr",
                  ip="fsx.amazonaws.com", ua="fsx.amazonaws.com",
                  size=ctx.rng.randint(20, 80) * 2**20, invoked_by="fsx.amazonaws.com")

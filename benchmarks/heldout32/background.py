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
from benchmarks.heldout32.records import Ctx, Session, call, s3_object

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


def person_session(ctx: Ctx, p: org.Person, t: dt.datetime, *, console: bool = False) -> Session:
    from benchmarks.heldout32.records import saml_mint

    role = org.sso_role(p.account, p.permission_set)
    s = saml_mint(
        ctx,
        t=t,
        role=role,
        user=p.user,
        region=p.region,
        provider=org.SSO_PROVIDER.format(account=p.account),
    )
    return dataclasses.replace(s, console=console, mfa=True)


ARTIST_PLATES = ("sq040/sh0120", "sq040/sh0130", "sq050/sh0010", "sq050/sh0040", "sq060/sh0210")


def artist(ctx: Ctx, day: dt.date, p: org.Person, *, src: str, start: float) -> Session:
    """An artist's (or freelancer's) session: sign-in, the tool's identity check, plates read,
    versions published."""
    rng = ctx.rng
    t = clamp(day, at(day, start))
    s = person_session(ctx, p, t)
    t += dt.timedelta(seconds=rng.randint(5, 40))
    call(
        ctx,
        t=t,
        who=s,
        account=p.account,
        region=p.region,
        source="sts.amazonaws.com",
        name="GetCallerIdentity",
        ip=src,
        ua=p.client,
        read_only=True,
    )
    shot = rng.choice(ARTIST_PLATES)
    for k in range(rng.randint(2, 6)):
        t = clamp(day, t + dt.timedelta(minutes=rng.uniform(1, 40)))
        s3_object(
            ctx,
            t=t,
            who=s,
            account=p.account,
            region=p.region,
            name="GetObject",
            bucket=org.PLATES,
            key=f"{shot}/plate/v003/{shot.replace('/', '_')}.{1001 + k}.exr",
            ip=src,
            ua=p.client,
            size=rng.randint(20, 80) * 2**20,
        )
    for k in range(rng.randint(2, 8)):
        t = clamp(day, t + dt.timedelta(minutes=rng.uniform(5, 50)))
        s3_object(
            ctx,
            t=t,
            who=s,
            account=p.account,
            region=p.region,
            name="PutObject",
            bucket=org.FRAMES,
            key=f"{shot}/comp/v{rng.randint(10, 60):03d}/{p.user}.{1001 + k}.exr",
            ip=src,
            ua=p.client,
            size=rng.randint(10, 50) * 2**20,
        )
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
        call(
            ctx,
            t=t,
            who=s,
            account=p.account,
            region=region_of(source, p.region),
            source=source,
            name=name,
            ip=src,
            ua=ua or p.client,
            read_only=ro,
            params={},
        )
    return s

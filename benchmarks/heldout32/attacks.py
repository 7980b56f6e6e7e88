"""The attacks of the scored days on people's credentials (Identity Center sessions stolen,
phished, copied or kept), each drawn from a public incident pattern, writing its own records
and returning its truth rows (``truth.row``); the shared helpers of ``thefts``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout32 import background as bg
from benchmarks.heldout32 import org
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.plan import home_ip
from benchmarks.heldout32.records import Ctx, call, s3_object
from benchmarks.heldout32.truth import row

Rows = list[dict[str, Any]]
EC2 = "ec2.amazonaws.com"
Plan = list[
    tuple[str, str, str, bool, tuple[str, str] | None]
]  # region, source, name, read-only, error


def _steps(start: dt.datetime, n: int, ctx: Ctx, lo: float, hi: float) -> list[dt.datetime]:
    out, t = [], start
    for _ in range(n):
        t += dt.timedelta(seconds=ctx.rng.uniform(lo, hi))
        out.append(t)
    return out


def _calls(
    ctx: Ctx,
    who: Any,
    account: str,
    plan: Plan,
    *,
    start: dt.datetime,
    src: str,
    ua: str,
    gap: tuple[float, float] = (3, 40),
) -> dt.datetime:
    """``plan``: (region, event source, name, read-only, error) in order; the last time."""
    t = start
    for t, (region, source, name, ro, err) in zip(
        _steps(start, len(plan), ctx, *gap), plan, strict=True
    ):
        call(
            ctx,
            t=t,
            who=who,
            account=account,
            region=region,
            source=source,
            name=name,
            ip=src,
            ua=ua,
            read_only=ro,
            params={},
            error=err,
        )
    return t


DENIED = ("AccessDenied", "User is not authorized to perform this operation")


def a3_public_bucket(ctx: Ctx, day: dt.date) -> Rows:
    """An infostealer's copy of a pipeline TD's Identity Center token cache, replayed through a
    US residential proxy: new role credentials, then the review proxies' bucket made public."""
    p = next(x for x in org.people(0.1) if x.user == "jleblanc")
    src, start = ip("residential_us", 88), bg.at(day, 6.4)
    s = bg.person_session(ctx, p, start)
    ua = org.CLI_MAC.replace(
        "os/macos#24.1.0 md/arch#arm64", "os/linux#6.8.0-49-generic md/arch#x86_64"
    )
    t = _calls(
        ctx,
        s,
        org.STUDIO,
        [
            (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
            (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
            (org.HOME, "s3.amazonaws.com", "GetBucketPolicy", True, None),
            (org.HOME, "s3.amazonaws.com", "GetBucketPublicAccessBlock", True, None),
            (org.HOME, "s3.amazonaws.com", "DeleteBucketPublicAccessBlock", False, None),
            (org.HOME, "s3.amazonaws.com", "PutBucketPolicy", False, None),
            (org.HOME, "s3.amazonaws.com", "PutBucketAcl", False, None),
        ],
        start=start + dt.timedelta(seconds=20),
        src=src,
        ua=ua,
    )
    return [
        row(
            "A3",
            "TD's stolen SSO token makes the proxies bucket public",
            "attack",
            key=s.key,
            principal=s.role.session_arn(p.user),
            source_ip=src,
            start=start,
            end=t,
            severity="high",
        )
    ]


def a4_datasync(ctx: Ctx, day: dt.date) -> Rows:
    """An adversary-in-the-middle phish of a cloud engineer's Identity Center sign-in: from the
    console, a DataSync task copying the frames bucket to a bucket in an outside account."""
    p = next(x for x in org.people(0.1) if x.user == "kokafor")
    src, start = ip("digitalocean", 77), bg.at(day, 9.1)
    s = bg.person_session(ctx, p, start, console=True)
    t = _calls(
        ctx,
        s,
        org.STUDIO,
        [
            (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
            (org.EAST, "iam.amazonaws.com", "CreateRole", False, None),
            (org.EAST, "iam.amazonaws.com", "PutRolePolicy", False, None),
            (org.HOME, "datasync.amazonaws.com", "CreateLocationS3", False, None),
            (org.HOME, "datasync.amazonaws.com", "CreateLocationS3", False, None),
            (org.HOME, "datasync.amazonaws.com", "CreateTask", False, None),
            (org.HOME, "datasync.amazonaws.com", "StartTaskExecution", False, None),
            (org.HOME, "datasync.amazonaws.com", "DescribeTaskExecution", True, None),
        ],
        start=start + dt.timedelta(seconds=30),
        src=src,
        ua=org.CHROME_MAC,
        gap=(15, 90),
    )
    return [
        row(
            "A4",
            "phished engineer's session copies frames out with DataSync",
            "attack",
            key=s.key,
            principal=s.role.session_arn(p.user),
            source_ip=src,
            start=start,
            end=t,
            severity="high",
        )
    ]


def a5_permission_set(ctx: Ctx, day: dt.date) -> Rows:
    """The IT administrator's stolen Identity Center session, from a commercial VPN exit in
    Toronto, attaches AdministratorAccess to the freelancers' permission set and provisions
    it to every account: quiet, in the console, a handful of calls."""
    p = next(x for x in org.people(0.1) if x.user == "mtremblay")
    src, start = ip("datacamp", 19), bg.at(day, 4.7)
    s = bg.person_session(ctx, p, start, console=True)
    t = _calls(
        ctx,
        s,
        org.MGMT,
        [
            (org.HOME, "sso.amazonaws.com", "ListPermissionSets", True, None),
            (org.HOME, "sso.amazonaws.com", "DescribePermissionSet", True, None),
            (org.HOME, "sso.amazonaws.com", "AttachManagedPolicyToPermissionSet", False, None),
            (org.HOME, "sso.amazonaws.com", "ProvisionPermissionSet", False, None),
            (org.HOME, "sso.amazonaws.com", "DescribePermissionSetProvisioningStatus", True, None),
        ],
        start=start + dt.timedelta(seconds=25),
        src=src,
        ua=org.CHROME_MAC,
        gap=(20, 80),
    )
    return [
        row(
            "A5",
            "admin's stolen session widens the freelancer permission set",
            "attack",
            key=s.key,
            principal=s.role.session_arn(p.user),
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]


def a6_kept_access(ctx: Ctx, day: dt.date) -> Rows:
    """A freelancer whose assignment was not removed when the show ended downloads the
    finished frames from his usual home line with the usual sync tool: only the volume, the
    bucket and the end of his contract are new."""
    p = next(x for x in org.people(0.1) if x.user == "arjun.mehta")
    src, start = home_ip(p), bg.at(day, 5.3)
    s = bg.person_session(ctx, p, start)
    t = start
    for k in range(160):
        t += dt.timedelta(seconds=ctx.rng.uniform(4, 20))
        shot = bg.ARTIST_PLATES[k % len(bg.ARTIST_PLATES)]
        s3_object(
            ctx,
            t=t,
            who=s,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.FRAMES,
            key=f"{shot}/comp/v051/final.{1001 + k}.exr",
            ip=src,
            ua=p.client,
            size=ctx.rng.randint(10, 50) * 2**20,
        )
    return [
        row(
            "A6",
            "off-boarded freelancer's access kept, the show's frames downloaded",
            "attack",
            principal=s.role.session_arn(p.user),
            start=start,
            end=t,
            severity="medium",
        )
    ]


def a8_quiet_recon(ctx: Ctx, day: dt.date) -> Rows:
    """A render wrangler's copied SSO token cache, used with the same aws-cli build (the user
    agent copied too) from a VPN exit in Montreal: two hours of slow, read-only recon."""
    p = next(x for x in org.people(0.1) if x.user == "apoirier")
    src, start = ip("m247", 140), bg.at(day, 2.5)
    s = bg.person_session(ctx, p, start)
    plan: Plan = [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.EAST, "iam.amazonaws.com", "ListRoles", True, None),
        (org.EAST, "iam.amazonaws.com", "ListUsers", True, DENIED),
        (org.EAST, "iam.amazonaws.com", "GetAccountAuthorizationDetails", True, DENIED),
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.HOME, "secretsmanager.amazonaws.com", "ListSecrets", True, DENIED),
    ]
    for region in (org.HOME, org.WEST, org.EAST, "eu-west-1"):
        plan += [
            (region, EC2, "DescribeInstances", True, None),
            (region, EC2, "DescribeSecurityGroups", True, None),
        ]
    t = _calls(
        ctx,
        s,
        org.RENDER,
        plan,
        start=start + dt.timedelta(seconds=40),
        src=src,
        ua=p.client,
        gap=(120, 700),
    )
    return [
        row(
            "A8",
            "wrangler's copied SSO token: slow recon with the studio's own CLI",
            "attack",
            key=s.key,
            principal=s.role.session_arn(p.user),
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]

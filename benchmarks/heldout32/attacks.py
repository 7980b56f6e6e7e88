"""The attacks of the scored days, each drawn from a public incident pattern, each writing its
own records and returning its truth rows (``truth.row``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout32 import background as bg
from benchmarks.heldout32 import org
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.plan import home_ip
from benchmarks.heldout32.records import Ctx, Session, call, s3_object
from benchmarks.heldout32.truth import row

Rows = list[dict[str, Any]]
EC2 = "ec2.amazonaws.com"


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
    plan: list[tuple[str, str, str, bool, tuple[str, str] | None]],
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
        call(ctx, t=t, who=who, account=account, region=region, source=source, name=name,
             ip=src, ua=ua, read_only=ro, params={}, error=err)
    return t


DENIED = ("AccessDenied", "User is not authorized to perform this operation")


def a1_plugin_theft(ctx: Ctx, day: dt.date, workers: list[Session]) -> Rows:
    """A render node's instance credentials read from the metadata service by a trojanised
    Nuke gizmo from a free plug-in pack, used from a Vultr VPS in Toronto to list and copy the
    show's frames (the worker role may read the studio's plates and frames buckets)."""
    home = [s for s in workers if bg.at(day, 2) < s.created < bg.at(day, 14)]
    victim = home[0] if home else workers[0]
    src = ip("vultr", 44)
    start = victim.created + dt.timedelta(minutes=35)
    t = _calls(ctx, victim, org.RENDER, [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.HOME, "s3.amazonaws.com", "GetBucketLocation", True, None),
    ], start=start, src=src, ua=org.PACU_UA)
    for k in range(24):
        t += dt.timedelta(seconds=ctx.rng.uniform(8, 30))
        s3_object(ctx, t=t, who=victim, account=org.RENDER, region=org.HOME, name="GetObject",
                  bucket=org.FRAMES, key=f"sq060/sh0210/comp/v041/final.{1001 + k}.exr", ip=src,
                  ua=org.PACU_UA, size=ctx.rng.randint(10, 50) * 2**20, owner=org.STUDIO)
    return [row("A1", "render node credentials stolen by a plug-in, used from Vultr", "attack",
                key=victim.key, source_ip=src, start=start, end=t, severity="medium")]


def a2_gpu_miners(ctx: Ctx, day: dt.date) -> Rows:
    """The render-submission CI key committed to a public repository: a scanner's first use,
    then GPU instances for mining in regions the studio never uses, most refused by quotas."""
    user, src = org.RENDER_SUBMIT, ip("digitalocean", 31)
    start = bg.at(day, 3.2)
    plan: list[tuple[str, str, str, bool, tuple[str, str] | None]] = [
        (org.EAST, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.EAST, EC2, "DescribeRegions", True, None),
        (org.EAST, "servicequotas.amazonaws.com", "GetServiceQuota", True, None),
        (org.EAST, EC2, "DescribeInstances", True, None),
    ]
    for region in ("us-east-2", "eu-north-1", "ap-south-1", "sa-east-1"):
        plan += [
            (region, EC2, "ImportKeyPair", False, None),
            (region, EC2, "CreateSecurityGroup", False, None),
            (region, EC2, "AuthorizeSecurityGroupIngress", False, None),
            (region, EC2, "RunInstances", False,
             ("Client.VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of 0 allows")),
            (region, EC2, "RunInstances", False, None),
        ]
    t = _calls(ctx, user, org.RENDER, plan, start=start, src=src, ua=org.GO_MINER, gap=(2, 15))
    return [row("A2", "leaked CI key launching GPU miners", "attack", key=user.key,
                source_ip=src, start=start, end=t, severity="high")]


def a3_public_bucket(ctx: Ctx, day: dt.date) -> Rows:
    """An infostealer's copy of a pipeline TD's Identity Center token cache, replayed through a
    US residential proxy: new role credentials, then the review proxies' bucket made public."""
    p = next(x for x in org.people(0.1) if x.user == "jleblanc")
    src, start = ip("residential_us", 88), bg.at(day, 6.4)
    s = bg.person_session(ctx, p, start)
    ua = org.CLI_MAC.replace("os/macos#24.1.0 md/arch#arm64", "os/linux#6.8.0-49-generic md/arch#x86_64")
    t = _calls(ctx, s, org.STUDIO, [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.HOME, "s3.amazonaws.com", "GetBucketPolicy", True, None),
        (org.HOME, "s3.amazonaws.com", "GetBucketPublicAccessBlock", True, None),
        (org.HOME, "s3.amazonaws.com", "DeleteBucketPublicAccessBlock", False, None),
        (org.HOME, "s3.amazonaws.com", "PutBucketPolicy", False, None),
        (org.HOME, "s3.amazonaws.com", "PutBucketAcl", False, None),
    ], start=start + dt.timedelta(seconds=20), src=src, ua=ua)
    return [row("A3", "TD's stolen SSO token makes the proxies bucket public", "attack",
                key=s.key, principal=s.role.session_arn(p.user), source_ip=src, start=start,
                end=t, severity="high")]


def a4_datasync(ctx: Ctx, day: dt.date) -> Rows:
    """An adversary-in-the-middle phish of a cloud engineer's Identity Center sign-in: from the
    console, a DataSync task copying the frames bucket to a bucket in an outside account."""
    p = next(x for x in org.people(0.1) if x.user == "kokafor")
    src, start = ip("digitalocean", 77), bg.at(day, 9.1)
    s = bg.person_session(ctx, p, start, console=True)
    t = _calls(ctx, s, org.STUDIO, [
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.EAST, "iam.amazonaws.com", "CreateRole", False, None),
        (org.EAST, "iam.amazonaws.com", "PutRolePolicy", False, None),
        (org.HOME, "datasync.amazonaws.com", "CreateLocationS3", False, None),
        (org.HOME, "datasync.amazonaws.com", "CreateLocationS3", False, None),
        (org.HOME, "datasync.amazonaws.com", "CreateTask", False, None),
        (org.HOME, "datasync.amazonaws.com", "StartTaskExecution", False, None),
        (org.HOME, "datasync.amazonaws.com", "DescribeTaskExecution", True, None),
    ], start=start + dt.timedelta(seconds=30), src=src, ua=org.CHROME_MAC, gap=(15, 90))
    return [row("A4", "phished engineer's session copies frames out with DataSync", "attack",
                key=s.key, principal=s.role.session_arn(p.user), source_ip=src, start=start,
                end=t, severity="high")]


def a5_permission_set(ctx: Ctx, day: dt.date) -> Rows:
    """The IT administrator's stolen Identity Center session, from a commercial VPN exit in
    Toronto, attaches AdministratorAccess to the freelancers' permission set and provisions
    it to every account: quiet, in the console, a handful of calls."""
    p = next(x for x in org.people(0.1) if x.user == "mtremblay")
    src, start = ip("datacamp", 19), bg.at(day, 4.7)
    s = bg.person_session(ctx, p, start, console=True)
    t = _calls(ctx, s, org.MGMT, [
        (org.HOME, "sso.amazonaws.com", "ListPermissionSets", True, None),
        (org.HOME, "sso.amazonaws.com", "DescribePermissionSet", True, None),
        (org.HOME, "sso.amazonaws.com", "AttachManagedPolicyToPermissionSet", False, None),
        (org.HOME, "sso.amazonaws.com", "ProvisionPermissionSet", False, None),
        (org.HOME, "sso.amazonaws.com", "DescribePermissionSetProvisioningStatus", True, None),
    ], start=start + dt.timedelta(seconds=25), src=src, ua=org.CHROME_MAC, gap=(20, 80))
    return [row("A5", "admin's stolen session widens the freelancer permission set", "attack",
                key=s.key, principal=s.role.session_arn(p.user), source_ip=src, start=start,
                end=t, severity="medium")]


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
        s3_object(ctx, t=t, who=s, account=org.STUDIO, region=org.HOME, name="GetObject",
                  bucket=org.FRAMES, key=f"{shot}/comp/v051/final.{1001 + k}.exr", ip=src,
                  ua=p.client, size=ctx.rng.randint(10, 50) * 2**20)
    return [row("A6", "off-boarded freelancer's access kept, the show's frames downloaded",
                "attack", principal=s.role.session_arn(p.user), start=start, end=t,
                severity="medium")]


def a7_burst_first_day(ctx: Ctx, day: dt.date, workers: list[Session]) -> Rows:
    """The burst account's first day: a worker's instance credentials, exposed by the vendor's
    misconfigured metadata proxy, used from a Hetzner host: no history at all to compare."""
    victim = sorted(workers, key=lambda s: s.created)[len(workers) // 2]
    src = ip("hetzner", 51)
    start = victim.created + dt.timedelta(minutes=20)
    t = _calls(ctx, victim, org.BURST, [
        (org.WEST, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.WEST, EC2, "DescribeInstances", True, None),
        (org.WEST, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.WEST, "iam.amazonaws.com", "ListAttachedRolePolicies", True, DENIED),
        (org.WEST, "secretsmanager.amazonaws.com", "ListSecrets", True, DENIED),
    ], start=start, src=src, ua=org.KALI_CLI)
    return [row("A7", "burst account's worker credentials used from Hetzner on day one",
                "attack", key=victim.key, source_ip=src, start=start, end=t, severity="medium")]


def a8_quiet_recon(ctx: Ctx, day: dt.date) -> Rows:
    """A render wrangler's copied SSO token cache, used with the same aws-cli build (the user
    agent copied too) from a VPN exit in Montreal: two hours of slow, read-only recon."""
    p = next(x for x in org.people(0.1) if x.user == "apoirier")
    src, start = ip("m247", 140), bg.at(day, 2.5)
    s = bg.person_session(ctx, p, start)
    plan: list[tuple[str, str, str, bool, tuple[str, str] | None]] = [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.EAST, "iam.amazonaws.com", "ListRoles", True, None),
        (org.EAST, "iam.amazonaws.com", "ListUsers", True, DENIED),
        (org.EAST, "iam.amazonaws.com", "GetAccountAuthorizationDetails", True, DENIED),
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
        (org.HOME, "secretsmanager.amazonaws.com", "ListSecrets", True, DENIED),
    ]
    for region in (org.HOME, org.WEST, org.EAST, "eu-west-1"):
        plan += [(region, EC2, "DescribeInstances", True, None),
                 (region, EC2, "DescribeSecurityGroups", True, None)]
    t = _calls(ctx, s, org.RENDER, plan, start=start + dt.timedelta(seconds=40), src=src,
               ua=p.client, gap=(120, 700))
    return [row("A8", "wrangler's copied SSO token: slow recon with the studio's own CLI",
                "attack", key=s.key, principal=s.role.session_arn(p.user), source_ip=src,
                start=start, end=t, severity="medium")]


def a9_lambda_creds(ctx: Ctx, day: dt.date, thumbs: list[Session]) -> Rows:
    """The thumbnail Lambda's credentials read from its environment through a crafted EXR
    published into the frames bucket, used from an EC2 instance in another AWS account."""
    victim = thumbs[2] if len(thumbs) > 2 else thumbs[-1]
    src, start = ip("use1_other", 12), victim.created + dt.timedelta(minutes=50)
    ua = "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython md/distrib#amzn.2023 cfg/retry-mode#standard md/installer#exe md/prompt#off"
    t = _calls(ctx, victim, org.STUDIO, [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.HOME, "lambda.amazonaws.com", "ListFunctions20150331", True, DENIED),
        (org.HOME, "s3.amazonaws.com", "ListBuckets", True, DENIED),
    ], start=start, src=src, ua=ua)
    for k in range(18):
        t += dt.timedelta(seconds=ctx.rng.uniform(5, 25))
        s3_object(ctx, t=t, who=victim, account=org.STUDIO, region=org.HOME, name="GetObject",
                  bucket=org.FRAMES, key=f"sq050/sh0040/comp/v022/final.{1001 + k}.exr", ip=src,
                  ua=ua, size=ctx.rng.randint(10, 50) * 2**20)
    return [row("A9", "thumbnail Lambda's credentials used from another AWS account", "attack",
                key=victim.key, source_ip=src, start=start, end=t, severity="medium")]


def a10_defence_evasion(ctx: Ctx, day: dt.date, rcs_sessions: list[Session]) -> Rows:
    """The Deadline RCS instance's credentials, taken through its exposed web service, used
    from a Tor exit (on the threat list) to try to stop CloudTrail and delete GuardDuty."""
    victim = rcs_sessions[1]
    src, start = ip("ovh_tor", 22), victim.created + dt.timedelta(minutes=70)
    t = _calls(ctx, victim, org.RENDER, [
        (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
        (org.HOME, "cloudtrail.amazonaws.com", "DescribeTrails", True, None),
        (org.HOME, "cloudtrail.amazonaws.com", "StopLogging", False, DENIED),
        (org.HOME, "guardduty.amazonaws.com", "ListDetectors", True, None),
        (org.HOME, "guardduty.amazonaws.com", "DeleteDetector", False, DENIED),
        (org.HOME, EC2, "DescribeSpotFleetRequests", True, None),
        (org.HOME, EC2, "ModifySpotFleetRequest", False, None),
    ], start=start, src=src, ua=org.PACU_UA)
    return [row("A10", "RCS credentials from a Tor exit try to stop logging", "attack",
                key=victim.key, source_ip=src, start=start, end=t, severity="high")]


def a11_external_id(ctx: Ctx, day: dt.date) -> Rows:
    """Another AWS account trying the distributor's QC pull role without its external id (the
    confused-deputy probe), refused each time."""
    src, start = ip("contabo", 90), bg.at(day, 8.2)
    t = start
    for k in range(6):
        t += dt.timedelta(seconds=ctx.rng.uniform(20, 120))
        call(ctx, t=t, who={"type": "AWSAccount", "principalId": "AIDAP5R0B3XPROBE77",
                            "accountId": org.PROBER},
             account=org.DELIVERY, region=org.EAST, source="sts.amazonaws.com",
             name="AssumeRole", ip=src, ua=org.PACU_UA, read_only=True,
             params={"roleArn": org.QC_PULL.arn, "roleSessionName": f"qc{k}"},
             error=("AccessDenied", f"User: arn:aws:iam::{org.PROBER}:user/ops is not authorized to perform: sts:AssumeRole on resource: {org.QC_PULL.arn}"),
             resources=[{"accountId": org.DELIVERY, "type": "AWS::IAM::Role", "ARN": org.QC_PULL.arn}])
    return [row("A11", "outside account tries the QC pull role without its external id",
                "attack", principal=f"aws_account:{org.PROBER}", source_ip=src, start=start,
                end=t, severity="medium")]

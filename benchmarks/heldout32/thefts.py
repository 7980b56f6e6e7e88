"""The attacks on workloads' and services' credentials (a render node's, the burst account's,
the thumbnail Lambda's, the RCS's), on the CI key, and on the cross-account role; each writes
its records and returns its truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout32 import background as bg
from benchmarks.heldout32 import org
from benchmarks.heldout32.attacks import DENIED, EC2, Plan, Rows, _calls
from benchmarks.heldout32.org import ip
from benchmarks.heldout32.records import Ctx, Session, call, s3_object
from benchmarks.heldout32.truth import row


def a1_plugin_theft(ctx: Ctx, day: dt.date, workers: list[Session]) -> Rows:
    """A render node's instance credentials read from the metadata service by a trojanised
    Nuke gizmo from a free plug-in pack, used from a Vultr VPS in Toronto to list and copy the
    show's frames (the worker role may read the studio's plates and frames buckets)."""
    home = [s for s in workers if bg.at(day, 2) < s.created < bg.at(day, 14)]
    victim = home[0] if home else workers[0]
    src = ip("vultr", 44)
    start = victim.created + dt.timedelta(minutes=35)
    t = _calls(
        ctx,
        victim,
        org.RENDER,
        [
            (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
            (org.HOME, "s3.amazonaws.com", "ListBuckets", True, None),
            (org.HOME, "s3.amazonaws.com", "GetBucketLocation", True, None),
        ],
        start=start,
        src=src,
        ua=org.PACU_UA,
    )
    for k in range(24):
        t += dt.timedelta(seconds=ctx.rng.uniform(8, 30))
        s3_object(
            ctx,
            t=t,
            who=victim,
            account=org.RENDER,
            region=org.HOME,
            name="GetObject",
            bucket=org.FRAMES,
            key=f"sq060/sh0210/comp/v041/final.{1001 + k}.exr",
            ip=src,
            ua=org.PACU_UA,
            size=ctx.rng.randint(10, 50) * 2**20,
            owner=org.STUDIO,
        )
    return [
        row(
            "A1",
            "render node credentials stolen by a plug-in, used from Vultr",
            "attack",
            key=victim.key,
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]


def a2_gpu_miners(ctx: Ctx, day: dt.date) -> Rows:
    """The render-submission CI key committed to a public repository: a scanner's first use,
    then GPU instances for mining in regions the studio never uses, most refused by quotas."""
    user, src = org.RENDER_SUBMIT, ip("digitalocean", 31)
    start = bg.at(day, 3.2)
    plan: Plan = [
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
            (
                region,
                EC2,
                "RunInstances",
                False,
                (
                    "Client.VcpuLimitExceeded",
                    "You have requested more vCPU capacity than your current vCPU limit of 0 allows",
                ),
            ),
            (region, EC2, "RunInstances", False, None),
        ]
    t = _calls(ctx, user, org.RENDER, plan, start=start, src=src, ua=org.GO_MINER, gap=(2, 15))
    return [
        row(
            "A2",
            "leaked CI key launching GPU miners",
            "attack",
            key=user.key,
            source_ip=src,
            start=start,
            end=t,
            severity="high",
        )
    ]


def a7_burst_first_day(ctx: Ctx, day: dt.date, workers: list[Session]) -> Rows:
    """The burst account's first day: a worker's instance credentials, exposed by the vendor's
    misconfigured metadata proxy, used from a Hetzner host: no history at all to compare."""
    victim = sorted(workers, key=lambda s: s.created)[len(workers) // 2]
    src = ip("hetzner", 51)
    start = victim.created + dt.timedelta(minutes=20)
    t = _calls(
        ctx,
        victim,
        org.BURST,
        [
            (org.WEST, "sts.amazonaws.com", "GetCallerIdentity", True, None),
            (org.WEST, EC2, "DescribeInstances", True, None),
            (org.WEST, "s3.amazonaws.com", "ListBuckets", True, None),
            (org.WEST, "iam.amazonaws.com", "ListAttachedRolePolicies", True, DENIED),
            (org.WEST, "secretsmanager.amazonaws.com", "ListSecrets", True, DENIED),
        ],
        start=start,
        src=src,
        ua=org.KALI_CLI,
    )
    return [
        row(
            "A7",
            "burst account's worker credentials used from Hetzner on day one",
            "attack",
            key=victim.key,
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]


def a9_lambda_creds(ctx: Ctx, day: dt.date, thumbs: list[Session]) -> Rows:
    """The thumbnail Lambda's credentials read from its environment through a crafted EXR
    published into the frames bucket, used from an EC2 instance in another AWS account."""
    victim = thumbs[2] if len(thumbs) > 2 else thumbs[-1]
    src, start = ip("use1_other", 12), victim.created + dt.timedelta(minutes=50)
    ua = "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython md/distrib#amzn.2023 cfg/retry-mode#standard md/installer#exe md/prompt#off"
    t = _calls(
        ctx,
        victim,
        org.STUDIO,
        [
            (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
            (org.HOME, "lambda.amazonaws.com", "ListFunctions20150331", True, DENIED),
            (org.HOME, "s3.amazonaws.com", "ListBuckets", True, DENIED),
        ],
        start=start,
        src=src,
        ua=ua,
    )
    for k in range(18):
        t += dt.timedelta(seconds=ctx.rng.uniform(5, 25))
        s3_object(
            ctx,
            t=t,
            who=victim,
            account=org.STUDIO,
            region=org.HOME,
            name="GetObject",
            bucket=org.FRAMES,
            key=f"sq050/sh0040/comp/v022/final.{1001 + k}.exr",
            ip=src,
            ua=ua,
            size=ctx.rng.randint(10, 50) * 2**20,
        )
    return [
        row(
            "A9",
            "thumbnail Lambda's credentials used from another AWS account",
            "attack",
            key=victim.key,
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]


def a10_defence_evasion(ctx: Ctx, day: dt.date, rcs_sessions: list[Session]) -> Rows:
    """The Deadline RCS instance's credentials, taken through its exposed web service, used
    from a Tor exit (on the threat list) to try to stop CloudTrail and delete GuardDuty."""
    victim = rcs_sessions[1]
    src, start = ip("ovh_tor", 22), victim.created + dt.timedelta(minutes=70)
    t = _calls(
        ctx,
        victim,
        org.RENDER,
        [
            (org.HOME, "sts.amazonaws.com", "GetCallerIdentity", True, None),
            (org.HOME, "cloudtrail.amazonaws.com", "DescribeTrails", True, None),
            (org.HOME, "cloudtrail.amazonaws.com", "StopLogging", False, DENIED),
            (org.HOME, "guardduty.amazonaws.com", "ListDetectors", True, None),
            (org.HOME, "guardduty.amazonaws.com", "DeleteDetector", False, DENIED),
            (org.HOME, EC2, "DescribeSpotFleetRequests", True, None),
            (org.HOME, EC2, "ModifySpotFleetRequest", False, None),
        ],
        start=start,
        src=src,
        ua=org.PACU_UA,
    )
    return [
        row(
            "A10",
            "RCS credentials from a Tor exit try to stop logging",
            "attack",
            key=victim.key,
            source_ip=src,
            start=start,
            end=t,
            severity="high",
        )
    ]


def a11_external_id(ctx: Ctx, day: dt.date) -> Rows:
    """Another AWS account trying the distributor's QC pull role without its external id (the
    confused-deputy probe), refused each time."""
    src, start = ip("contabo", 90), bg.at(day, 8.2)
    t = start
    for k in range(6):
        t += dt.timedelta(seconds=ctx.rng.uniform(20, 120))
        call(
            ctx,
            t=t,
            who={
                "type": "AWSAccount",
                "principalId": "AIDAP5R0B3XPROBE77",
                "accountId": org.PROBER,
            },
            account=org.DELIVERY,
            region=org.EAST,
            source="sts.amazonaws.com",
            name="AssumeRole",
            ip=src,
            ua=org.PACU_UA,
            read_only=True,
            params={"roleArn": org.QC_PULL.arn, "roleSessionName": f"qc{k}"},
            error=(
                "AccessDenied",
                f"User: arn:aws:iam::{org.PROBER}:user/ops is not authorized to perform: sts:AssumeRole on resource: {org.QC_PULL.arn}",
            ),
            resources=[
                {"accountId": org.DELIVERY, "type": "AWS::IAM::Role", "ARN": org.QC_PULL.arn}
            ],
        )
    return [
        row(
            "A11",
            "outside account tries the QC pull role without its external id",
            "attack",
            principal=f"aws_account:{org.PROBER}",
            source_ip=src,
            start=start,
            end=t,
            severity="medium",
        )
    ]

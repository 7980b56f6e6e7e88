"""Identities from outside the broadcaster's accounts: Terraform Cloud through OIDC, the ad-tech
partner's and the subtitling vendor's cross-account roles; and the sport channel's new account,
vended on the first scored day and built by Terraform."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._net import NETS, aws_host
from benchmarks.heldout10._records import Session, Trail, at, spread, uid
from benchmarks.heldout10._workloads import _svc_mint
from benchmarks.heldout10._world import World, diurnal

TFC_WORKSPACES = {  # role -> (account, workspace, the services its plans read)
    "tfc-platform": (
        org.PLATFORM,
        "platform-dns-cdn",
        (
            "route53:GetHostedZone",
            "route53:ListResourceRecordSets",
            "acm:DescribeCertificate",
            "cloudfront:GetDistribution",
            "cloudfront:GetCachePolicy",
            "iam:GetRole",
            "route53:ListTagsForResource",
        ),
    ),
    "tfc-media": (
        org.MEDIA,
        "media-pipeline",
        (
            "medialive:DescribeChannel",
            "medialive:DescribeInput",
            "mediapackage:DescribeChannel",
            "s3:GetBucketPolicy",
            "s3:GetBucketVersioning",
            "lambda:GetFunction",
            "iam:GetRole",
            "states:DescribeStateMachine",
            "events:DescribeRule",
        ),
    ),
    "tfc-sport": (
        org.SPORT,
        "sport-channel",
        (
            "ec2:DescribeInstances",
            "ec2:DescribeVpcs",
            "iam:GetRole",
            "s3:GetBucketPolicy",
            "lambda:GetFunction",
        ),
    ),
}


def tfc_login(
    w: World,
    tr: Trail,
    role: str,
    t: dt.datetime,
    ip: str,
    *,
    org_name: str = "auralis",
    workspace: str | None = None,
    phase: str = "plan",
) -> tuple[Session, dict[str, Any]]:
    """``AssumeRoleWithWebIdentity`` with a Terraform Cloud workload identity token."""
    account, default_ws, _ = TFC_WORKSPACES[role]
    subject = f"organization:{org_name}:project:broadcast:workspace:{workspace or default_ws}:run_phase:{phase}"
    caller = Session(
        {
            "type": "WebIdentityUser",
            "principalId": f"app.terraform.io:aws.workload.identity:{subject}",
            "userName": subject,
            "identityProvider": "app.terraform.io",
        },
        None,
        account,
    )
    session = f"terraform-run-{uid(w.rng('run', role, t)).replace('-', '')[:16]}"
    return tr.assume_role(
        caller,
        t,
        ip,
        "aws-sdk-go-v2/1.32.2 ua/2.1 os/linux lang/go#1.23.2",
        account,
        role,
        session,
        w.pid(f"{account}:{role}"),
        api="AssumeRoleWithWebIdentity",
        region="us-east-1",
        extra_req={"providerId": "app.terraform.io"},
    )


def terraform(w: World, tr: Trail, day: dt.date) -> None:
    """Terraform Cloud runs plans (and now and then an apply) against each workspace on weekdays,
    from HashiCorp's runners (AWS addresses in us-east-1)."""
    for role, (account, _ws, reads) in TFC_WORKSPACES.items():
        if account == org.SPORT and day < w.scored_from:
            continue
        rng = w.rng("tfc", role, day)
        runs = w.count(rng, 2.2) if day.weekday() < 5 else int(rng.random() < 0.15)
        for _ in range(runs):
            t = at(day, 7 + rng.random() * 10)
            ip = aws_host("us-east-1", rng)
            who, _ = tfc_login(w, tr, role, t, ip)
            ua = org.TERRAFORM.format(p=8, api="sts")
            tr.call(
                who,
                t + dt.timedelta(seconds=2),
                "sts:GetCallerIdentity",
                ip,
                ua,
                region="us-east-1",
            )
            for when in spread(rng, t + dt.timedelta(seconds=5), 3, w.count(rng, 25)):
                api = rng.choice(reads)
                tr.call(who, when, api, ip, org.TERRAFORM.format(p=8, api=api.split(":")[0]))


def adtech(w: World, tr: Trail, day: dt.date) -> None:
    """The ad-tech partner's reporting job assumes a role with an ExternalId every hour from
    its own EC2 instances in eu-west-1 and collects CDN and ad logs."""
    rng = w.rng("adtech", day)
    ip = NETS["aws_euw1"].fixed(41)
    caller = Session(
        {
            "type": "AWSAccount",
            "principalId": f"{w.pid('adtech-caller')}:reporting-sync",
            "accountId": org.ADTECH,
        },
        None,
        org.MEDIA,
    )
    for hour in range(24):
        t = at(day, hour + 0.25 + rng.random() * 0.05)
        who, _ = tr.assume_role(
            caller,
            t,
            ip,
            org.ADTECH_UA,
            org.MEDIA,
            "adtech-reporting",
            "reporting-sync",
            w.pid(f"{org.MEDIA}:adtech-reporting"),
            extra_req={"externalId": "auralis-7731"},
        )
        tr.s3(
            who,
            t + dt.timedelta(seconds=4),
            "s3:ListObjects",
            ip,
            org.ADTECH_UA,
            org.BUCKETS["adlogs"],
            f"hourly/{t:%Y/%m/%d/%H}/",
            org.MEDIA,
        )
        for when in spread(rng, t + dt.timedelta(seconds=6), 4, w.count(rng, 3 * diurnal(hour))):
            tr.s3(
                who,
                when,
                "s3:GetObject",
                ip,
                org.ADTECH_UA,
                org.BUCKETS["adlogs"],
                f"hourly/{t:%Y/%m/%d/%H}/{uid(rng)[:8]}.csv.gz",
                org.MEDIA,
            )


def vendor_caller(w: World, session: str) -> Session:
    return Session(
        {
            "type": "AWSAccount",
            "principalId": f"{w.pid('subs-caller')}:{session}",
            "accountId": org.SUBS,
        },
        None,
        org.MEDIA,
    )


def subtitles(w: World, tr: Trail, day: dt.date) -> None:
    """The subtitling vendor (Dublin): its sync server and its engineers assume the exchange
    role from the vendor's office, fetch proxies and put subtitle files back."""
    rng = w.rng("subs", day)
    engineers = ["fionn.daly@lingualoop.ie", "ana.rocha@lingualoop.ie"]
    engineers += [name for since, name in w.vendor_engineers if since <= day]
    sessions = [("subtitle-sync", 8)] + ([(e, 1) for e in engineers] if day.weekday() < 5 else [])
    ua = org.VENDOR_UA.format(p=36)
    for session, runs in sessions:
        for _ in range(w.count(rng, runs) if session != "subtitle-sync" else runs):
            t = at(
                day, (6 + rng.random() * 14) if session == "subtitle-sync" else 8 + rng.random() * 8
            )
            ip = (
                NETS["vendor_office"].fixed(7)
                if session == "subtitle-sync"
                else NETS["vendor_office"].fixed(60 + engineers.index(session))
            )
            who, _ = tr.assume_role(
                vendor_caller(w, session),
                t,
                ip,
                ua,
                org.MEDIA,
                "subtitles-vendor",
                session,
                w.pid(f"{org.MEDIA}:subtitles-vendor"),
                extra_req={"externalId": "lingualoop-22"},
            )
            for when in spread(rng, t + dt.timedelta(seconds=3), 20, w.count(rng, 4)):
                api = rng.choice(("s3:GetObject", "s3:PutObject", "s3:ListObjects"))
                bucket = org.BUCKETS["subtitles"]
                path = f"{'out' if 'Put' in api else 'in'}/{rng.choice(org.CHANNELS)}/{uid(rng)[:8]}.{'vtt' if 'Put' in api else 'mp4'}"
                tr.s3(who, when, api, ip, ua, bucket, path, org.MEDIA)


def sport_account(w: World, tr: Trail, day: dt.date) -> list[dict[str, Any]]:
    """The sport channel's account from the day it joins: on that day a platform engineer
    bootstraps it through ``OrganizationAccountAccessRole`` and Terraform builds it; from then
    on two transcoder instances and a scores-feed Lambda run there."""
    if day < w.scored_from:
        return []
    rng = w.rng("sport", day)
    out: list[dict[str, Any]] = []
    if day == w.scored_from:
        admin = org.ADMINS[0]
        ip = NETS[admin.roam[0]].fixed(20)
        caller = Session(
            {
                "type": "AssumedRole",
                "principalId": f"{w.pid('sven-platform')}:{admin.email}",
                "arn": f"arn:aws:sts::{org.PLATFORM}:assumed-role/AWSReservedSSO_PlatformAdmin_{org.SSO_SUFFIX['PlatformAdmin']}/{admin.email}",
                "accountId": org.PLATFORM,
                "accessKeyId": "ASIA" + uid(rng).replace("-", "").upper()[:16],
            },
            None,
            org.SPORT,
        )
        t = at(day, 7.5)
        who, rec = tr.assume_role(
            caller,
            t,
            ip,
            admin.cli.format(p=34, cmd="sts.assume-role"),
            org.SPORT,
            "OrganizationAccountAccessRole",
            admin.email,
            w.pid(f"{org.SPORT}:OrganizationAccountAccessRole"),
        )
        out.append(rec)
        for k, api in enumerate(
            (
                "iam:CreateOpenIDConnectProvider",
                "iam:CreateRole",
                "iam:AttachRolePolicy",
                "iam:CreateRole",
                "iam:PutRolePolicy",
                "cloudtrail:CreateTrail",
                "cloudtrail:StartLogging",
                "config:PutConfigurationRecorder",
            )
        ):
            out.append(
                tr.call(
                    who,
                    t + dt.timedelta(minutes=2 + k),
                    api,
                    ip,
                    admin.cli.format(p=34, cmd=api.split(":")[1].lower()),
                )
            )
        t = at(day, 9.2)
        tip = aws_host("us-east-1", rng)
        tf, rec = tfc_login(w, tr, "tfc-sport", t, tip, phase="apply")
        out.append(rec)
        for k, api in enumerate(
            (
                "ec2:CreateVpc",
                "ec2:CreateSubnet",
                "ec2:CreateSubnet",
                "iam:CreateRole",
                "iam:CreateInstanceProfile",
                "s3:CreateBucket",
                "ec2:RunInstances",
                "lambda:CreateFunction20150331",
            )
        ):
            out.append(
                tr.call(
                    tf,
                    t + dt.timedelta(seconds=30 * (k + 1)),
                    api,
                    tip,
                    org.TERRAFORM.format(p=8, api=api.split(":")[0]),
                )
            )
    first = 10 if day == w.scored_from else 0
    for n in range(2):
        instance = f"i-0{w.rng('sport-ids', n).getrandbits(64):016x}"
        ip = NETS["aws_euc1b"].fixed(500 + n)
        irng = w.rng("sport-i", n, day)
        for hour in range(first, 24):
            t0 = at(day, hour + 0.1 + 0.2 * irng.random())
            who = _svc_mint(
                w,
                tr,
                f"sport:{n}",
                t0,
                org.SPORT,
                "sport-transcoder",
                instance,
                "ec2.amazonaws.com",
                "eu-central-1",
                ip,
                6,
                {"ec2RoleDelivery": "2.0"},
            )
            for t in spread(irng, t0, 55, w.count(irng, 6 * diurnal(hour))):
                api = irng.choice(
                    ("s3:PutObject", "s3:GetObject", "ssm:GetParameter", "kms:GenerateDataKey")
                )
                ua = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.112-124.190.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/EC2 Botocore/1.35.54"
                if api.startswith("s3:"):
                    tr.s3(
                        who,
                        t,
                        api,
                        ip,
                        ua,
                        "auralis-sport-highlights",
                        f"clips/{uid(irng)[:10]}.mp4",
                        org.SPORT,
                    )
                else:
                    tr.call(who, t, api, ip, ua)
    for hour in range(first, 24, 3):
        t0 = at(day, hour + rng.random() * 0.2)
        ip = aws_host("eu-central-1", rng)
        who = _svc_mint(
            w,
            tr,
            "scores-feed",
            t0,
            org.SPORT,
            "lambda-scores-feed",
            "scores-feed",
            "lambda.amazonaws.com",
            "eu-central-1",
            ip,
            12,
        )
        for t in spread(rng, t0, 180, w.count(rng, 12)):
            tr.call(
                who,
                t,
                rng.choice(("dynamodb:DescribeTable", "ssm:GetParameter", "events:PutEvents")),
                ip,
                org.LAMBDA_NODE.format(api="dynamodb"),
            )
    return out

"""Machine actors of a day: the media pipeline (Lambda, Step Functions, MediaLive, MediaConvert),
the newsroom CMS fleet, on-premises encoders and servers with long-lived keys, Route 53
automation, AWS Config. Each actor draws from its own ``random.Random``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._net import NETS, aws_host
from benchmarks.heldout10._records import Trail, at, service, spread, uid
from benchmarks.heldout10._world import World, diurnal

_MINT_EVERY = {"lambda": 3, "ec2": 1}


def _svc_mint(
    w: World,
    tr: Trail,
    actor: str,
    t: dt.datetime,
    account: str,
    role: str,
    session: str,
    svc: str,
    region: str,
    ip: str,
    hours: int,
    extra: dict[str, Any] | None = None,
) -> Any:
    """A key minted by an AWS service for its workload (Lambda, EC2, Step Functions ...)."""
    who, _ = tr.assume_role(
        service(svc, account),
        t,
        svc,
        svc,
        account,
        role,
        session,
        w.pid(f"{account}:{role}"),
        region=region,
        hours=hours,
    )
    if extra:
        who.identity["sessionContext"].update(extra)
    w.remember(actor, who, t, ip)
    return who


def pipeline(w: World, tr: Trail, day: dt.date) -> None:
    """media-prod's pipeline Lambdas: a key every 3 h per function (a new execution environment,
    a new EC2 address), calls that follow the evening viewing curve."""
    for fn, (runtime, per_hour, apis) in org.PIPELINE.items():
        rng = w.rng("lambda", fn, day)
        role = f"lambda-{fn}"
        for block in range(0, 24, _MINT_EVERY["lambda"]):
            t0 = at(day, block + rng.random() * 0.2)
            ip = aws_host("eu-central-1", rng)
            who = _svc_mint(
                w, tr, fn, t0, org.MEDIA, role, fn, "lambda.amazonaws.com", "eu-central-1", ip, 12
            )
            for hour in range(block, block + 3):
                n = w.count(rng, per_hour * diurnal(hour) * w.factor("pipeline", at(day, hour)))
                for t in spread(rng, at(day, hour), 60, n):
                    if t < t0:
                        continue
                    if rng.random() < 0.08:  # a warm environment gives way to a new one
                        ip = aws_host("eu-central-1", rng)
                    api = rng.choice(apis)
                    ua = _lambda_ua(w, runtime, api, t)
                    channel = rng.choice(w.channels(t))
                    if api.startswith("s3:"):
                        bucket = org.BUCKETS["origin" if "Put" in api else "masters"]
                        tr.s3(
                            who,
                            t,
                            api,
                            ip,
                            ua,
                            bucket,
                            f"{channel}/{t:%Y/%m/%d}/{uid(rng)[:8]}.mp4",
                            org.MEDIA,
                        )
                    elif api.startswith("cloudfront:"):
                        tr.call(
                            who,
                            t,
                            api,
                            ip,
                            ua,
                            req={
                                "distributionId": "E2"
                                + channel[:6].upper().replace("-", "Q")
                                + "7KD"
                            },
                        )
                    else:
                        err = "ThrottlingException" if rng.random() < 0.004 else None
                        tr.call(who, t, api, ip, ua, req={"channel": channel}, error=err)


def _lambda_ua(w: World, runtime: str, api: str, t: dt.datetime) -> str:
    new = w.sdk_upgrade_at is not None and t >= w.sdk_upgrade_at
    if runtime == "node":
        ua = org.LAMBDA_NODE.format(api=api.split(":")[0])
        return ua.replace("3.654.0", "3.687.0") if new else ua
    if new:
        return org.LAMBDA_PY_NEW.format(b="1.35.54", bc="1.35.54")
    return org.LAMBDA_PY.format(b="1.34.162", bc="1.34.162")


def media_services(w: World, tr: Trail, day: dt.date) -> None:
    """Step Functions runs the workflow, MediaLive and MediaConvert act with their own roles:
    calls from the service, on the broadcaster's behalf."""
    specs = (
        (
            "states.amazonaws.com",
            "sfn-media-workflow",
            6,
            ("mediaconvert:CreateJob", "dynamodb:UpdateItem", "dynamodb:GetItem", "sns:Publish"),
        ),
        (
            "medialive.amazonaws.com",
            "MediaLiveAccessRole",
            4,
            ("ssm:GetParameters", "mediastore:DescribeContainer", "mediapackage:DescribeChannel"),
        ),
        ("mediaconvert.amazonaws.com", "MediaConvertRole", 7, ("s3:GetObject", "s3:PutObject")),
    )
    for svc, role, per_hour, apis in specs:
        rng = w.rng("svc", role, day)
        for hour in range(24):
            t0 = at(day, hour + rng.random() * 0.1)
            session = (
                uid(rng).replace("-", "")[:32]
                if svc == "states.amazonaws.com"
                else f"{role[:8]}-{t0:%H%M%S}"
            )
            who = _svc_mint(w, tr, role, t0, org.MEDIA, role, session, svc, "eu-central-1", svc, 1)
            n = w.count(rng, per_hour * diurnal(hour) * w.factor("pipeline", t0))
            for t in spread(rng, t0, 55, n):
                api = rng.choice(apis)
                channel = rng.choice(w.channels(t))
                if api.startswith("s3:"):
                    bucket = org.BUCKETS["masters" if "Get" in api else "origin"]
                    tr.s3(who, t, api, svc, svc, bucket, f"{channel}/{uid(rng)[:12]}.ts", org.MEDIA)
                else:
                    tr.call(who, t, api, svc, svc, req={"channel": channel})


def cms_fleet(w: World, tr: Trail, day: dt.date) -> None:
    """The newsroom CMS: three EC2 instances behind an ALB in London, hourly instance-profile
    keys, the PHP SDK, the SSM agent and the CloudWatch agent on the same key."""
    base = w.rng("cms-ids")
    instances = [f"i-0{base.getrandbits(64):016x}"[:19] for _ in range(3)]
    for n, instance in enumerate(instances):
        rng = w.rng("cms", instance, day)
        ip = NETS["aws_euw2"].fixed(300 + n)
        for hour in range(24):
            t0 = at(day, hour + 0.05 + 0.3 * rng.random())
            who = _svc_mint(
                w,
                tr,
                f"cms:{n}",
                t0,
                org.NEWSROOM,
                "cms-web",
                instance,
                "ec2.amazonaws.com",
                "eu-west-2",
                ip,
                6,
                {"ec2RoleDelivery": "2.0"},
            )
            calls = w.count(rng, 5 * diurnal(hour + 1, low=0.2))
            for t in spread(rng, t0, 58, calls):
                api = rng.choice(
                    (
                        "secretsmanager:GetSecretValue",
                        "ssm:GetParameter",
                        "kms:Decrypt",
                        "dynamodb:DescribeTable",
                        "s3:ListBuckets",
                    )
                )
                tr.call(who, t, api, ip, org.CMS_SDK, region="eu-west-2")
            for t in spread(rng, t0, 58, 2):
                api = rng.choice(
                    (
                        "ssm:UpdateInstanceInformation",
                        "ssm:ListInstanceAssociations",
                        "ec2messages:GetMessages",
                    )
                )
                tr.call(who, t, api, ip, org.SSM_AGENT, region="eu-west-2")
            if hour % 6 == 0:
                tr.call(
                    who,
                    t0 + dt.timedelta(minutes=3),
                    "ec2:DescribeTags",
                    ip,
                    org.CW_AGENT.format(n=n),
                    region="eu-west-2",
                )


def encoders(w: World, tr: Trail, day: dt.date) -> None:
    """On-premises encoders push contribution files with multipart uploads, around the clock,
    with their IAM users' long-lived keys from the broadcast centres' fixed addresses."""
    for name, site, slot in org.ENCODERS:
        rng = w.rng("enc", name, day)
        ip = NETS[site].fixed(slot)
        ua = org.ENCODER_UA.format(p=745)
        for hour in range(24):
            uploads = w.count(rng, 1.6 * diurnal(hour, low=0.5))
            for t in spread(rng, at(day, hour), 50, uploads):
                who = w.user(org.MEDIA, name, t)
                key = f"{name}/{t:%Y%m%d/%H%M%S}-{uid(rng)[:6]}.mxf"
                bucket = org.BUCKETS["contribution"]
                tr.s3(who, t, "s3:CreateMultipartUpload", ip, ua, bucket, key, org.MEDIA)
                for part in range(1 + rng.randrange(3)):
                    tr.s3(
                        who,
                        t + dt.timedelta(seconds=20 * (part + 1)),
                        "s3:UploadPart",
                        ip,
                        ua,
                        bucket,
                        key,
                        org.MEDIA,
                    )
                tr.s3(
                    who,
                    t + dt.timedelta(seconds=90),
                    "s3:CompleteMultipartUpload",
                    ip,
                    ua,
                    bucket,
                    key,
                    org.MEDIA,
                )
            if hour % 4 == 1:
                t = at(day, hour + rng.random())
                tr.call(w.user(org.MEDIA, name, t), t, "medialive:DescribeInput", ip, ua)


def legacy_servers(w: World, tr: Trail, day: dt.date) -> None:
    """Jenkins in the Frankfurt office (an IAM user's key, the CLI v1) deploys Lambda code on
    weekdays; the London newsroom system publishes breaking-news alerts with its .NET key."""
    rng = w.rng("legacy", day)
    if day.weekday() < 5:
        for build in range(w.count(rng, 3)):
            t = at(day, 7 + rng.random() * 10)
            who, ip = w.user(org.MEDIA, "jenkins-legacy", t), NETS["fra_office"].fixed(5)
            ua = org.JENKINS_UA.format(p=40 + build % 3)
            fn = rng.choice(list(org.PIPELINE))
            for k, api in enumerate(
                (
                    "sts:GetCallerIdentity",
                    "ecr:GetAuthorizationToken",
                    "lambda:GetFunction",
                    "lambda:UpdateFunctionCode20150331v2",
                    "lambda:GetFunctionConfiguration",
                )
            ):
                tr.call(who, t + dt.timedelta(seconds=9 * k), api, ip, ua, req={"functionName": fn})
    topic = f"arn:aws:sns:eu-west-2:{org.NEWSROOM}:breaking-news"
    for t in spread(rng, at(day, 5), 18 * 60, w.count(rng, 6)):
        who, ip = w.user(org.NEWSROOM, "newsroom-alerts", t), NETS["lon_broadcast"].fixed(3)
        ua = org.NEWSROOM_UA.format(p=400)
        tr.call(who, t, "sns:Publish", ip, ua, region="eu-west-2", req={"topicArn": topic})
        if rng.random() < 0.2:
            tr.call(
                who,
                t + dt.timedelta(seconds=2),
                "sns:ListSubscriptionsByTopic",
                ip,
                ua,
                region="eu-west-2",
                req={"topicArn": topic},
            )


def dns_sync(w: World, tr: Trail, day: dt.date, bulk: int = 0) -> list[dict[str, Any]]:
    """The platform account's ``dns-sync`` Lambda keeps the show domains' records in step with
    the CDN (hourly); ``bulk`` extra record changes for a domain migration."""
    rng = w.rng("dns", day, bulk)
    out = []
    for hour in range(24):
        t0 = at(day, hour + 0.02)
        ip = aws_host("us-east-1", rng)
        who = _svc_mint(
            w,
            tr,
            "dns-sync",
            t0,
            org.PLATFORM,
            "lambda-dns-sync",
            "dns-sync",
            "lambda.amazonaws.com",
            "us-east-1",
            ip,
            1,
        )
        ua = org.LAMBDA_PY.format(b="1.34.162", bc="1.34.162")
        tr.call(who, t0 + dt.timedelta(seconds=20), "route53:ListHostedZones", ip, ua)
        for domain in rng.sample(org.SHOW_DOMAINS, 2):
            zone = "Z0" + domain.replace(".", "").upper()[:10] + "Q4"
            t = t0 + dt.timedelta(seconds=40 + rng.randrange(300))
            tr.call(who, t, "route53:ListResourceRecordSets", ip, ua, req={"hostedZoneId": zone})
            if rng.random() < 0.15:
                tr.call(
                    who,
                    t + dt.timedelta(seconds=3),
                    "route53:ChangeResourceRecordSets",
                    ip,
                    ua,
                    req={
                        "hostedZoneId": zone,
                        "changeBatch": {
                            "changes": [
                                {
                                    "action": "UPSERT",
                                    "resourceRecordSet": {"name": f"_acme.{domain}", "type": "TXT"},
                                }
                            ]
                        },
                    },
                )
        if bulk and 9 <= hour < 13:
            for t in spread(rng, t0, 58, bulk // 4):
                domain = rng.choice(org.SHOW_DOMAINS)
                zone = "Z0" + domain.replace(".", "").upper()[:10] + "Q4"
                sub = rng.choice(("www", "live", "vod", "img", "api", "m"))
                out.append(
                    tr.call(
                        who,
                        t,
                        "route53:ChangeResourceRecordSets",
                        ip,
                        ua,
                        req={
                            "hostedZoneId": zone,
                            "changeBatch": {
                                "comment": "cdn-migration-2026",
                                "changes": [
                                    {
                                        "action": "UPSERT",
                                        "resourceRecordSet": {
                                            "name": f"{sub}.{domain}",
                                            "type": "CNAME",
                                            "resourceRecords": [
                                                {
                                                    "value": f"{sub}-{domain.split('.')[0]}.edge.auralis.media"
                                                }
                                            ],
                                        },
                                    }
                                ],
                            },
                        },
                    )
                )
                out.append(tr.call(who, t + dt.timedelta(seconds=2), "route53:GetChange", ip, ua))
    return out


def config_recorder(w: World, tr: Trail, day: dt.date, accounts: tuple[str, ...]) -> None:
    """AWS Config's service-linked role describing resources in each account."""
    for account in accounts:
        rng = w.rng("config", account, day)
        role = "AWSServiceRoleForConfig"
        who = _svc_mint(
            w,
            tr,
            f"config:{account}",
            at(day, rng.random()),
            account,
            role,
            "AWSConfig-Describe",
            "config.amazonaws.com",
            "eu-central-1",
            "config.amazonaws.com",
            12,
        )
        who.identity["sessionContext"]["sessionIssuer"]["arn"] = (
            f"arn:aws:iam::{account}:role/aws-service-role/config.amazonaws.com/{role}"
        )
        for t in spread(rng, at(day, 0), 1440, w.count(rng, 30)):
            api = rng.choice(
                (
                    "ec2:DescribeInstances",
                    "s3:GetBucketPolicy",
                    "iam:GetRole",
                    "ec2:DescribeSecurityGroups",
                    "cloudfront:ListDistributions",
                    "lambda:ListFunctions",
                    "iam:ListAttachedRolePolicies",
                )
            )
            tr.call(who, t, api, "config.amazonaws.com", "config.amazonaws.com")

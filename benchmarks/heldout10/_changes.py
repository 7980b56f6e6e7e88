"""Benign changes in the scored days (each must stay at or below ``low``): some are hooks on the
background (a trip, a live-event surge, an SDK upgrade, a key rotation, a new vendor engineer),
some write events of their own (a channel launch, the rotation's IAM calls, a drill)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._net import NETS, aws_host
from benchmarks.heldout10._partners import tfc_login
from benchmarks.heldout10._people import sso_login
from benchmarks.heldout10._records import Trail, at, key_id, local_hour, ts
from benchmarks.heldout10._world import World, sso_arn

_PIPELINE_ROLES = tuple(f"lambda-{fn}" for fn in org.PIPELINE)
_SERVICE_ROLES = ("sfn-media-workflow", "MediaLiveAccessRole", "MediaConvertRole")
NEW_CHANNEL = "auralis-sport-2"


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def plan(w: World) -> None:
    """Set the hooks the background reads."""
    tom = org.CREWS[5]
    w.trips[tom.name] = {
        w.day(1): ("mob_ooredoo_qa", "hotel_qa"),
        w.day(2): ("hotel_qa", "mob_ooredoo_qa"),
        w.day(3): ("mob_ooredoo_qa",),
    }
    w.surges.append(("pipeline", at(w.day(2), 15), at(w.day(2), 23.99), 10.0))
    w.sdk_upgrade_at = at(w.day(3), 9.25)
    old = w.long_key("enc-lon-01", at(w.start, 0))
    new = key_id(w.rng("rotated", "enc-lon-01"), "AKIA")
    w.key_history["enc-lon-01"] = [
        (dt.datetime(2000, 1, 1, tzinfo=dt.UTC), old),
        (at(w.day(2), 10.5), new),
    ]
    w.vendor_engineers.append((w.day(1), "saoirse.kelly@lingualoop.ie"))
    w.channels_from.append((at(w.day(1), 11), NEW_CHANNEL))


def _row(
    cid: str, name: str, principal: str, start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    return {
        "id": cid,
        "name": name,
        "label": "benign",
        "principal_arn": principal,
        "start": ts(start),
        "end": ts(end),
        "expected_max_severity": "low",
    }


def truth(w: World) -> list[dict[str, Any]]:
    """The benign changes' truth rows (several rows of one id: one incident)."""
    last = at(w.end, 23.999)
    tom = org.CREWS[5]
    raj = org.ADMINS[2]
    rows = [
        _row(
            "B1",
            "crew flies to a match in Doha: Qatari mobile and hotel networks, usual laptop",
            sso_arn(org.MEDIA, tom),
            at(w.day(1), 0),
            at(w.day(3), 23.999),
        )
    ]
    for role in _PIPELINE_ROLES + _SERVICE_ROLES:
        rows.append(
            _row(
                "B2",
                "live-event evening: the media pipeline at ten times its volume",
                role_arn(org.MEDIA, role),
                at(w.day(2), 15),
                at(w.day(2), 23.999),
            )
        )
    for role, account in (("tfc-media", org.MEDIA), ("tfc-platform", org.PLATFORM)):
        rows.append(
            _row(
                "B3",
                "new channel launched by Terraform Cloud (MediaLive, MediaPackage, CloudFront, DNS)",
                role_arn(account, role),
                at(w.day(1), 9.9),
                at(w.day(1), 11.5),
            )
        )
    rows.append(
        _row(
            "B3",
            "new channel launched: the platform engineer starts it",
            sso_arn(org.MEDIA, org.ADMINS[0]),
            at(w.day(1), 11.5),
            at(w.day(1), 12.5),
        )
    )
    rows.append(
        _row(
            "B4",
            "encoder key rotated by its owner",
            f"arn:aws:iam::{org.MEDIA}:user/enc-lon-01",
            at(w.day(2), 10),
            last,
        )
    )
    rows.append(
        _row(
            "B4",
            "encoder key rotated by its owner (the IAM calls)",
            sso_arn(org.MEDIA, raj),
            at(w.day(2), 9),
            at(w.day(3), 10.5),
        )
    )
    for role in _PIPELINE_ROLES:
        rows.append(
            _row(
                "B5",
                "SDK upgrade across the pipeline Lambdas (Boto3 1.35, Python 3.12; JS v3.687)",
                role_arn(org.MEDIA, role),
                w.sdk_upgrade_at or last,
                last,
            )
        )
    for person in org.SECURITY:
        for account in org.ACCOUNTS:
            rows.append(
                _row(
                    "B6",
                    "incident-response drill: GuardDuty, Security Hub and wide Describe/Get",
                    sso_arn(account, person),
                    at(w.day(3), 12),
                    at(w.day(3), 18),
                )
            )
    rows.append(
        _row(
            "B7",
            "a new vendor engineer's sessions on the subtitle exchange role",
            role_arn(org.MEDIA, "subtitles-vendor"),
            at(w.day(1), 0),
            last,
        )
    )
    rows.append(
        _row(
            "B8",
            "DNS records bulk-updated for a CDN migration by dns-sync",
            role_arn(org.PLATFORM, "lambda-dns-sync"),
            at(w.day(4), 9),
            at(w.day(4), 13),
        )
    )
    for role in ("OrganizationAccountAccessRole", "tfc-sport", "lambda-scores-feed"):
        rows.append(
            _row(
                "B9",
                "the sport channel's new account joins (bootstrap, Terraform, workloads)",
                role_arn(org.SPORT, role),
                at(w.day(0), 0),
                last,
            )
        )
    rows.append(
        _row(
            "B9",
            "the sport channel's new account joins (its transcoders' first day)",
            role_arn(org.SPORT, "sport-transcoder"),
            at(w.day(0), 0),
            at(w.day(0), 23.999),
        )
    )
    return rows


def emit(w: World, tr: Trail, day: dt.date) -> None:
    """The events the changes write themselves on ``day``."""
    if day == w.day(1):
        _channel_launch(w, tr, day)
    if day in (w.day(2), w.day(3)):
        _rotation(w, tr, day)


def _channel_launch(w: World, tr: Trail, day: dt.date) -> None:
    rng = w.rng("launch", day)
    ip = aws_host("us-east-1", rng)
    t = at(day, 10)
    who, _ = tfc_login(w, tr, "tfc-media", t, ip, phase="apply")
    steps = (
        "medialive:CreateInputSecurityGroup",
        "medialive:CreateInput",
        "mediapackage:CreateChannel",
        "mediapackage:CreateOriginEndpoint",
        "iam:PassRole",
        "medialive:CreateChannel",
        "medialive:CreateTags",
        "s3:PutBucketPolicy",
        "states:UpdateStateMachine",
    )
    for k, api in enumerate(steps):
        tr.call(
            who,
            t + dt.timedelta(seconds=20 * (k + 1)),
            api,
            ip,
            org.TERRAFORM.format(p=8, api=api.split(":")[0]),
            req={"name": NEW_CHANNEL},
        )
    t = at(day, 10.6)
    ip = aws_host("us-east-1", rng)
    who, _ = tfc_login(w, tr, "tfc-platform", t, ip, phase="apply")
    domain = "sportzwei.live"
    for k, api in enumerate(
        (
            "acm:RequestCertificate",
            "route53:CreateHostedZone",
            "route53:ChangeResourceRecordSets",
            "acm:DescribeCertificate",
            "cloudfront:CreateOriginAccessControl",
            "cloudfront:CreateDistribution2020_05_31",
            "cloudfront:TagResource2020_05_31",
            "route53:ChangeResourceRecordSets",
        )
    ):
        tr.call(
            who,
            t + dt.timedelta(seconds=45 * (k + 1)),
            api,
            ip,
            org.TERRAFORM.format(p=8, api=api.split(":")[0]),
            region="us-east-1",
            req={"domainName": domain},
        )
    sven = org.ADMINS[0]
    t = local_hour(day, 12.7, sven.zone)
    ip = NETS[sven.roam[0]].fixed(20)
    who, _ = sso_login(w, tr, org.MEDIA, sven, t, ip, console=True)
    for k, api in enumerate(
        (
            "medialive:DescribeChannel",
            "medialive:StartChannel",
            "medialive:DescribeChannel",
            "mediapackage:DescribeOriginEndpoint",
            "cloudfront:GetDistribution",
        )
    ):
        tr.call(
            who,
            t + dt.timedelta(minutes=2 + 3 * k),
            api,
            ip,
            "console.amazonaws.com",
            req={"channelId": NEW_CHANNEL},
        )


def _rotation(w: World, tr: Trail, day: dt.date) -> None:
    raj = org.ADMINS[2]
    ip = NETS[raj.roam[0]].fixed(22)
    old = w.key_history["enc-lon-01"][0][1]
    new = w.key_history["enc-lon-01"][1][1]
    t = local_hour(day, 10.1 if day == w.day(2) else 9.4, raj.zone)
    who, _ = sso_login(w, tr, org.MEDIA, raj, t, ip, console=False)
    ua = raj.cli.format(p=34, cmd="iam")
    if day == w.day(2):
        tr.call(
            who,
            t + dt.timedelta(minutes=1),
            "iam:ListAccessKeys",
            ip,
            ua,
            req={"userName": "enc-lon-01"},
        )
        tr.call(
            who,
            t + dt.timedelta(minutes=2),
            "iam:CreateAccessKey",
            ip,
            ua,
            req={"userName": "enc-lon-01"},
            resp={"accessKey": {"accessKeyId": new, "status": "Active", "userName": "enc-lon-01"}},
        )
        tr.call(
            who,
            t + dt.timedelta(minutes=55),
            "iam:UpdateAccessKey",
            ip,
            ua,
            req={"userName": "enc-lon-01", "accessKeyId": old, "status": "Inactive"},
        )
    else:
        tr.call(
            who,
            t + dt.timedelta(minutes=1),
            "iam:GetAccessKeyLastUsed",
            ip,
            ua,
            req={"accessKeyId": old},
        )
        tr.call(
            who,
            t + dt.timedelta(minutes=2),
            "iam:DeleteAccessKey",
            ip,
            ua,
            req={"userName": "enc-lon-01", "accessKeyId": old},
        )

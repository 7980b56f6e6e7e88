"""Attacks A6 to A9 (identities from outside: a new account's workload, a vendor, a Terraform
Cloud organisation, a hijacked portal session) and the schedule of all nine."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._attacks import (
    KALI,
    _Attack,
    a1_encoder_key,
    a2_dns_hijack,
    a3_cms_origin,
    a4_sms_pumping,
    a5_federation,
)
from benchmarks.heldout10._changes import role_arn
from benchmarks.heldout10._net import NETS, aws_host
from benchmarks.heldout10._partners import tfc_login, vendor_caller
from benchmarks.heldout10._people import sso_login
from benchmarks.heldout10._records import Trail, at, spread, uid
from benchmarks.heldout10._world import World, sso_arn


def a6_sport_instance(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """Cold start: the new sport account's transcoder credentials, a day after it joined, used
    from a VPS to trust an outside account and replicate the highlights bucket out."""
    a = _Attack(
        tr,
        "A6",
        "new account: instance credentials from a VPS, role trust and bucket replication to outsiders",
        "medium",
    )
    t = at(w.day(1), 4.3)
    who, _ = w.session_at("sport:0", t)
    ip = NETS["vultr_ams"].host(rng)
    outside = org.OUTSIDE[0]
    steps = (
        ("sts:GetCallerIdentity", {}),
        ("iam:ListRoles", {}),
        ("s3:ListBuckets", {}),
        ("iam:GetRole", {"roleName": "sport-deploy"}),
        (
            "iam:UpdateAssumeRolePolicy",
            {
                "roleName": "sport-deploy",
                "policyDocument": f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{outside}:root"}},"Action":"sts:AssumeRole"}}]}}',
            },
        ),
        ("s3:PutBucketVersioning", {"bucketName": "auralis-sport-highlights"}),
        (
            "s3:PutBucketReplication",
            {
                "bucketName": "auralis-sport-highlights",
                "ReplicationConfiguration": {
                    "Rule": {
                        "Destination": {
                            "Bucket": "arn:aws:s3:::xfer-archive-7731",
                            "Account": outside,
                        }
                    }
                },
            },
        ),
    )
    for k, (api, req) in enumerate(steps):
        a.call(
            who,
            t + dt.timedelta(seconds=30 * k),
            api,
            ip,
            KALI.format(cmd=api.split(":")[1].lower()),
            req=req,
            account=org.SPORT,
        )
    return a.row(role_arn(org.SPORT, "sport-transcoder"), who.key)


def a7_vendor_off_network(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """The subtitling vendor's account is compromised: its exchange role is assumed with the
    usual session name but from a VPS, and unreleased masters are pulled."""
    a = _Attack(tr, "A7", "vendor role used off the vendor's network to pull masters", "medium")
    ip = NETS["do_nyc"].host(rng)
    t = at(w.day(3), 23.1)
    ua = org.VENDOR_UA.format(p=36)
    who, rec = tr.assume_role(
        vendor_caller(w, "subtitle-sync"),
        t,
        ip,
        ua,
        org.MEDIA,
        "subtitles-vendor",
        "subtitle-sync",
        w.pid(f"{org.MEDIA}:subtitles-vendor"),
        extra_req={"externalId": "lingualoop-22"},
    )
    a.add(rec)
    a.s3(
        who,
        t + dt.timedelta(seconds=5),
        "s3:ListObjects",
        ip,
        ua,
        org.BUCKETS["masters"],
        "",
        org.MEDIA,
    )
    for when in spread(rng, t + dt.timedelta(seconds=20), 45, 60):
        a.s3(
            who,
            when,
            "s3:GetObject",
            ip,
            ua,
            org.BUCKETS["masters"],
            f"{rng.choice(org.CHANNELS)}/{uid(rng)[:10]}.mxf",
            org.MEDIA,
        )
    return a.row(role_arn(org.MEDIA, "subtitles-vendor"), who.key)


def a8_oidc_trust(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """The media role's OIDC trust pins only the audience, so a Terraform Cloud workspace of
    another organisation assumes it and forwards the account's events to an outside bus."""
    a = _Attack(
        tr,
        "A8",
        "Terraform Cloud workspace of another organisation: EventBridge target on an outside bus",
        "medium",
    )
    ip = aws_host("us-east-1", rng)
    t = at(w.day(4), 3.8)
    who, rec = tfc_login(
        w, tr, "tfc-media", t, ip, org_name="orbit-labs-ops", workspace="infra", phase="apply"
    )
    a.add(rec)
    bus = f"arn:aws:events:eu-central-1:{org.OUTSIDE[1]}:event-bus/default"
    for k, api in enumerate(
        (
            "sts:GetCallerIdentity",
            "iam:ListRoles",
            "events:ListRules",
            "events:PutRule",
            "events:PutTargets",
            "events:ListTargetsByRule",
        )
    ):
        req = {"name": "media-audit-sync"} if "Rule" in api else {}
        if api == "events:PutTargets":
            req = {"rule": "media-audit-sync", "targets": [{"id": "1", "arn": bus}]}
        a.call(
            who,
            t + dt.timedelta(seconds=15 * (k + 1)),
            api,
            ip,
            org.TERRAFORM.format(p=8, api=api.split(":")[0]),
            req=req,
        )
    return a.row(role_arn(org.MEDIA, "tfc-media"), who.key)


def a9_crew_hijack(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """A crew member's portal session cookie stolen: while she uploads from Ireland, a second
    console session from Mexico with another browser downloads masters."""
    a = _Attack(
        tr, "A9", "crew member's session hijacked: concurrent console session from Mexico", "medium"
    )
    aoife = org.CREWS[2]
    ip = NETS["telmex_mx"].host(rng)
    t = at(w.day(4), 13.4)
    who, recs = sso_login(
        w, tr, org.MEDIA, aoife, t, ip, console=True, ua=org.BROWSER_WIN.replace("130.0", "118.0")
    )
    a.add(recs)
    for k, api in enumerate(
        ("s3:ListBuckets", "cloudfront:ListDistributions", "mediapackage:ListChannels")
    ):
        a.call(
            who,
            t + dt.timedelta(minutes=1 + k),
            api,
            ip,
            "console.s3.amazonaws.com" if k == 0 else "AWS Internal",
        )
    for when in spread(rng, t + dt.timedelta(minutes=5), 60, 90):
        a.s3(
            who,
            when,
            "s3:GetObject",
            ip,
            "[S3Console/0.4]",
            org.BUCKETS["masters"],
            f"{rng.choice(org.CHANNELS)}/{uid(rng)[:10]}.mxf",
            org.MEDIA,
        )
    return a.row(sso_arn(org.MEDIA, aoife))


ATTACKS: dict[int, list[Callable[[World, Trail, random.Random], dict[str, Any]]]] = {
    0: [a1_encoder_key],
    1: [a4_sms_pumping, a6_sport_instance],
    2: [a2_dns_hijack, a5_federation],
    3: [a3_cms_origin, a7_vendor_off_network],
    4: [a8_oidc_trust, a9_crew_hijack],
}


def run(w: World, tr: Trail, day: dt.date) -> list[dict[str, Any]]:
    """The attacks that start on ``day``; A1 and A5 go on into the next day."""
    offset = (day - w.scored_from).days
    return [attack(w, tr, w.rng("attack", attack.__name__)) for attack in ATTACKS.get(offset, [])]


__all__ = ["ATTACKS", "run"]

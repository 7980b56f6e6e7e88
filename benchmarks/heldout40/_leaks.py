"""Attacks with leaked long-lived keys and stolen sign-ins (A1, A2, A5, A6, A7): a translator's
rclone config, LLMjacking with a script's key pushed to GitHub, a hijacked Okta session minting a
key for another user, the office NAS's key for extortion, console without MFA from Nigeria."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout40._incident import BOTO, incident
from benchmarks.heldout40._keys import console_sign_in
from benchmarks.heldout40._model import user
from benchmarks.heldout40._org import (
    BROWSER,
    BROWSER_WIN,
    CONTENT,
    CONTENT_OPS,
    GLOBAL,
    HOME,
    MASTER_ART,
    PROD,
    UNRELEASED,
    US,
    World,
    user_id,
)
from benchmarks.heldout40._people import SERIES, iam_user, s3_object, saml


def a1(world: World) -> None:
    """A1: a translator's rclone.conf leaked; her key downloads unreleased episodes in bulk."""
    s, net = world.slot, world.net
    thao = iam_user(world, CONTENT, "tr-vi-nguyen.thao")
    vps = net.public("vultr_sg")

    def a1() -> None:
        t = world.at(s(0), 17)
        for k, series in enumerate(SERIES):
            s3_object(
                world,
                t + dt.timedelta(seconds=k),
                thao,
                CONTENT,
                vps,
                "rclone/v1.68.2",
                "ListObjects",
                UNRELEASED,
                f"series/{series}/",
            )
        for i in range(world.count(400, 60)):
            key = f"series/{SERIES[i % 5]}/ep{100 + i // 25:03d}/raw/{i % 25 + 1:02d}.psd"
            s3_object(
                world,
                t + dt.timedelta(seconds=10 + 5 * i),
                thao,
                CONTENT,
                vps,
                "rclone/v1.68.2",
                "GetObject",
                UNRELEASED,
                key,
            )

    incident(
        world,
        "A1",
        "translator's leaked key bulk-downloads unreleased episodes",
        "medium",
        [(thao.key, vps)],
        a1,
    )


def a2(world: World) -> None:
    """A2: LLMjacking with the evaluation script's key pushed to a public repository."""
    s, net, rng, trail = world.slot, world.net, world.rng, world.trail
    emit = trail.emit
    mt = iam_user(world, CONTENT, "mt-eval-runner")
    proxies = net.public("m247_ro"), net.public("m247_nl")

    def a2() -> None:
        t = world.at(s(1), 2)
        emit(
            t,
            CONTENT,
            GLOBAL,
            mt.identity,
            proxies[0],
            BOTO,
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        recon = (
            "GetModelInvocationLoggingConfiguration",
            "ListFoundationModels",
            "GetFoundationModelAvailability",
            "ListFoundationModelAgreementOffers",
            "PutUseCaseForModelAccess",
            "CreateFoundationModelAgreement",
        )
        for k, name in enumerate(recon):
            for region in (US, GLOBAL):
                emit(
                    t + dt.timedelta(minutes=1 + k, seconds=5 * (region == GLOBAL)),
                    CONTENT,
                    region,
                    mt.identity,
                    proxies[0],
                    BOTO,
                    "bedrock",
                    name,
                    read_only=name.startswith(("Get", "List")),
                    params={"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
                )
        for i in range(world.count(200, 30)):
            region = US if i % 3 else GLOBAL
            err = (
                ("ThrottlingException", "Too many requests, please wait before trying again.")
                if i % 17 == 5
                else None
            )
            emit(
                t + dt.timedelta(minutes=12, seconds=20 * i),
                CONTENT,
                region,
                mt.identity,
                proxies[i % 2],
                BOTO,
                "bedrock",
                "InvokeModel",
                read_only=True,
                error=err,
                host=f"bedrock-runtime.{region}.amazonaws.com",
                params={
                    "modelId": rng.choice(
                        (
                            "anthropic.claude-3-opus-20240229-v1:0",
                            "anthropic.claude-3-5-sonnet-20241022-v2:0",
                        )
                    )
                },
            )

    incident(
        world,
        "A2",
        "LLMjacking: Bedrock model access enabled and invoked from a leaked key",
        "high",
        [(mt.key, " ".join(proxies))],
        a2,
    )


def a5(world: World) -> None:
    """A5: a content operator's Okta session hijacked; an access key made for a translator."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    lead = CONTENT_OPS[0]
    relay, vpn = net.public("hetzner_de"), net.public("datacamp_fr")
    t5 = world.at(s(3), 2)
    hijack = saml(world, t5, lead, CONTENT, relay, BROWSER)
    victim = iam_user(world, CONTENT, "tr-id-rizky.pratama")
    planted = user(
        CONTENT,
        victim.identity["userName"],
        trail.key("AKIA"),
        user_id(CONTENT, victim.identity["userName"]),
    )

    def a5() -> None:
        for k, (name, params) in enumerate(
            (
                ("ListUsers", {}),
                ("ListAccessKeys", {"userName": victim.identity["userName"]}),
                ("CreateAccessKey", {"userName": victim.identity["userName"]}),
            )
        ):
            emit(
                t5 + dt.timedelta(minutes=1 + k),
                CONTENT,
                GLOBAL,
                hijack.identity,
                relay,
                BROWSER,
                "iam",
                name,
                read_only=name != "CreateAccessKey",
                params=params,
                console=True,
                host="iam.amazonaws.com",
                response={"accessKey": {"accessKeyId": planted.key, "status": "Active"}}
                if name == "CreateAccessKey"
                else None,
            )
        t = t5 + dt.timedelta(minutes=40)
        emit(
            t,
            CONTENT,
            GLOBAL,
            planted.identity,
            vpn,
            "rclone/v1.66.0",
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        s3_object(
            world,
            t + dt.timedelta(seconds=20),
            planted,
            CONTENT,
            vpn,
            "rclone/v1.66.0",
            "ListObjects",
            UNRELEASED,
            "series/",
        )
        for i in range(world.count(120, 20)):
            s3_object(
                world,
                t + dt.timedelta(minutes=1, seconds=6 * i),
                planted,
                CONTENT,
                vpn,
                "rclone/v1.66.0",
                "GetObject",
                UNRELEASED,
                f"series/{SERIES[i % 5]}/ep{110 + i // 20:03d}/raw/{i % 20 + 1:02d}.psd",
            )

    incident(
        world,
        "A5",
        "hijacked Okta session creates a key for a translator; the key downloads episodes",
        "high",
        [(hijack.key, relay), (planted.key, vpn)],
        a5,
        opened={hijack.key: hijack.signed_in},
    )


def a6(world: World) -> None:
    """A6: the office NAS's key: versioning suspended, master art deleted, a ransom note."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    nas = iam_user(world, CONTENT, "backup-sync")
    tor = net.public("tor_exit"), net.public("tor_exit2")

    def a6() -> None:
        t = world.at(s(4), 18)
        ua = "aws-cli/1.33.2 Python/3.11.2 Linux/6.1.0-21-amd64 botocore/1.34.130"
        for k, (name, params) in enumerate(
            (
                ("ListBuckets", {}),
                ("GetBucketVersioning", {"bucketName": MASTER_ART}),
                (
                    "PutBucketVersioning",
                    {"bucketName": MASTER_ART, "VersioningConfiguration": {"Status": "Suspended"}},
                ),
            )
        ):
            emit(
                t + dt.timedelta(seconds=30 * k),
                CONTENT,
                HOME,
                nas.identity,
                tor[0],
                ua,
                "s3",
                name,
                read_only=name != "PutBucketVersioning",
                params=params,
                host="s3.amazonaws.com",
            )
        s3_object(
            world,
            t + dt.timedelta(minutes=2),
            nas,
            CONTENT,
            tor[0],
            ua,
            "ListObjects",
            MASTER_ART,
            "masters/",
        )
        for i in range(world.count(150, 20)):
            s3_object(
                world,
                t + dt.timedelta(minutes=3, seconds=3 * i),
                nas,
                CONTENT,
                tor[i % 2],
                ua,
                "DeleteObject",
                MASTER_ART,
                f"masters/{SERIES[i % 5]}/ep{i // 5:03d}/layer{i % 40}.clip",
            )
        s3_object(
            world,
            t + dt.timedelta(minutes=20),
            nas,
            CONTENT,
            tor[1],
            ua,
            "PutObject",
            MASTER_ART,
            "README-RESTORE-YOUR-ART.txt",
        )

    incident(
        world,
        "A6",
        "NAS key: versioning suspended, master art deleted, ransom note (Tor)",
        "high",
        [(nas.key, " ".join(tor))],
        a6,
    )


def a7(world: World) -> None:
    """A7: the agency's console user signs in without MFA from Nigeria on a Sunday."""
    s, net, trail = world.slot, world.net, world.trail
    emit = trail.emit
    ads = iam_user(world, PROD, "ads.report")
    lagos = net.public("mtn_ng")
    t7 = world.at(s(4), 9)
    console = console_sign_in(world, t7, ads, lagos, BROWSER_WIN, mfa=False)

    def a7() -> None:
        for k, (service, name) in enumerate(
            (
                ("cloudfront", "ListDistributions"),
                ("iam", "GetAccountSummary"),
                ("iam", "ListUsers"),
                ("iam", "CreateAccessKey"),
                ("cloudfront", "GetDistributionConfig"),
                ("ce", "GetCostAndUsage"),
            )
        ):
            emit(
                t7 + dt.timedelta(minutes=1 + 2 * k),
                PROD,
                GLOBAL,
                console.identity,
                lagos,
                BROWSER_WIN,
                service,
                name,
                read_only=name != "CreateAccessKey",
                console=True,
                host=f"{service}.amazonaws.com",
                params={"userName": "ads.report"} if name == "CreateAccessKey" else None,
            )

    incident(
        world,
        "A7",
        "console sign-in without MFA from Nigeria; a key created",
        "high",
        [(console.key, lagos)],
        a7,
        opened={console.key: console.signed_in},
    )

"""IAM users' long-lived keys and console passwords: the freelance translators, the office NAS,
the machine-translation evaluation script, the CMS plugin's CDN key and the marketing agency's
console user; one function per kind of day."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout40._model import (
    Session,
    console_user,
)
from benchmarks.heldout40._org import (
    BROWSER_WIN,
    CONTENT,
    GLOBAL,
    HOME,
    KST,
    MASTER_ART,
    NAS,
    PROD,
    UNRELEASED,
    US,
    Translator,
    World,
)
from benchmarks.heldout40._people import SERIES, iam_user, s3_object


def translator_day(
    world: World, tr: Translator, day: dt.date, *, src: str | None = None, busy: float = 1.0
) -> None:
    """A freelancer's working day: list the series' new raw pages, download them, upload the
    translated ones (rclone, S3 Browser or Cyberduck with their own IAM user's key)."""
    rng = world.rng
    if src is None and ((day.weekday() == 6 and busy <= 1.0) or rng.random() < 0.15):
        return
    s = iam_user(world, CONTENT, tr.name)
    where = src or world.net.public(tr.home)
    lang = tr.name[3:5]
    series = SERIES[hash_index(tr.name, len(SERIES))]
    episode = 40 + (day.toordinal() % 60)
    start = rng.uniform(8.5, 14.0)
    times = world.spread(day, int(rng.randint(12, 30) * busy), start, start + 5, tr.tz)
    base = f"series/{series}/ep{episode:03d}"
    s3_object(
        world,
        times[0] - dt.timedelta(seconds=30),
        s,
        CONTENT,
        where,
        tr.tool,
        "ListObjects",
        UNRELEASED,
        base + "/raw/",
    )
    for i, t in enumerate(times):
        page = f"{i % 60 + 1:02d}"
        if i < len(times) // 2:
            s3_object(
                world,
                t,
                s,
                CONTENT,
                where,
                tr.tool,
                "GetObject",
                UNRELEASED,
                f"{base}/raw/{page}.psd",
            )
        else:
            s3_object(
                world,
                t,
                s,
                CONTENT,
                where,
                tr.tool,
                "PutObject",
                UNRELEASED,
                f"{base}/{lang}/{page}.png",
            )


def hash_index(text: str, n: int) -> int:
    return sum(text.encode()) % n


def nas_night(world: World, day: dt.date) -> None:
    """The Seoul office NAS backs the master art up every night (02:00-04:00 KST)."""
    s = iam_user(world, CONTENT, "backup-sync")
    src = world.net.public("seoul_office")
    times = world.spread(day, world.count(60, 10), 2.0, 4.0, KST)
    s3_object(world, times[0], s, CONTENT, src, NAS, "ListObjects", MASTER_ART, "masters/")
    for t in times[1:]:
        key = f"masters/{world.rng.choice(SERIES)}/ep{world.rng.randint(1, 99):03d}/layer{world.rng.randint(1, 40)}.clip"
        s3_object(world, t, s, CONTENT, src, NAS, "PutObject", MASTER_ART, key)


MT_EVAL = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 "
    "lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
)


CLAUDE = "anthropic.claude-3-5-sonnet-20241022-v2:0"


def mt_eval_night(world: World, day: dt.date) -> None:
    """The nightly machine-translation evaluation script on an office server: Bedrock and
    Translate with the ``mt-eval-runner`` user's key."""
    s = iam_user(world, CONTENT, "mt-eval-runner")
    src = world.net.public("seoul_office")
    for t in world.spread(day, world.count(30, 6), 23.0, 24.5, KST):
        if world.rng.random() < 0.6:
            world.trail.emit(
                t,
                CONTENT,
                US,
                s.identity,
                src,
                MT_EVAL,
                "bedrock",
                "InvokeModel",
                read_only=True,
                params={"modelId": CLAUDE},
                host=f"bedrock-runtime.{US}.amazonaws.com",
            )
        else:
            world.trail.emit(
                t,
                CONTENT,
                HOME,
                s.identity,
                src,
                MT_EVAL,
                "translate",
                "TranslateText",
                read_only=True,
                params={"sourceLanguageCode": "ko", "targetLanguageCode": "vi"},
            )


CMS_PLUGIN = "aws-sdk-php/3.324.2 OS/Linux/5.15.0-126-generic lang/php/8.2.24 GuzzleHttp/7"


def cdn_purges(world: World, day: dt.date) -> None:
    """The CMS plugin purges CloudFront paths from the office with a legacy user's key."""
    s = iam_user(world, PROD, "cdn-purge-bot")
    src = world.net.public("seoul_office")
    for t in world.spread(day, world.rng.randint(2, 6), 9.0, 20.0, KST):
        world.trail.emit(
            t,
            PROD,
            GLOBAL,
            s.identity,
            src,
            CMS_PLUGIN,
            "cloudfront",
            "CreateInvalidation",
            read_only=False,
            params={"distributionId": "E2K7QZ4V1XW9RB"},
            host="cloudfront.amazonaws.com",
        )


def console_sign_in(
    world: World, t: dt.datetime, base: Session, src: str, ua: str, *, mfa: bool
) -> Session:
    """An IAM user's ConsoleLogin (us-east-1 sign-in) and the console session it opens."""
    ident = {k: v for k, v in base.identity.items() if k != "accessKeyId"}
    event_id = world.trail.emit(
        t,
        base.identity["accountId"],
        GLOBAL,
        ident,
        src,
        ua,
        "signin",
        "ConsoleLogin",
        read_only=False,
        event_type="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa else "No",
            }
        },
        host="signin.aws.amazon.com",
    )
    session = console_user(base, world.trail.key(), t, mfa=mfa)
    session.signed_in = event_id
    return session


def ads_report_day(world: World, day: dt.date) -> None:
    """The marketing agency's console user reads CloudFront reports on weekdays (password
    only: the agency shares it and never set MFA up)."""
    if day.weekday() >= 5:
        return
    base = iam_user(world, PROD, "ads.report")
    src = world.net.public("seoul_office")
    times = world.spread(day, world.rng.randint(4, 10), 10.0, 17.0, KST)
    s = console_sign_in(
        world, times[0] - dt.timedelta(minutes=1), base, src, BROWSER_WIN, mfa=False
    )
    for t in times:
        name = world.rng.choice(("ListDistributions", "GetDistribution", "ListDistributions"))
        world.trail.emit(
            t,
            PROD,
            GLOBAL,
            s.identity,
            src,
            BROWSER_WIN,
            "cloudfront",
            name,
            read_only=True,
            console=True,
            host="cloudfront.amazonaws.com",
        )

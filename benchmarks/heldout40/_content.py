"""The content, analytics and (from its first day) Japan-market accounts' workloads, and one
day of the whole organisation's background (``background``)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout40._keys import (
    CLAUDE,
    ads_report_day,
    cdn_purges,
    mt_eval_night,
    nas_night,
    translator_day,
)
from benchmarks.heldout40._model import Session, minted, role_session
from benchmarks.heldout40._org import (
    ANALYSTS,
    ANALYTICS,
    BROWSER,
    CONTENT,
    CONTENT_OPS,
    EMR_NODE,
    GLOBAL,
    HOME,
    JAVA_CMS,
    JP,
    KST,
    MASTER_ART,
    MGMT,
    NEW_TRANSLATORS,
    PLATFORM,
    PROD,
    PY_TASK,
    SEA,
    SSM_AGENT,
    TOKYO,
    TRANSLATORS,
    UNRELEASED,
    US,
    World,
    role,
)
from benchmarks.heldout40._people import person_day, s3_object, saml
from benchmarks.heldout40._prod import cms_instances, cognito_readers, lambdas, reader_api
from benchmarks.heldout40._services import deploys, partner, service_roles

NEW_MODEL = "us.anthropic.claude-sonnet-4-20250514-v1:0"


def translation_pipeline(world: World, day: dt.date) -> None:
    """Two Fargate tasks draft translations: read the raw script, Amazon Translate for the
    glossary pass, Claude on Bedrock (us-west-2) for the draft; B3 moves them to a newer model
    through a cross-region inference profile."""
    trail, rng = world.trail, world.rng
    r = role(CONTENT, "translation-pipeline-task")
    upgrade = world.changes.get("model_upgrade")
    src = world.net.aws("content-nat", HOME)
    for _ in range(world.count(2, 1)):
        task = trail.hexid(32)
        session: Session | None = None
        for hour in range(24):
            t = world.at(day, hour) + dt.timedelta(minutes=rng.randint(0, 5))
            if session is None or t >= session.expires:
                session = minted(trail, t, r, task, HOME, by="ecs-tasks", hours=6)
            model = NEW_MODEL if upgrade and t >= upgrade else CLAUDE
            for k in range(rng.randint(3, 9)):
                when = t + dt.timedelta(seconds=40 * k + rng.randint(0, 30))
                s3_object(
                    world,
                    when,
                    session,
                    CONTENT,
                    src,
                    PY_TASK,
                    "GetObject",
                    UNRELEASED,
                    f"scripts/ep{rng.randint(1, 99):03d}/ko.json",
                )
                trail.emit(
                    when + dt.timedelta(seconds=2),
                    CONTENT,
                    HOME,
                    session.identity,
                    src,
                    PY_TASK,
                    "translate",
                    "TranslateText",
                    read_only=True,
                    params={
                        "sourceLanguageCode": "ko",
                        "targetLanguageCode": rng.choice(("vi", "id", "en", "th")),
                    },
                )
                trail.emit(
                    when + dt.timedelta(seconds=5),
                    CONTENT,
                    US,
                    session.identity,
                    src,
                    PY_TASK,
                    "bedrock",
                    "InvokeModel",
                    read_only=True,
                    params={"modelId": model},
                    host=f"bedrock-runtime.{US}.amazonaws.com",
                )


def mediaconvert_jobs(
    world: World, day: dt.date, times: list[dt.datetime], creator: Session, src: str
) -> None:
    """Animated episodes: a content operator's CreateJob, then MediaConvert assuming its role
    and reading the master art, writing the renditions."""
    trail = world.trail
    r = role(CONTENT, "MediaConvert_Default_Role")
    host = "mediaconvert.amazonaws.com"
    for t in times:
        trail.emit(
            t,
            CONTENT,
            HOME,
            creator.identity,
            src,
            BROWSER,
            "mediaconvert",
            "CreateJob",
            read_only=False,
            console=True,
            params={
                "role": r.arn,
                "queue": f"arn:aws:mediaconvert:{HOME}:{CONTENT}:queues/Default",
            },
        )
        s = minted(
            trail,
            t + dt.timedelta(seconds=8),
            r,
            f"{int(t.timestamp())}{trail.hexid(6)}",
            HOME,
            by="mediaconvert",
            hours=1,
        )
        for k in range(4):
            s3_object(
                world,
                t + dt.timedelta(seconds=20 + k),
                {**s.identity, "invokedBy": host},
                CONTENT,
                host,
                host,
                "GetObject",
                MASTER_ART,
                f"motion/ep{k:02d}/master.mov",
            )
        s3_object(
            world,
            t + dt.timedelta(minutes=6),
            {**s.identity, "invokedBy": host},
            CONTENT,
            host,
            host,
            "PutObject",
            UNRELEASED,
            f"motion/out/{trail.hexid(10)}.m3u8",
        )


def content_ops(world: World, day: dt.date) -> None:
    for person in CONTENT_OPS[: world.count(2, 2)]:
        person_day(world, person, day)
    if day.weekday() < 5 or day in world.changes.get("animated_jobs", {}):
        lead = CONTENT_OPS[0]
        src = world.net.public(lead.home)
        n = world.changes.get("animated_jobs", {}).get(day, world.rng.randint(1, 3))
        times = world.spread(day, n, 10, 18, KST)
        s = saml(world, times[0] - dt.timedelta(minutes=2), lead, CONTENT, src, BROWSER)
        mediaconvert_jobs(world, day, times, s, src)


def emr(world: World, day: dt.date) -> None:
    """The nightly EMR batch (01:00-06:00 KST): core nodes on EMR_EC2_DefaultRole reading the
    Glue catalogue, and the EMR service role describing the cluster's instances."""
    trail, rng = world.trail, world.rng
    r = role(ANALYTICS, "EMR_EC2_DefaultRole")
    nodes = world.changes.setdefault(
        "emr", ["i-0" + trail.hexid(16) for _ in range(world.count(3, 2))]
    )
    extra = world.changes.get("emr_extra", {}).get(day, 0)
    for node in nodes + ["i-0" + trail.hexid(16) for _ in range(extra)]:
        src = world.net.aws(f"emr-{node}", HOME)
        s = minted(trail, world.at(day, 1, KST), r, node, HOME, by="ec2", hours=6, ec2=True)
        for t in world.spread(day, world.count(40, 10), 1, 6, KST):
            name = rng.choice(("GetTable", "GetPartitions", "GetPartitions", "GenerateDataKey"))
            trail.emit(
                t,
                ANALYTICS,
                HOME,
                s.identity,
                src,
                EMR_NODE,
                "kms" if name == "GenerateDataKey" else "glue",
                name,
                read_only=name != "GenerateDataKey",
                params={"databaseName": "webtoon"},
            )
    sr = role(ANALYTICS, "EMR_DefaultRole")
    host = "elasticmapreduce.amazonaws.com"
    s = role_session(ANALYTICS, sr.name, sr.role_id, "EMR", trail.key(), world.at(day, 1, KST))
    for t in world.spread(day, 10, 1, 6, KST):
        trail.emit(
            t, ANALYTICS, HOME, s.identity, host, host, "ec2", "DescribeInstances", read_only=True
        )


def jp_account(world: World, day: dt.date) -> None:
    """The Japan-market account from its first day (B6): its web instance's SSM agent and
    secret reads on instance-profile credentials."""
    trail = world.trail
    joined = world.changes["jp_joins"]
    start = world.changes["jp_instance_at"] if day == joined else world.at(day, 0)
    r = role(JP, "localiser-web-role")
    instance = world.changes["jp_instance"]
    src = world.net.aws("jp-web", TOKYO)
    t, s = start, None
    while t < world.at(day, 24):
        if s is None or t >= s.expires:
            s = minted(trail, t, r, instance, TOKYO, by="ec2", hours=6, ec2=True)
            world.changes.setdefault("jp_sessions", []).append(s)
        trail.emit(
            t,
            JP,
            TOKYO,
            s.identity,
            src,
            SSM_AGENT,
            "ssm",
            "UpdateInstanceInformation",
            read_only=False,
            params={"instanceId": instance, "agentVersion": "3.3.1142.0", "platformType": "Linux"},
        )
        if t.minute < 5:
            trail.emit(
                t + dt.timedelta(seconds=40),
                JP,
                TOKYO,
                s.identity,
                src,
                JAVA_CMS,
                "secretsmanager",
                "GetSecretValue",
                read_only=True,
                params={"secretId": "localiser/db"},
            )
        t += dt.timedelta(minutes=5)
    service_roles(world, day, JP, (TOKYO,))


def background(world: World, day: dt.date) -> None:
    """One day of everything that happens on its own."""
    reader_api(world, day)
    cognito_readers(world, day)
    lambdas(world, day)
    cms_instances(world, day)
    partner(world, day)
    deploys(world, day)
    translation_pipeline(world, day)
    content_ops(world, day)
    emr(world, day)
    nas_night(world, day)
    mt_eval_night(world, day)
    cdn_purges(world, day)
    ads_report_day(world, day)
    travel = world.changes.get("travel", {})
    for person in PLATFORM:
        where = travel.get((person.login, day))
        if where:
            src, local = where
            person_day(world, person, day, src=src, local=local, hours=(7.5, 23.0))
        else:
            person_day(world, person, day)
    analyst_busy = world.changes.get("backfill", {})
    for person in ANALYSTS:
        job = analyst_busy.get((person.login, day))
        if job:
            person_day(world, person, day, src=world.net.public(job), busy=5.0, hours=(13.0, 22.0))
        else:
            person_day(world, person, day)
    moved = world.changes.get("translator_moves", {})
    for tr in TRANSLATORS[: world.count(8, 3)]:
        translator_day(world, tr, day, src=moved.get((tr.name, day)))
    onboarded = world.changes.get("onboarded")
    if onboarded and day >= onboarded:
        for tr in NEW_TRANSLATORS[: world.count(3, 2)]:
            translator_day(world, tr, day, busy=1.2)
    service_roles(world, day, PROD, (HOME, SEA))
    service_roles(world, day, CONTENT, (HOME,))
    service_roles(world, day, ANALYTICS, (HOME,))
    service_roles(world, day, MGMT, (GLOBAL,))
    if world.changes.get("jp_joins") and day >= world.changes["jp_joins"]:
        jp_account(world, day)


__all__ = ["PROD", "SEA", "background"]

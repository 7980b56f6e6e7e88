"""Machines with IAM user keys (the cryo-EM workstation, the legacy ETL server, the Rivera lab's CI)
and services acting with a role they assumed."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout13._net import NETS
from benchmarks.heldout13._trail import (
    assumed,
    iam_user,
    key,
)
from benchmarks.heldout13._world import (
    LAB_RIVERA,
    LAKE,
    UA,
    World,
    at,
    lake_bucket,
    s3_params,
    s3_resources,
    weekday,
)


def machines(w: World, day: dt.date) -> dict[str, str]:
    """IAM users with long-term keys: the cryo-EM workstation syncing to the raw bucket around
    the clock, the legacy ETL server's nightly job, and the Rivera lab's CI from GitHub-hosted
    runners. Returns each user's key."""
    keys = {
        name: key(w.rng("akia", name), "AKIA")
        for name in ("cryoem-ws-01", "lake-etl-legacy", "rivera-ci")
    }
    rng = w.rng("machines", day)
    ws = iam_user(LAKE, "cryoem-ws-01", keys["cryoem-ws-01"])
    bucket = lake_bucket("us-east-1")
    for slot in range(12):
        if rng.random() < 0.2:
            continue
        t0 = at(day, slot * 2 + rng.uniform(0, 1.5))
        w.trail.emit(
            LAKE,
            "us-east-1",
            t0,
            "s3.amazonaws.com",
            "ListObjects",
            ws,
            NETS["campus_boston"].host(20),
            UA["instrument"],
            params=s3_params(bucket),
            extra=s3_resources(LAKE, bucket),
            data=True,
        )
        for k in range(rng.randint(2, 6)):
            obj = f"raw/cryoem/{day:%Y%m%d}/grid{slot}_{k}.tiff"
            w.trail.emit(
                LAKE,
                "us-east-1",
                t0 + dt.timedelta(seconds=20 + 40 * k),
                "s3.amazonaws.com",
                "PutObject",
                ws,
                NETS["campus_boston"].host(20),
                UA["instrument"],
                params=s3_params(bucket, obj),
                extra=s3_resources(LAKE, bucket, obj),
                data=True,
            )
    etl = iam_user(LAKE, "lake-etl-legacy", keys["lake-etl-legacy"])
    t0 = at(day, 6 + rng.uniform(0, 0.4))
    for i, api in enumerate(
        [
            "ListObjects",
            "GetObject",
            "GetObject",
            "PutObject",
            "StartJobRun",
            "GetJobRun",
            "GetJobRun",
        ]
    ):
        source = "glue.amazonaws.com" if "Job" in api else "s3.amazonaws.com"
        w.trail.emit(
            LAKE,
            "us-east-1",
            t0 + dt.timedelta(minutes=i * 3),
            source,
            api,
            etl,
            NETS["campus_boston"].host(31),
            UA["etl"],
            params=s3_params(bucket, "curated/manifest.csv")
            if source.startswith("s3")
            else {"jobName": "curate-variants"},
            data=source.startswith("s3"),
        )
    if weekday(day):
        ci = iam_user(LAB_RIVERA, "rivera-ci", keys["rivera-ci"])
        for _run in range(w.n(2, rng)):
            t0, ip = at(day, rng.uniform(14, 23)), NETS["gh_runners"].host(rng.randrange(1000))
            for i, (source, api) in enumerate(
                [
                    ("sts.amazonaws.com", "GetCallerIdentity"),
                    ("ecr.amazonaws.com", "GetAuthorizationToken"),
                    ("ecr.amazonaws.com", "InitiateLayerUpload"),
                    ("ecr.amazonaws.com", "PutImage"),
                    ("sagemaker.amazonaws.com", "CreateModel"),
                ]
            ):
                w.trail.emit(
                    LAB_RIVERA,
                    "us-east-1",
                    t0 + dt.timedelta(seconds=30 * i),
                    source,
                    api,
                    ci,
                    ip,
                    UA["gha_cli"],
                )
    return keys


def mint_service_session(
    w: World, account: str, t: dt.datetime, svc: str, role: str, session: str, rng: random.Random
) -> dict[str, object]:
    """The identity of a service acting with a role it assumed (``invokedBy`` set)."""
    minted, _ = w.trail.mint(account, "us-east-1", t, svc, role, session, rng)
    ident = assumed(account, role, session, minted, created=t)
    ident["invokedBy"] = svc
    return ident

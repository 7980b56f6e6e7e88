"""Frostvik's build and factory side on a day: the factory station's key, OTA downloads through
IoT Jobs' presigned URLs, CodeBuild with AWS Signer and the publisher role in prod, and the
companion app's end-to-end tests with their IAM user's key."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._fleet import FIRMWARE, USER_POOL, Fleet, at, s3_data
from benchmarks.heldout29._records import Record, Trail


def factory(tr: Trail, fl: Fleet, day: dt.date, scale: float) -> None:
    if day.weekday() >= 5:
        return
    key = fl.keys["factory-line-tallinn"]
    ident = tr.user(o.PROD, "factory-line-tallinn", key)
    for _ in range(max(5, int(60 * scale))):
        t = at(day, tr.rng.uniform(6.2, 15.5))
        thing = f"fv-{tr.rng.randrange(10**7, 10**8)}"
        tr.event(
            t,
            o.PROD,
            o.HOME,
            "iot",
            "RegisterCertificateWithoutCA",
            ident,
            fl.factory_ip,
            o.FACTORY_UA,
            req={"status": "INACTIVE"},
            read_only=False,
        )
        tr.event(
            t + dt.timedelta(seconds=2),
            o.PROD,
            o.HOME,
            "iot",
            "CreateThing",
            ident,
            fl.factory_ip,
            o.FACTORY_UA,
            req={"thingName": thing, "thingTypeName": tr.rng.choice(("thermostat-t3", "lock-l2"))},
        )


def ota_downloads(
    tr: Trail, fl: Fleet, day: dt.date, count: int, version: str = "3.4.1"
) -> list[str]:
    """Devices fetching firmware through IoT Jobs' presigned URLs: signed by the OTA role's
    session (minted by iot.amazonaws.com), fetched from the homes. The addresses used."""
    t0 = at(day, 3.0)
    key = tr.mint(t0, o.PROD, o.HOME, "iot", "iot-ota-s3-presign", "iot-job-presign", hours=12)
    ident = tr.role(o.PROD, "iot-ota-s3-presign", "iot-job-presign", key, t0)
    used = []
    for _ in range(count):
        phone = tr.rng.choice(fl.phones)
        t = t0 + dt.timedelta(seconds=tr.rng.randrange(60, 11 * 3600))
        model = tr.rng.choice(("thermostat-t3", "lock-l2"))
        s3_data(
            tr,
            t,
            ident,
            phone.home,
            o.DEVICE_UA,
            "GetObject",
            FIRMWARE,
            f"releases/{model}/{version}/{model}-{version}.bin.signed",
            size=1_900_000,
        )
        used.append(phone.home)
    return used


def codebuild(tr: Trail, fl: Fleet, day: dt.date, *, builds: int | None = None) -> None:
    n = (
        builds
        if builds is not None
        else (tr.rng.randint(6, 12) if day.weekday() < 5 else tr.rng.randint(0, 2))
    )
    role = "codebuild-firmware-service-role"
    for _ in range(n):
        t = at(day, tr.rng.uniform(8, 19) if day.weekday() < 5 else tr.rng.uniform(10, 16))
        build = tr.uuid()
        session = f"AWSCodeBuild-{build}"
        key = tr.mint(
            t,
            o.BUILD,
            o.HOME,
            "codebuild",
            role,
            session,
            source_arn=f"arn:aws:codebuild:eu-north-1:{o.BUILD}:build/firmware-release:{build}",
        )
        ident = tr.role(o.BUILD, role, session, key, t)
        ip = tr.aws_ip("codebuild", o.HOME)
        ua = fl.codebuild_ua
        seq = [
            ("logs", "CreateLogStream"),
            ("ecr", "GetAuthorizationToken"),
            ("ecr", "BatchGetImage"),
            ("signer", "StartSigningJob"),
            ("signer", "DescribeSigningJob"),
            ("signer", "DescribeSigningJob"),
        ]
        for n, (source, name) in enumerate(seq):
            req: Record | None = (
                {"profileName": "frostvik_fw_signing"} if source == "signer" else None
            )
            tr.event(
                t + dt.timedelta(seconds=20 + 40 * n),
                o.BUILD,
                o.HOME,
                source,
                name,
                ident,
                ip,
                ua,
                req=req,
                read_only=name != "StartSigningJob" and name != "CreateLogStream",
            )
        if tr.rng.random() < 0.35:  # a release: published to prod's firmware bucket
            t2 = t + dt.timedelta(minutes=9)
            pkey = tr.assume(
                t2, ident, ip, ua, o.PROD, "firmware-publisher", session[:64], region=o.HOME
            )
            pident = tr.role(o.PROD, "firmware-publisher", session[:64], pkey, t2)
            model = tr.rng.choice(("thermostat-t3", "lock-l2"))
            s3_data(
                tr,
                t2 + dt.timedelta(seconds=5),
                pident,
                ip,
                ua,
                "PutObject",
                FIRMWARE,
                f"staging/{model}/{build[:8]}/{model}.bin.signed",
                size=1_900_000,
            )
    # the companion app's end-to-end tests: the e2e user's key from the project's environment
    if day.weekday() < 5:
        key = fl.keys["e2e-test-runner"]
        ident = tr.user(o.PROD, "e2e-test-runner", key)
        for _ in range(tr.rng.randint(2, 5)):
            t = at(day, tr.rng.uniform(8, 18))
            ip = tr.aws_ip("codebuild", o.HOME)
            user = f"e2e-{tr.rng.randrange(10**6)}@test.frostvik.se"
            for n, name in enumerate(
                ("AdminCreateUser", "AdminSetUserPassword", "AdminGetUser", "AdminDeleteUser")
            ):
                tr.event(
                    t + dt.timedelta(seconds=30 * n + (240 if name == "AdminDeleteUser" else 0)),
                    o.PROD,
                    o.HOME,
                    "cognito-idp",
                    name,
                    ident,
                    ip,
                    o.E2E_JS,
                    req={"userPoolId": USER_POOL, "username": user},
                )

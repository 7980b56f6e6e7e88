"""The field account: farm gateways and tractor telematics units that hold X.509 certificates
and get hourly role credentials from the AWS IoT Core credential provider (a role alias per
fleet): ``credentials.iot.amazonaws.com`` calls ``AssumeRole`` with the certificate id as the
session name, then the device uploads to S3 (the trail logs the field buckets' data events).
Farms connect through 4G modems (TIM, Vivo) or Starlink; tractors work longer in the harvest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from benchmarks.heldout25._ctx import FIELD, Ctx, at, jitter
from benchmarks.heldout25._net import NETS
from benchmarks.heldout25._records import UA, assumed, credentials, service

REGION = "sa-east-1"
IOT = "credentials.iot.amazonaws.com"
ROLES = {"gateway": "IpeFieldGatewayRole", "tractor": "IpeTractorTelematicsRole"}
FARM_NETS = ("tim_mt", "tim_go", "vivo_pr", "starlink_a", "starlink_b", "starlink_c")


@dataclass
class Device:
    kind: str  # gateway | tractor
    thing: str
    cert: str  # the certificate id, the session name of its credentials
    farm: int
    net: str
    host: int
    first_day: dt.date | None = None  # None: from the first day of the trail

    def ip(self, day: dt.date) -> str:
        # a 4G modem's address changes every few days; a Starlink terminal keeps its CGNAT one
        net = NETS[self.net]
        if self.net.startswith("starlink"):
            return net.host(self.host)
        return net.host(self.host + 17 * (day.toordinal() // 3))


def devices(ctx: Ctx) -> list[Device]:
    rng = ctx.rng
    farms = max(3, round(30 * ctx.scale))
    farm_net = [FARM_NETS[i % len(FARM_NETS)] for i in range(farms)]
    out = []
    for i in range(max(3, round(40 * ctx.scale))):
        farm = i % farms
        out.append(
            Device(
                "gateway",
                f"gw-{farm:03d}-{i:03d}",
                f"{rng.getrandbits(256):064x}",
                farm,
                farm_net[farm],
                rng.randrange(250),
            )
        )
    for i in range(max(3, round(25 * ctx.scale))):
        farm = (i * 7) % farms
        out.append(
            Device(
                "tractor",
                f"tr-{farm:03d}-{i:03d}",
                f"{rng.getrandbits(256):064x}",
                farm,
                farm_net[farm],
                rng.randrange(250),
            )
        )
    # B2: a new grower cooperative's eight combines, onboarded on the second scored day behind
    # their own Starlink terminal
    for i in range(8):
        out.append(
            Device(
                "tractor",
                f"tr-new-{i:03d}",
                f"{rng.getrandbits(256):064x}",
                farms,
                "starlink_c",
                200,
                first_day=ctx.slot(1),
            )
        )
    return out


def mint(ctx: Ctx, dev: Device, when: dt.datetime, role_id: str) -> tuple[str, dict[str, Any]]:
    """The credential provider's AssumeRole for a device; the key and its userIdentity."""
    key = ctx.trail.key()
    role = ROLES[dev.kind]
    arn = f"arn:aws:iam::{FIELD}:role/{role}"
    ctx.trail.add(
        FIELD,
        REGION,
        when,
        service(IOT),
        "sts.amazonaws.com",
        "AssumeRole",
        ip=IOT,
        ua=IOT,
        params={"roleArn": arn, "roleSessionName": dev.cert, "durationSeconds": 3600},
        response={
            "credentials": credentials(key, ctx.rng, when + dt.timedelta(hours=1)),
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{dev.cert}",
                "arn": f"arn:aws:sts::{FIELD}:assumed-role/{role}/{dev.cert}",
            },
        },
        resources=[{"accountId": FIELD, "type": "AWS::IAM::Role", "ARN": arn}],
        read_only=True,
    )
    ident = assumed(FIELD, role, dev.cert, key, role_id, when)
    ctx.remember(dev.thing, when, 1, key, ident)
    return key, ident


def s3(
    ctx: Ctx,
    account: str,
    region: str,
    when: dt.datetime,
    ident: dict[str, Any],
    name: str,
    bucket: str,
    obj: str,
    *,
    ip: str,
    ua: str,
    error: tuple[str, str] | None = None,
    vpce: str | None = None,
) -> str:
    """An S3 object-level (data) event."""
    params: dict[str, Any] = {"bucketName": bucket, "Host": f"{bucket}.s3.{region}.amazonaws.com"}
    if name in ("ListObjects", "ListObjectsV2"):
        params["prefix"] = obj
    else:
        params["key"] = obj
    arn = f"arn:aws:s3:::{bucket}" + ("" if name.startswith("List") else f"/{obj}")
    return ctx.trail.add(
        account,
        region,
        when,
        ident,
        "s3.amazonaws.com",
        name,
        ip=ip,
        ua=ua,
        params=params,
        response=None,
        data=True,
        error=error,
        vpce=vpce,
        read_only=name.startswith(("Get", "List", "Head")),
        resources=[
            {"type": "AWS::S3::Object" if "/" in arn[13:] else "AWS::S3::Bucket", "ARN": arn}
        ],
    )


def field_day(ctx: Ctx, day: dt.date, fleet: list[Device], role_ids: dict[str, str]) -> None:
    rng = ctx.rng
    peak = ctx.peak(day)
    for dev in fleet:
        if dev.first_day is not None and day < dev.first_day:
            continue
        role_id = role_ids[dev.kind]
        ip = dev.ip(day)
        # B5: farm 2's gateways move from their 4G modem to a Starlink terminal
        if dev.kind == "gateway" and dev.farm == 2 and day >= ctx.slot(1):
            ip = NETS["starlink_b"].host(40 + dev.farm)
        if dev.kind == "gateway":
            # B3: the gateway firmware update ships a newer SDK fleet-wide
            ua = UA["gateway_new"] if day >= ctx.slot(2) else UA["gateway"]
            for hour in range(24):
                when = jitter(rng, at(day, hour), 3000)
                _, ident = mint(ctx, dev, when, role_id)
                s3(
                    ctx,
                    FIELD,
                    REGION,
                    when + dt.timedelta(seconds=2),
                    ident,
                    "PutObject",
                    "ipe-field-telemetry",
                    f"raw/{dev.thing}/{day:%Y/%m/%d}/{hour:02d}.json.gz",
                    ip=ip,
                    ua=ua,
                )
                if hour % 6 == 0:
                    s3(
                        ctx,
                        FIELD,
                        REGION,
                        when + dt.timedelta(seconds=5),
                        ident,
                        "GetObject",
                        "ipe-field-config",
                        f"gateways/{dev.thing}/settings.json",
                        ip=ip,
                        ua=ua,
                    )
            continue
        # tractors: 07:00-19:00 local (10-22 UTC) on working days; the harvest runs into the night
        if rng.random() > (0.9 if peak else 0.6):
            continue
        start = rng.uniform(9.5, 11.5)
        stop = rng.uniform(24.5, 27.0) if peak else rng.uniform(19.5, 22.0)
        if day == ctx.days[-1]:
            stop = min(stop, 23.5)  # the trail ends at midnight
        clock = start
        first = True
        while clock < stop:
            when = at(day, clock)
            _, ident = mint(ctx, dev, when, role_id)
            if first:
                s3(
                    ctx,
                    FIELD,
                    REGION,
                    when + dt.timedelta(seconds=3),
                    ident,
                    "GetObject",
                    "ipe-field-prescriptions",
                    f"maps/farm-{dev.farm:03d}/{day:%Y-%m-%d}.shp.zip",
                    ip=ip,
                    ua=UA["tractor"],
                )
                first = False
            for i in range(rng.randint(1, 3 if peak else 2)):
                s3(
                    ctx,
                    FIELD,
                    REGION,
                    when + dt.timedelta(minutes=10 + 15 * i),
                    ident,
                    "PutObject",
                    "ipe-field-telemetry",
                    f"yield/{dev.thing}/{day:%Y/%m/%d}/{int(clock * 60) + i:05d}.csv.gz",
                    ip=ip,
                    ua=UA["tractor"],
                )
            clock += 1.0

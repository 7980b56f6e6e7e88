"""The attacks through the partners' doors: the customs broker's role after its breach, and an
unknown account trying the partners' roles without their external IDs."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._attacks import DENIED, VPS_BOTO
from benchmarks.heldout37._incident import Row, role_arn, row, spread
from benchmarks.heldout37._plan import Plan, at
from benchmarks.heldout37._records import Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME


def a3_broker(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(2), place("vultr_tokyo")
    start = at(day, 19, 5)
    broker = t.other_account(org.BROKER, "AROA" + "BROKERMANIFEST7Q2:i-0b7e1c")
    key = t.assume(
        broker,
        org.EDI,
        "pmct-customs-broker-manifests",
        "customs-sync",
        start,
        region=HOME,
        ip=ip,
        agent=VPS_BOTO,
        external_id=w.broker_external_id,
    )
    assert key is not None
    for n, moment in enumerate(spread(start + dt.timedelta(minutes=1), 160, 95)):
        if n % 8 == 0:
            t.call(
                key,
                moment,
                "s3",
                "ListObjects",
                region=HOME,
                account=org.EDI,
                ip=ip,
                agent=VPS_BOTO,
                params={
                    "bucketName": org.EDI_BUCKET,
                    "prefix": "manifests/",
                    "marker": f"manifests/2026{n:04d}",
                },
            )
        else:
            obj = f"manifests/2026{11 + n % 2:02d}{1 + n % 28:02d}/CUSCAR_{t.hexid(8)}.edi"
            t.call(
                key,
                moment,
                "s3",
                "GetObject",
                region=HOME,
                account=org.EDI,
                ip=ip,
                agent=VPS_BOTO,
                params={"bucketName": org.EDI_BUCKET, "key": obj},
            )
    end = start + dt.timedelta(minutes=97)
    return [
        row(
            "A3",
            "customs broker's role abused after its breach: manifests copied out",
            "attack",
            start,
            end,
            principal=role_arn(org.EDI, "pmct-customs-broker-manifests"),
            ips=(ip,),
            severity="medium",
        )
    ]


def a8_stranger(t: Trail, plan: Plan, w: World) -> list[Row]:
    day, ip = plan.slot(3), place("stranger_ec2")
    start = at(day, 11, 0)
    stranger = t.other_account(org.STRANGER, "AIDA" + "XK2M9QPL4ZR7TW1NB")
    tries = [
        (org.TOS, "pmct-port-authority-vessel-feed"),
        (org.EDI, "pmct-customs-broker-manifests"),
        (org.TOS, "OrganizationAccountAccessRole"),
        (org.TOS, "pmct-crane-vendor-support"),
        (org.EDI, "pmct-sftp-partner-access"),
        (org.TOS, "pmct-port-authority-vessel-feed"),
    ]
    for when, (account, role) in zip(spread(start, len(tries), 40), tries, strict=True):
        t.assume(
            stranger,
            account,
            role,
            "session",
            when,
            region=HOME,
            ip=ip,
            agent=VPS_BOTO,
            error=DENIED,
        )
    end = start + dt.timedelta(minutes=41)
    return [
        row(
            "A8",
            "an unknown account tries the partners' roles without their external IDs",
            "attack",
            start,
            end,
            principal=f"aws_account:{org.STRANGER}",
            ips=(ip,),
            severity="medium",
        )
    ]

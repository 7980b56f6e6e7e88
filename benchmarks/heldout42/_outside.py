"""What calls Sendero Boletos from outside its own workloads, hour by hour: the vendors
assuming their roles with external IDs (Datadog, Pagonauta, Snowflake, later Umbral), the Glue
job, the box-office kiosks through IAM Roles Anywhere, the service users' long-term keys and the
resale partner's console user."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import _org as o
from ._net import NETS

if TYPE_CHECKING:
    from ._normal import Normal


def vendors_hour(org: Normal, at: dt.datetime) -> None:
    rng, t = org.rng, org.t
    menu: o.Menu
    for half in (0, 30):
        start = at + dt.timedelta(minutes=half, seconds=rng.randrange(50))
        ip = NETS["datadog"].host(rng.randrange(40))
        cred, _ = t.by_account(start, o.PROD, "DatadogIntegrationRole", "DatadogAWSIntegration", o.DATADOG_ACCOUNT, o.USE1, ip, o.UA["datadog"], external_id="7c1e5a9b3f2d4e6a8b0c1d2e3f4a5b6c")  # fmt: skip
        org.burst(
            cred,
            start + dt.timedelta(seconds=5),
            240,
            rng.randrange(3, 6),
            o.MENUS["datadog"],
            rng.choice((o.MX, o.USE1)),
            ip,
            o.UA["datadog"],
            err=0.01,
        )
        if org.on("umbral", start):
            ip = NETS["umbral"].host(rng.randrange(8))
            cred, _ = t.by_account(start, o.PROD, "umbral-botdefense-reader", "umbral", o.UMBRAL_ACCOUNT, o.USE1, ip, o.UA["umbral"], external_id="UMB-5521-sendero")  # fmt: skip
            menu = [
                ("wafv2", "GetWebACL", 3, None),
                ("wafv2", "GetSampledRequests", 4, None),
                ("cloudfront", "GetDistribution", 1, None),
            ]
            org.burst(
                cred,
                start + dt.timedelta(seconds=3),
                120,
                3,
                menu,
                o.USE1,
                ip,
                o.UA["umbral"],
                err=0,
            )
    start = at + dt.timedelta(minutes=12, seconds=rng.randrange(60))
    ip = NETS["pagonauta"].host(rng.randrange(4))
    cred, _ = t.by_account(start, o.PROD, "pagonauta-settlement", f"pagonauta-{start:%H%M}", o.PAGONAUTA_ACCOUNT, o.USE1, ip, o.UA["pagonauta"], external_id="pgn-ext-31f0c9")  # fmt: skip
    menu = [
        ("s3", "GetObject", 2, o.BUCKETS["settlement"]),
        ("s3", "PutObject", 1, o.BUCKETS["settlement"]),
    ]
    org.burst(
        cred, start + dt.timedelta(seconds=4), 200, 2, menu, o.MX, ip, o.UA["pagonauta"], err=0
    )
    if at.hour % 2 == 0:
        start = at + dt.timedelta(minutes=40, seconds=rng.randrange(60))
        ip = NETS["snowflake"].host(rng.randrange(16))
        cred, _ = t.by_account(start, o.DATA, "snowflake-storage-integration", "snowflake", o.SNOWFLAKE_ACCOUNT, o.USE1, ip, o.UA["snowflake"], external_id="SENDERO_SFCRole=2_aX9k")  # fmt: skip
        menu = [
            ("s3", "ListObjectsV2", 1, o.BUCKETS["exports"]),
            ("s3", "GetObject", 3, o.BUCKETS["exports"]),
        ]
        org.burst(
            cred,
            start + dt.timedelta(seconds=3),
            300,
            3,
            menu,
            o.USE1,
            ip,
            o.UA["snowflake"],
            err=0,
        )
    if at.hour == 7:
        cred = t.by_service(
            at,
            o.DATA,
            "glue-nightly-etl",
            "GlueJobRunnerSession",
            "glue.amazonaws.com",
            o.USE1,
            hours=2,
        )
        menu = [
            ("s3", "GetObject", 4, o.BUCKETS["lake"]),
            ("s3", "PutObject", 3, o.BUCKETS["lake"]),
            ("glue", "GetTable", 2, None),
            ("glue", "BatchCreatePartition", 1, None),
        ]
        org.burst(
            cred,
            at + dt.timedelta(minutes=1),
            2400,
            14,
            menu,
            o.USE1,
            NETS["use1_glue"].host(rng.randrange(64)),
            o.UA["glue"],
            err=0,
        )
    local = (at + o.LOCAL).hour
    kiosks = list(org.kiosks)
    if org.on("mty_kiosks", at):
        kiosks += [
            (f"{8 + i:02x}" + serial[2:], "venue_mty", 10 + i)
            for i, (serial, _, _) in enumerate(org.kiosks[:2])
        ]
    if 10 <= local <= 21:
        for serial, venue, n in kiosks:
            start = at + dt.timedelta(seconds=rng.randrange(600))
            cred = t.session(start, o.PROD, "boxoffice-kiosk", serial)
            org.burst(
                cred,
                start,
                3000,
                rng.randrange(1, 4),
                o.MENUS["kiosk"],
                o.MX,
                NETS[venue].host(40 + n),
                o.UA["kiosk"],
            )


def keys_hour(org: Normal, at: dt.datetime) -> None:
    rng, t = org.rng, org.t
    menu: o.Menu
    local = at + o.LOCAL
    weekday = local.weekday() < 5
    if 8 <= local.hour <= 22:
        cred = t.user(o.PROD, "svc-venue-scanner", org.keys["svc-venue-scanner"])
        menu = [
            ("dynamodb", "Query", 3, "sendero-tickets"),
            ("dynamodb", "UpdateItem", 1, "sendero-tickets"),
        ]
        org.burst(
            cred,
            at,
            3500,
            rng.randrange(2, 5),
            menu,
            o.MX,
            NETS["accesotek"].host(77),
            o.UA["scanner"],
        )
    if weekday and 9 <= local.hour <= 18:
        cred = t.user(o.PROD, "svc-mailer", org.keys["svc-mailer"])
        menu = [("ses", "SendEmail", 8, None), ("ses", "GetSendQuota", 1, None)]
        org.burst(
            cred,
            at,
            3500,
            rng.randrange(3, 7),
            menu,
            o.MX,
            NETS["hq"].host(12),
            o.UA["mailer"],
            err=0.002,
        )
    if weekday and local.hour in (10, 13, 17) and rng.random() < 0.8:
        cred = t.user(o.PROD, "svc-media-upload", org.keys["svc-media-upload"])
        menu = [
            ("s3", "PutObject", 5, o.BUCKETS["media"]),
            ("s3", "ListObjectsV2", 1, o.BUCKETS["media"]),
        ]
        ip = NETS["promoters"].host(rng.choice((101, 202, 303)))
        org.burst(cred, at, 1800, rng.randrange(3, 7), menu, o.MX, ip, o.UA["media"], err=0)
    if 8 <= local.hour <= 20:
        cred = t.user(o.DATA, "svc-metabase", org.keys["svc-metabase"])
        menu = [
            ("athena", "StartQueryExecution", 2, None),
            ("athena", "GetQueryExecution", 3, None),
            ("athena", "GetQueryResults", 2, None),
        ]
        org.burst(
            cred,
            at,
            3500,
            rng.randrange(2, 6),
            menu,
            o.USE1,
            NETS["metabase"].host(rng.randrange(4)),
            o.UA["metabase"],
            err=0.002,
        )
    if weekday and local.hour == 10:
        start = at + dt.timedelta(minutes=rng.randrange(50))
        ip = NETS["reventa"].host(55)
        cred, _ = t.console_login(start, o.PROD, "partner-reventa", ip, o.BROWSERS[1], mfa=True)
        menu = [
            ("s3", "ListObjectsV2", 2, o.BUCKETS["reports"]),
            ("s3", "GetObject", 3, o.BUCKETS["reports"]),
            ("s3", "ListBuckets", 1, None),
        ]
        org.burst(
            cred,
            start + dt.timedelta(seconds=20),
            1500,
            rng.randrange(4, 9),
            menu,
            o.MX,
            ip,
            o.BROWSERS[1],
            err=0,
        )

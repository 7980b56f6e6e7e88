"""The organisation's partners on a normal day: customers' downloads (presigned URLs, access
points, the open-data bucket), the flight-software vendor's support role, the mission control
bridge's IAM key and a contractor's key."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout33 import _org as o
from benchmarks.heldout33._background import State, at, trail_scale
from benchmarks.heldout33._net import NETS
from benchmarks.heldout33._trail import Trail
from benchmarks.heldout33._workloads import (
    CONTRACTOR_KEY,
    CONTRACTOR_UID,
    MOC_KEY,
    MOC_UID,
    PRESIGN_KEY,
    PRESIGN_UID,
)


def customers(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """Customers' downloads: presigned URLs signed by the delivery API's IAM key, access points
    of customers' accounts, and anonymous readers of the open-data bucket."""
    scale = trail_scale(trail)
    presigner = Trail.user(o.DELIV, "delivery-presigner", PRESIGN_UID, PRESIGN_KEY)
    for net in ("cust-us", "cust-eu", "cust-au"):
        ua = o.UA_CUSTOMER[sum(map(ord, net)) % len(o.UA_CUSTOMER)]
        for _ in range(max(1, round(rng.randint(30, 90) * scale))):
            trail.s3(
                at(day, rng.uniform(0, 24)),
                o.DELIV,
                "us-east-2",
                "GetObject",
                presigner,
                NETS[net].host(rng.randrange(3, 9)),
                ua,
                "tern-delivery-use2",
                f"orders/{trail.hexid(8)}/scene.tif",
                presigned=True,
            )
    accounts = dict(o.CUSTOMERS)
    if st.new_customer:
        accounts["new"] = o.NEW_CUSTOMER
    for name, acct in accounts.items():
        ident = Trail.account(acct, f"AROA{acct[:6]}CUSTPULL:pull-{day:%Y%m%d}")
        ip = NETS[
            {
                "cust-us": "aws-use2",
                "cust-eu": "aws-euc1",
                "cust-au": "aws-apse2",
                "new": "aws-use2",
            }[name]
        ].host(int(acct[-4:]))
        ap = f"arn:aws:s3:us-east-2:{o.DELIV}:accesspoint/{name}-imagery"
        for _ in range(max(1, round(rng.randint(25, 60) * scale))):
            trail.s3(
                at(day, rng.uniform(0, 24)),
                o.DELIV,
                "us-east-2",
                "GetObject",
                ident,
                ip,
                o.UA_S3_SDK,
                "tern-products-use2",
                f"l2a/{trail.hexid(8)}/cog.tif",
                access_point=ap,
            )
    anon = {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}
    for _ in range(max(3, round(500 * scale))):
        net = rng.choice(["open-1", "open-2", "open-3", "open-4", "open-5"])
        trail.s3(
            at(day, rng.uniform(0, 24)),
            o.DELIV,
            "us-east-2",
            rng.choice(["GetObject", "GetObject", "HeadObject"]),
            anon,
            NETS[net].host(rng.randrange(2, 60)),
            rng.choice(o.UA_CUSTOMER),
            "tern-open-data",
            f"sentinel-like/{trail.hexid(6)}/preview.png",
        )


def vendor(
    trail: Trail,
    rng: random.Random,
    day: dt.date,
    *,
    sessions: int | None = None,
    hours: tuple[float, float] = (7, 16),
) -> None:
    """The flight-software vendor's engineers assuming their support role (external ID) from
    Toulouse and pulling telemetry logs, publishing builds."""
    n = sessions if sessions is not None else (rng.randint(0, 2) if day.weekday() < 5 else 0)
    for _ in range(n):
        who = rng.choice(["m.durand", "c.leroy", "a.faure"])
        ip = NETS["vendor"].host(20 + sum(map(ord, who)) % 40)
        ua = o.UA_CLI_LINUX.format(cmd="sts#assume-role")
        c = o.partner_creds(
            trail,
            at(day, rng.uniform(*hours)),
            o.GROUND,
            "AldebaranFswSupport",
            o.VENDOR,
            "AIDAYALDEBARANCI7Q2",
            ip,
            ua,
            who,
            "ald-7f3c91e2-tern",
        )
        assert not isinstance(c, str)
        for _ in range(rng.randint(3, 10)):
            name, svc = rng.choice(
                [
                    ("FilterLogEvents", "logs"),
                    ("GetLogEvents", "logs"),
                    ("DescribeContact", "groundstation"),
                ]
            )
            trail.ev(
                c.issued + dt.timedelta(minutes=rng.uniform(1, 50)),
                o.GROUND,
                "us-east-2",
                f"{svc}.amazonaws.com",
                name,
                c.ident,
                ip,
                o.UA_CLI_LINUX.format(cmd=f"{svc}#{name.lower()}"),
            )
        trail.s3(
            c.issued + dt.timedelta(minutes=20),
            o.GROUND,
            "us-east-2",
            rng.choice(["GetObject", "PutObject"]),
            c.ident,
            ip,
            o.UA_CLI_LINUX.format(cmd="s3#cp"),
            "tern-fsw-builds",
            f"fsw/tt-c/{trail.hexid(7)}/fsw.bin",
        )


def moc_bridge(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """The mission control centre's bridge in Adelaide: an IAM user's key polling contacts and
    fetching pass telemetry every half hour."""
    ident = Trail.user(o.GROUND, "moc-telemetry-bridge", MOC_UID, MOC_KEY)
    step = 30 if trail_scale(trail) >= 0.5 else 120
    for m in range(0, 24 * 60, step):
        t = at(day, m / 60 + rng.uniform(0, 0.02))
        ip = NETS[st.moc_net].host(40)
        trail.ev(
            t,
            o.GROUND,
            "ap-southeast-2",
            "groundstation.amazonaws.com",
            "ListContacts",
            ident,
            ip,
            o.UA_MOC,
        )
        if m % 120 == 0:
            trail.s3(
                t,
                o.GROUND,
                "ap-southeast-2",
                "GetObject",
                ident,
                ip,
                o.UA_MOC,
                "tern-downlink-ap-southeast-2",
                f"telemetry/{day:%Y/%m/%d}/hk-{m:04d}.json",
            )


def contractor(trail: Trail, rng: random.Random, day: dt.date, st: State) -> None:
    """A flight-software contractor's IAM key, used from his home in Ohio a few times a week."""
    if not st.contractor_active or day.weekday() >= 5 or rng.random() < 0.4:
        return
    ident = Trail.user(o.GROUND, "jdoe-fsw-contractor", CONTRACTOR_UID, CONTRACTOR_KEY)
    ip = NETS["home-us2"].host(777)
    t = at(day, 15 + rng.uniform(0, 5))
    trail.ev(
        t,
        o.GROUND,
        "us-east-2",
        "s3.amazonaws.com",
        "ListBuckets",
        ident,
        ip,
        o.UA_CLI_WIN.format(cmd="s3#ls"),
    )
    for k in range(rng.randint(1, 3)):
        trail.s3(
            t + dt.timedelta(minutes=k + 1),
            o.GROUND,
            "us-east-2",
            "GetObject",
            ident,
            ip,
            o.UA_CLI_WIN.format(cmd="s3#cp"),
            "tern-fsw-builds",
            f"fsw/tt-c/{trail.hexid(7)}/fsw.bin",
        )

"""The organisation's partners and odd ones out: tier-1 suppliers through cross-account roles,
three long-lived IAM user keys, and AWS Config in every account."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from benchmarks.heldout19._background import ENG, OTA, SUPP, spread
from benchmarks.heldout19._changes import CHANGE_DAYS
from benchmarks.heldout19._plan import SUPPLIER_ACCOUNTS, address, jst, ua, workday
from benchmarks.heldout19._trail import Caller, Day, role_identity, user_identity, user_key


def suppliers(d: Day) -> None:
    """Tier-1 suppliers read their prefix of the diagnostic-exchange bucket through a role
    with an external ID: Kariya hourly in their working day, Osaka twice a day. Supplier Tokai
    joins through B10 (its role exists from that day)."""
    plan = [
        ("kariya", "supplier_kariya", range(8, 20), "supplier_java"),
        ("osaka", "supplier_osaka", (9, 15), "supplier_py"),
    ]
    if d.day >= CHANGE_DAYS["B10"] + dt.timedelta(days=1):
        plan.append(("tokai", "supplier_tokai", (10, 14, 17), "supplier_java"))
    for name, net, hours, agent in plan:
        rng = d.rng(f"supplier/{name}")
        if name == "kariya" and d.day >= CHANGE_DAYS["B6"]:
            net = "supplier_kariya_new"
        host = 20 + rng.randrange(4)
        for hour in hours:
            if rng.random() > max(workday(d.day), 0.3):
                continue
            t = jst(d.day, hour + rng.uniform(0, 0.5))
            ext = Caller(
                {
                    "type": "AssumedRole",
                    "principalId": f"AROAEXT{name.upper()}:diag-client",
                    "accountId": SUPPLIER_ACCOUNTS[name],
                },
                address(net, host),
                ua(agent),
                SUPPLIER_ACCOUNTS[name],
            )
            who = d.assume_role(
                rng,
                t,
                ext,
                SUPP,
                f"supplier-{name}-diag",
                f"{name}-diag-client",
                external_id=f"kurenai-{name}-7f3a",
            )
            d.register(f"supplier/{name}", t, who)
            d.emit(
                t + dt.timedelta(seconds=3),
                who,
                "s3.amazonaws.com",
                "ListObjects",
                request={"bucketName": "kurenai-diag-exchange", "prefix": f"{name}/"},
                data=True,
            )
            for k in range(d.n(6, rng)):
                d.emit(
                    t + dt.timedelta(seconds=5 + k * 2),
                    who,
                    "s3.amazonaws.com",
                    "GetObject",
                    request={
                        "bucketName": "kurenai-diag-exchange",
                        "key": f"{name}/dtc/{d.day:%Y%m%d}/{k:04d}.json.gz",
                    },
                    data=True,
                )


def iam_users(d: Day) -> None:
    """Three long-lived keys: the dealer-network sync in a Tokyo data centre (nightly), the
    on-premises Jenkins that uploads test firmware and mails build notices through SES, and a
    tooling engineer's legacy CLI key from his home."""
    rng = d.rng("iam-users")
    dealer = Caller(
        user_identity(SUPP, "dealer-sync", user_key(d.seed, SUPP, "dealer-sync")),
        address("dealer_dc", 41),
        ua("dealer"),
        SUPP,
    )
    for k in range(d.n(12, rng)):
        d.emit(
            jst(d.day, 2) + dt.timedelta(seconds=20 * k),
            dealer,
            "s3.amazonaws.com",
            "PutObject",
            request={
                "bucketName": "kurenai-diag-exchange",
                "key": f"dealers/{d.day:%Y%m%d}/{k}.csv",
            },
            data=True,
        )
    jenkins = Caller(
        user_identity(OTA, "jenkins-ota", user_key(d.seed, OTA, "jenkins-ota")),
        address("office_tokyo", 10),
        ua("jenkins"),
        OTA,
    )
    for _ in range(d.n(6 * workday(d.day), rng, floor=0)):
        t = jst(d.day, rng.uniform(9, 22))
        d.emit(
            t,
            jenkins,
            "s3.amazonaws.com",
            "PutObject",
            request={
                "bucketName": "kurenai-firmware-test",
                "key": f"builds/{rng.getrandbits(32):08x}.bin",
            },
            data=True,
        )
        d.emit(
            t + dt.timedelta(seconds=40),
            jenkins,
            "ses.amazonaws.com",
            "SendEmail",
            request={"fromEmailAddress": "ci@kurenai-mobility.example"},
            data=True,
            read_only=False,
        )
    if rng.random() < workday(d.day):
        sato = Caller(
            user_identity(ENG, "k.sato", user_key(d.seed, ENG, "k.sato")),
            address("home_ntt", 77),
            ua("cli_mac", cmd="s3.ls"),
            ENG,
        )
        for t in spread(d, rng, d.n(10, rng), jst(d.day, 20), 2):
            d.emit(
                t,
                sato,
                *rng.choice(
                    [
                        ("s3.amazonaws.com", "ListBuckets"),
                        ("iot.amazonaws.com", "ListThingTypes"),
                        ("logs.amazonaws.com", "FilterLogEvents"),
                        ("lambda.amazonaws.com", "ListFunctions20150331"),
                    ]
                ),
            )


def config_recorders(d: Day, accounts: Sequence[str]) -> None:
    """AWS Config's service-linked role in every account, every few hours, one key a day."""
    for account in accounts:
        rng = d.rng(f"config/{account}")
        t0 = jst(d.day, 0)
        identity = role_identity(
            account,
            "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            d.session_key(rng),
            t0,
        )
        caller = Caller(
            {**identity, "invokedBy": "config.amazonaws.com"},
            "config.amazonaws.com",
            "config.amazonaws.com",
            account,
        )
        for t in spread(d, rng, d.n(16, rng), t0, 24):
            d.emit(t, caller, *rng.choice(CONFIG_CALLS))


CONFIG_CALLS = (
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("iam.amazonaws.com", "GetRole"),
    ("s3.amazonaws.com", "GetBucketAcl"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
)

"""A normal day at Meridian Harbour Hotels: hotels' night audits and rate pulls, the booking
engine, the loyalty ledger, the call centre, staff through Identity Center, GitLab CI, the
revenue-management vendor, the onboarding pipeline and AWS Config."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from benchmarks.heldout24._org import (
    ACCOUNTS,
    ECS_UA,
    HOME,
    LAMBDA_UA,
    LEDGER,
    NIGHT_AUDIT,
    World,
)
from benchmarks.heldout24._trail import user

# bookings by hour of the day (UTC, the Americas-heavy mix): quiet small hours, evening peak
BOOKING_CURVE = [
    0.5,
    0.4,
    0.35,
    0.3,
    0.3,
    0.35,
    0.5,
    0.7,
    0.8,
    0.85,
    0.9,
    0.95,
    1.0,
    1.1,
    1.2,
    1.3,
    1.35,
    1.4,
    1.45,
    1.5,
    1.4,
    1.2,
    0.9,
    0.7,
]
# (service, task role, regions, calls per hour at 1.0, weighted calls)
SERVICES: tuple[tuple[str, tuple[str, ...], float, tuple[tuple[str, str, int], ...]], ...] = (
    (
        "booking-api",
        ("us-east-1", "eu-central-1", "ap-southeast-1"),
        14.0,
        (
            ("dynamodb", "Query", 6),
            ("dynamodb", "GetItem", 5),
            ("dynamodb", "PutItem", 2),
            ("sqs", "SendMessage", 2),
            ("kms", "Decrypt", 1),
        ),
    ),
    (
        "availability",
        ("us-east-1", "eu-central-1"),
        10.0,
        (
            ("dynamodb", "Query", 5),
            ("dynamodb", "BatchGetItem", 2),
            ("elasticache", "DescribeCacheClusters", 0),
        ),
    ),
    (
        "payments-gw",
        ("us-east-1",),
        5.0,
        (
            ("secretsmanager", "GetSecretValue", 1),
            ("kms", "Sign", 3),
            ("sqs", "ReceiveMessage", 3),
            ("sqs", "DeleteMessage", 2),
        ),
    ),
    (
        "confirmation-mailer",
        ("us-east-1",),
        3.0,
        (("ses", "SendEmail", 4), ("sqs", "ReceiveMessage", 3), ("s3", "GetObject", 1)),
    ),
)


def poisson(world: World, mean: float) -> int:
    """A Poisson draw (Knuth for small means, normal above)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(world.rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= world.rng.random()
        if p <= limit:
            return k
        k += 1


def pick(world: World, weighted: tuple[tuple[str, str, int], ...]) -> tuple[str, str]:
    service, name, _ = world.rng.choices(weighted, weights=[w for *_, w in weighted])[0]
    return service, name


def hotels(world: World, day: dt.date) -> None:
    """Each franchised hotel's PMS: the night audit uploaded between 02:00 and 04:30 local time,
    the rate file pulled four times a day, with the hotel's IAM user key from its ISP."""
    account, index = ACCOUNTS["integrations"], world.days.index(day)
    for h in world.hotels:
        if (
            h.code in world.state.get("silent_hotels", set())
            or world.state.get("joins", {}).get(h.code, day) > day
        ):
            continue
        if h.dynamic and index >= h.renumber:
            h.ip, h.renumber = world.net.isp(h.operator), index + world.rng.randrange(5, 18)
        who = user(account, h.user, h.key, h.principal_id, "/franchise/")
        if world.rng.random() < 0.03:  # the PMS was down last night: the audit comes tomorrow
            continue
        start = world.at(day, (2.2 - h.offset) % 24 + world.rng.random() * 2)
        prefix = f"hotels/{h.code}/{(day - dt.timedelta(days=1)).isoformat()}/"
        world.trail.call(
            who,
            start,
            "s3",
            "ListObjects",
            HOME,
            h.ip,
            h.ua,
            params={"bucketName": NIGHT_AUDIT, "prefix": prefix},
        )
        for n, name in enumerate(("night-audit.xml", "folio-summary.csv", "revenue.csv")):
            world.trail.call(
                who,
                start + dt.timedelta(seconds=20 + 25 * n + world.rng.randrange(20)),
                "s3",
                "PutObject",
                HOME,
                h.ip,
                h.ua,
                params={"bucketName": NIGHT_AUDIT, "key": prefix + name},
            )
        for local in (6, 12, 18, 23):
            t = world.at(day, (local - h.offset) % 24 + world.rng.random() * 0.3)
            world.trail.call(
                who,
                t,
                "s3",
                "GetObject",
                HOME,
                h.ip,
                h.ua,
                params={"bucketName": NIGHT_AUDIT, "key": f"rates/{h.code}/current.json"},
            )


def booking(world: World, day: dt.date) -> None:
    """The booking engine's ECS Fargate services: two tasks per service and region, replaced
    by the morning deploy, keys from ``ecs-tasks.amazonaws.com`` every six hours, each task's
    egress through the NAT gateway of its subnet."""
    account = ACCOUNTS["booking"]
    peak = world.state.get("peak", {}).get(day, 1.0) * world.state.get("volume", 1.0)
    for service, regions, rate, calls in SERVICES:
        for region in regions:
            tasks = [f"{world.rng.getrandbits(128):032x}" for _ in range(2 if peak < 3 else 6)]
            for hour in range(24):
                for _ in range(poisson(world, rate * BOOKING_CURVE[hour] * peak)):
                    t = world.at(day, hour + world.rng.random())
                    task = world.rng.choice(tasks)
                    who = world.session(
                        account,
                        f"{service}-task",
                        task,
                        t,
                        by="ecs-tasks.amazonaws.com",
                        hours=6,
                        region=region,
                    )
                    svc, name = pick(world, calls)
                    world.trail.call(
                        who,
                        t,
                        svc,
                        name,
                        region,
                        world.nat_ip(account, region, task),
                        ECS_UA,
                        params=_params(svc, name, service),
                    )


def _params(svc: str, name: str, owner: str) -> dict[str, Any]:
    if svc == "dynamodb":
        return {"tableName": "reservations" if owner != "loyalty" else LEDGER}
    if svc == "s3":
        return {"bucketName": "mhh-booking-templates", "key": "email/confirmation.html"}
    if svc == "sqs":
        return {"queueUrl": f"https://sqs.us-east-1.amazonaws.com/{ACCOUNTS['booking']}/{owner}"}
    if svc == "secretsmanager":
        return {"secretId": f"prod/{owner}/processor"}
    return {}


def lambdas(world: World, day: dt.date) -> None:
    """The loyalty ledger's functions (accrual on every stay, redemption), and the integrations
    account's onboarding pipeline auditing hotels' keys each morning; a new execution
    environment (new AWS address, new key) every few hours."""
    loyalty, integrations = ACCOUNTS["loyalty"], ACCOUNTS["integrations"]
    peak = world.state.get("peak", {}).get(day, 1.0) * world.state.get("volume", 1.0)
    plan = (
        (
            loyalty,
            "points-accrual",
            6.0 * math.sqrt(peak),
            (("dynamodb", "UpdateItem", 5), ("dynamodb", "GetItem", 3)),
        ),
        (
            loyalty,
            "points-redeem",
            2.0,
            (
                ("dynamodb", "TransactWriteItems", 2),
                ("dynamodb", "GetItem", 3),
                ("sns", "Publish", 1),
            ),
        ),
    )
    for account, function, rate, calls in plan:
        for hour in range(24):
            for _ in range(poisson(world, rate * BOOKING_CURVE[hour])):
                t = world.at(day, hour + world.rng.random())
                who = lambda_session(world, account, function, t)
                svc, name = pick(world, calls)
                world.trail.call(
                    who,
                    t,
                    svc,
                    name,
                    HOME,
                    world.state[("env", who["accessKeyId"])],
                    LAMBDA_UA,
                    params=_params(svc, name, "loyalty"),
                )
    t = world.at(day, 7 + world.rng.random() / 2)
    who = lambda_session(world, integrations, "hotel-onboarding", t)
    ip = world.state[("env", who["accessKeyId"])]
    world.trail.call(
        who, t, "iam", "ListUsers", HOME, ip, LAMBDA_UA, params={"pathPrefix": "/franchise/"}
    )
    for h in world.rng.sample(world.hotels, 6):
        world.trail.call(
            who,
            t + dt.timedelta(seconds=world.rng.randrange(5, 60)),
            "iam",
            "ListAccessKeys",
            HOME,
            ip,
            LAMBDA_UA,
            params={"userName": h.user},
        )


def lambda_session(world: World, account: str, function: str, t: dt.datetime) -> dict[str, Any]:
    who = world.session(
        account, f"{function}-role", function, t, by="lambda.amazonaws.com", hours=4
    )
    world.state.setdefault(("env", who["accessKeyId"]), world.net.ec2(HOME))
    return who

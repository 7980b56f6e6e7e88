"""What every part of the generator shares: the seed's generator, the trail, the organisation,
the calendar, the plan the benign changes set (which day the NAT moves, the endpoints appear,
...) and how each kind of principal opens a session."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._net import BLOCKS
from benchmarks.heldout44._trail import Identity, Ids, Trail, local, session, stamp

STS = "sts:AssumeRole"


@dataclass
class Plan:
    """When each benign change alters normal activity (set by ``_benign`` before it runs)."""

    release: dt.datetime | None = None  # B1: the telemetry fleet's new calls
    travel: tuple[str, dt.date, dt.date] | None = None  # B2: who is in Tokyo, from, to
    sdk: dt.datetime | None = None  # B3: dispatch's Java SDK upgrade
    vpce: dt.datetime | None = None  # B4: Secrets Manager and KMS endpoints in prod
    nat: dt.datetime | None = None  # B5: the NAT gateway's new Elastic IP
    reorg: dt.datetime | None = None  # B9: the analysts' new permission set
    peak: dt.date | None = None  # B11: the year-end frozen-goods peak
    replaced: dict[dt.date, list[str]] = field(default_factory=dict)  # Auto Scaling replacements
    mekong: dt.date | None = None  # B10: the new account's first day


@dataclass
class Ctx:
    rng: random.Random
    ids: Ids
    trail: Trail
    org: org.Org
    days: list[dt.date]
    scored: list[dt.date]
    plan: Plan = field(default_factory=Plan)
    nat_ips: tuple[str, str] = ("", "")
    new_nat: str = ""
    mekong_web: list[str] = field(default_factory=list)

    def slot(self, n: int) -> dt.date:
        """The day of the ``n``-th scored slot (slots beyond the scored days fold onto the last)."""
        return self.scored[min(n, len(self.scored) - 1)]

    def nat(self, t: dt.datetime, i: int = 0) -> str:
        if self.plan.nat is not None and t >= self.plan.nat and i % 2 == 0:
            return self.new_nat
        return self.nat_ips[i % 2]

    def workday(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in HOLIDAYS


# Thai public holidays inside the trail's weeks: King Bhumibol's birthday (Saturday 5 December
# 2026; its substitute day, Monday 7 December, is after the trail)
HOLIDAYS = {dt.date(2026, 12, 5)}


def assume(
    c: Ctx,
    t: dt.datetime,
    caller: Identity,
    account: str,
    role: str,
    name: str,
    ip: str,
    agent: str,
    *,
    action: str = STS,
    region: str = org.HOME,
    path: str = "/",
    mfa: bool = False,
    ec2: bool = False,
    extra: dict[str, Any] | None = None,
    hours: int = 1,
) -> tuple[Identity, str]:
    """``AssumeRole*`` of ``role`` by ``caller``, recorded in ``account``: the new session's
    identity and the event ID."""
    key = c.ids.key()
    role_id = c.org.role_ids[role]
    params = {
        "roleArn": f"arn:aws:iam::{account}:role{path}{role}",
        "roleSessionName": name,
        "durationSeconds": 3600 * hours,
        **(extra or {}),
    }
    response = {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + c.ids.hex(24),
            "expiration": stamp(t + dt.timedelta(hours=hours)),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{role_id}:{name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        },
    }
    event = c.trail.call(
        t, caller, account, action, region, ip, agent, params=params, response=response
    )
    who = session(account, role, role_id, name, key, t, path=path, mfa=mfa, ec2=ec2)
    return who, event


def by_service(
    c: Ctx, t: dt.datetime, svc: str, account: str, role: str, name: str, **kw: Any
) -> Identity:
    """A session an AWS service opens for a workload (EC2, ECS tasks, Lambda, Glue)."""
    who, _ = assume(
        c, t, {"type": "AWSService", "invokedBy": svc}, account, role, name, svc, svc, **kw
    )
    return who


def sso(
    c: Ctx,
    t: dt.datetime,
    person: org.Person,
    pset: str,
    account: str,
    ip: str,
    *,
    console: bool = False,
    agent: str | None = None,
) -> tuple[Identity, str]:
    """An Identity Center sign-in to ``pset`` in ``account``: ``AssumeRoleWithSAML`` through the
    organisation's provider (and ``ConsoleLogin`` for the console); the session and the ID of
    the event that opened it."""
    role = c.org.sets[(pset, account)]
    provider = f"arn:aws:iam::{account}:saml-provider/{org.SSO_PROVIDER}"
    caller = {
        "type": "SAMLUser",
        "principalId": f"{provider}:{person.email}",
        "userName": person.email,
    }
    agent = agent or (org.CONSOLE if console else person.agent)
    who, event = assume(
        c,
        t,
        caller,
        account,
        role,
        person.email,
        ip,
        "aws-internal/3 aws-sdk-java/1.12.772" if console else agent,
        action="sts:AssumeRoleWithSAML",
        region=org.SSO_REGION,
        path=org.SSO_PATH,
        extra={"principalArn": provider},
        hours=8 if console else 12,
    )
    if console:
        who["sessionCredentialFromConsole"] = "true"
        event = c.trail.call(
            t + dt.timedelta(seconds=3),
            {k: v for k, v in who.items() if k != "accessKeyId"},
            account,
            "signin:ConsoleLogin",
            "us-east-1",
            ip,
            agent,
            kind="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
        )
        c.trail.records[-1][3]["additionalEventData"] = {
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": "No",
        }
    return who, event


def person_ip(c: Ctx, person: org.Person, day: dt.date) -> str:
    """Where ``person`` works from on ``day``: the office or a home line (a new lease now and then)."""
    plan = c.plan.travel
    if plan and plan[0] == person.name and plan[1] <= day <= plan[2]:
        return BLOCKS["ntt_tokyo"].host(4000 + day.day)
    if person.home == "office" and c.rng.random() < 0.85:
        return BLOCKS["office"].host(10 + hash_index(person.email) % 200)
    home = person.home if person.home != "office" else "true_home"
    lease = (day.toordinal() // 9) % 3  # home leases change every week or two
    return BLOCKS[home].host(hash_index(person.email) * 7919 + lease * 104729)


def hash_index(text: str) -> int:
    """A stable index from text (``hash`` is salted per process)."""
    out = 0
    for ch in text:
        out = (out * 131 + ord(ch)) % 1_000_003
    return out


def spread(c: Ctx, start: dt.datetime, hours: float, n: int) -> list[dt.datetime]:
    """``n`` sorted times over ``hours`` from ``start``."""
    return sorted(start + dt.timedelta(seconds=c.rng.random() * hours * 3600) for _ in range(n))


def at(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` of ``day`` in Bangkok (past 24: the small hours of the next night), as UTC."""
    return local(day, hour)


def utc(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` of ``day`` in UTC: the clock of the always-on workloads and of the lake's days."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour)

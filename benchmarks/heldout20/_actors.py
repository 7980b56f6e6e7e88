"""The kinds of actor the law firm has, each knowing how its keys are minted and where it calls
from; one loop (``Actor.day``) spreads a day's calls over its sessions. A benign change is a
``change`` from a day on (a new address, client, volume or API), never a second copy of the
actor."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout20._net import Net
from benchmarks.heldout20._trail import Trail, Who

Api = tuple[str, str, float]  # (service, eventName, weight)


@dataclass
class Session:
    who: Who
    key: str | None
    created: dt.datetime
    ip: str
    ua: str
    start: dt.datetime
    end: dt.datetime
    calls: int


@dataclass
class Actor:
    """Something that calls AWS every day it works: ``rate`` calls per working day."""

    name: str
    who: Who
    apis: list[Api]
    rate: float
    region: str = "eu-west-2"
    hours: tuple[int, int] = (0, 24)
    weekdays_only: bool = False
    ua: str = "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.1 lang/python#3.12.7"
    nets: list[Net] = field(default_factory=list)
    changes: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    denied: float = 0.01

    def change(self, first: int, last: int = 10_000, **what: Any) -> None:
        self.changes.append((first, last, what))

    def get(self, day: int, what: str, default: Any) -> Any:
        for first, last, changed in self.changes:
            if first <= day <= last and what in changed:
                default = changed[what]
        return default

    def service_key(self, trail: Trail, role: Who, service: str, when: dt.datetime) -> str:
        """A key for ``role`` minted by an AWS service (``ec2``, ``lambda``, ``transfer``) in the
        actor's region: the service is the caller, its hostname the address and client."""
        host = f"{service}.amazonaws.com"
        return trail.mint(
            Who("service", self.who.account, host), role, when, ip=host, ua=host, region=self.region
        )

    def works(self, day: int, date: dt.date) -> bool:
        weekdays = self.get(day, "weekdays_only", self.weekdays_only)
        return not (weekdays and date.weekday() >= 5) and not self.get(day, "off", False)

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        raise NotImplementedError

    def day(self, trail: Trail, day: int, date: dt.date, rng: random.Random, scale: float) -> None:
        if not self.works(day, date):
            return
        apis = self.apis + self.get(day, "more_apis", [])
        names = [(s, n) for s, n, _ in apis]
        weights = [w for _, _, w in apis]
        for s in self.sessions(trail, day, date, rng):
            calls = max(1, round(s.calls * scale * self.get(day, "volume", 1.0)))
            span = max((s.end - s.start).total_seconds(), 1)
            for source, name in rng.choices(names, weights, k=calls):
                when = s.start + dt.timedelta(seconds=rng.uniform(0, span))
                trail.emit(
                    s.who,
                    when.replace(microsecond=0),
                    source,
                    name,
                    ip=s.ip,
                    ua=s.ua,
                    key=s.key,
                    created=s.created,
                    region=self.region,
                    error="AccessDenied" if rng.random() < self.denied else None,
                )

    def window(
        self, date: dt.date, rng: random.Random, day: int
    ) -> tuple[dt.datetime, dt.datetime]:
        lo, hi = self.get(day, "hours", self.hours)
        start = dt.datetime.combine(date, dt.time(lo)) + dt.timedelta(minutes=rng.randrange(50))
        end = dt.datetime.combine(date, dt.time(0)) + dt.timedelta(
            hours=hi, minutes=-rng.randrange(5, 50)
        )
        return start, max(end, start + dt.timedelta(minutes=20))


@dataclass
class Fleet(Actor):
    """EC2 instances of one role: ``ec2.amazonaws.com`` delivers each a key every hour; calls
    from the instance's public address (or the fleet's NAT gateway)."""

    instances: list[str] = field(default_factory=list)
    nat: bool = False

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        out = []
        ua = self.get(day, "ua", self.ua)
        for i, instance in enumerate(self.instances):
            ip = self.nets[0].addr(7) if self.nat else self.nets[i % len(self.nets)].addr(20 + i)
            role = Who(
                "role", self.who.account, self.who.name, instance, self.who.principal_id, ec2=True
            )
            for hour in range(24):
                minted = dt.datetime.combine(date, dt.time(hour, (i * 7) % 60))
                key = self.service_key(trail, role, "ec2", minted)
                per_hour = self.rate / 24 / len(self.instances)
                calls = int(per_hour) + (rng.random() < per_hour % 1)
                if calls:
                    end = minted + dt.timedelta(minutes=59)
                    out.append(Session(role, key, minted, ip, ua, minted, end, calls))
        return out


@dataclass
class Function(Actor):
    """A Lambda function: a new execution environment (AWS address, key) every few hours."""

    every: int = 3

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        role = Who("role", self.who.account, self.who.name, self.name, self.who.principal_id)
        out = []
        ua = self.get(day, "ua", self.ua)
        for hour in range(0, 24, self.every):
            minted = dt.datetime.combine(date, dt.time(hour, rng.randrange(60)))
            key = self.service_key(trail, role, "lambda", minted)
            ip = rng.choice(self.nets).addr(rng.randrange(250))
            end = minted + dt.timedelta(hours=self.every, minutes=-2)
            out.append(
                Session(role, key, minted, ip, ua, minted, end, round(self.rate * self.every / 24))
            )
        return out


@dataclass
class Person(Actor):
    """A person: Okta SAML into an IAM role (``who`` is the role, session = e-mail), one
    console session a working day from the WorkSpaces egress, the office or home."""

    email: str = ""
    saml_provider: str = ""
    cli_ua: str = ""

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        start, end = self.window(date, rng, day)
        nets = self.get(day, "nets", self.nets)
        ip = (
            nets[0].addr(self.get(day, "host", 30)) if len(nets) == 1 else rng.choice(nets).addr(30)
        )
        ua = self.get(day, "ua", self.ua)
        role = Who("role", self.who.account, self.who.name, self.email, self.who.principal_id)
        subject = Who("saml", self.who.account, self.email, principal_id=self.saml_provider)
        key = trail.mint(
            subject,
            role,
            start,
            ip=ip,
            ua=ua,
            via="AssumeRoleWithSAML",
            params={"principalArn": f"arn:aws:iam::{self.who.account}:saml-provider/Okta"},
        )
        trail.emit(
            role,
            start + dt.timedelta(seconds=4),
            "signin",
            "ConsoleLogin",
            ip=ip,
            ua=ua,
            key=None,
            region="us-east-1",
            kind="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
        )
        out = [Session(role, key, start, ip, ua, start, end, round(self.rate))]
        if self.cli_ua and rng.random() < 0.5:
            cli = trail.mint(
                subject,
                role,
                start + dt.timedelta(minutes=30),
                ip=ip,
                ua=self.cli_ua,
                via="AssumeRoleWithSAML",
            )
            out.append(
                Session(role, cli, start, ip, self.cli_ua, start + dt.timedelta(minutes=31), end, 6)
            )
        return out


@dataclass
class User(Actor):
    """An IAM user: a long-lived ``AKIA`` key from the CLI; with ``console`` a console sign-in
    with MFA first, its calls on a console session key."""

    key: str = ""
    console: str = ""

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        start, end = self.window(date, rng, day)
        nets = self.get(day, "nets", self.nets)
        ip = nets[0].addr(self.get(day, "host", 40))
        ua = self.get(day, "ua", self.ua)
        who = Who(
            "user", self.who.account, self.who.name, principal_id=self.who.principal_id, mfa=True
        )
        out = [Session(who, self.key, start, ip, ua, start, end, round(self.rate * 0.6))]
        if self.console:
            trail.emit(
                who,
                start,
                "signin",
                "ConsoleLogin",
                ip=ip,
                ua=self.console,
                region="us-east-1",
                kind="AwsConsoleSignIn",
                response={"ConsoleLogin": "Success"},
                params=None,
            )
            out.append(
                Session(
                    who,
                    trail.ids.key(),
                    start,
                    ip,
                    self.console,
                    start,
                    end,
                    round(self.rate * 0.4),
                )
            )
        return out


@dataclass
class Poller(Actor):
    """A vendor polling through a cross-account role with an external ID, once an hour."""

    vendor: str = ""
    external_id: str = ""

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        nets = self.get(day, "nets", self.nets)
        role = Who("role", self.who.account, self.who.name, "mdr-poller", self.who.principal_id)
        caller = Who(
            "account", self.who.account, self.vendor, principal_id="AROAVENDORPOLLER01:mdr"
        )
        out = []
        for hour in range(24):
            start = dt.datetime.combine(date, dt.time(hour, 3 + rng.randrange(4)))
            ip = nets[hour % len(nets)].addr(11)
            key = trail.mint(
                caller, role, start, ip=ip, ua=self.ua, params={"externalId": self.external_id}
            )
            out.append(
                Session(
                    role,
                    key,
                    start,
                    ip,
                    self.ua,
                    start,
                    start + dt.timedelta(minutes=4),
                    round(self.rate / 24),
                )
            )
        return out


@dataclass
class Transfer(Actor):
    """AWS Transfer Family: the service assumes the user's role (session = SFTP user name) for
    each upload session and writes to S3 from the service's own hostname."""

    users: list[str] = field(default_factory=list)

    def sessions(self, trail: Trail, day: int, date: dt.date, rng: random.Random) -> list[Session]:
        out = []
        for user in self.get(day, "users", self.users):
            if rng.random() < 0.4:
                continue
            start, _ = self.window(date, rng, day)
            role = Who("role", self.who.account, self.who.name, user, self.who.principal_id)
            key = self.service_key(trail, role, "transfer", start)
            out.append(
                Session(
                    role,
                    key,
                    start,
                    "transfer.amazonaws.com",
                    "transfer.amazonaws.com",
                    start,
                    start + dt.timedelta(minutes=40),
                    round(self.rate),
                )
            )
        return out

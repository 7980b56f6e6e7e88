"""Lakeshore University's research computing service: its accounts, people and roles, and the
one place records are made (``Org.emit``) and session keys minted (``Org.mint``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout6._agents import NOTEBOOK
from benchmarks.heldout6._net import NETS, aws_address
from benchmarks.heldout6._records import Who, key_id, record, role, session, uid, user

PUBLIC = "lakeshore-open-climate"  # public datasets, read by the world; data events logged
IRB = "lakeshore-irb-cohort"  # human-subjects data under an IRB protocol; data events logged
UTC = dt.UTC
LOCAL = dt.timedelta(hours=6)  # Madison in November: UTC-6

_FIRST = [
    "amara",
    "ben",
    "chen",
    "dana",
    "eli",
    "fatima",
    "gus",
    "hana",
    "ivan",
    "jae",
    "kofi",
    "lena",
    "malik",
    "nina",
    "omar",
    "priya",
    "quinn",
    "rosa",
    "sven",
    "tara",
    "umar",
    "vera",
    "wei",
    "xavi",
    "yara",
    "zoe",
    "arjun",
    "bella",
    "carlos",
    "dmitri",
    "emma",
    "farid",
    "grace",
    "hugo",
    "isla",
    "jonas",
    "kira",
    "leo",
    "mei",
    "noah",
]
_LAST = [
    "okafor",
    "novak",
    "li",
    "park",
    "ross",
    "haddad",
    "berg",
    "sato",
    "ivanova",
    "kim",
    "mensah",
    "weber",
]

# lab -> (account, size, tools, share of people with MFA, night owls)
LABS: dict[str, tuple[str, int, tuple[str, ...], float, float]] = {
    "climate": ("research", 8, ("cli_mac", "boto_mac", "s3fs", "cyberduck", "paws"), 0.4, 0.25),
    "health": ("research", 6, ("paws", "boto_win", "cli_win", "s3browser"), 0.5, 0.1),
    "ml": ("research", 8, ("boto_linux", "cli_linux", "boto_mac", "terraform"), 0.3, 0.4),
    "astro": ("hpc", 7, ("cli_linux", "boto_linux", "cli_mac", "terraform"), 0.3, 0.4),
    "genomics": ("genomics", 6, ("cli_mac", "boto_linux", "terraform", "rclone"), 0.5, 0.2),
}


@dataclass
class Person:
    name: str
    lab: str
    account: str
    who: Who
    home: str
    tools: list[str]
    mfa: bool
    console: bool
    night: bool
    sts_mfa: bool  # calls GetSessionToken with MFA before working (a lab policy)
    activity: float
    phone: bool = False
    since: int = 0  # first day index the person exists
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Workload:
    name: str
    account: str
    region: str
    role: Who
    service: str  # the service that mints its keys
    ip: str
    ua: str
    instance: str


class Org:
    def __init__(self, seed: int, start: dt.date, days: int, scale: float) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.start, self.days, self.scale = start, days, scale
        self.end = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), UTC)
        acct = lambda: str(self.rng.randrange(10**11, 10**12))  # noqa: E731
        self.accounts = {n: acct() for n in ("it", "research", "hpc", "genomics", "neuro")}
        self.joins = days - 5  # the neuroscience lab's new account starts logging on this day
        self.records: list[dict[str, Any]] = []
        self.people = self._roster()
        self.it_staff = self._it()
        self.admin_roles = {
            name: role(a, "LakeshoreITAdmin", self.rng) for name, a in self.accounts.items()
        }
        self.analyzer = {
            name: role(
                a,
                "AWSServiceRoleForAccessAnalyzer",
                self.rng,
                "/aws-service-role/access-analyzer.amazonaws.com/",
            )
            for name, a in self.accounts.items()
        }
        self.notebooks = self._notebooks()
        self.readers = [
            (str(self.rng.randrange(10**11, 10**12)), aws_address("us-east-1", self.rng))
            for _ in range(3)
        ]
        self.dtn = user(self.accounts["research"], "svc-globus-dtn", self.rng).with_key(
            key_id(self.rng, "AKIA"), self.start_time
        )
        self.dtn_ip = NETS["dtn"].address(self.rng)

    @property
    def start_time(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), UTC)

    def day(self, index: int) -> dt.date:
        return self.start + dt.timedelta(days=index)

    def at(self, index: int, hours: float) -> dt.datetime:
        """UTC time of ``hours`` (Madison local time) on day ``index``."""
        return self.start_time + dt.timedelta(days=index, hours=hours) + LOCAL

    def offday(self, index: int) -> bool:
        """Weekends, Thanksgiving and the day after."""
        d = self.day(index)
        thanksgiving = d.month == 11 and d.weekday() == 3 and 22 <= d.day <= 28
        after = d.month == 11 and d.weekday() == 4 and 23 <= d.day <= 29
        return d.weekday() >= 5 or thanksgiving or after

    def emit(
        self,
        t: dt.datetime,
        who: Who,
        service: str,
        name: str,
        region: str,
        ip: str,
        ua: str,
        **kw: Any,
    ) -> dict[str, Any]:
        rec = record(self.rng, t, who, service, name, region, ip, ua, **kw)
        if t < self.end:
            self.records.append(rec)
        return rec

    def mint(self, t: dt.datetime, r: Who, name: str, host: str, region: str, **kw: Any) -> Who:
        """An AWS service assumes ``r`` for a workload: the AssumeRole record, and the session."""
        key = key_id(self.rng, "ASIA")
        expires = t + dt.timedelta(hours=6 if host == "ec2.amazonaws.com" else 1)
        svc = Who("service", r.account, service=host)
        self.emit(
            t,
            svc,
            "sts",
            "AssumeRole",
            region,
            host,
            host,
            params={"roleArn": r.arn, "roleSessionName": name},
            response={
                "credentials": {
                    "accessKeyId": key,
                    "sessionToken": "IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJH",
                    "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"{r.role_id}:{name}",
                    "arn": f"arn:aws:sts::{r.account}:assumed-role/{r.name}/{name}",
                },
            },
            read_only=True,
            resources=[{"accountId": r.account, "type": "AWS::IAM::Role", "ARN": r.arn}],
            shared=uid(self.rng),
        )
        return session(r, name, key, t, ec2=host == "ec2.amazonaws.com", **kw)

    def _roster(self) -> list[Person]:
        rng, people, names = self.rng, [], iter(_FIRST)
        for lab, (account, size, tools, mfa, night) in LABS.items():
            for i in range(size):
                first = next(names)
                name = f"{first}.{rng.choice(_LAST)}"
                own = rng.sample(tools, k=min(len(tools), rng.choice((1, 2, 2, 3))))
                people.append(
                    self.person(
                        name, lab, account, own, rng.random() < mfa, rng.random() < night, i == 0
                    )
                )
        return people

    def person(
        self, name: str, lab: str, account: str, tools: list[str], mfa: bool, night: bool, pi: bool
    ) -> Person:
        rng = self.rng
        who = user(self.accounts[account], name, rng).with_key(key_id(rng, "AKIA"), self.start_time)
        return Person(
            name=name,
            lab=lab,
            account=account,
            who=who,
            home=rng.choice(("charter", "charter", "charter", "comcast", "tmobile")),
            tools=tools,
            mfa=mfa or pi,
            console=pi or rng.random() < 0.5,
            night=night and not pi,
            sts_mfa=(mfa or pi) and rng.random() < 0.3,
            activity=rng.uniform(0.6, 1.4),
            phone=pi,
        )

    def _it(self) -> list[Person]:
        staff = []
        for name in ("helen.ortiz", "raj.patel", "tom.baker"):
            p = self.person(name, "it", "it", ["cli_mac"], True, False, True)
            p.console, p.phone = True, False
            staff.append(p)
        return staff

    def _notebooks(self) -> list[Workload]:
        out = []
        for lab in ("climate", "ml", "health"):
            r = role(
                self.accounts["research"],
                f"AmazonSageMaker-ExecutionRole-{lab}-20240115T1010",
                self.rng,
                "/service-role/",
            )
            out.append(
                Workload(
                    f"{lab}-notebook",
                    self.accounts["research"],
                    "us-east-1",
                    r,
                    "sagemaker.amazonaws.com",
                    aws_address("us-east-1", self.rng),
                    NOTEBOOK,
                    f"{lab}-notebook",
                )
            )
        return out

    def home_ip(self, p: Person, index: int) -> str:
        """A DHCP lease that changes every week or so, inside the person's ISP."""
        lease = (index + sum(map(ord, p.name)) % 7) // 7
        return NETS[p.home].address(random.Random(f"{self.seed}:{p.name}:{lease}"))

    def campus_ip(self, p: Person, index: int) -> str:
        return NETS["campus"].address(random.Random(f"{self.seed}:{p.lab}:{index % 3}"))

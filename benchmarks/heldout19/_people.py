"""People, all federated from Entra ID by SAML into shared roles: engineers on Amazon WorkSpaces
in Tokyo (their calls leave through the engineering VPC's NAT gateway, an AWS address), SREs
on saml2aws from home, the 24x7 vehicle-operations centre in shifts, telematics analysts and
a security engineer."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from benchmarks.heldout19._changes import active
from benchmarks.heldout19._plan import ACCOUNTS, address, aws_address, jst, ua, workday
from benchmarks.heldout19._trail import Caller, Day


@dataclass(frozen=True)
class Person:
    name: str  # the role session name: the Entra ID UPN
    team: str
    account: str
    role: str
    home: str  # network name, or "workspaces"
    shift: str = "day"  # day | night (operations centre)


def people() -> list[Person]:
    eng, conn, tele, sec = (
        ACCOUNTS[k] for k in ("engineering", "connectivity", "telematics", "security")
    )
    out = [
        Person(f"{n}@kurenai-mobility.example", "engineer", eng, "Engineer", "workspaces")
        for n in (
            "h.tanaka",
            "y.suzuki",
            "m.ito",
            "a.watanabe",
            "r.nakamura",
            "s.kobayashi",
            "t.kato",
            "n.yoshida",
        )
    ]
    out += [
        Person(f"{n}@kurenai-mobility.example", "sre", conn, "PlatformAdmin", home)
        for n, home in (
            ("k.yamamoto", "home_ntt"),
            ("d.matsumoto", "home_kddi"),
            ("e.inoue", "home_jcom"),
        )
    ]
    out += [
        Person(f"{n}@kurenai-mobility.example", "ops", conn, "VehicleOps", "office_tokyo", shift)
        for n, shift in (
            ("j.kimura", "day"),
            ("c.hayashi", "day"),
            ("f.shimizu", "day"),
            ("g.yamazaki", "night"),
            ("i.mori", "night"),
            ("o.abe", "night"),
        )
    ]
    out += [
        Person(f"{n}@kurenai-mobility.example", "analyst", tele, "TelematicsAnalyst", home)
        for n, home in (("p.ikeda", "home_kddi"), ("q.hashimoto", "office_tokyo"))
    ]
    out += [
        Person(
            "u.ishikawa@kurenai-mobility.example", "security", sec, "SecurityAudit", "office_tokyo"
        )
    ]
    return out


ENGINEERING_NAT_HOST = 500  # the WorkSpaces VPC's NAT gateway, an EC2 address in Tokyo
TEAM_CALLS = {
    "engineer": (
        ("iot.amazonaws.com", "DescribeThing"),
        ("iot.amazonaws.com", "ListThings"),
        ("logs.amazonaws.com", "FilterLogEvents"),
        ("lambda.amazonaws.com", "GetFunction"),
        ("cloudwatch.amazonaws.com", "GetMetricData"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("codepipeline.amazonaws.com", "GetPipelineState"),
        ("ecr.amazonaws.com", "DescribeImages"),
    ),
    "sre": (
        ("ecs.amazonaws.com", "DescribeServices"),
        ("ecs.amazonaws.com", "ListTasks"),
        ("cloudwatch.amazonaws.com", "GetMetricData"),
        ("logs.amazonaws.com", "StartQuery"),
        ("logs.amazonaws.com", "GetQueryResults"),
        ("kinesis.amazonaws.com", "DescribeStreamSummary"),
        ("iot.amazonaws.com", "DescribeEndpoint"),
        ("lambda.amazonaws.com", "GetFunctionConcurrency"),
    ),
    "ops": (
        ("iot.amazonaws.com", "DescribeThing"),
        ("iot.amazonaws.com", "ListJobExecutionsForThing"),
        ("iot.amazonaws.com", "DescribeJobExecution"),
        ("iot.amazonaws.com", "SearchIndex"),
        ("iot.amazonaws.com", "ListThingGroupsForThing"),
    ),
    "analyst": (
        ("athena.amazonaws.com", "StartQueryExecution"),
        ("athena.amazonaws.com", "GetQueryExecution"),
        ("athena.amazonaws.com", "GetQueryResults"),
        ("glue.amazonaws.com", "GetTables"),
        ("quicksight.amazonaws.com", "GetDashboardEmbedUrl"),
    ),
    "security": (
        ("guardduty.amazonaws.com", "ListFindings"),
        ("guardduty.amazonaws.com", "GetFindings"),
        ("securityhub.amazonaws.com", "GetFindings"),
        ("cloudtrail.amazonaws.com", "LookupEvents"),
        ("config.amazonaws.com", "DescribeComplianceByConfigRule"),
    ),
}
VOLUME = {"engineer": 45, "sre": 60, "ops": 70, "analyst": 40, "security": 30}


def where(d: Day, p: Person, rng: random.Random) -> tuple[str, str, bool]:
    """(address, user agent, console?) of a person's session that day."""
    upgraded = "B8" in active(d.day, through=True)
    if p.home == "workspaces":
        console = rng.random() < 0.5
        kind = ("edge_ws" if console else "cli_ws") + ("_new" if upgraded else "")
        return (
            aws_address("ap-northeast-1", ENGINEERING_NAT_HOST),
            ua(kind, cmd="iot.describe-thing") if not console else ua(kind),
            console,
        )
    if p.team == "ops":
        net = (
            "office_nagoya"
            if p.shift == "night" and "B7" in active(d.day, through=True)
            else "office_tokyo"
        )
        return address(net, 30 + hash_host(p.name)), ua("java_ops"), False
    if p.team == "sre":
        lease = (d.day.toordinal() + hash_host(p.name)) // 6  # DHCP re-lease every ~6 days
        return (
            address(p.home, hash_host(f"{p.name}/{lease}")),
            ua("cli_mac", cmd="ecs.describe-services"),
            False,
        )
    console = p.team == "analyst" and rng.random() < 0.6
    return (
        address(p.home, 50 + hash_host(p.name)),
        ua("chrome_mac") if console else ua("cli_mac", cmd="athena.get-query-results"),
        console,
    )


def hash_host(text: str) -> int:
    return sum(ord(c) * (i + 7) for i, c in enumerate(text)) % 200


def hours(d: Day, p: Person, rng: random.Random) -> tuple[float, float] | None:
    """The JST hours worked that day, or None."""
    if p.team == "ops":  # 24x7: two of three on shift each day
        if rng.random() < 0.3:
            return None
        return (8.0, 17.0) if p.shift == "day" else (21.0, 31.0)
    if rng.random() > workday(d.day) * (0.9 if p.team != "sre" else 1.0):
        return None
    start = rng.uniform(8.5, 10.5)
    return start, start + rng.uniform(6, 10)


def person_day(d: Day, p: Person) -> None:
    rng = d.rng(f"person/{p.name}")
    span = hours(d, p, rng)
    if span is None:
        return
    ip, agent, console = where(d, p, rng)
    start, end = span
    t0 = jst(d.day, start)
    who = d.saml(rng, t0, p.account, p.role, p.name, ip=ip, ua=agent, console=console)
    d.register(f"person/{p.name}", t0, who)
    if console:  # console pages call with the console session; some of it as AWS Internal
        internal = Caller(who.identity, "AWS Internal", "AWS Internal", who.account, console=True)
    for t in sorted(
        t0 + dt.timedelta(hours=rng.uniform(0.05, end - start))
        for _ in range(d.n(VOLUME[p.team], rng))
    ):
        source, name = rng.choice(TEAM_CALLS[p.team])
        caller = internal if console and rng.random() < 0.1 else who
        d.emit(t, caller, source, name, error="AccessDenied" if rng.random() < 0.02 else None)
    if p.team == "engineer" and rng.random() < 0.4:  # a look at production, read-only
        t = t0 + dt.timedelta(hours=rng.uniform(1, 5))
        prod = d.assume_role(rng, t, who, ACCOUNTS["connectivity"], "PlatformReadOnly", p.name)
        d.register(f"person/{p.name}/prod", t, prod)
        for k in range(d.n(8, rng)):
            d.emit(
                t + dt.timedelta(seconds=20 + 40 * k), prod, *rng.choice(TEAM_CALLS["engineer"][:5])
            )


def everyone(d: Day) -> None:
    for p in people():
        person_day(d, p)


def on_duty(d: Day, name: str, t: dt.datetime) -> Caller:
    """``name``'s session at ``t``: the day's, or one signed in for the occasion (a drill, an
    incident) from where that person works."""
    actor = f"person/{name}"
    if actor in d.live:
        return d.current(actor, t)
    p = next(p for p in people() if p.name == name)
    rng = d.rng(f"on-duty/{name}")
    ip, agent, _ = where(d, p, rng)
    who = d.saml(
        rng, t - dt.timedelta(minutes=5), p.account, p.role, p.name, ip=ip, ua=agent, console=False
    )
    d.register(actor, t - dt.timedelta(minutes=5), who)
    return who

"""A normal day at Salish Metro Transit: the people (ADFS SAML into shared team roles), the
Windows fleets and their SSM agents, the GTFS-realtime Lambdas, the nightly Glue jobs, the legacy
scheduler and the vendor integrations with long-lived keys, the MSP, AWS Config and Backup."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout16 import plan
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local
from benchmarks.heldout16.trail import Caller, Trail, role_session

Call = tuple[str, str, dict[str, Any] | None]  # (service, API, request parameters)


def s3(name: str, bucket: str, key: str | None = None) -> Call:
    params: dict[str, Any] = {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com"}
    if key is not None:
        params["key"] = key
    return ("s3", name, params)


@dataclass(frozen=True)
class Team:
    """People who share one ADFS role: where it lives, when they work, what they call."""

    role: str
    account: str
    people: tuple[str, ...]
    hours: tuple[float, float]  # Pacific, start of first shift .. end of last
    calls: tuple[Call, ...]
    weekends: bool = False
    cli: bool = False  # also saml2aws + the CLI from a laptop
    start: dt.date | None = None  # the team's first day (the pilot's)


TEAMS = (
    Team(
        "ADFS-Dispatch",
        "ops",
        tuple(f"dispatch{i}@salishmetro.gov" for i in range(1, 7)),
        (5, 29),
        (
            ("cloudwatch", "GetDashboard", {"dashboardName": "bus-fleet-live"}),
            ("cloudwatch", "GetMetricData", None),
            ("cloudwatch", "DescribeAlarms", None),
            ("iot", "SearchIndex", {"indexName": "AWS_Things"}),
            ("kinesis", "DescribeStreamSummary", {"streamName": "avl-positions"}),
        ),
        weekends=True,
    ),
    Team(
        "ADFS-Planning",
        "ops",
        tuple(f"planner{i}@salishmetro.gov" for i in range(1, 9)),
        (7.5, 17),
        (
            ("athena", "StartQueryExecution", {"workGroup": "planning"}),
            ("athena", "GetQueryExecution", None),
            ("athena", "GetQueryResults", None),
            ("glue", "GetTables", {"databaseName": "ridership"}),
            ("glue", "GetTable", {"databaseName": "ridership", "name": "apc_boardings"}),
            ("s3", "ListBuckets", None),
        ),
    ),
    Team(
        "ADFS-ITAdmin",
        "corp",
        ("rnakamura@salishmetro.gov", "dbrooks@salishmetro.gov", "aokafor@salishmetro.gov"),
        (7, 18),
        (
            ("workspaces", "DescribeWorkspaces", None),
            ("ds", "DescribeDirectories", None),
            ("ec2", "DescribeInstances", None),
            ("ec2", "DescribeSnapshots", {"ownerIds": ["self"]}),
            ("ssm", "DescribeInstanceInformation", None),
            ("iam", "ListRoles", None),
            ("backup", "ListBackupJobs", None),
            ("workspaces", "DescribeWorkspaceBundles", None),
        ),
        cli=True,
    ),
    Team(
        "ADFS-FareFinance",
        "fare",
        ("lmoreau@salishmetro.gov", "tvo@salishmetro.gov"),
        (8, 16.5),
        (
            ("s3", "ListBuckets", None),
            s3("ListObjectsV2", "smt-fare-settlement-exports"),
            s3("GetObject", "smt-fare-settlement-exports", "daily/settlement.csv"),
            ("athena", "StartQueryExecution", {"workGroup": "fare-recon"}),
            ("athena", "GetQueryResults", None),
        ),
    ),
    Team(
        "ADFS-GIS",
        "gis",
        ("cwhite@salishmetro.gov", "pgarcia@salishmetro.gov", "hlin@salishmetro.gov"),
        (8, 17),
        (
            s3("ListObjectsV2", "smt-open-data"),
            ("cloudfront", "GetDistribution", {"id": "E2SMTOPENDATA"}),
            ("cloudfront", "ListInvalidations", {"distributionId": "E2SMTOPENDATA"}),
            s3("PutObject", "smt-open-data", "gtfs/gtfs.zip"),
            ("glue", "GetJobRuns", {"jobName": "open-data-export"}),
        ),
        cli=True,
    ),
    Team(
        "ADFS-ContactCentre",
        "corp",
        ("sjohansen@salishmetro.gov",),
        (8, 16),
        (
            ("connect", "ListInstances", None),
            ("connect", "DescribeInstance", None),
            ("connect", "ListContactFlows", None),
            ("connect", "ListQueues", None),
            ("connect", "GetMetricDataV2", None),
            ("connect", "ListUsers", None),
        ),
    ),
    Team(
        "ADFS-PilotAdmin",
        "pilot",
        ("mkeller@salishmetro.gov", "rnakamura@salishmetro.gov"),
        (8, 17),
        (
            ("ec2", "DescribeInstances", None),
            ("cloudformation", "DescribeStacks", None),
            ("secretsmanager", "ListSecrets", None),
            ("logs", "DescribeLogGroups", None),
        ),
        start=plan.days(5)[0],
    ),
)
HOMES = ("comcast", "ziply", "wave", "tmobile")


@dataclass
class World:
    """What persists from day to day: instances, addresses, long-lived keys, DHCP leases."""

    seed: int
    scale: float
    trail: Trail
    fleets: dict[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # account -> (instance, address)
    nat: dict[str, str] = field(default_factory=dict)  # account -> NAT gateway address
    keys: dict[str, str] = field(default_factory=dict)  # IAM user -> current AKIA key
    homes: dict[str, tuple[str, str]] = field(default_factory=dict)  # person -> (network, address)
    volume: dict[tuple[str, dt.date], float] = field(default_factory=dict)  # (actor, day) -> factor
    agents: dict[tuple[str, dt.date], str] = field(
        default_factory=dict
    )  # (team role, day) -> console UA
    addresses: dict[tuple[str, dt.date], str] = field(
        default_factory=dict
    )  # (actor, day) -> network

    def __post_init__(self) -> None:
        ids = Ids(self.seed, "world")
        sizes = {"ops": 12, "corp": 4, "pilot": 2}
        for account, n in sizes.items():
            self.fleets[account] = [
                (ids.instance(), ids.address(ACCOUNTS[account][1])) for _ in range(n)
            ]
            self.nat[account] = ids.address(ACCOUNTS[account][1])
        for user in (
            "svc-fareproc-sftp",
            "svc-cadavl-vendor",
            "svc-payroll-vendor",
            "svc-legacy-scheduler",
            "svc-connect-reporting",
            "svc-ad-join",
        ):
            self.keys[user] = ids.key("AKIA")
        for team in TEAMS:
            for person in team.people:
                net = ids.rng.choice(HOMES)
                self.homes.setdefault(person, (net, ids.address(net)))

    def rng(self, what: str, day: dt.date) -> random.Random:
        return random.Random(f"heldout16:{self.seed}:{what}:{day}")

    def every(self, minutes: float) -> float:
        """A periodic interval at this scale (smaller scales call less often)."""
        return minutes / max(self.scale, 0.05)


def spread(rng: random.Random, start: dt.datetime, hours: float, n: int) -> list[dt.datetime]:
    return sorted(start + dt.timedelta(seconds=rng.uniform(0, hours * 3600)) for _ in range(n))


def ticks(
    day: dt.date, minutes: float, rng: random.Random, *, start_h: float = 0, end_h: float = 24
) -> Iterable[dt.datetime]:
    """Every ``minutes`` from ``start_h`` to ``end_h`` UTC hours of ``day``, with jitter."""
    t = dt.datetime(day.year, day.month, day.day, tzinfo=plan.UTC) + dt.timedelta(hours=start_h)
    end = t + dt.timedelta(hours=end_h - start_h)
    while t < end:
        yield t + dt.timedelta(seconds=rng.uniform(0, min(59, minutes * 30)))
        t += dt.timedelta(minutes=minutes)


def calls(
    trail: Trail,
    caller: Caller,
    times: Sequence[dt.datetime],
    menu: Sequence[Call],
    rng: random.Random,
    *,
    denied: float = 0.0,
    region: str | None = None,
) -> list[str]:
    """One call from ``menu`` at each of ``times``; a share ``denied`` refused."""
    out = []
    for when in times:
        source, name, params = rng.choice(menu)
        error = "AccessDenied" if rng.random() < denied else None
        out.append(
            trail.call(caller, when, source, name, params=params, error=error, region=region)
        )
    return out


def people(world: World, day: dt.date) -> None:
    trail = world.trail
    for team in TEAMS:
        if (team.start and day < team.start) or (day.weekday() >= 5 and not team.weekends):
            continue
        acct = ACCOUNTS[team.account][0]
        for person in team.people:
            rng = world.rng(person + team.role, day)
            if rng.random() < (0.12 if day.weekday() < 5 else 0.6) or (
                day == dt.date(2026, 11, 26) and rng.random() < 0.8
            ):
                continue  # leave, a day off, Thanksgiving
            span = team.hours[1] - team.hours[0]
            shift = 8.0 if span > 12 else span
            begin = team.hours[0] + (
                rng.randrange(int(span // 8)) * 8 if span > 12 else rng.uniform(-0.5, 0.5)
            )
            net = world.addresses.get((team.role, day), "city")
            ip = (
                world.homes[person][1]
                if net == "home"
                else Ids(world.seed, f"city:{person}:{day}").address("city")
            )
            agent = world.agents.get((team.role, day), plan.CHROME_WS)
            start = local(day, begin)
            key, _ = trail.mint_saml(team.account, team.role, person, start, ip, agent)
            me = Caller(
                role_session(team.account, team.role, person, key, start),
                acct,
                ip,
                agent,
                console=True,
            )
            trail.console_login(me, start + dt.timedelta(seconds=4))
            n = max(2, int(rng.randint(14, 40) * world.volume.get((team.role, day), 1.0)))
            calls(
                trail,
                me,
                spread(rng, start + dt.timedelta(minutes=1), shift, n),
                team.calls,
                rng,
                denied=0.02,
            )
            if team.cli and rng.random() < 0.6:
                when = start + dt.timedelta(hours=rng.uniform(1, shift - 1))
                laptop = plan.CLI_WIN.format(cmd="ec2.describe-instances")
                key2, _ = trail.mint_saml(
                    team.account,
                    team.role,
                    person,
                    when,
                    ip,
                    "aws-sdk-go/1.44.327 (go1.21.6; windows; amd64)",
                )
                cli = Caller(
                    role_session(team.account, team.role, person, key2, when), acct, ip, laptop
                )
                calls(
                    trail,
                    cli,
                    spread(rng, when, 0.5, rng.randint(4, 12)),
                    team.calls,
                    rng,
                    denied=0.02,
                )


def fleet(world: World, day: dt.date) -> None:
    """Windows instances, hourly instance-profile keys, the SSM agent; the weekly patch scan."""
    trail = world.trail
    for account, instances in world.fleets.items():
        if account == "pilot" and day < plan.days(5)[0]:
            continue
        acct, region = ACCOUNTS[account]
        role = {"ops": "ops-windows-ssm", "corp": "corp-dc-ssm", "pilot": "pilot-dispatch-app"}[
            account
        ]
        for instance, address in instances:
            rng = world.rng(instance, day)
            for hour in range(0, 24, 1 if world.scale >= 0.5 else 3):
                minted = dt.datetime(
                    day.year, day.month, day.day, hour, tzinfo=plan.UTC
                ) + dt.timedelta(minutes=rng.uniform(0, 50))
                key = trail.mint_for_service(account, role, instance, "ec2", minted, region=region)
                ident = role_session(account, role, instance, key, minted)
                if account == "pilot":
                    agent = plan.NODE_PILOT.format(api="secrets-manager")
                    me = Caller(ident, acct, address, agent)
                    menu: list[Call] = [
                        ("secretsmanager", "GetSecretValue", {"secretId": "pilot/dispatch/db"}),
                        ("ssm", "GetParameter", {"name": "/pilot/dispatch/zones"}),
                        ("kms", "Decrypt", None),
                    ]
                else:
                    where = (
                        world.nat[account]
                        if account == "ops"
                        else "10.20."
                        + str(rng.randrange(1, 4))
                        + "."
                        + str(10 + instances.index((instance, address)))
                    )
                    me = Caller(
                        ident,
                        acct,
                        where,
                        plan.SSM_AGENT,
                        vpce="vpce-0c9a3e1d57b2f4a61" if account == "corp" else None,
                    )
                    menu = [
                        (
                            "ssm",
                            "UpdateInstanceInformation",
                            {"instanceId": instance, "agentVersion": "3.3.987.0"},
                        ),
                        ("ssm", "ListInstanceAssociations", {"instanceId": instance}),
                    ]
                per_hour = max(1, round(3 * world.scale)) * (1 if world.scale >= 0.5 else 3)
                calls(
                    trail,
                    me,
                    spread(rng, minted + dt.timedelta(seconds=30), 0.95, per_hour),
                    menu,
                    rng,
                    denied=0.003,
                )
    if day.weekday() == 6:  # the weekly patch scan (Sunday 03:00 Pacific), both accounts
        for account in ("ops", "corp"):
            scan = local(day, 3)
            key = trail.mint_for_service(
                account, "ssm-maintenance-window", "MaintenanceWindow-weekly-scan", "ssm", scan
            )
            me = Caller(
                role_session(
                    account, "ssm-maintenance-window", "MaintenanceWindow-weekly-scan", key, scan
                ),
                ACCOUNTS[account][0],
                "ssm.amazonaws.com",
                "ssm.amazonaws.com",
            )
            targets = [i for i, _ in world.fleets[account]]
            trail.call(
                me,
                scan + dt.timedelta(seconds=20),
                "ssm",
                "SendCommand",
                params={
                    "documentName": "AWS-RunPatchBaseline",
                    "instanceIds": targets,
                    "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
                },
            )
    if (
        world.scale >= 0.5 or day.weekday() == 0
    ):  # AWS Backup snapshots the domain controllers nightly
        when = local(day, 1)
        key = trail.mint_for_service(
            "corp",
            "AWSBackupDefaultServiceRole",
            "AWSBackup-AWSBackupDefaultServiceRole",
            "backup",
            when,
        )
        me = Caller(
            role_session(
                "corp",
                "AWSBackupDefaultServiceRole",
                "AWSBackup-AWSBackupDefaultServiceRole",
                key,
                when,
            ),
            ACCOUNTS["corp"][0],
            "backup.amazonaws.com",
            "backup.amazonaws.com",
        )
        for n, (instance, _) in enumerate(world.fleets["corp"]):
            trail.call(
                me,
                when + dt.timedelta(minutes=n),
                "ec2",
                "CreateSnapshot",
                params={
                    "volumeId": f"vol-0{instance[3:19]}",
                    "description": f"AWS Backup of {instance}",
                },
            )

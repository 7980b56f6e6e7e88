"""People: Identity Center users (Okta as the identity provider) working through the CLI or
the console, fly-in fly-out crews whose network follows the roster, and contractors with IAM
users. Where each person is on a day comes from ``_org.Calendar``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from benchmarks.heldout21 import _org as o
from benchmarks.heldout21._trail import Session, Trail

APIS: dict[str, tuple[tuple[str, str], ...]] = {
    "MineEngineer": (
        ("ec2", "DescribeInstances"),
        ("ssm", "StartSession"),
        ("ssm", "TerminateSession"),
        ("iotsitewise", "DescribeAsset"),
        ("iotsitewise", "ListAssets"),
        ("iotsitewise", "GetAssetPropertyValueHistory"),
        ("timestream", "Query"),
        ("s3", "ListObjectsV2"),
        ("logs", "FilterLogEvents"),
        ("greengrass", "ListCoreDevices"),
        ("greengrass", "GetCoreDevice"),
        ("iot", "DescribeThing"),
    ),
    "PlatformAdmin": (
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeSubnets"),
        ("iam", "GetRole"),
        ("iam", "ListRoles"),
        ("ssm", "DescribeInstanceInformation"),
        ("cloudformation", "DescribeStacks"),
        ("ec2", "DescribeVpcs"),
        ("outposts", "ListOutposts"),
        ("outposts", "GetOutpostInstanceTypes"),
        ("logs", "DescribeLogGroups"),
        ("sso", "ListPermissionSets"),
        ("sso", "ListAccountAssignments"),
    ),
    "FinanceAnalyst": (
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryExecution"),
        ("athena", "GetQueryResults"),
        ("glue", "GetTables"),
        ("glue", "GetDatabases"),
        ("athena", "ListWorkGroups"),
    ),
    "GeoScience": (
        ("athena", "StartQueryExecution"),
        ("athena", "GetQueryResults"),
        ("s3", "ListObjectsV2"),
        ("sagemaker", "ListNotebookInstances"),
        ("sagemaker", "DescribeNotebookInstance"),
        ("glue", "GetTables"),
    ),
    "iam": (
        ("ec2", "DescribeInstances"),
        ("ssm", "DescribeInstanceInformation"),
        ("ssm", "StartSession"),
        ("ssm", "TerminateSession"),
        ("ssm", "GetParameter"),
    ),
}
UA_CTR_BOTO = (
    "Boto3/1.33.13 md/Botocore#1.33.13 ua/2.0 os/linux#6.5.0-14-generic md/arch#x86_64 "
    "lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.33.13"
)


@dataclass(frozen=True)
class Place:
    block: str
    address: str
    offset: float  # hours from Perth time to local time
    active: bool


def where(seed: int, p: o.Person, day: dt.date, cal: o.Calendar) -> Place:
    """Where a person works from on a day, and whether they touch AWS at all."""
    rng = o.rng_for(seed, "active", p.name, day)
    if p.crew is not None:
        if cal.on_site(p, day):
            if p.site == "site_a" and cal.cyclone(day):
                return Place(p.site, "", 0, False)  # sheltering: the site is shut
            addr = rng.choice(o.site_egress(seed, p.site or "", day, cal))
            return Place(p.site or "", addr, 0, rng.random() < 0.9)
        return Place(p.home, o.home_address(seed, p, day), 0, rng.random() < 0.35)
    if cal.travelling(p, day):
        addr = o.BLOCKS["vancouver_hotel"].address(o.rng_for(seed, "hotel", p.name))
        return Place("vancouver_hotel", addr, -16, rng.random() < 0.8)
    if p.start is not None and day < p.start:
        return Place(p.home, "", 0, False)
    if not o.workday(day):
        return Place(p.home, o.home_address(seed, p, day), 0, rng.random() < 0.08)
    if p.home == "perth_office":
        addr = o.BLOCKS["perth_office"].address(o.rng_for(seed, "office", p.name))
        return Place(p.home, addr, 0, rng.random() < 0.92)
    return Place(p.home, o.home_address(seed, p, day), 0, rng.random() < 0.85)


def identity(trail: Trail, p: o.Person, account: str, t: dt.datetime, key: str) -> Session:
    if p.kind == "iam":
        return trail.user(account, p.name, key)
    role, name = o.sso_session(p)
    return trail.role_session(account, role, name, t, key=key)


def user_key(p: o.Person) -> str:
    return (
        "AKIA"
        + o.rng_for(0, "akia", p.name).choice("QRSTUVWXYZ")
        + "".join(
            o.rng_for(0, "akia", p.name, i).choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            for i in range(15)
        )
    )


def draw_person(trail: Trail, seed: int, p: o.Person, cal: o.Calendar) -> None:
    """A person's sessions over the trail: a few bursts a working day."""
    account = o.ACCOUNTS[p.account]
    apis = APIS["iam" if p.kind == "iam" else p.permission_set]
    for day in cal.drawn:
        place = where(seed, p, day, cal)
        if not place.active:
            continue
        rng = o.rng_for(seed, "person", p.name, day)
        volume = cal.close_volume(day) if p.permission_set == "FinanceAnalyst" else 1
        shift = (5.5, 17.5) if p.crew and place.block.startswith("site") else (7.5, 17.0)
        for b in range(rng.randint(1, 3)):
            start = o.at(day, shift[0] + rng.random() * (shift[1] - shift[0]) - place.offset, rng)
            key = user_key(p) if p.kind == "iam" else trail.key()
            who = identity(trail, p, account, start, key)
            console = p.console and b == 0
            ua = _ua(p, console, p.kind == "iam" and p.name == "ctr-pnguyen")
            if console:
                _console_login(trail, who, start, place.address, ua)
            for k in range(rng.randint(4, 14) * volume):
                svc, api = rng.choice(apis)
                t = start + dt.timedelta(
                    seconds=30 + k * rng.randrange(10, 200) // max(1, volume // 3)
                )
                call_ua = (
                    ua if console or "{cmd}" not in ua else ua.format(cmd=f"{svc}.{_cli(api)}")
                )
                error = "AccessDenied" if rng.random() < 0.02 else None
                trail.call(
                    who,
                    t,
                    svc,
                    api,
                    ip=place.address,
                    ua=call_ua,
                    error=error,
                    extra={"sessionCredentialFromConsole": "true"} if console else None,
                )


def _ua(p: o.Person, console: bool, script: bool) -> str:
    if script:
        return UA_CTR_BOTO
    if console:
        return o.UA_SAFARI if p.mac else o.UA_CHROME
    return o.UA_CLI_MAC if p.mac else o.UA_CLI_WIN


def _cli(api: str) -> str:
    out = "".join("-" + c.lower() if c.isupper() else c for c in api)
    return out.lstrip("-")


def _console_login(trail: Trail, who: Session, t: dt.datetime, ip: str, ua: str) -> str:
    """The federated sign-in (Okta -> Identity Center): MFA happened at the identity provider."""
    return trail.call(
        {k: v for k, v in who.identity.items() if k != "accessKeyId"},
        t,
        "signin",
        "ConsoleLogin",
        ip=ip,
        ua=ua,
        response={"ConsoleLogin": "Success"},
        read_only=False,
        extra={
            "additionalEventData": {
                "MobileVersion": "No",
                "MFAUsed": "No",
                "LoginTo": "https://console.aws.amazon.com/console/home",
            },
            "eventType": "AwsConsoleSignIn",
        },
    )


def draw_people(trail: Trail, seed: int, cal: o.Calendar, scale: float) -> None:
    people = list(o.PEOPLE)
    if scale >= 0.5:  # the larger organisation has a second Perth platform engineer on call
        people.append(o.Person("ben.ashby", "sso", "PlatformAdmin", "ot-data", "home_perth_iinet"))
    for p in people:
        draw_person(trail, seed, p, cal)
    newbie = o.Person(**{**o.NEW_CONTRACTOR.__dict__, "start": cal.s(0)})
    draw_person(trail, seed, newbie, cal)

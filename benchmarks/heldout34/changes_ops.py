"""The benign changes B3 and B6...B11: IT's own work, the Lambda runtime upgrade, a vendor's
new region, travel, the Starlink move and a new volunteer cohort."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout34.background import at, person_day
from benchmarks.heldout34.changes import day_span
from benchmarks.heldout34.cloudtrail import GLOBAL, UA, Trail
from benchmarks.heldout34.identity import sso_mint
from benchmarks.heldout34.org import DATA, OPS, PROVIDER, REG, Org, Person, cli
from benchmarks.heldout34.truth import Truth


def b7_rotation(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, admin: Person
) -> str:
    """The Kobo server's seven-year-old IAM key finally rotated: a new key, the server
    switched, the old key made inactive. Returns the new key."""
    user = org.users["svc-kobo-sync"]
    ip = org.ips.get("office:gva_office") or org.addr.pick("gva_office")
    t0 = at(day, 8.5 + rng.random())
    s = sso_mint(
        trail, t0, org.sso(REG, "ITAdmin"), admin.email, ip, UA["chrome"], PROVIDER, console=True
    )
    new = trail.ident("AKIA")
    trail.call(
        t0 + dt.timedelta(minutes=2),
        REG,
        s.ident(),
        "iam.amazonaws.com",
        "ListAccessKeys",
        GLOBAL,
        ip,
        UA["chrome"],
        read=True,
        req={"userName": user.name},
    )
    trail.call(
        t0 + dt.timedelta(minutes=3),
        REG,
        s.ident(),
        "iam.amazonaws.com",
        "CreateAccessKey",
        GLOBAL,
        ip,
        UA["chrome"],
        read=False,
        req={"userName": user.name},
        resp={"accessKey": {"userName": user.name, "accessKeyId": new, "status": "Active"}},
    )
    trail.call(
        at(day, 10.5),
        REG,
        s.ident(),
        "iam.amazonaws.com",
        "UpdateAccessKey",
        GLOBAL,
        ip,
        UA["chrome"],
        read=False,
        req={"userName": user.name, "accessKeyId": user.keys[0], "status": "Inactive"},
    )
    truth.add(
        "B7",
        "the Kobo server's old IAM key rotated",
        "benign",
        "low",
        t0,
        at(day, 24),
        principal=user.arn,
    )
    truth.add(
        "B7",
        "the Kobo server's old IAM key rotated",
        "benign",
        "low",
        t0,
        at(day, 11),
        principal=s.arn,
    )
    return new


def b11_review(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, admin: Person
) -> None:
    """IT's quarterly IAM access review, account by account, with the CLI from the office."""
    ip = org.ips.get("office:gva_office") or org.addr.pick("gva_office")
    for i, account in enumerate((OPS, REG, DATA)):
        t0 = t = at(day, 12 + i * 0.7 + rng.random() * 0.2)
        s = sso_mint(
            trail,
            t,
            org.sso(account, "ITAdmin"),
            admin.email,
            ip,
            cli("cli_mac", "sso.login"),
            PROVIDER,
            console=False,
        )
        for name in [
            "GenerateCredentialReport",
            "GetCredentialReport",
            "ListUsers",
            "ListRoles",
            "ListPolicies",
        ] + [
            "ListAccessKeys",
            "GetAccessKeyLastUsed",
            "ListAttachedUserPolicies",
            "ListMFADevices",
        ] * 5:
            t += dt.timedelta(seconds=rng.randint(1, 5))
            trail.call(
                t,
                account,
                s.ident(),
                "iam.amazonaws.com",
                name,
                GLOBAL,
                ip,
                cli("cli_mac", f"iam.{name.lower()}"),
                read=True,
            )
        truth.add(
            "B11",
            "IT's quarterly IAM access review",
            "benign",
            "low",
            t0,
            t + dt.timedelta(minutes=5),
            principal=s.arn,
        )


def b9_runtime(
    trail: Trail,
    org: Org,
    truth: Truth,
    day: dt.date,
    last: dt.date,
    rng: random.Random,
    dev: Person,
) -> None:
    """The submit function moved from Python 3.9 to 3.12 with SAM: a CloudFormation change
    set, CloudFormation updating the function for its caller; every call's agent changes."""
    ip = org.addr.pick(dev.home)
    t0 = at(day, 3.5)
    s = sso_mint(
        trail, t0, org.sso(REG, dev.pset), dev.email, ip, UA["sam"], PROVIDER, console=False
    )
    t = t0
    for name in ("CreateChangeSet", "DescribeChangeSet", "ExecuteChangeSet", "DescribeStackEvents"):
        t += dt.timedelta(seconds=rng.randint(5, 40))
        trail.call(
            t,
            REG,
            s.ident(),
            "cloudformation.amazonaws.com",
            name,
            "af-south-1",
            ip,
            UA["sam"],
            read=name.startswith("Describe"),
            req={"stackName": "reg-app"},
        )
    for name in ("UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2"):
        t += dt.timedelta(seconds=5)
        trail.call(
            t,
            REG,
            s.ident("cloudformation.amazonaws.com"),
            "lambda.amazonaws.com",
            name,
            "af-south-1",
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            read=False,
            req={"functionName": "reg-submit", "runtime": "python3.12"},
        )
    truth.add(
        "B9",
        "submit Lambda moved to Python 3.12 with SAM",
        "benign",
        "low",
        t0,
        t + dt.timedelta(minutes=5),
        principal=s.arn,
    )
    truth.add(
        "B9",
        "submit Lambda moved to Python 3.12 with SAM",
        "benign",
        "low",
        *day_span(day, last),
        principal=org.roles["submit"].arn,
    )


def b6_region(truth: Truth, org: Org, days: list[dt.date]) -> None:
    truth.add(
        "B6",
        "donor-CRM sync moved to the vendor's eu-west-1 region",
        "benign",
        "low",
        *day_span(days[0], days[-1]),
        principal=org.roles["vendor"].arn,
    )


def b3_starlink(truth: Truth, org: Org, days: list[dt.date], staff: list[Person]) -> None:
    for person in staff:
        s = org.sso(REG if person.pset != "DataAnalyst" else DATA, person.pset)
        truth.add(
            "B3",
            "Cox's Bazar office moved to Starlink",
            "benign",
            "low",
            *day_span(days[0], days[-1]),
            principal=f"arn:aws:sts::{s.account}:assumed-role/{s.name}/{person.email}",
        )


def b8_travel(
    trail: Trail, org: Org, truth: Truth, day: dt.date, rng: random.Random, person: Person
) -> None:
    person.travel[day] = "hotel_dubai"
    s = person_day(trail, org, person, day, rng, {}, calls=rng.randint(12, 25))
    assert s is not None
    truth.add(
        "B8",
        "Amman programme manager at a donor conference in Dubai",
        "benign",
        "low",
        *day_span(day),
        principal=s.arn,
    )


def b10_volunteers(
    trail: Trail,
    org: Org,
    truth: Truth,
    day: dt.date,
    last: dt.date,
    rng: random.Random,
    emails: list[str],
) -> None:
    for i, email in enumerate(emails):
        person = Person(
            email,
            "remote",
            "DataAnalyst",
            "console",
            "firefox",
            ["vol_in", "vol_ke", "vol_uk"][i % 3],
        )
        d = day
        while d <= last:
            s = person_day(
                trail,
                org,
                person,
                d,
                rng,
                {},
                calls=rng.randint(16, 40),
                hours=(14 + rng.random() * 3, 20),
            )
            d += dt.timedelta(days=1)
        assert s is not None
        truth.add(
            "B10",
            "a new cohort of volunteer analysts onboarded",
            "benign",
            "low",
            *day_span(day, last),
            principal=s.arn,
        )

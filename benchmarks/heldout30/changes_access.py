"""The benign changes of people's access: the external auditors' read-only week (B6), a cloud
engineer's first CloudShell (B10), a new engineer on the partner's rota (B11)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout30.incident import (
    CLOUDSHELL,
    end_of,
    person,
    row,
    run,
    sso_principal,
    start_of,
)
from benchmarks.heldout30.org import ACCOUNTS, NETS, Person, sso_role
from benchmarks.heldout30.people import PARTNER_CLI, SSO_PATH, partner_session, sso_session, work
from benchmarks.heldout30.world import EDGE, World

AUDITORS = (
    Person(
        "e.vermeulen@rijnland-audit.nl",
        "auditor",
        "AuditReadOnly",
        tuple(ACCOUNTS),
        "",
        False,
        False,
    ),
    Person(
        "k.aydin@rijnland-audit.nl", "auditor", "AuditReadOnly", tuple(ACCOUNTS), "", False, False
    ),
)


def b6_auditors(world: World) -> None:
    """The accountant's IT auditors' read-only week, from their office, three accounts a day."""
    visited: set[tuple[str, str]] = set()
    for day in [d for d in world.scored if d >= world.slot(1)]:
        for p in AUDITORS:
            for account in world.rng.sample(sorted(ACCOUNTS), 3):
                acct = ACCOUNTS[account]
                t = world.at(day, world.rng.uniform(8, 14))
                ip = world.rng.choice(NETS["auditor"].addresses)
                s, _ = sso_session(world, p, acct, t, ip, cli=False, ua=EDGE)
                work(
                    world,
                    s,
                    "windows#10",
                    t,
                    ip,
                    "AuditReadOnly",
                    world.rng.randint(20, 45),
                    cli=False,
                    ua=EDGE,
                )
                visited.add((p.user, acct))
    for user, acct in sorted(visited):
        role = sso_role(acct, "AuditReadOnly")
        row(
            world,
            "B6",
            "external IT auditors' read-only week in every account",
            "benign",
            start_of(world.slot(1)),
            end_of(world.scored[-1]),
            principal=f"arn:aws:sts::{acct}:assumed-role/{role}/{user}",
            severity="low",
        )


def b10_cloudshell(world: World) -> None:
    day = world.slot(4)
    p = person(world, "cloud", 2)
    acct = ACCOUNTS["permits"]
    ip, t = world.laptop_ip(p, day), world.at(day, 12.5, 10)
    s, _ = sso_session(world, p, acct, t, ip, cli=False)
    _, opened_at = run(
        world,
        s,
        t,
        ip,
        EDGE,
        [
            ("cloudshell", "CreateEnvironment", None, None),
            ("cloudshell", "CreateSession", None, None),
        ],
    )
    shell = world.trail.role_session(
        acct, s.identity["arn"].split("/")[1], p.user, opened_at, path=SSO_PATH
    )
    _, end = run(
        world,
        shell,
        opened_at,
        "3.122.9.9",
        CLOUDSHELL,
        [
            ("ecs", "DescribeServices", None, None),
            ("ecs", "ListTasks", None, None),
            ("logs", "FilterLogEvents", None, None),
            ("ecs", "DescribeTasks", None, None),
        ],
        gap=(20, 120),
    )
    row(
        world,
        "B10",
        "a cloud engineer's first use of CloudShell during an incident call",
        "benign",
        t,
        end,
        principal=sso_principal(s, p),
        severity="low",
    )


def b11_new_partner_engineer(world: World) -> None:
    day = world.slot(0)
    ip = NETS["partner-office"].addresses[2]
    for k, account in enumerate(("permits", "social", "contact")):
        acct = ACCOUNTS[account]
        t = world.at(day, 8.5 + 1.5 * k, 10)
        s, _events = partner_session(
            world, "s.vandenberg", acct, t, ip, world.rng.randint(6, 14), ua=PARTNER_CLI
        )
        row(
            world,
            "B11",
            "a new engineer on the partner's rota: first sessions in three accounts",
            "benign",
            t,
            t + dt.timedelta(hours=1),
            key=s.key or "",
            ips=ip,
            severity="low",
        )

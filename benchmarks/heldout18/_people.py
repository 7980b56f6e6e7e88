"""People signing in through Entra ID to IAM Identity Center: working days from the office or
home (DHCP leases), console sessions (AssumeRoleWithSAML, ConsoleLogin) and CLI sessions
(GetRoleCredentials), the calls of their permission set."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np

from benchmarks.heldout18 import _org as org
from benchmarks.heldout18._background import Trail
from benchmarks.heldout18._net import NETS
from benchmarks.heldout18._record import credentials, ident, record, role_identity, saml_identity


def person_address(trail: Trail, p: org.Person, di: int, office: bool, hour: float) -> str:
    if office and p.office == "hq":
        moved = di > trail.plan.isp_move or (di == trail.plan.isp_move and hour >= 6)
        net = NETS["hq_globalconnect" if moved else "hq_telia"]
        return net.address(trail.rng("office-nat", net.cidr, int(hour * 7) % 2))
    if office:
        return NETS[p.office].address(trail.rng("office-nat", p.office, 0))
    lease = 5 + sum(map(ord, p.user)) % 5  # each home's DHCP lease period in days
    return NETS[p.home].address(trail.rng("home", p.user, di // lease))


def person_day(trail: Trail, p: org.Person, di: int) -> None:
    rng = trail.rng("p", p.user, di)
    plan, day = trail.plan, trail.plan.days[di]
    if di < trail.first(p.start_day):
        return
    chance = (
        0.04 if day.weekday() >= 5 else 0.15 if plan.holiday[0] <= di <= plan.holiday[1] else 0.93
    )
    if rng.random() > chance:
        return
    office = (day.weekday() in (1, 2, 3) and rng.random() < 0.8) or rng.random() < 0.2
    dst = (
        1 if day < dt.date(day.year, 10, 25) else 0
    )  # summer time until the last Sunday of October
    begin = rng.uniform(7.5, 9.5) - p.tz - dst
    length = rng.uniform(6.5, 9) if day.weekday() < 5 else rng.uniform(0.5, 2)
    account = p.accounts[0] if rng.random() < 0.7 else rng.choice(p.accounts)
    role = org.sso_role(p.permission_set)
    email = f"{p.user}@{org.DOMAIN}"
    start = trail.midnight(di) + dt.timedelta(hours=begin)
    ip = person_address(trail, p, di, office, begin)
    calls = trail.counts(
        np.array(
            [
                p.rate
                * length
                * (0.6 if p.user == org.NEW_HIRE and di == trail.first(p.start_day) else 1.0)
            ]
        ),
        p.user,
        di,
    )[0]
    sessions = []
    if rng.random() < p.console:
        sessions.append(console(trail, rng, p, account, role, email, start, ip, di))
    if not sessions or rng.random() < 0.6:
        sessions.append(
            cli(
                trail,
                rng,
                p,
                account,
                role,
                email,
                start + dt.timedelta(minutes=rng.randint(3, 40)),
                ip,
                di,
            )
        )
    quarter = plan.quarter_close[0] <= di <= plan.quarter_close[1] and p.permission_set == "Actuary"
    for _ in range(int(calls)):
        who, agent = rng.choice(sessions)
        t = trail.at(rng, start, length)
        if office and p.office == "hq":
            ip = person_address(trail, p, di, True, (t - trail.midnight(di)).total_seconds() / 3600)
        api = rng.choices(p.apis, [1.0 / (i + 1) for i in range(len(p.apis))])[0]
        repeat = 15 if quarter and api.startswith("athena:") else 1
        for _ in range(repeat):
            trail.add(
                rng,
                t,
                account,
                api,
                who,
                ip,
                agent.format(cmd=api.replace(":", ".")),
                deny=0.02,
            )
            t += dt.timedelta(seconds=rng.uniform(5, 90))


def console(
    trail: Trail,
    rng: random.Random,
    p: org.Person,
    account: str,
    role: str,
    email: str,
    t: dt.datetime,
    ip: str,
    di: int,
    browser: str | None = None,
) -> tuple[dict[str, Any], str]:
    """AssumeRoleWithSAML through the Identity Center application, then ConsoleLogin."""
    key = "ASIA" + ident("console", trail.seed, p.user, account, di, ip)
    agent = browser or org.BROWSERS[p.os]
    params = {
        "roleArn": f"arn:aws:iam::{account}:role{org.SSO_PATH}{role}",
        "principalArn": f"arn:aws:iam::{account}:saml-provider/{org.SAML_PROVIDER}",
        "durationSeconds": 43200,
    }
    response = {
        "credentials": credentials(key, t, 12),
        "subject": email,
        "assumedRoleUser": {"arn": f"arn:aws:sts::{account}:assumed-role/{role}/{email}"},
    }
    trail.records.append(
        record(
            rng,
            t,
            account,
            "eu-north-1",
            "sts",
            "AssumeRoleWithSAML",
            saml_identity(account, email, org.SAML_PROVIDER),
            ip,
            agent,
            params=params,
            response=response,
        )
    )
    who = role_identity(account, role, email, key, t, path=org.SSO_PATH)
    login = record(
        rng,
        t + dt.timedelta(seconds=3),
        account,
        "eu-north-1",
        "signin",
        "ConsoleLogin",
        who,
        ip,
        agent,
        response={"ConsoleLogin": "Success"},
    )
    login["additionalEventData"] = {
        "MobileVersion": "No",
        "MFAUsed": "No",
        "LoginTo": "https://console.aws.amazon.com/console/home",
    }
    trail.records.append(login)
    return who, agent


def cli(
    trail: Trail,
    rng: random.Random,
    p: org.Person,
    account: str,
    role: str,
    email: str,
    t: dt.datetime,
    ip: str,
    di: int,
) -> tuple[dict[str, Any], str]:
    """The CLI's Identity Center sign-in: GetRoleCredentials, then the role session's key."""
    key = "ASIA" + ident("cli", trail.seed, p.user, account, di)
    agent = org.CLIS[p.os]
    sso = {
        "type": "Unknown",
        "principalId": ident("sso-user", p.user, n=20),
        "accountId": account,
        "userName": email,
    }
    trail.records.append(
        record(
            rng,
            t,
            account,
            "eu-north-1",
            "sso",
            "GetRoleCredentials",
            sso,
            ip,
            agent.format(cmd="sso.login"),
            params={
                "roleName": role[len("AWSReservedSSO_") :].rsplit("_", 1)[0],
                "accountId": account,
            },
        )
    )
    return role_identity(account, role, email, key, t, path=org.SSO_PATH), agent

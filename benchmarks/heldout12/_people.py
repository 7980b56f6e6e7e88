"""People federated from Entra ID by SAML into shared roles: a console sign-in (MFA happens at
the identity provider, so ``MFAUsed`` is ``No``) and console browsing with its session key,
and the CLI through saml2aws (``AssumeRoleWithSAML``, then the CLI with the minted key)."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.heldout12 import _org, _trail
from benchmarks.heldout12._background import Day, calls
from benchmarks.heldout12._trail import Record


def saml_session(
    d: Day,
    r: random.Random,
    p: _org.Person,
    start: dt.datetime,
    ip: str,
    ua: str,
    *,
    account: str | None = None,
    role: str | None = None,
) -> tuple[str, Record]:
    """``AssumeRoleWithSAML`` from ``ip``; the minted key and the session's identity."""
    acct, role = account or p.account, role or p.role
    k = _trail.key(r)
    response = {
        "credentials": {"accessKeyId": k, "sessionToken": "<redacted>", "expiration": _trail.iso(start + dt.timedelta(hours=8))},
        "assumedRoleUser": {"assumedRoleId": f"{_trail.role_id(acct, role)}:{p.upn}", "arn": f"arn:aws:sts::{acct}:assumed-role/{role}/{p.upn}"},
        "subject": p.upn, "subjectType": "persistent", "issuer": "https://sts.windows.net/5f0c7d2e-9b1a-4c3d-8e6f-2a7b9c0d1e4f/",
        "audience": "https://signin.aws.amazon.com/saml", "nameQualifier": "Yp3vQ0mZt8tK4b2yX1cL9sH6fE=",
    }  # fmt: skip
    request = {
        "roleArn": _org.role_arn(acct, role),
        "principalArn": _org.saml_provider(acct),
        "durationSeconds": 28800,
    }
    d.out.append(_trail.record(r, start, "sts:AssumeRoleWithSAML", _trail.saml(acct, p.upn), account=acct,
                               region=_org.CA, ip=ip, ua=ua, request=request, response=response))  # fmt: skip
    return k, _trail.assumed(acct, role, p.upn, k, start)


def console_login(
    d: Day, r: random.Random, p: _org.Person, when: dt.datetime, ip: str, ident: Record, ua: str
) -> None:
    acct = ident["accountId"]
    d.out.append(_trail.record(
        r, when, "signin:ConsoleLogin", {k: v for k, v in ident.items() if k != "accessKeyId"},
        account=acct, region="us-east-1", ip=ip, ua=ua, event_type="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No", "SamlProviderArn": _org.saml_provider(acct)}},
    ))  # fmt: skip


def work(
    d: Day,
    r: random.Random,
    p: _org.Person,
    start: dt.datetime,
    hours: float,
    ip: str,
    n: int,
    *,
    account: str | None = None,
    role: str | None = None,
    apis: tuple[str, ...] = (),
    cli_ip: str | None = None,
) -> None:
    """A stretch of work: console (sign-in, browsing) and, for CLI users, saml2aws and the CLI."""
    apis = apis or p.apis
    console_n = n - int(n * p.cli_share)
    _, ident = saml_session(d, r, p, start, ip, p.browser, account=account, role=role)
    console_login(d, r, p, start + dt.timedelta(seconds=3), ip, ident, p.browser)
    acct = ident["accountId"]
    calls(d, r, ident, apis, console_n, account=acct, region=_org.CA, ip=ip, ua=p.browser,
          start=start + dt.timedelta(seconds=20), minutes=hours * 60, console=True, denied=0.02)  # fmt: skip
    if n - console_n > 0:
        cli_start = start + dt.timedelta(minutes=r.uniform(5, 40))
        where = cli_ip or ip
        _, cli_ident = saml_session(
            d, r, p, cli_start, where, _org.SAML2AWS, account=account, role=role
        )
        calls(d, r, cli_ident, apis, n - console_n, account=acct, region=_org.CA, ip=where, ua=p.cli,
              start=cli_start + dt.timedelta(seconds=5), minutes=hours * 50, denied=0.02)  # fmt: skip


def where_from(d: Day, r: random.Random, p: _org.Person) -> str:
    """Office or home; storm-response supervisors some days from a truck."""
    if p.role == "EntraID-StormResponse" and r.random() < 0.2:
        return _org.NETS[r.choice(_org.STORM_CELL[p.office])].at(r.randrange(10**6))
    if p.office in ("hq", "akron") and d.weekday and r.random() < 0.55:
        return _org.NETS[p.office].at(30)
    home = _org.NETS[p.home]
    return home.at(hash_lease(d, p))


def hash_lease(d: Day, p: _org.Person) -> int:
    """A home address, re-leased inside the ISP every week or so."""
    return _trail.rng(d.seed, "lease", p.upn, d.date.toordinal() // 8).randrange(10**6)


def people_day(d: Day, skip: set[str] | frozenset[str] = frozenset()) -> None:
    for p in _org.PEOPLE:
        if p.upn.split("@")[0] in skip:
            continue
        r = d.rng("person", p.upn)
        if r.random() > (0.85 if d.weekday else 0.08):
            continue
        local_start = r.uniform(7.5, 10.0)
        start = d.at(local_start - p.tz_hours)
        ip = where_from(d, r, p)
        cli_ip = _org.WORKSPACES_NAT if p.office == "workspaces" else None
        work(d, r, p, start, r.uniform(3, 8), ip, d.count(r, 25) + 3, cli_ip=cli_ip)


def storm_day(d: Day) -> list[str]:
    """The storm: every storm-response supervisor and field engineer from trucks on cellular
    networks, from several towns over the day (one sign-in per town). Returns the addresses."""
    used = []
    crew = [p for p in _org.PEOPLE if p.role in ("EntraID-StormResponse", "EntraID-FieldEngineer")]
    for p in crew:
        r = d.rng("storm", p.upn)
        office = "akron" if p.home in ("home_comcast", "home_rcn") else "hq"
        for stop in range(r.randrange(3, 6)):
            ip = _org.NETS[r.choice(_org.STORM_CELL[office])].at(r.randrange(10**6))
            used.append(ip)
            start = d.at(10 + stop * 2.5 + r.uniform(0, 1))
            cli_ip = _org.WORKSPACES_NAT if p.office == "workspaces" else None
            work(d, r, p, start, 2.0, ip, d.count(r, 12) + 2, cli_ip=cli_ip, apis=p.apis)
    return used

"""Researchers and staff on IAM Identity Center: sign-in events in the management account,
permission-set role sessions in the member accounts, console and CLI, a working day each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout13._net import NETS
from benchmarks.heldout13._staff import API, PEOPLE, SETS, SSO_PATH, Person
from benchmarks.heldout13._trail import (
    Ident,
    assumed,
    key,
)
from benchmarks.heldout13._world import (
    LAB_ADEYEMI,
    LAKE,
    SHARED,
    THANKSGIVING,
    UA,
    World,
    at,
    lake_bucket,
    s3_params,
    s3_resources,
    weekday,
)


def sso_role(permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{SETS[permission_set]}"


def sso_principal(account: str, permission_set: str, user: str) -> str:
    """The principal ARN ``ueba`` learns an Identity Center person by (docs/enrichment-identity.md)."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(permission_set)}/{user}"


def session(
    account: str,
    permission_set: str,
    user: str,
    access_key: str,
    t: dt.datetime,
    *,
    console: bool = False,
) -> Ident:
    return assumed(
        account,
        sso_role(permission_set),
        user,
        access_key,
        path=SSO_PATH,
        created=t,
        console=console,
    )


def signin(
    w: World, user: str, t: dt.datetime, ip: str, agent: str, *, mfa: str | None = "WEBAUTHN"
) -> list[str]:
    """The Identity Center sign-in as the management account logs it: the password challenge,
    the second factor (``mfa``; None = none asked), ``UserAuthentication``. Returns event ids."""
    ident: Ident = {
        "type": "Unknown",
        "principalId": f"{SHARED}:{user}",
        "accountId": SHARED,
        "userName": user,
    }
    steps = [("CredentialChallenge", "PASSWORD"), ("CredentialVerification", "PASSWORD")]
    if mfa:
        steps += [("CredentialChallenge", mfa), ("CredentialVerification", mfa)]
    out = []
    for i, (name, kind) in enumerate([*steps, ("UserAuthentication", mfa or "PASSWORD")]):
        data: dict[str, Any] = {
            "CredentialType": kind,
            "AuthWorkflowID": f"wf-{int(t.timestamp()) % 10**8}",
        }
        if name == "UserAuthentication":
            data = {"LoginTo": "https://ashgrove.awsapps.com/start", "CredentialType": kind}
        out.append(
            w.trail.emit(
                SHARED,
                "us-east-1",
                t + dt.timedelta(seconds=4 * i),
                "signin.amazonaws.com",
                name,
                ident,
                ip,
                agent,
                response={name: "Success"},
                extra={"additionalEventData": data, "serviceEventDetails": {name: "Success"}},
                event_type="AwsServiceEvent"
                if name.startswith("Credential")
                else "AwsConsoleSignIn",
            )
        )
    return out


def console_login(
    w: World, account: str, pset: str, user: str, t: dt.datetime, ip: str, agent: str
) -> str:
    ident = session(account, pset, user, "", t)
    ident.pop("accessKeyId")
    return w.trail.emit(
        account,
        "us-east-1",
        t,
        "signin.amazonaws.com",
        "ConsoleLogin",
        ident,
        ip,
        agent,
        response={"ConsoleLogin": "Success"},
        event_type="AwsConsoleSignIn",
        extra={
            "additionalEventData": {
                "MobileVersion": "No",
                "MFAUsed": "No",
                "LoginTo": f"https://{'us-east-1.' if account else ''}console.aws.amazon.com/console/home",
            }
        },
    )


def where(w: World, p: Person, day: dt.date) -> str:
    """The person's address on ``day``: campus NAT on campus days, else home (a DHCP lease
    that moves once a fortnight)."""
    if day.weekday() in p.campus_days:
        return NETS[p.campus].host(10 + day.toordinal() % 3)
    net, host = p.home
    return NETS[net].host(host + (day.toordinal() // 14) % 2)


def work(
    w: World,
    p: Person,
    day: dt.date,
    *,
    ip: str | None = None,
    apis: list[tuple[str, str]] | None = None,
    hours: tuple[float, float] = (9, 17.5),
    mfa: str = "WEBAUTHN",
    calls: float = 35,
) -> None:
    """A person's working day: one sign-in, then console or CLI sessions in their accounts."""
    rng = w.rng("person", p.user, day)
    ip = ip or where(w, p, day)
    start = at(day, rng.uniform(*hours) - p.offset - 1.5 * rng.random())
    signin(w, p.user, start, ip, UA[p.browser], mfa=mfa)
    for account, pset, region in p.sets:
        if account == LAB_ADEYEMI and day < w.s(0):
            continue
        if len(p.sets) > 1 and rng.random() < 0.3:
            continue
        t = start + dt.timedelta(minutes=rng.uniform(1, 180))
        console = rng.random() < p.console
        if console:
            console_login(w, account, pset, p.user, t, ip, UA[p.browser])
            agent = UA[p.browser]
        else:
            w.trail.emit(
                SHARED,
                "us-east-1",
                t,
                "sso.amazonaws.com",
                "GetRoleCredentials",
                {
                    "type": "Unknown",
                    "principalId": f"{SHARED}:{p.user}",
                    "accountId": SHARED,
                    "userName": p.user,
                },
                ip,
                UA[p.cli],
                params={"accountId": account, "roleName": pset},
            )
            agent = UA[p.cli]
        ident = session(account, pset, p.user, key(rng), t, console=console)
        for _ in range(w.n(calls, rng)):
            source, api = rng.choice(apis or API[p.apis])
            tc = t + dt.timedelta(minutes=rng.uniform(1, 240))
            err = (
                ("AccessDenied", f"User is not authorized to perform: {api}")
                if rng.random() < 0.02
                else None
            )
            bucket = lake_bucket(region)
            if api == "GetObject":
                obj = f"results/{p.user}/{rng.randrange(10**5)}.csv"
                w.trail.emit(
                    LAKE,
                    region,
                    tc,
                    source,
                    api,
                    ident,
                    ip,
                    agent,
                    params=s3_params(bucket, obj),
                    extra=s3_resources(LAKE, bucket, obj),
                    data=True,
                    error=err,
                )
            else:
                w.trail.emit(account, region, tc, source, api, ident, ip, agent, error=err)


def people(w: World, day: dt.date) -> None:
    for p in PEOPLE:
        if w.changes.get(f"away:{p.user}") and w.changes[f"away:{p.user}"][0].date() <= day:
            continue
        rng = w.rng("works", p.user, day)
        off = not weekday(day) or (
            p.offset < 0 and day in (THANKSGIVING, THANKSGIVING + dt.timedelta(days=1))
        )
        if p.user == "omar.adeyemi" and day < w.s(0):
            continue
        if w.on(f"travel:{p.user}", at(day, 12)):
            continue  # the conference days are drawn by the benign change
        if (off and rng.random() < 0.9) or rng.random() > p.active:
            continue
        work(w, p, day)

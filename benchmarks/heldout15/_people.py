"""People on IAM Identity Center: sign-in with a security key, permission-set sessions in the
console or the CLI, home addresses that the ISP re-leases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org, params
from benchmarks.heldout15._records import assumed, credentials, role_arn


def home(org: Org, person: o.Person, day: dt.date) -> str:
    """A person's home address, re-leased by the ISP about once a week."""
    week = (day.toordinal() + hash_of(person.user)) // 7
    if (person.user, week) not in org.homes:
        org.homes[(person.user, week)] = org.addr.net(f"{person.city}-home")
    return org.homes[(person.user, week)]


def hash_of(text: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(text)) % 97


def sign_in(org: Org, person: o.Person, t: float, ip: str, ua: str) -> None:
    """Identity Center sign-in with the person's security key, in the management account."""
    who = {
        "type": "IdentityCenterUser",
        "accountId": o.MGMT,
        "onBehalfOf": {
            "userId": person.user,
            "identityStoreArn": "arn:aws:identitystore::731204560011:identitystore/d-9667b0e1c2",
        },
        "credentialId": org.trail.uid(),
    }
    for step, extra in (
        ("CredentialChallenge", {"CredentialType": "WEBAUTHN"}),
        ("CredentialVerification", {"CredentialType": "WEBAUTHN"}),
        ("UserAuthentication", {"AuthWorkflowID": org.trail.uid(), "CredentialType": "WEBAUTHN"}),
    ):
        org.trail.add(
            t,
            who,
            f"signin:{step}",
            account=o.MGMT,
            region=o.SG,
            ip=ip,
            ua=ua,
            event_type="AwsServiceEvent",
            extra={
                "serviceEventDetails": {"CredentialChallenge": "Success"},
                "additionalEventData": extra,
            },
        )
        t += 3


def sso_session(
    org: Org,
    person: o.Person,
    t: float,
    ip: str,
    permission_set: str,
    account: str,
    *,
    console: bool,
    ua: str | None = None,
    hours: float = 1.0,
    n: int | None = None,
    apis: tuple[str, ...] | None = None,
    region: str = o.SG,
) -> dict[str, Any]:
    """A permission-set session: the SAML federation into the account, then the person's calls."""
    role = o.sso_role(permission_set)
    rid, key = org.role_id(account, role), org.trail.key()
    arn = f"arn:aws:sts::{account}:assumed-role/{role}/{person.user}"
    saml = {
        "type": "SAMLUser",
        "principalId": f"{o.SSO_SUFFIX[permission_set]}:{person.user}",
        "userName": person.user,
        "identityProvider": f"arn:aws:iam::{account}:saml-provider/AWSSSO_2f4c6e8a0b1d3f57_DO_NOT_DELETE",
    }
    browser = o.CONSOLE_WIN if person.windows else o.CONSOLE
    client = ua or (browser if console else (o.CLI_LINUX if person.windows else o.CLI_MAC))
    org.trail.add(
        t,
        saml,
        "sts:AssumeRoleWithSAML",
        account=account,
        region=region,
        ip=ip,
        ua=client,
        params={
            "roleArn": role_arn(account, role),
            "principalArn": saml["identityProvider"],
            "durationSeconds": 3600 * 8,
        },
        response=credentials(key, t + 8 * 3600, arn, rid, person.user),
    )
    who = assumed(account, role, rid, person.user, key, t)
    extra = {"sessionCredentialFromConsole": "true"} if console else None
    if console:
        login = {k: v for k, v in who.items() if k != "accessKeyId"}
        org.trail.add(
            t + 2,
            login,
            "signin:ConsoleLogin",
            account=account,
            region=o.SG,
            ip=ip,
            ua=client,
            event_type="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                }
            },
        )
    count = n if n is not None else int(org.rng.poisson(14 * hours) + 2)
    picks = apis or person.apis
    for t_call in np.sort(org.rng.uniform(t + 5, t + hours * 3600, count)):
        api = picks[int(org.rng.integers(len(picks)))]
        fail = org.rng.random() < 0.02
        org.trail.add(
            float(t_call),
            who,
            api,
            account=account,
            region=region,
            ip=ip,
            ua=client.format(cmd=api.split(":")[0]),
            params=params(api, account, region),
            extra=extra,
            error=("AccessDenied", "User is not authorized to perform this operation")
            if fail
            else None,
        )
    return who


def person_day(
    org: Org, person: o.Person, day: dt.date, *, where: str | None = None, tz: int | None = None
) -> None:
    """A working day (or an on-call weekend day): sign-in, then one to three sessions."""
    rng = org.rng
    weekend = day.weekday() >= 5
    if (weekend and rng.random() > person.weekend) or (not weekend and rng.random() < 0.06):
        return
    city = where or person.city
    ip = (
        org.addr.net(f"{city}-office")
        if (where is None and not weekend and rng.random() < 0.55)
        else home(org, person, day)
    )
    if where is not None:
        ip = home(org, o.Person(person.user + city, city, 0, (), (), 0), day)
    local = 9.0 + float(rng.uniform(-1, 1.5))
    t = o.Clock.at(day, (local - (person.tz if tz is None else tz)) % 24)
    browser = o.CONSOLE_WIN if person.windows else o.CONSOLE
    sign_in(org, person, t, ip, browser)
    for s in range(int(rng.integers(1, 4 if not weekend else 2))):
        permission_set, account = person.sets[int(rng.integers(len(person.sets)))]
        console = bool(rng.random() < person.console)
        sso_session(
            org,
            person,
            t + 60 + s * 3 * 3600,
            ip,
            permission_set,
            account,
            console=console,
            hours=float(rng.uniform(0.5, 2.5)),
        )

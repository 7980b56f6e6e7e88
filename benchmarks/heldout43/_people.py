"""Kawah Lestari Energi's people: Identity Center users signing in to the portal (with TOTP, in
the management account) and taking a permission set's role in a member account
(``AssumeRoleWithSAML``), then the console or the CLI; two IAM users who sign in to the console
with MFA. Working hours are Jakarta's (08:00-17:30 WIB), a few weekends, office or home."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout43._net import NETS
from benchmarks.heldout43._org import (
    BROWSER,
    GLOBAL,
    MAC_BROWSER,
    MGMT,
    PROD,
    REGION,
    SAML,
    Org,
    Person,
    cli,
    sso_role,
)
from benchmarks.heldout43._trail import Trail, role_ident, stable_id, user_ident

PORTAL = "https://kawahlestari.awsapps.com/start"
ISSUER = f"https://portal.sso.{REGION}.amazonaws.com/saml/assertion/MDA3YzJlOTFkMDRiM2E1ZjE4"


def where(person: Person, day: dt.date) -> str:
    """Her address on ``day``: the office's egress pool on office days, else her home's."""
    if day.weekday() in person.office_days:
        return NETS["office"].fixed(10 + person.host % 6)
    return NETS[person.home].fixed(person.host)


def portal_signin(trail: Trail, person: Person, t: dt.datetime, ip: str, ua: str) -> str:
    """Her Identity Center sign-in (password then TOTP), in the management account."""
    ident = {
        "type": "IdentityCenterUser",
        "accountId": MGMT,
        "onBehalfOf": {
            "userId": stable_id("", person.user).lower()[:12],
            "identityStoreArn": f"arn:aws:identitystore::{MGMT}:identitystore/d-9667b1c2e3",
        },
        "credentialId": stable_id("", "cred" + person.user).lower()[:20],
    }
    flow = trail.uuid()
    for step, kind in (("CredentialChallenge", "PASSWORD"), ("CredentialVerification", "TOTP")):
        trail.add(
            t,
            MGMT,
            REGION,
            ident,
            "signin",
            step,
            ip,
            ua,
            event_type="AwsServiceEvent",
            read_only=False,
            extra={
                "additionalEventData": {"AuthWorkflowID": flow, "CredentialType": kind},
                "serviceEventDetails": {step: "Success"},
            },
        )
        t += dt.timedelta(seconds=trail.rng.randint(4, 25))
    return trail.add(
        t,
        MGMT,
        REGION,
        ident,
        "signin",
        "UserAuthentication",
        ip,
        ua,
        event_type="AwsServiceEvent",
        read_only=False,
        extra={
            "additionalEventData": {
                "AuthWorkflowID": flow,
                "LoginTo": PORTAL,
                "CredentialType": "TOTP",
            },
            "serviceEventDetails": {"UserAuthentication": "Success"},
        },
    )


def sso_session(
    trail: Trail,
    person: Person,
    account: str,
    permission_set: str,
    t: dt.datetime,
    ip: str,
    ua: str,
    *,
    console: bool,
) -> tuple[str, str, dict[str, Any]]:
    """A permission set's role taken through the portal: (key, the AssumeRoleWithSAML's event
    ID, the identity of the session's calls)."""
    role = sso_role(permission_set)
    key = trail.key()
    caller = {
        "type": "SAMLUser",
        "principalId": f"{stable_id('', SAML)[:28]}:{person.user}",
        "userName": person.user,
        "identityProvider": ISSUER,
    }
    minted = trail.mint(
        t,
        account,
        REGION,
        caller,
        ip,
        ua,
        role,
        person.user,
        key,
        name="AssumeRoleWithSAML",
        params={
            "sAMLAssertionID": "_" + trail.uuid(),
            "durationSeconds": 43200,
            "principalArn": f"arn:aws:iam::{account}:saml-provider/{SAML}",
        },
        response={
            "subject": person.user,
            "subjectType": "persistent",
            "issuer": ISSUER,
            "audience": "https://signin.aws.amazon.com/saml",
        },
        hours=12,
    )
    ident = role_ident(account, role, person.user, key, t)
    if console:
        login = {k: v for k, v in ident.items() if k != "accessKeyId"}
        trail.add(
            t + dt.timedelta(seconds=2),
            account,
            REGION,
            login,
            "signin",
            "ConsoleLogin",
            ip,
            ua,
            event_type="AwsConsoleSignIn",
            read_only=False,
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "LoginTo": f"https://{REGION}.console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                }
            },
        )
    return key, minted, ident


def calls(
    trail: Trail,
    account: str,
    ident: dict[str, Any],
    t: dt.datetime,
    until: dt.datetime,
    ip: str,
    ua: str,
    apis: tuple[tuple[str, str], ...],
    n: int,
    *,
    console: bool,
    deny: float = 0.02,
) -> dt.datetime:
    """``n`` calls of ``apis`` spread between ``t`` and ``until``; the last one's time."""
    rng = trail.rng
    gap = max(1, int((until - t).total_seconds() / max(n, 1)))
    for _ in range(n):
        t += dt.timedelta(seconds=rng.randint(1, gap))
        svc, name = rng.choice(apis)
        region = GLOBAL if svc in ("iam", "organizations", "ce", "billing", "budgets") else REGION
        trail.add(
            t,
            account,
            region,
            ident,
            svc,
            name,
            ip,
            ua,
            console=console,
            error="AccessDenied" if rng.random() < deny else None,
        )
    return t


def workday(trail: Trail, org: Org, person: Person, day: dt.date) -> None:
    """One person's day, if she works it."""
    rng, plan = trail.rng, org.plan
    if day.weekday() >= 5 and rng.random() > person.weekend:
        return
    if day.weekday() < 5 and rng.random() < 0.06:  # leave, sick days
        return
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    t = start + dt.timedelta(hours=1, seconds=rng.randint(0, 5400))
    ip = where(person, day)
    ps = person.permission_set
    if ps == "DataAnalyst" and t >= plan.when("reorg"):
        ps = "DataPlatformAnalyst"  # B9
    browser = MAC_BROWSER if person.mac else BROWSER
    portal_signin(trail, person, t - dt.timedelta(seconds=40), ip, browser)
    ua = browser if person.console else cli("macos#24.1.0" if person.mac else "windows#10")
    _, _, ident = sso_session(trail, person, person.account, ps, t, ip, ua, console=person.console)
    end = start + dt.timedelta(hours=9, minutes=rng.randint(0, 90))
    calls(
        trail,
        person.account,
        ident,
        t,
        end,
        ip,
        ua,
        person.apis,
        rng.randint(6, 22),
        console=person.console,
    )


def console_user(
    trail: Trail,
    account: str,
    user: str,
    t: dt.datetime,
    ip: str,
    ua: str,
    *,
    mfa: bool,
) -> tuple[str, str, dict[str, Any]]:
    """An IAM user's console sign-in: (the console session's key, the ConsoleLogin's event ID,
    the identity of its calls)."""
    login = user_ident(account, user, None)
    event = trail.add(
        t,
        account,
        GLOBAL,
        login,
        "signin",
        "ConsoleLogin",
        ip,
        ua,
        event_type="AwsConsoleSignIn",
        read_only=False,
        response={"ConsoleLogin": "Success"},
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa else "No",
            }
        },
    )
    key = trail.key()
    ident = user_ident(account, user, key)
    ident["sessionContext"] = {
        "attributes": {
            "creationDate": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "mfaAuthenticated": str(mfa).lower(),
        }
    }
    return key, event, ident


FINANCE_APIS = (
    ("ce", "GetCostAndUsage"),
    ("ce", "GetCostForecast"),
    ("organizations", "ListAccounts"),
    ("budgets", "DescribeBudgets"),
)
HENDRA_APIS = (
    ("ec2", "DescribeInstances"),
    ("ssm", "DescribeInstanceInformation"),
    ("cloudwatch", "GetDashboard"),
    ("iot", "ListThings"),
)


def iam_users(trail: Trail, org: Org, day: dt.date) -> None:
    """The finance team's shared console user (Mon, Wed, Fri from the office) and the SCADA
    integrator's contractor (weekdays from Bandung), both with MFA."""
    rng = trail.rng
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if day.weekday() in (0, 2, 4):
        t = start + dt.timedelta(hours=2, seconds=rng.randint(0, 3600))
        ip = NETS["office"].fixed(11)
        _, _, ident = console_user(trail, MGMT, "finance-ops", t, ip, BROWSER, mfa=True)
        calls(
            trail,
            MGMT,
            ident,
            t,
            t + dt.timedelta(hours=1),
            ip,
            BROWSER,
            FINANCE_APIS,
            rng.randint(4, 10),
            console=True,
            deny=0.0,
        )
    if day.weekday() < 5 and rng.random() < 0.8:
        t = start + dt.timedelta(hours=1, seconds=rng.randint(0, 7200))
        ip = NETS["home_bdg"].fixed(200)
        _, _, ident = console_user(trail, PROD, "ext-hendra", t, ip, BROWSER, mfa=True)
        calls(
            trail,
            PROD,
            ident,
            t,
            t + dt.timedelta(hours=3),
            ip,
            BROWSER,
            HENDRA_APIS,
            rng.randint(5, 15),
            console=True,
        )

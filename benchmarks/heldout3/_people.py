"""People, only through IAM Identity Center: portal sign-in with MFA in the management account,
then a permission-set role in a member account, by console (federated ``ConsoleLogin``) or by
the CLI with the portal's credentials (``GetRoleCredentials``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._trail import assumed_role, credentials, saml_user
from benchmarks.heldout3._workloads import error, pick, region_for
from benchmarks.heldout3._world import Session, World

SSO_PATH = f"/aws-reserved/sso.amazonaws.com/{org.HOME}/"


def sso_role(account: str, permission_set: str) -> str:
    return f"AWSReservedSSO_{permission_set}_{hashlib.sha256(f'{account}{permission_set}'.encode()).hexdigest()[:16]}"


def sso_principal(account: str, permission_set: str, user: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(account, permission_set)}/{user}"


def portal_identity(world: World, user: str) -> dict[str, Any]:
    user_id = hashlib.sha256(user.encode()).hexdigest()
    return {
        "type": "IdentityCenterUser",
        "principalId": f"{user_id[:8]}-{user_id[8:12]}-{user_id[12:16]}-{user_id[16:20]}-{user_id[20:32]}",
        "accountId": world.account("management"),
        "userName": user,
        "onBehalfOf": {
            "userId": user_id[:32],
            "identityStoreArn": f"arn:aws:identitystore::{world.account('management')}:identitystore/{org.IDSTORE}",
        },
        "credentialId": user_id[32:56],
    }


def sign_in(
    world: World, user: str, when: dt.datetime, ip: str, browser: str, *, mfa: str = "TOTP"
) -> None:
    """The portal sign-in: password, then the MFA challenge, in the Identity Center region."""
    mgmt, ident = world.account("management"), portal_identity(world, user)
    flow = world.trail.uid()
    for offset, api, kind in (
        (0, "signin:CredentialChallenge", "PASSWORD"),
        (4, "signin:CredentialVerification", "PASSWORD"),
        (9, "signin:CredentialChallenge", mfa),
        (21, "signin:CredentialVerification", mfa),
        (22, "signin:UserAuthentication", mfa),
    ):
        world.trail.call(
            when + dt.timedelta(seconds=offset),
            mgmt,
            org.HOME,
            api,
            ident,
            ip,
            browser,
            event_type="AwsServiceEvent",
            response={"status": "SUCCESS"} if "Verification" in api else None,
            extra={"AuthWorkflowID": flow, "CredentialType": kind},
        )
    world.trail.call(
        when + dt.timedelta(seconds=25), mgmt, org.HOME, "sso:Authenticate", ident, ip, browser
    )


def federate(
    world: World,
    user: str,
    account_name: str,
    permission_set: str,
    when: dt.datetime,
    ip: str,
    agent: str,
    *,
    console: bool,
) -> Session:
    """A permission-set session in a member account; returns its key."""
    account, mgmt = world.account(account_name), world.account("management")
    role = sso_role(account, permission_set)
    role_id = world.role_id(account, role)
    key = world.trail.key()
    ident = portal_identity(world, user)
    params = {"accountId": account, "roleName": permission_set}
    world.trail.call(
        when,
        mgmt,
        org.HOME,
        "sso:Federate" if console else "sso:GetRoleCredentials",
        ident,
        ip,
        agent,
        params=params,
    )
    if console:
        provider = f"AWSSSO_{hashlib.sha256(account.encode()).hexdigest()[:16]}_DO_NOT_DELETE"
        name_id = hashlib.sha256(f"{org.IDSTORE}/{user}".encode()).hexdigest()[:28]
        world.trail.call(
            when + dt.timedelta(seconds=2),
            account,
            "us-east-1",
            "sts:AssumeRoleWithSAML",
            saml_user(account, user, provider, name_id),
            ip,
            agent,
            params={
                "roleArn": f"arn:aws:iam::{account}:role{SSO_PATH}{role}",
                "durationSeconds": 43200,
                "principalArn": f"arn:aws:iam::{account}:saml-provider/{provider}",
            },
            response={
                "credentials": credentials(key, when + dt.timedelta(hours=12)),
                "assumedRoleUser": {
                    "assumedRoleId": f"{role_id}:{user}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{user}",
                },
                "subject": user,
                "subjectType": "persistent",
                "issuer": f"https://portal.sso.{org.HOME}.amazonaws.com/saml/assertion/{name_id}",
                "audience": "https://signin.aws.amazon.com/saml",
                "nameQualifier": name_id,
            },
        )
        login = assumed_role(account, role, role_id, user, "", when, path=SSO_PATH)
        world.trail.call(
            when + dt.timedelta(seconds=4),
            account,
            "us-east-1",
            "signin:ConsoleLogin",
            login,
            ip,
            agent,
            event_type="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
            extra={
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "No",
            },
        )
    identity = assumed_role(account, role, role_id, user, key, when, path=SSO_PATH)
    session = Session(f"{user}@{account_name}", when, key, identity, ip, agent, account, org.HOME)
    world.sessions.setdefault(session.holder, []).append(session)
    return session


def work(
    world: World,
    s: Session,
    permission_set: str,
    start: dt.datetime,
    minutes: float,
    calls: int,
    *,
    console: bool,
    region: str = org.HOME,
    agents: tuple[str, ...] = (),
) -> list[str]:
    """``calls`` calls of the permission set's usual work over ``minutes``; their eventIDs."""
    rng, ids = world.rng, []
    for _ in range(calls):
        when = start + dt.timedelta(seconds=rng.uniform(30, minutes * 60))
        api = pick(rng, world_work(permission_set))
        agent = rng.choice(agents) if agents else s.agent
        ip = s.ip
        if console and rng.random() < 0.12:
            ip = agent = "AWS Internal"
        ids.append(
            world.trail.call(
                when,
                s.account,
                region_for(api, region),
                api,
                s.identity,
                ip,
                agent,
                error=error(rng, 0.02),
                console=console,
            )
        )
    return ids


def world_work(permission_set: str) -> list[tuple[str, float]]:
    return [(a, float(w)) for a, w in org.WORK[permission_set]]


def cli_agent(person: org.Person, command: str = "s3.ls", version: str | None = None) -> str:
    shell = {"macos": "zsh", "windows": "powershell", "linux": "bash"}[person.os.split("#")[0]]
    arch = "arm64" if person.os.startswith("macos") else "x86_64"
    return org.CLI.format(
        v=version or person.cli, os=person.os, arch=arch, shell=shell, command=command
    )


def home_ip(world: World, person: org.Person, day: dt.date) -> str:
    if person.home == "office":
        return world.addr.named("office-nat", "office")
    lease = (day - world.days[0]).days // (5 + len(person.user) % 4)  # DHCP re-lease inside the ISP
    return world.addr.named(f"home:{person.user}:{lease}", person.home)


def person_day(world: World, person: org.Person, day: dt.date, *, ip: str | None = None) -> None:
    rng = world.rng
    weekend = day.weekday() >= 5
    if rng.random() > (person.weekend if weekend else 0.88):
        return
    ip = ip or (
        world.addr.named("office-nat", "office")
        if rng.random() < 0.25
        else home_ip(world, person, day)
    )
    browser = org.BROWSER[person.browser]
    begin = world.local(day, rng.uniform(7.8, 9.6), person.city_tz)
    sign_in(world, person.user, begin, ip, browser)
    sessions = 1 + count_sessions(rng, weekend)
    for i in range(sessions):
        account_name, permission_set = person.assignments[
            0 if rng.random() < 0.6 else rng.randrange(len(person.assignments))
        ]
        start = begin + dt.timedelta(minutes=1 + i * rng.uniform(60, 150))
        console = person.team not in org.CLI_PEOPLE or rng.random() < 0.45
        agent = (
            browser
            if console
            else cli_agent(
                person,
                rng.choice(
                    ["s3.ls", "logs.tail", "ec2.describe-instances", "sts.get-caller-identity"]
                ),
            )
        )
        s = federate(
            world, person.user, account_name, permission_set, start, ip, agent, console=console
        )
        work(
            world,
            s,
            permission_set,
            start,
            rng.uniform(20, 90),
            rng.randrange(8, 40),
            console=console,
        )


def count_sessions(rng: Any, weekend: bool) -> int:
    return 0 if weekend else rng.choice([0, 1, 1, 2])

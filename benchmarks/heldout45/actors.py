"""How each kind of actor gets its credentials, with the records that AWS writes when it does:
EC2 instance profiles, ECS tasks and Lambda functions (``AssumeRole`` by the service), IAM
Identity Center users (``AssumeRoleWithSAML`` through the ``AWSSSO_..._DO_NOT_DELETE``
provider, a federated ``ConsoleLogin`` for the console), GitLab CI (``AssumeRoleWithWebIdentity``),
vendors (``AssumeRole`` from their account with an external ID), IAM users (a long-term key, or a
console sign-in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout45.events import (
    Session,
    Trail,
    iso,
    role_identity,
    service_identity,
    user_identity,
)
from benchmarks.heldout45.org import DOMAIN, HOME, sso_role

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
MAC_BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)
CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#{cmd}"
CLI_WIN = "aws-cli/2.21.3 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}"


def _assumed_by_service(
    trail: Trail,
    t: dt.datetime,
    account: str,
    region: str,
    service: str,
    role_arn: str,
    session_name: str,
    key: str,
    hours: float,
) -> str:
    return trail.emit(
        t,
        account,
        region,
        "sts:AssumeRole",
        service_identity(service),
        service,
        service,
        params={"roleArn": role_arn, "roleSessionName": session_name, "durationSeconds": 21600},
        response={
            "credentials": {
                "accessKeyId": key,
                "expiration": iso(t + dt.timedelta(hours=hours)),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"AROA:{session_name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role_arn.rsplit('/', 1)[-1]}/{session_name}",
            },
        },
    )


def workload(
    trail: Trail,
    actor: str,
    t: dt.datetime,
    *,
    account: str,
    region: str,
    service: str,
    role_arn: str,
    session_name: str,
    ip: str,
    agent: str,
    hours: float = 6.0,
    vpce: str | None = None,
) -> Session:
    """An instance profile (``ec2.amazonaws.com``), task role (``ecs-tasks``) or function role
    (``lambda``) session: the service's ``AssumeRole`` and the session it opened."""
    key = trail.key()
    _assumed_by_service(trail, t, account, region, service, role_arn, session_name, key, hours)
    ident = role_identity(
        account, role_arn, session_name, key, t, ec2=service == "ec2.amazonaws.com"
    )
    end = t + dt.timedelta(hours=hours)
    return trail.remember(Session(actor, ident, key, account, t, end, ip, agent, vpce))


def sso(
    trail: Trail,
    person: str,
    t: dt.datetime,
    *,
    account: str,
    permission_set: str,
    ip: str,
    agent: str,
    console: bool,
    hours: float = 8.0,
) -> tuple[Session, str]:
    """An Identity Center user's role session in ``account``: ``AssumeRoleWithSAML`` (and, for
    the console, the federated ``ConsoleLogin``); returns the session and the SAML event's ID."""
    email = f"{person}@{DOMAIN}"
    arn = sso_role(account, permission_set)
    provider = f"arn:aws:iam::{account}:saml-provider/AWSSSO_{arn[-16:]}_DO_NOT_DELETE"
    key = trail.key()
    saml = trail.emit(
        t,
        account,
        HOME,
        "sts:AssumeRoleWithSAML",
        {
            "type": "SAMLUser",
            "principalId": f"{trail_hash(email)}:{email}",
            "userName": email,
            "identityProvider": provider,
        },
        ip,
        agent.replace("{cmd}", "sso.login") if not console else BROWSER,
        params={"roleArn": arn, "principalArn": provider, "durationSeconds": int(hours * 3600)},
        response={
            "credentials": {"accessKeyId": key, "expiration": iso(t + dt.timedelta(hours=hours))},
            "subject": email,
            "subjectType": "persistent",
            "issuer": "https://portal.sso.eu-central-2.amazonaws.com/saml/assertion/MTE4",
        },
    )
    ident = role_identity(account, arn, email, key, t, console=console)
    if console:
        trail.emit(
            t + dt.timedelta(seconds=2),
            account,
            HOME,
            "signin:ConsoleLogin",
            {k: v for k, v in ident.items() if k != "accessKeyId"},
            ip,
            agent,
            response={"ConsoleLogin": "Success"},
            event_type="AwsConsoleSignIn",
            extra={
                "additionalEventData": {
                    "MobileVersion": "No",
                    "MFAUsed": "No",
                    "SamlProviderArn": provider,
                }
            },
        )
    end = t + dt.timedelta(hours=hours)
    session = Session(person, ident, key, account, t, end, ip, agent)
    return trail.remember(session), saml


def trail_hash(text: str) -> str:
    h = 0
    for ch in text:
        h = (h * 33 + ord(ch)) % 2**40
    return f"{h:010x}"[-10:].upper()


def web_identity(
    trail: Trail,
    t: dt.datetime,
    *,
    account: str,
    role_arn: str,
    subject: str,
    job: str,
    ip: str,
    agent: str,
) -> tuple[Session, str]:
    """GitLab CI's OIDC federation: ``AssumeRoleWithWebIdentity`` from the runner."""
    key = trail.key()
    provider = f"arn:aws:iam::{account}:oidc-provider/gitlab.com"
    event = trail.emit(
        t,
        account,
        HOME,
        "sts:AssumeRoleWithWebIdentity",
        {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:https://gitlab.com:{subject}",
            "userName": subject,
            "identityProvider": provider,
        },
        ip,
        agent,
        params={"roleArn": role_arn, "roleSessionName": f"GitLabRunner-{job}"},
        response={
            "credentials": {"accessKeyId": key, "expiration": iso(t + dt.timedelta(hours=1))},
            "subjectFromWebIdentityToken": subject,
            "provider": provider,
            "audience": "https://gitlab.com",
        },
    )
    ident = role_identity(account, role_arn, f"GitLabRunner-{job}", key, t)
    s = Session("gitlab", ident, key, account, t, t + dt.timedelta(hours=1), ip, agent)
    return trail.remember(s), event


def vendor(
    trail: Trail,
    actor: str,
    t: dt.datetime,
    *,
    account: str,
    vendor_account: str,
    role_arn: str,
    session_name: str,
    external_id: str,
    ip: str,
    agent: str,
    caller_role: str = "integration",
) -> tuple[Session, str]:
    """A vendor's cross-account ``AssumeRole`` with an external ID from its own AWS account."""
    key = trail.key()
    event = trail.emit(
        t,
        account,
        HOME,
        "sts:AssumeRole",
        {
            "type": "AWSAccount",
            "principalId": f"AROA{trail_hash(vendor_account + caller_role)}:{caller_role}",
            "accountId": vendor_account,
        },
        ip,
        agent,
        params={"roleArn": role_arn, "roleSessionName": session_name, "externalId": external_id},
        response={
            "credentials": {"accessKeyId": key, "expiration": iso(t + dt.timedelta(hours=1))}
        },
    )
    ident = role_identity(account, role_arn, session_name, key, t)
    s = Session(actor, ident, key, account, t, t + dt.timedelta(hours=1), ip, agent)
    return trail.remember(s), event


def iam_user(trail: Trail, account: str, name: str, key: str, ip: str, agent: str) -> Session:
    """An IAM user's long-term access key, used from ``ip`` with ``agent``."""
    ident = user_identity(account, name, key)
    far = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    return Session(name, ident, key, account, start, far, ip, agent)


def console_user(
    trail: Trail,
    t: dt.datetime,
    *,
    account: str,
    name: str,
    ip: str,
    agent: str,
    mfa: bool,
) -> tuple[Session, str]:
    """An IAM user's console sign-in (password, with or without MFA) and its session key."""
    ident = user_identity(account, name, "")
    del ident["accessKeyId"]
    event = trail.emit(
        t,
        account,
        "us-east-1",
        "signin:ConsoleLogin",
        ident,
        ip,
        agent,
        response={"ConsoleLogin": "Success"},
        event_type="AwsConsoleSignIn",
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa else "No",
            }
        },
    )
    key = trail.key()
    s = Session(
        name,
        user_identity(account, name, key, mfa=mfa, console=True, created=t),
        key,
        account,
        t,
        t + dt.timedelta(hours=4),
        ip,
        agent,
    )
    return trail.remember(s), event


def service_session(account: str, slr: str, session: str, service: str, t: Any) -> Session:
    """A service-linked role acting (``AWSServiceRoleForConfig``...): its calls come from the
    service's hostname and carry ``invokedBy``."""
    arn = f"arn:aws:iam::{account}:role/aws-service-role/{service}/{slr}"
    ident = role_identity(
        account, arn, session, "ASIA" + trail_hash(arn + session + iso(t)[:13]) + "SLR0AA", t
    )
    ident["invokedBy"] = service
    return Session(slr, ident, ident["accessKeyId"], account, t, t, service, service)

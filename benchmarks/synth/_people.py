"""IAM-user building blocks (CLI calls, console sign-in and session) and AWS-service activity.

The helpers build a handful of events for one person (the injected incidents use them); the
whole crowd of a day is drawn at once in ``_synth_crowd``. AWS services (Config, Backup) act
through service-linked roles from their service hostnames.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from benchmarks.synth._frames import (
    US_PER_DAY,
    US_PER_HOUR,
    US_PER_SECOND,
    access_keys,
    masked,
    rows,
    times,
    uuids,
)
from benchmarks.synth._plan import (
    CONSOLE_APIS,
    NETWORK,
    UA_BROWSER,
    UA_CLI,
    OrgPlan,
    Person,
    ServiceRole,
    read_only,
)

_DHCP_DAYS = 5  # a home address lasts about this long


def cli_agent(os_family: str, source: str, name: str) -> str:
    """The aws-cli user agent for a command such as ``ec2 describe-instances``."""
    service = source.split(".")[0]
    command = "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")
    return UA_CLI[os_family].format(cmd=f"{service}.{command}")


def home_ip(plan: OrgPlan, index: int, day: int) -> int:
    """The person's home address on ``day``: re-leased every few days inside their ISP."""
    person = plan.people[index]
    net = NETWORK[person.home]
    lease = (day + index) // _DHCP_DAYS
    draw = np.random.default_rng([plan.seed, 0xD4C9, index, lease]).integers(1, net.size - 1)
    return net.start + int(draw)


def identity_user(person: Person) -> dict[str, Any]:
    """The userIdentity columns of an IAM user."""
    return {
        "identity_type": "IAMUser",
        "identity_arn": person.arn,
        "identity_principal_id": person.user_id,
        "identity_account_id": person.account,
        "identity_user_name": person.name,
        "recipient_account_id": person.account,
    }


def api_calls(
    rng: np.random.Generator,
    t: np.ndarray,
    apis: list[tuple[str, str]],
    ip: str,
    ua: list[str] | str,
    region: str,
    deny: float = 0.02,
) -> dict[str, Any]:
    """Columns of ``len(t)`` API calls (apis cycle over ``t``), with some AccessDenied."""
    n = len(t)
    source = [apis[i % len(apis)][0] for i in range(n)]
    name = [apis[i % len(apis)][1] for i in range(n)]
    denied = rng.random(n) < deny
    return {
        "event_time": times(t),
        "event_version": "1.09",
        "event_source": pl.Series(values=source, dtype=pl.String),
        "event_name": pl.Series(values=name, dtype=pl.String),
        "read_only": pl.Series(values=[read_only(x) for x in name], dtype=pl.Boolean),
        "aws_region": region,
        "source_ip_address": ip,
        "user_agent": pl.Series(values=ua, dtype=pl.String) if isinstance(ua, list) else ua,
        "error_code": masked(denied, "AccessDenied"),
        "event_type": "AwsApiCall",
        "management_event": True,
        "event_category": "Management",
        "event_id": uuids(rng, n),
        "request_id": uuids(rng, n),
        "tls_version": "TLSv1.3",
    }


def console_login(
    rng: np.random.Generator, person: Person, t: int, ip: str, *, mfa: bool
) -> pl.DataFrame:
    """A successful ConsoleLogin of ``person`` at ``t`` (epoch microseconds)."""
    used = "Yes" if mfa else "No"
    return rows(
        1,
        {
            "event_time": times(np.array([t])),
            "event_version": "1.09",
            "event_source": "signin.amazonaws.com",
            "event_name": "ConsoleLogin",
            "aws_region": "us-east-1",
            "source_ip_address": ip,
            "user_agent": UA_BROWSER[person.os],
            "read_only": False,
            "event_type": "AwsConsoleSignIn",
            "management_event": True,
            "event_category": "Management",
            "event_id": uuids(rng, 1),
            "response_elements": '{"ConsoleLogin":"Success"}',
            "additional_event_data": f'{{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":"{used}"}}',
            **identity_user(person),
        },
    )


def console_session(
    rng: np.random.Generator, person: Person, t0: int, ip: str, n: int, *, mfa: bool, region: str
) -> tuple[pl.DataFrame, str]:
    """``n`` console calls after a login at ``t0``, with the session's own ASIA key."""
    key = access_keys(rng, 1, "ASIA")[0]
    t = np.sort(t0 + 30 * US_PER_SECOND + (rng.random(n) * 2 * US_PER_HOUR).astype(np.int64))
    apis = [CONSOLE_APIS[i] for i in rng.integers(0, len(CONSOLE_APIS), n)]
    cols = api_calls(rng, t, apis, ip, UA_BROWSER[person.os], region, deny=0.01)
    internal = rng.random(n) < 0.1  # calls the console makes from inside AWS
    ips = np.where(internal, "AWS Internal", ip).tolist()
    uas = np.where(internal, "AWS Internal", UA_BROWSER[person.os]).tolist()
    cols.update(source_ip_address=pl.Series(values=ips), user_agent=pl.Series(values=uas))
    frame = rows(
        n,
        {
            **cols,
            **identity_user(person),
            "access_key_id": key,
            "session_creation_date": times(np.array([t0 // US_PER_SECOND * US_PER_SECOND] * n)),
            "mfa_authenticated": mfa,
            "session_credential_from_console": True,
        },
    )
    return frame, key


def services_day(plan: OrgPlan, day: int) -> list[pl.DataFrame]:
    """AWS services acting for the account through their roles, from their service hostnames."""
    day_us = plan.start_us + day * US_PER_DAY
    frames = []
    for index, role in enumerate(plan.service_roles):
        start = max(day_us, role.active_from)
        if start >= day_us + US_PER_DAY:
            continue
        rng = np.random.default_rng([plan.seed, day, 500 + index])
        frames += service_session(rng, plan, role, start, day_us + US_PER_DAY)
    return frames


def service_session(
    rng: np.random.Generator, plan: OrgPlan, role: ServiceRole, start: int, end: int
) -> list[pl.DataFrame]:
    """A service's AssumeRole at ``start`` and its hourly calls with that key until ``end``."""
    key = access_keys(rng, 1, "ASIA")[0]
    session = role.service.split(".")[0].capitalize() + "Session"
    region = next(r.region for r in plan.roles if r.account == role.account)
    mint = start + int(rng.integers(0, 60)) * US_PER_SECOND
    hours = max(1, (end - start) // US_PER_HOUR)
    per_hour = rng.poisson(3, size=hours)
    t = np.repeat(start + np.arange(hours) * US_PER_HOUR, per_hour)
    t = np.sort(
        np.maximum(
            t + (rng.random(len(t)) * US_PER_HOUR).astype(np.int64), mint + 60 * US_PER_SECOND
        )
    )
    t = t[t < end]
    apis = [role.apis[i] for i in rng.integers(0, len(role.apis), len(t))]
    host = role.service
    calls = rows(
        len(t),
        {
            **api_calls(rng, t, apis, host, host, region, deny=0.0),
            "identity_type": "AssumedRole",
            "identity_arn": f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}",
            "identity_principal_id": f"{role.role_id}:{session}",
            "identity_account_id": role.account,
            "access_key_id": key,
            "invoked_by": host,
            "session_issuer_type": "Role",
            "session_issuer_arn": role.arn,
            "session_issuer_principal_id": role.role_id,
            "session_issuer_user_name": role.name,
            "session_issuer_account_id": role.account,
            "session_creation_date": times(
                np.array([mint // US_PER_SECOND * US_PER_SECOND] * len(t))
            ),
            "mfa_authenticated": False,
            "recipient_account_id": role.account,
        },
    )
    assume = rows(
        1,
        {
            "event_time": times(np.array([mint])),
            "event_version": "1.08",
            "event_source": "sts.amazonaws.com",
            "event_name": "AssumeRole",
            "aws_region": region,
            "source_ip_address": host,
            "user_agent": host,
            "read_only": True,
            "event_type": "AwsApiCall",
            "management_event": True,
            "event_category": "Management",
            "recipient_account_id": role.account,
            "event_id": uuids(rng, 1),
            "identity_type": "AWSService",
            "invoked_by": host,
            "request_parameters": f'{{"roleArn":"{role.arn}","roleSessionName":"{session}"}}',
            "response_elements": (
                f'{{"credentials":{{"accessKeyId":"{key}","sessionToken":"redacted","expiration":"later"}},'
                f'"assumedRoleUser":{{"assumedRoleId":"{role.role_id}:{session}",'
                f'"arn":"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}"}}}}'
            ),
        },
    )
    return [assume, calls]

"""What the attacks share: the attackers' clients, a run of calls, the key a service minted, a stolen
Identity Center token turned into role credentials."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout13._people import session
from benchmarks.heldout13._trail import (
    Ident,
    key,
    role_arn,
)
from benchmarks.heldout13._world import (
    LAKE,
    SHARED,
    World,
    s3_resources,
)

KALI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off"
BOTO_VPS = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.0-26-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54"
BOTO_EC2 = "Boto3/1.35.66 md/Botocore#1.35.66 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.66"
CLI_V1_NODE = "aws-cli/1.33.2 Python/3.9.19 Linux/5.15.0-1066-aws botocore/1.34.51"
Call = tuple[str, str, "dict[str, Any] | None", "tuple[str, str] | None"]


def minted_key(w: World, account: str, role: str, session_name: str, before: dt.datetime) -> str:
    """The key a service last minted for (role, session) at or before ``before``."""
    arn, best = role_arn(account, role), ("", "")
    for acct, _, t, r in w.trail.records:
        if acct == account and r["eventName"] == "AssumeRole" and t <= before:
            p = r["requestParameters"] or {}
            if (
                p.get("roleArn") == arn
                and (session_name == "*" or p.get("roleSessionName") == session_name)
                and r["eventTime"] >= best[0]
            ):
                best = (r["eventTime"], r["responseElements"]["credentials"]["accessKeyId"])
    if not best[1]:
        raise RuntimeError(f"no key minted for {role}/{session_name} before {before}")
    return best[1]


def spree(
    w: World,
    account: str,
    region: str,
    t0: dt.datetime,
    ident: Ident,
    ip: str,
    agent: str,
    calls: list[Call],
    *,
    gap: float = 20.0,
) -> list[str]:
    """Calls one after another ``gap`` seconds apart (S3 object calls as data events in the
    bucket's account); returns their event ids."""
    ids = []
    for i, (source, name, params, error) in enumerate(calls):
        t = t0 + dt.timedelta(seconds=gap * i)
        data = source == "s3.amazonaws.com" and params is not None and "key" in params
        where = (
            LAKE
            if data and params and str(params.get("bucketName", "")).startswith("ashgrove-genomics")
            else account
        )
        ids.append(
            w.trail.emit(
                where,
                region,
                t,
                source,
                name,
                ident,
                ip,
                agent,
                params=params,
                error=error,
                data=data,
                extra=s3_resources(where, params["bucketName"], params["key"])
                if data and params
                else None,
            )
        )
    return ids


def steal_sso(
    w: World, user: str, account: str, pset: str, t: dt.datetime, ip: str, agent: str
) -> tuple[str, Ident, str]:
    """A stolen Identity Center token (the CLI's cache) turned into role credentials from the
    attacker's machine: (the key, its identity, the GetRoleCredentials event id)."""
    eid = w.trail.emit(
        SHARED,
        "us-east-1",
        t,
        "sso.amazonaws.com",
        "GetRoleCredentials",
        {
            "type": "Unknown",
            "principalId": f"{SHARED}:{user}",
            "accountId": SHARED,
            "userName": user,
        },
        ip,
        agent,
        params={"accountId": account, "roleName": pset},
    )
    stolen = key(w.rng("stolen", user, t))
    return stolen, session(account, pset, user, stolen, t), eid

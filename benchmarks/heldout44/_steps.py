"""How an attack is written: its calls one after another, the session it steals from the
ordinary activity, its truth row, and the attackers' clients."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from benchmarks.heldout44 import _org as org
from benchmarks.heldout44._ctx import Ctx
from benchmarks.heldout44._trail import Identity, stamp

Row = dict[str, Any]
Step = tuple[str, str | None]  # (service:Action, error code or None)
M = dt.timedelta(minutes=1)
KALI = "aws-cli/2.13.0 Python/3.11.4 Linux/6.1.0-kali7-amd64 exe/x86_64.kali.2023 prompt/off command/s3.ls"
UBUNTU = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang#python/3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe"
PACU = "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython Botocore/1.34.0 Pacu"
BOTO_EC2 = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.1.102-108.177.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.16 md/pyimpl#CPython exec-env/EC2 Botocore/1.35.10"
LLM = "Boto3/1.35.20 md/Botocore#1.35.20 ua/2.0 os/linux#5.15.0-119-generic md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython Botocore/1.35.20"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0"


def attack(
    ident: str,
    name: str,
    key: str,
    ips: list[str],
    times: list[dt.datetime],
    severity: str,
    events: list[str] = (),  # type: ignore[assignment]
) -> Row:
    return {
        "id": ident,
        "name": name,
        "label": "attack",
        "access_key_id": key,
        "principal_arn": "",
        "source_ip": " ".join(sorted(set(ips))),
        "event_ids": " ".join(events),
        "start": stamp(min(times) - M),
        "end": stamp(max(times) + M),
        "expected_min_severity": severity,
        "expected_max_severity": "",
    }


def run(
    c: Ctx,
    who: Identity,
    account: str,
    t: dt.datetime,
    ip: str,
    agent: str,
    steps: list[Step],
    *,
    region: str = org.HOME,
    gap: tuple[int, int] = (4, 40),
    params: dict[str, Any] | None = None,
) -> list[dt.datetime]:
    """``steps`` one after another from ``t``, ``gap`` seconds apart; the times of the calls."""
    times = []
    for action, error in steps:
        service, _, rest = action.partition(":")
        where = region
        if "@" in rest:  # "ec2:DescribeInstances@us-east-1": the call in another region
            rest, where = rest.split("@")
        c.trail.call(
            t,
            who,
            account,
            f"{service}:{rest}",
            where,
            ip,
            agent,
            error=error,
            params=(params or {}).get(rest),
        )
        times.append(t)
        t += dt.timedelta(seconds=c.rng.randrange(*gap))
    return times


def stolen(c: Ctx, role: str, name: str, t: dt.datetime) -> Identity:
    """The session of ``role``/``name`` that was current at ``t`` (the newest opened before)."""
    best, when = None, ""
    suffix = f":assumed-role/{role}/{name}"
    for _, _, _, rec in c.trail.records:
        who = rec["userIdentity"]
        if str(who.get("arn", "")).endswith(suffix) and who.get("accessKeyId"):
            created = who["sessionContext"]["attributes"]["creationDate"]
            if when < created <= stamp(t):
                best, when = who, created
    assert best is not None, (role, name, t)
    return copy.deepcopy(best)

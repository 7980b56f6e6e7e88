"""What the attacks share: the attackers' clients and a run of calls in order."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout11._trail import Session
from benchmarks.heldout11._world import World

KALI = "aws-cli/2.17.18 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off md/command#{cmd}"
BOTO_VPS = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.10"


def _run(
    w: World,
    s: Session,
    t: dt.datetime,
    steps: list[tuple[str, str, dict | None, str | None]],
    *,
    acct: str,
    ip: str,
    ua: str,
    gap: float = 25.0,
    region: str = "ap-south-1",
) -> tuple[list[str], dt.datetime]:
    """The attacker's calls in order, ``gap`` seconds apart on average; (event ids, last time)."""
    ids = []
    for source, name, params, error in steps:
        t = t + dt.timedelta(seconds=w.rng.uniform(gap / 3, gap * 1.7))
        ids.append(
            w.trail.add(
                t,
                s,
                source,
                name,
                acct=acct,
                region=region,
                ip=ip,
                ua=ua.replace("{cmd}", f"{source}.{name.lower()}"),
                params=params,
                resp=None if error else {},
                error=error,
                read_only=None,
            )
        )
    return ids, t

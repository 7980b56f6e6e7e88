"""What the attacks and benign changes share: the clients attackers bring, the truth row, a run of
calls one after another, and who is who."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout30.cloudtrail import Session, stamp
from benchmarks.heldout30.org import (
    GLOBAL,
    HOME,
    Person,
)
from benchmarks.heldout30.world import World

CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
KALI_CLI = "aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/distrib#kali.2024 md/prompt#off md/command#{}"
UBUNTU_CLI = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off md/command#{}"
BOTO_AMZN = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.0"
TRUFFLE = "Botocore/1.31.62 Python/3.11.6 Linux/6.5.0-1015-azure"
CLOUDSHELL = "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/CloudShell cfg/retry-mode#standard md/installer#exe md/distrib#amzn.2023 md/prompt#off md/command#{}"
PWSH_ATTACK = "AWSPowerShell.Common/4.1.680.0 .NET_Runtime/8.0 .NET_Framework/8.0 OS/Microsoft_Windows_10.0.22631 PowerShellCore/7.4 ClientSync"

Step = tuple[str, str, dict[str, Any] | None, str | None]  # service, API, request, error


def row(
    world: World,
    id_: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: list[str] | None = None,
    severity: str = "medium",
) -> None:
    world.add_truth(
        {
            "id": id_,
            "name": name,
            "label": label,
            "access_key_id": key,
            "principal_arn": principal,
            "source_ip": ips,
            "event_ids": " ".join(events or []),
            "start": stamp(start),
            "end": stamp(end),
            "expected_min_severity": severity if label == "attack" else "",
            "expected_max_severity": severity if label == "benign" else "",
        }
    )


def run(
    world: World,
    s: Session,
    t: dt.datetime,
    ip: str,
    ua: str,
    steps: list[Step],
    *,
    gap: tuple[int, int] = (4, 90),
    region: str = HOME,
) -> tuple[list[str], dt.datetime]:
    """The steps of an attack one after another; (event IDs, time of the last)."""
    events = []
    for service, api, request, error in steps:
        t += dt.timedelta(seconds=world.rng.randint(*gap))
        where = GLOBAL if service in ("iam", "organizations") else region
        agent = ua.format(f"{service}.{api.lower()}") if "{}" in ua else ua
        events.append(
            world.trail.call(
                s,
                t,
                f"{service}.amazonaws.com",
                api,
                ip,
                agent,
                region=where,
                request=request or {},
                error=error,
            )
        )
    return events, t


def sso_principal(s: Session, p: Person) -> str:
    """An Identity Center session's principal as ``ueba`` names it (the person, per account)."""
    return f"arn:aws:sts::{s.account}:assumed-role/{s.identity['arn'].split('/')[1]}/{p.user}"


def person(world: World, team: str, n: int = 0) -> Person:
    return [p for p in world.people if p.team == team][n]


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())

"""What every attack of the suite shares: the clients attackers call with, and ``incident``,
which runs an attack and writes its truth rows from the keys its events carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout40._benign import row
from benchmarks.heldout40._model import Session
from benchmarks.heldout40._org import World

OLD_CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
BOTO = (
    "Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 "
    "lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.34"
)
DENIED = ("AccessDenied", "User is not authorized to perform this operation")


def incident(
    world: World,
    id_: str,
    name: str,
    severity: str,
    keys: list[tuple[str, str]],
    body: Callable[[], Any],
    *,
    opened: dict[str, str] | None = None,
) -> None:
    """Run ``body`` (which emits the attack's events) and write one truth row per (key,
    address) spanning the events that key made. ``opened``: per key, the eventID of the
    attacker's own sign-in or AssumeRole* that opened it (a ConsoleLogin carries no key), which
    the row names and its window starts from."""
    first = len(world.trail.records)
    body()
    made = world.trail.records[first:]
    opened = opened or {}
    for key, ip in keys:
        times = [t for t, _, _, rec in made if rec["userIdentity"].get("accessKeyId") == key]
        if not times:
            raise RuntimeError(f"{id_}: no event used {key}")
        if key in opened:
            times += [t for t, _, _, rec in world.trail.records if rec["eventID"] == opened[key]]
        row(
            world,
            id_,
            name,
            "attack",
            min(times),
            max(times) + dt.timedelta(seconds=1),
            key=key,
            ips=ip,
            events=opened.get(key, ""),
            severity=severity,
        )


def session_at(sessions: list[Any], t: dt.datetime) -> Session:
    live = [
        s
        for s in sessions
        if s.identity["sessionContext"]["attributes"]["creationDate"]
        <= t.strftime("%Y-%m-%dT%H:%M:%SZ")
        < s.expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    ]
    return live[-1] if live else sessions[-1]

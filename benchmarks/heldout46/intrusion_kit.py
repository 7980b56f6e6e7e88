"""What the attackers' scripts share: their clients and a helper that makes their calls."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import GLOBAL, Actor
from benchmarks.heldout46.world import PROD_REGION

KALI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/distrib#kali.2024 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/command#{}"
PY = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.10"
TRUFFLE = "TruffleHog"
SEC = dt.timedelta(seconds=1)


def run(
    s: Scene,
    t: dt.datetime,
    actor: Actor,
    ip: str,
    agent: str,
    calls: list[tuple[str, str, str, str]],
    gap: int = 7,
) -> dt.datetime:
    """Calls ``(source, name, region, error)`` ``gap`` seconds apart (with jitter)."""
    rng = s.rng("run", t, ip)
    for source, name, region, error in calls:
        t += dt.timedelta(seconds=gap + rng.randrange(gap + 1))
        data = source == "s3" and name in ("GetObject", "PutObject", "ListObjectsV2")
        s.trail.call(
            t,
            actor,
            source,
            name,
            GLOBAL
            if source in ("iam", "sts", "organizations") and region == ""
            else (region or PROD_REGION),
            ip,
            agent.format(name.lower()),
            error=error,
            data=data,
        )
    return t


def c(source: str, name: str, region: str = "", error: str = "") -> tuple[str, str, str, str]:
    return source, name, region, error

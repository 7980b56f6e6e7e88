"""The attackers' clients and the step runner the attack modules share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout8._background import Background

M = dt.timedelta(minutes=1)
BOTO = (
    "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.6.9-amd64 md/arch#x86_64 "
    "lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11"
)
KALI_CLI = (
    "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 "
    "prompt/off command/{cmd}"
)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"
MAC_CHROME = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)
Step = tuple[str, str, dict[str, Any] | None, str | None]  # service, api, request, error


def run(
    bg: Background,
    start: dt.datetime,
    account: str,
    region: str,
    ident: dict[str, Any],
    ip: str,
    agent: str,
    steps: list[Step],
    gap: float = 1.5,
    extra: dict[str, Any] | None = None,
) -> list[str]:
    ids = []
    for i, (svc, api, req, err) in enumerate(steps):
        at = start + dt.timedelta(minutes=gap * i + float(bg.trail.rng.uniform(0, gap / 2)))
        ids.append(
            bg.trail.event(
                at,
                account,
                region,
                svc,
                api,
                ident,
                ip,
                agent.replace("{cmd}", f"{svc}.{api.lower()}"),
                request=req,
                error=err,
                extra=extra,
            )
        )
    return ids

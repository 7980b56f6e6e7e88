"""The organisation's ordinary days: workloads, people, CI and AWS services.

One generator per kind of actor, run per day with its own seeded ``random.Random`` so any day
can be regenerated alone. The plan's benign changes (``ctx.plan``) switch behaviour at their
moment; nothing here knows about attacks.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from benchmarks.heldout import _ct as ct
from benchmarks.heldout._org import (
    DATA_BUCKET,
    HOME,
    PROD,
    Ctx,
)

H = dt.timedelta(hours=1)
_ERRORS = {
    "throttle": ("ThrottlingException", "Rate exceeded"),
    "denied": ("AccessDenied", "User is not authorized to perform this operation"),
}


def poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def diurnal(hour_utc: float, peak_utc: float = 17.0, swing: float = 0.45) -> float:
    return 1.0 + swing * math.cos((hour_utc - peak_utc) / 24 * 2 * math.pi)


def pick(rng: random.Random, apis: list[tuple[str, str, float]]) -> tuple[str, str]:
    source, name, _ = rng.choices(apis, weights=[w for _, _, w in apis])[0]
    return source, name


def _request(source: str, name: str, account: str) -> dict[str, object] | None:
    if source == "s3" and name in ("GetObject", "PutObject"):
        return {"bucketName": DATA_BUCKET, "key": "exports/2026/part-0001.parquet"}
    if source == "secretsmanager":
        return {"secretId": f"arn:aws:secretsmanager:{HOME}:{account}:secret:prod/app-db-Ab12Cd"}
    return None


def call(
    ctx: Ctx,
    rng: random.Random,
    t: dt.datetime,
    account: str,
    api: tuple[str, str],
    identity: ct.Record,
    ip: str,
    agent: str,
    *,
    region: str = HOME,
    error_rate: float = 0.003,
    console: bool = False,
) -> None:
    source, name = api
    if source == "s3" and name in ("GetObject", "PutObject") and account != PROD:
        return  # data events are logged for the one production bucket only
    error = None
    if rng.random() < error_rate:
        error = _ERRORS["denied" if console or rng.random() < 0.4 else "throttle"]
    ctx.out.append(
        ct.record(
            rng,
            t,
            account,
            region,
            source,
            name,
            identity,
            ip,
            agent,
            request=_request(source, name, account),
            error=error,
            data_event=source == "s3" and name in ("GetObject", "PutObject"),
            from_console=console,
        )
    )


def mint(
    ctx: Ctx,
    rng: random.Random,
    t: dt.datetime,
    account: str,
    service: str,
    role: str,
    session: str,
    hours: int,
    actor: str,
    ip: str,
    region: str = HOME,
    path: str = "/",
) -> str:
    """An AWS service's ``AssumeRole`` for the code it runs; the key goes to ``ctx.keys``."""
    key = ct.new_key(rng)
    ctx.out.append(
        ct.record(
            rng,
            t,
            account,
            region,
            "sts",
            "AssumeRole",
            ct.aws_service(service),
            service,
            service,
            request={"roleArn": ct.role_arn(account, role, path), "roleSessionName": session},
            response=ct.minted(rng, key, role, account, session, t, hours),
            extra={"sharedEventID": ct.new_uuid(rng)},
            read_only=True,
        )
    )
    ctx.keys.setdefault(actor, []).append((t, t + hours * H, key, session, ip))
    return key

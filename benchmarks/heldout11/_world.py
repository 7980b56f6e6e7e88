"""The state a generated organisation carries from day to day (addresses leased, instances
running, credentials issued) and the small helpers every actor uses: time of day, volume,
calls with a session."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchmarks.heldout11._net import AWS, OUTSIDE
from benchmarks.heldout11._org import IST, UA, is_data
from benchmarks.heldout11._trail import Session, Trail

# Load by hour of the day in India (0 = midnight IST): payments never stop, but nights are quiet.
CURVE_IST = (
    0.3,
    0.22,
    0.16,
    0.14,
    0.14,
    0.18,
    0.3,
    0.5,
    0.7,
    0.85,
    0.95,
    1.0,
    1.0,
    0.95,
    0.9,
    0.9,
    0.9,
    0.92,
    0.95,
    1.0,
    1.0,
    0.9,
    0.7,
    0.45,
)


def curve(hour_utc: int) -> float:
    return CURVE_IST[int((hour_utc + 5.5) % 24)]


@dataclass
class World:
    trail: Trail
    rng: random.Random
    np: np.random.Generator
    scale: float
    days: list[dt.date]
    state: dict[str, Any] = field(default_factory=dict)

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        """``hour`` (fractional, UTC) of ``day``."""
        return dt.datetime(day.year, day.month, day.day) + dt.timedelta(hours=hour)

    def local(self, day: dt.date, hour_ist: float) -> dt.datetime:
        """``hour_ist`` of ``day`` in India, as UTC."""
        return dt.datetime(day.year, day.month, day.day) + dt.timedelta(hours=hour_ist) - IST

    def jitter(self, t: dt.datetime, seconds: float) -> dt.datetime:
        return t + dt.timedelta(seconds=self.rng.uniform(0, seconds))

    def count(self, mean: float) -> int:
        return int(self.np.poisson(max(mean * self.scale, 0.0)))

    def aws_ip(self, region: str) -> str:
        return AWS[region].pick(self.rng)

    def lease(self, who: str, net: str, day: dt.date, every: tuple[int, int] = (4, 8)) -> str:
        """A home address that a DHCP lease keeps for a few days, then renews inside the ISP."""
        ip, until = self.state.get(("lease", who, net), (None, None))
        if ip is None or day >= until:
            ip = OUTSIDE[net].pick(self.rng)
            until = day + dt.timedelta(days=self.rng.randint(*every))
            self.state[("lease", who, net)] = (ip, until)
        return str(ip)

    def calls(
        self,
        s: Session,
        t0: dt.datetime,
        span: float,
        n: int,
        menu: tuple[tuple[str, str], ...],
        *,
        acct: str,
        region: str,
        ip: str | Any,
        ua: str,
        deny: float = 0.0,
        vpce: dict[str, tuple[str, str]] | None = None,
    ) -> list[str]:
        """``n`` calls drawn from ``menu`` within ``span`` seconds of ``t0``; ``ip`` is an
        address or a function of the call's event source; ``vpce`` maps an event source to
        (endpoint id, private address) for the calls a gateway endpoint carries."""
        out = []
        for _ in range(n):
            source, name = self.rng.choice(menu)
            where, endpoint = (ip(source) if callable(ip) else ip), None
            if vpce and source in vpce:
                endpoint, where = vpce[source]
            error = "AccessDenied" if deny and self.rng.random() < deny else None
            out.append(
                self.trail.add(
                    self.jitter(t0, span),
                    s,
                    source,
                    name,
                    acct=acct,
                    region=region,
                    ip=where,
                    ua=ua.replace("{cmd}", f"{source.split('-')[0]}.{_kebab(name)}"),
                    params=_params(source, name),
                    resp={} if not error else None,
                    error=error,
                    data=is_data(source, name),
                    vpce=endpoint,
                )
            )
        return out


def _kebab(name: str) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


def _params(source: str, name: str) -> dict[str, Any] | None:
    if source == "s3":
        return {"bucketName": "sitara-settlement-files", "key": "daily/part-00001.csv"}
    if source == "dynamodb":
        return {"tableName": "transactions"}
    if source == "secretsmanager" and name == "GetSecretValue":
        return {"secretId": "prod/payouts/bank-api"}
    return None


def cli(kind: str) -> str:
    return UA[kind]

"""The state the routine reads and the benign changes move: when the gate release, the SDK
upgrade, the VPC endpoints, the new NAT gateway, the reorganisation and the new account happen,
which days are the first snow weekend, which instances run. ``None``: not in this trail."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from benchmarks.heldout45.org import UTC_OFFSET

UTC = dt.UTC


def local(day: dt.date, hour: float) -> dt.datetime:
    """``hour`` (fractional) of ``day`` in Zurich, as UTC."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + dt.timedelta(hours=hour - UTC_OFFSET)


@dataclass
class World:
    rng: random.Random
    days: list[dt.date]
    scored: list[dt.date]
    scale: float
    gate: list[str] = field(default_factory=list)  # running gate-api instance IDs
    engadin: list[str] = field(default_factory=list)
    release_at: dt.datetime | None = None  # B1: gate-api 4.18 reads a new secret and table
    sdk_at: dt.datetime | None = None  # B3: passes-api boto3 upgrade
    vpce_at: dt.datetime | None = None  # B4: interface endpoints for SM, KMS, SSM
    nat_at: dt.datetime | None = None  # B5: the NAT gateways replaced
    reorg_at: dt.datetime | None = None  # B9: analysts to DataPlatformEngineer
    join_at: dt.datetime | None = None  # B10: the Engadin account
    peak: set[dt.date] = field(default_factory=set)  # B11: first snow weekend
    replaced: dict[dt.date, float] = field(default_factory=dict)  # B12: day -> local hour
    travel: dict[dt.date, str] = field(default_factory=dict)  # B2: day -> place
    new_instances: list[str] = field(default_factory=list)

    def slot(self, k: int) -> dt.date:
        """The scored day of incident slot ``k`` (0-4): with fewer scored days, slots fold."""
        n = len(self.scored)
        return self.scored[min(n - 1, k * n // 5)]

    def instance_id(self) -> str:
        return "i-0" + "".join(self.rng.choice("0123456789abcdef") for _ in range(16))

    def task_id(self) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(32))

    def count(self, full: int, least: int = 2) -> int:
        return max(least, round(full * self.scale))

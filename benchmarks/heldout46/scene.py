"""The run being written: the trail, the days, the scored slots onto which incidents fall, the
organisation's size and the moments of the benign changes that the routine itself carries."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout46.trail import Trail
from benchmarks.heldout46.world import END, NZ, Ids


@dataclass
class Scene:
    seed: int
    days: list[dt.date]
    scored: list[dt.date]
    scale: float
    trail: Trail
    truth: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def make(cls, seed: int, days: int, scored_days: int, scale: float) -> Scene:
        span = [END - dt.timedelta(days=days - 1 - i) for i in range(days)]
        return cls(seed, span, span[-scored_days:], scale, Trail(Ids(seed)))

    @property
    def ids(self) -> Ids:
        return self.trail.ids

    def rng(self, *parts: object) -> random.Random:
        return random.Random("|".join(map(str, (self.seed, *parts))))

    def count(self, full: int, least: int = 1) -> int:
        return max(least, round(full * self.scale))

    def slot(self, k: int) -> dt.date:
        """The scored day of incident slot ``k`` (0-4); slots fold onto the last scored day."""
        return self.scored[min(k, len(self.scored) - 1)]

    def at(self, k: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
        """A UTC moment on slot ``k``'s day."""
        d = self.slot(k)
        return dt.datetime(d.year, d.month, d.day, hour, minute, second)

    @property
    def start(self) -> dt.datetime:
        d = self.days[0]
        return dt.datetime(d.year, d.month, d.day)

    @property
    def stop(self) -> dt.datetime:
        return dt.datetime(END.year, END.month, END.day) + dt.timedelta(days=1)

    def inside(self, t: dt.datetime) -> bool:
        return self.start <= t < self.stop

    # the moments of the benign changes the routine carries
    @property
    def release(self) -> dt.datetime:  # B1: herdtest-api release over the fleet (23:10 NZDT)
        return self.at(0, 10, 10)

    @property
    def sdk_upgrade(self) -> dt.datetime:  # B3: the intake tasks' boto3 upgrade
        return self.at(1, 1, 40)

    @property
    def nat_move(self) -> dt.datetime:  # B5: NAT gateways replaced, new Elastic IPs
        return self.at(1, 14, 30)

    @property
    def endpoints(self) -> dt.datetime:  # B4: Secrets Manager and KMS interface endpoints
        return self.at(2, 2, 0)

    @property
    def reorg(self) -> dt.datetime:  # B9: analysts moved to a new role
        return self.at(2, 0, 0) - dt.timedelta(hours=6)

    @property
    def lab_created(self) -> dt.datetime:  # B10: the Tauranga laboratory account
        return self.at(2, 21, 5)

    @property
    def peak_days(self) -> set[dt.date]:  # B11: calving peak, twice the intake
        return {self.slot(3), self.slot(4)}

    @property
    def scaling(self) -> dt.datetime:  # B12: Auto Scaling replaces two instances
        return self.at(3, 6, 20)

    def local_day(self, t: dt.datetime) -> dt.date:
        return (t + NZ).date()
